import type { PayloadRequest } from 'payload'
import { poolOf } from './pool'
import { withTransaction, type Sql } from './transaction'

type LoadMany<V> = (sql: Sql, ids: number[]) => Promise<Map<number, V>>

interface Batcher<V> {
  known: Map<number, Promise<V | undefined>>
  waiting: Map<
    number,
    { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }
  >
  scheduled: boolean
}

const batchers = new WeakMap<PayloadRequest, Map<LoadMany<unknown>, Batcher<unknown>>>()

/**
 * One value per id, loaded in batches per request: the ids asked for while the
 * request is busy (a page of documents whose virtual fields Payload resolves side by side) go to
 * `loadMany` in one query, and an id asked for twice in that batch is loaded once (a later batch
 * reads again: a write in between is seen). Inside a transaction the
 * query runs on it (its own uncommitted rows included; no second connection while locks are
 * held), and never beside another query on that connection; outside one, on the pool.
 */
export function loadInBatch<V>(
  req: PayloadRequest,
  loadMany: LoadMany<V>,
  id: number,
): Promise<V | undefined> {
  let perRequest = batchers.get(req)
  if (!perRequest) batchers.set(req, (perRequest = new Map()))
  let batcher = perRequest.get(loadMany as LoadMany<unknown>) as Batcher<V> | undefined
  if (!batcher) {
    batcher = { known: new Map(), waiting: new Map(), scheduled: false }
    perRequest.set(loadMany as LoadMany<unknown>, batcher as Batcher<unknown>)
  }
  const known = batcher.known.get(id)
  if (known) return known
  const promise = new Promise<V | undefined>((resolve, reject) =>
    batcher.waiting.set(id, { resolve, reject }),
  )
  batcher.known.set(id, promise)
  if (!batcher.scheduled) {
    batcher.scheduled = true
    // after the other documents of the page have asked (their hooks run in the same turn)
    setImmediate(() => void flush(req, batcher, loadMany))
  }
  return promise
}

async function flush<V>(req: PayloadRequest, batcher: Batcher<V>, loadMany: LoadMany<V>) {
  const waiting = batcher.waiting
  batcher.waiting = new Map()
  batcher.known = new Map()
  batcher.scheduled = false
  const ids = [...waiting.keys()]
  try {
    const found = (await req.transactionID)
      ? await withTransaction(req, ({ sql }) => loadMany(sql, ids))
      : await loadMany(poolOf(req.payload), ids)
    for (const [id, { resolve }] of waiting) resolve(found.get(id))
  } catch (error) {
    for (const { reject } of waiting.values()) reject(error)
  }
}
