import type { Payload } from 'payload'
import { survivePayloadPoolFailover } from '../db/failover'
import { poolOf } from '../db/pool'
import { trackDatabasePool } from './metrics'

/**
 * Once Payload has connected, in every process that builds it from the config (the app, the
 * worker, scripts): the database pool survives a failover, and the metrics report its use.
 */
export function watchDatabasePool(payload: Payload): void {
  survivePayloadPoolFailover(payload)
  trackDatabasePool(poolOf(payload))
}
