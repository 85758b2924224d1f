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

/** req.context key: the dunning stage a payer's transaction read under its lock (noteDunningStage). */
const STAGE_READ = 'dunningStageRead'

/**
 * For code that already read the payer's dunning stage under the payer lock in this request's
 * transaction (a payment's checks): the next queueDunningCheck of that payer in the request uses
 * it instead of reading it again (one round trip less per payment).
 */
export function noteDunningStage(req: PayloadRequest, payerId: number, stage: string | null): void {
  req.context[STAGE_READ] = { payerId, stage }
}

/** The stage noted for this payer, once (undefined: none noted, read it). */
function takeNotedStage(req: PayloadRequest, payerId: number): string | null | undefined {
  const noted = req.context[STAGE_READ] as { payerId: number; stage: string | null } | undefined
  if (noted?.payerId !== payerId) return undefined
  delete req.context[STAGE_READ]
  return noted.stage
}

/** Queues the restoration check in `req`'s transaction when the payer is in dunning. */
export async function queueDunningCheck(req: PayloadRequest, payerId: number): Promise<boolean> {
  const noted = takeNotedStage(req, payerId)
  return withTransaction(req, async ({ req, sql }) => {
    const stage = noted !== undefined ? noted : await dunningStageOf(sql, payerId)
    if (!stage) return false
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
