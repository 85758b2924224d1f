import type { Config, Plugin } from 'payload'
import { survivePayloadPoolFailover } from '../db/failover'
import { healthEndpoints } from './health'

/**
 * Running billing for real: `/api/health/live` and `/api/health/ready` (health.ts), and the
 * database pool made to survive a failover as soon as Payload has connected (in every process
 * that builds Payload from this config: the app, the worker, scripts).
 */
export const operationsPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    endpoints: [...(config.endpoints ?? []), ...healthEndpoints],
    onInit: async (payload) => {
      survivePayloadPoolFailover(payload)
      await config.onInit?.(payload)
    },
  })
