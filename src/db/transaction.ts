import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'
import type pg from 'pg'
import { poolOf } from './pool'

/** The part of a pg client that SQL of the stores uses: parameterized queries. */
export type Sql = Pick<pg.PoolClient, 'query'>

/** What a unit of work gets: a request in the transaction (for the Local API, jobs.queue) and its pg client. */
export interface Transaction {
  req: PayloadRequest
  sql: Sql
}

interface DrizzleSession {
  db?: { session?: { client?: Sql } }
}

/**
 * The pg client of the transaction a Payload request has open (so plain SQL sees and joins what
 * the request wrote), or the pool when it has none. Payload's Postgres adapter keeps each
 * transaction as a drizzle transaction whose session holds the pool client; this is the one place
 * that reaches into it.
 */
export async function sqlOf(req: PayloadRequest): Promise<Sql> {
  const id = await req.transactionID
  if (id !== undefined && id !== null) {
    const sessions = (req.payload.db as unknown as { sessions?: Record<string, DrizzleSession> })
      .sessions
    const client = sessions?.[String(id)]?.db?.session?.client
    if (!client) throw new Error(`transaction ${String(id)} has no pg client`)
    return client
  }
  return poolOf(req.payload)
}

// a Payload instance has no `payload` property; a request always has one
const isRequest = (from: Payload | PayloadRequest): from is PayloadRequest => 'payload' in from

/**
 * The one way to run a unit of work in a transaction. Given a request that already has one open
 * (a hook, a task's request, an outer withTransaction), `fn` joins it and the owner commits or
 * rolls back; otherwise a transaction is started (on the given request, or on a new local request
 * for a bare `payload`), committed when `fn` answers and rolled back when it throws.
 *
 * Inside, queries on `sql` and Local API calls given `req` share one connection: run them one
 * after another, never with Promise.all (pg would queue them on the client and warn).
 */
export async function withTransaction<T>(
  from: Payload | PayloadRequest,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const req = isRequest(from) ? from : await createLocalReq({}, from)
  const owns = await initTransaction(req)
  try {
    const result = await fn({ req, sql: await sqlOf(req) })
    if (owns) await commitTransaction(req)
    return result
  } catch (error) {
    if (owns) await killTransaction(req)
    throw error
  }
}
