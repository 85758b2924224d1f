import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'
import { now } from '../clock'
import { withTransaction } from '../db'
import { relationId } from '../fields/relationId'
import { BILLING_QUEUE } from '../jobs/queues'
import { queueRun } from '../jobs/queueRun'
import { scheduledTask } from '../jobs/scheduledTask'
import { DunningBusy, runDunning, type DunningRunResult } from './run'
import { dunningStageOf, payerOfInvoice } from './store'

/** Task slugs (a Postgres enum: a new one needs a migration). */
export const DUNNING_RUN_TASK = 'dunning-run'
export const DUNNING_RESTORE_TASK = 'dunning-restore'

/** A payer's failure stops the job once the others went ahead; a retry fires only what is still due for it. */
function throwIfAnyFailed(what: string, failed: DunningRunResult['failed']) {
  if (failed.length > 0)
    throw new Error(
      `${what} failed for ${failed.map((f) => `payer ${f.organization}: ${f.error}`).join('; ')}`,
    )
}

/** The daily run: stages fire and cleared payers are restored (DUNNING_CRON, default 06:00 server time). */
export const dunningRunTask = (cron: string) =>
  scheduledTask(DUNNING_RUN_TASK, {
    label: 'Dunning run',
    retries: 2,
    cron,
    queue: BILLING_QUEUE,
    outputs: ['fired', 'restored'],
    run: async (req) => {
      const result = await runDunning(req.payload, { at: now(), cause: 'daily run' })
      throwIfAnyFailed('dunning', result.failed)
      return { fired: result.fired.length, restored: result.restored.length }
    },
  })

/**
 * The restoration check: payers in dunning that are no longer overdue get their service back.
 * Scheduled at every tick of the worker's schedule trigger (a seconds field makes each tick due at
 * once, so the check runs every minute), and queued at once when a payment or credit note is
 * recorded for a payer in dunning.
 */
export const dunningRestoreTask = (cron: string) =>
  scheduledTask(DUNNING_RESTORE_TASK, {
    label: 'Dunning restoration check',
    retries: 3,
    cron,
    queue: BILLING_QUEUE,
    outputs: ['restored'],
    run: async (req) => {
      try {
        const result = await runDunning(req.payload, {
          at: now(),
          stages: false,
          cause: 'restoration check',
          lockWaitMs: 5_000,
        })
        throwIfAnyFailed('restoration', result.failed)
        return { restored: result.restored.length }
      } catch (error) {
        if (error instanceof DunningBusy) return { restored: 0 } // the running one restores
        throw error
      }
    },
  })

/** Queues the restoration check in `req`'s transaction when the payer is in dunning. */
export async function queueDunningCheck(req: PayloadRequest, payerId: number): Promise<boolean> {
  return withTransaction(req, async ({ req, sql }) => {
    if (!(await dunningStageOf(sql, payerId))) return false
    await queueRun(req, DUNNING_RESTORE_TASK, BILLING_QUEUE)
    return true
  })
}

/** After a payment or credit note is recorded: its payer may no longer be overdue. */
export const queueDunningCheckAfterMoneyIn: CollectionAfterChangeHook = async ({
  doc,
  operation,
  req,
}) => {
  if (operation !== 'create') return doc
  await withTransaction(req, async ({ req, sql }) => {
    let payerId = relationId(doc.organization)
    const invoiceId = relationId(doc.invoice)
    // a credit note names its invoice; the invoice names the payer
    if (payerId === undefined && invoiceId !== undefined)
      payerId = await payerOfInvoice(sql, invoiceId)
    if (payerId !== undefined) await queueDunningCheck(req, payerId)
  })
  return doc
}
