import type { Config, Plugin } from 'payload'
import { survivePayloadPoolFailover } from '../db/failover'
import { poolOf } from '../db/pool'
import { healthEndpoints } from './health'
import { instrumentEndpoints, metricsEndpoint, trackDatabasePool } from './metrics'

/**
 * Running billing for real: `/api/health/live`, `/api/health/ready` (health.ts) and
 * `/api/metrics` (metrics.ts); every configured endpoint timed for the metrics (so this plugin
 * comes last); and the database pool made to survive a failover as soon as Payload has connected
 * (in every process that builds Payload from this config: the app, the worker, scripts).
 */
export const operationsPlugin =
  (): Plugin =>
  (config: Config): Config => {
    const instrumented = instrumentEndpoints({
      ...config,
      endpoints: [...(config.endpoints ?? []), ...healthEndpoints, metricsEndpoint],
    })
    return {
      ...instrumented,
      onInit: async (payload) => {
        survivePayloadPoolFailover(payload)
        trackDatabasePool(poolOf(payload))
        await config.onInit?.(payload)
      },
    }
  }
