import type { Payload } from 'payload'
import type pg from 'pg'
import { poolOf } from './pool'
import type { Sql } from './transaction'

/**
 * Every PostgreSQL advisory lock of the system, in one place so two never share a key by accident.
 * Session locks (held on a connection of their own across transactions) use the single-key form;
 * transaction locks on rows use the two-key form with a namespace of their own.
 */
export const LOCK_KEYS = {
  /** The leader among workers, held for a leader's whole life (jobs/worker.ts). */
  workerLeader: 7_311_802_113,
  /** One round of job running at a time: Payload 3.x does not claim jobs atomically. */
  jobRun: 7_311_802_114,
  /** The daily dunning run. */
  dunningRun: 7_311_802_131,
  /** One usage collection at a time; secret rotation takes it too while it re-keys intervals. */
  usageCollection: 7_311_802_201,
} as const

/** Namespaces of the two-key transaction locks (the second key is a row id). */
const PAYER_NAMESPACE = 7_301_002

/**
 * Serializes every money operation of one payer (payments, issue, void, credit notes, refunds)
 * until the transaction ends, so concurrent ones never allocate the same credit or due amount twice.
 */
export async function lockPayer(sql: Sql, organizationId: number): Promise<void> {
  await sql.query('select pg_advisory_xact_lock($1, $2)', [PAYER_NAMESPACE, organizationId])
}

/**
 * The call that takes lockPayer's lock for the organization id in `parameter` (a placeholder such
 * as `$4`), for a statement that takes the lock before its own work, in one round trip. Its
 * writes and every later statement are serialized; its own reads see the database as it was
 * before it waited for the lock, so read what the lock guards in a later statement.
 */
export const payerLockCall = (parameter: string) =>
  `pg_advisory_xact_lock(${PAYER_NAMESPACE}, (${parameter})::int)`

/** The draft invoice of one payer and period is built by one transaction at a time. */
const invoiceDraftKey = (payerId: number, period: string) => `invoice:${payerId}:${period}`

/** Locks the drafts of these payers and period until the transaction ends, in a stable order (no deadlock). */
export async function lockInvoiceDrafts(
  sql: Sql,
  drafts: { payerId: number; period: string }[],
): Promise<void> {
  await sql.query(
    `select pg_advisory_xact_lock(lock) from (select distinct hashtext(key) as lock from unnest($1::text[]) as key order by 1) as locks`,
    [drafts.map((draft) => invoiceDraftKey(draft.payerId, draft.period))],
  )
}

/** Waits for a session lock until the transaction ends (secret rotation waits out a usage collection this way). */
export async function lockForTransaction(sql: Sql, key: number): Promise<void> {
  await sql.query('select pg_advisory_xact_lock($1)', [key])
}

/**
 * Runs `fn` while holding the session advisory lock `key` on a connection of its own (handed to
 * `fn`); waits for it at most `waitMs` (0: does not wait), then throws `busy()`.
 */
export async function withAdvisoryLock<T>(
  payload: Payload,
  key: number,
  fn: (client: pg.PoolClient) => Promise<T>,
  { waitMs, busy }: { waitMs: number; busy: () => Error },
): Promise<T> {
  const client = await poolOf(payload).connect()
  let locked = false
  try {
    if (waitMs <= 0) {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1) as locked',
        [key],
      )
      if (!rows[0]?.locked) throw busy()
    } else {
      await client.query(`set lock_timeout = ${Math.max(1, Math.floor(waitMs))}`)
      try {
        await client.query('select pg_advisory_lock($1)', [key])
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') throw busy()
        throw error
      }
    }
    locked = true
    if (waitMs > 0) await client.query('reset lock_timeout')
    return await fn(client)
  } finally {
    // The connection goes back to the pool only without the lock and with Payload's own settings
    // (a timed-out wait used to leave its lock_timeout on it). If that cannot be made sure, it is
    // discarded: a pooled connection still holding the lock would block every runner for good.
    let unusable: Error | undefined
    try {
      if (locked) await client.query('select pg_advisory_unlock($1)', [key])
      if (waitMs > 0) await client.query('reset lock_timeout')
    } catch (error) {
      unusable = error instanceof Error ? error : new Error(String(error))
    }
    client.release(unusable)
  }
}
