import type { Payload } from 'payload'
import type pg from 'pg'

/**
 * The pg pool of Payload's Postgres adapter, for the few places that need plain SQL: advisory
 * locks, bulk writes (usage, month close), jsonb updates of job inputs, aggregates.
 */
export function poolOf(payload: Payload): pg.Pool {
  const pool = (payload.db as unknown as { pool?: pg.Pool }).pool
  if (!pool) throw new Error('the database adapter has no pg pool')
  return pool
}
