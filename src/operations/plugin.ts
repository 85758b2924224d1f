import type { Config, Plugin } from 'payload'
import { survivePayloadPoolFailover } from '../db/failover'

/**
 * Running billing for real: the database pool made to survive a failover as soon as Payload has
 * connected (in every process that builds Payload from this config: the app, the worker, scripts).
 */
export const operationsPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    onInit: async (payload) => {
      survivePayloadPoolFailover(payload)
      await config.onInit?.(payload)
    },
  })
