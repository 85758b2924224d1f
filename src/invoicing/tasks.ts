import type { TaskConfig } from 'payload'
import { BILLING_QUEUE, INVOICES_AUTO_ISSUE_TASK, INVOICES_GENERATE_TASK } from '../jobs/queues'
import { now } from '../clock'
import { closeEndedMonths, issueDueDrafts } from './schedule'

/** Month close: drafts for the month that just ended in each payer's timezone (hourly check). */
export function invoicesGenerateTask(cron: string): TaskConfig {
  return {
    slug: INVOICES_GENERATE_TASK,
    label: 'Invoice generation',
    retries: 2,
    schedule: [{ cron, queue: BILLING_QUEUE }],
    outputSchema: [{ name: 'created', type: 'number' }],
    handler: async ({ req }) => {
      const results = await closeEndedMonths(req.payload, now())
      const created = Object.values(results).reduce((sum, result) => sum + result.created.length, 0)
      return { output: { created } }
    },
  } as TaskConfig
}

/** Drafts older than the grace period are issued (hourly check). */
export function invoicesAutoIssueTask(cron: string): TaskConfig {
  return {
    slug: INVOICES_AUTO_ISSUE_TASK,
    label: 'Invoice auto-issue',
    retries: 2,
    schedule: [{ cron, queue: BILLING_QUEUE }],
    outputSchema: [{ name: 'issued', type: 'number' }],
    handler: async ({ req }) => {
      return { output: { issued: (await issueDueDrafts(req.payload, now())).length } }
    },
  } as TaskConfig
}
