import { BILLING_QUEUE, INVOICES_AUTO_ISSUE_TASK, INVOICES_GENERATE_TASK } from '../jobs/queues'
import { scheduledTask } from '../jobs/scheduledTask'
import { now } from '../clock'
import { closeEndedMonths, issueDueDrafts } from './schedule'

/** Month close: drafts for the month that just ended in each payer's timezone (hourly check). */
export const invoicesGenerateTask = (cron: string) =>
  scheduledTask(INVOICES_GENERATE_TASK, {
    label: 'Invoice generation',
    retries: 2,
    cron,
    queue: BILLING_QUEUE,
    outputs: ['created'],
    run: async (req) => {
      const results = await closeEndedMonths(req.payload, now())
      const created = Object.values(results).reduce((sum, result) => sum + result.created.length, 0)
      return { created }
    },
  })

/** Drafts older than the grace period are issued (hourly check). */
export const invoicesAutoIssueTask = (cron: string) =>
  scheduledTask(INVOICES_AUTO_ISSUE_TASK, {
    label: 'Invoice auto-issue',
    retries: 2,
    cron,
    queue: BILLING_QUEUE,
    outputs: ['issued'],
    run: async (req) => ({ issued: (await issueDueDrafts(req.payload, now())).length }),
  })
