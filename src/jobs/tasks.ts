import type { TaskConfig } from 'payload'
import { dunningRestoreTask, dunningRunTask } from '../dunning'
import { invoicesAutoIssueTask, invoicesGenerateTask } from '../invoicing'
import { notificationTasks } from '../notifications'
import type { ScheduleSettings } from './schedules'

/**
 * Every task of billing's own domains, with its schedule; the Watcher plugin adds its own (sync,
 * reconcile, usage collection) with the schedules it is given. Task slugs become a Postgres enum:
 * a new one needs a migration.
 */
export function billingTasks(schedules: ScheduleSettings): TaskConfig[] {
  return [
    invoicesGenerateTask(schedules.invoiceGenerate),
    invoicesAutoIssueTask(schedules.invoiceIssue),
    ...notificationTasks(schedules.notificationsDispatch),
    dunningRunTask(schedules.dunningRun),
    dunningRestoreTask(schedules.dunningRestore),
  ]
}
