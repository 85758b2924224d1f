import type { TaskConfig } from 'payload'
import { INVOICES_AUTO_ISSUE_TASK, INVOICES_GENERATE_TASK } from '../jobs/queues'

/** Month close: drafts for the month that just ended in each organization's timezone (hourly check). */
export function invoicesGenerateTask(): TaskConfig {
  return {
    slug: INVOICES_GENERATE_TASK,
    label: 'Invoice generation',
    retries: 2,
    handler: async () => {
      throw new Error('invoice generation is not implemented yet')
    },
  } as TaskConfig
}

/** Drafts older than the grace period are issued (hourly check). */
export function invoicesAutoIssueTask(): TaskConfig {
  return {
    slug: INVOICES_AUTO_ISSUE_TASK,
    label: 'Invoice auto-issue',
    retries: 2,
    handler: async () => {
      throw new Error('invoice auto-issue is not implemented yet')
    },
  } as TaskConfig
}
