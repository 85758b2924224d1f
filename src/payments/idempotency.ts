import { createHash } from 'node:crypto'
import type { Sql } from '../db'

/** A JSON value with object keys sorted, so the same body hashes the same however it was written. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex')

export interface StoredKey {
  requestHash: string
  paymentId: number | null
  status: number | null
  response: unknown
}

/**
 * Claims the key inside the caller's transaction: true when this request is the first with it.
 * A concurrent request with the same key waits on the unique key until the first commits (then
 * sees it) or rolls back (then claims it itself): exactly one payment is recorded per key.
 */
export async function claimKey(sql: Sql, scope: string, key: string, hash: string): Promise<boolean> {
  const claimed = await sql.query(
    `insert into payment_idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict (scope, key) do nothing returning key`,
    [scope, key, hash],
  )
  return (claimed.rowCount ?? 0) > 0
}

export async function storedKey(sql: Sql, scope: string, key: string): Promise<StoredKey | undefined> {
  const { rows } = await sql.query<{ request_hash: string; payment_id: number | null; status: number | null; response: unknown }>(
    'select request_hash, payment_id, status, response from payment_idempotency_keys where scope = $1 and key = $2',
    [scope, key],
  )
  const row = rows[0]
  return row && { requestHash: row.request_hash, paymentId: row.payment_id, status: row.status, response: row.response }
}

export async function completeKey(sql: Sql, scope: string, key: string, paymentId: number, status: number): Promise<void> {
  await sql.query('update payment_idempotency_keys set payment_id = $3, status = $4 where scope = $1 and key = $2', [scope, key, paymentId, status])
}

export async function storeResponse(sql: Sql, scope: string, key: string, response: unknown): Promise<void> {
  await sql.query('update payment_idempotency_keys set response = $3 where scope = $1 and key = $2', [scope, key, JSON.stringify(response)])
}
