import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'
import type pg from 'pg'
import { poolOf } from '../db/pool'

/** Ids are Postgres `integer`s: a larger number names no row (and would make the query fail with a 500). */
export const MAX_ROW_ID = 2_147_483_647
export const isRowId = (id: number): boolean => Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID

/** The part of a pg client the money operations use: parameterized queries. */
export type Sql = Pick<pg.PoolClient, 'query'>

interface DrizzleSession {
  db?: { session?: { client?: Sql } }
}

/**
 * The pg client of the transaction a Payload request has open (so plain SQL sees and joins what
 * the request wrote), or the pool when it has none. Payload's Postgres adapter keeps each
 * transaction as a drizzle transaction whose session holds the pool client.
 */
export async function sqlOf(req: PayloadRequest): Promise<Sql> {
  const id = await req.transactionID
  if (id !== undefined && id !== null) {
    const sessions = (req.payload.db as unknown as { sessions?: Record<string, DrizzleSession> }).sessions
    const client = sessions?.[String(id)]?.db?.session?.client
    if (!client) throw new Error(`transaction ${String(id)} has no pg client`)
    return client
  }
  return poolOf(req.payload)
}

/** Runs `fn` in a plain-SQL transaction of its own. */
export async function inTransaction<T>(payload: Payload, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await poolOf(payload).connect()
  try {
    await client.query('begin')
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/**
 * Runs `fn` with a request of its own in a Payload transaction (Local API calls given this `req`,
 * `recordEvent(req, …)`, `jobs.queue({ req })` and `sqlOf(req)` all join it): committed when `fn`
 * answers, rolled back when it throws.
 */
export async function inRequestTransaction<T>(payload: Payload, fn: (req: PayloadRequest) => Promise<T>): Promise<T> {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const result = await fn(req)
    await commitTransaction(req)
    return result
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}
