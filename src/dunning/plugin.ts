import type { CollectionConfig, Config, Plugin } from 'payload'
import { DunningActions } from './collections'
import { DunningPolicyGlobal } from './DunningPolicy'
import { dunningEndpoints } from './endpoint'
import { queueDunningCheckAfterMoneyIn } from './tasks'

/** Money in that may clear a payer's overdue invoices: each one queues the restoration check. */
const MONEY_IN = ['payments', 'credit-notes']

function withRestorationCheck(collection: CollectionConfig): CollectionConfig {
  if (!MONEY_IN.includes(collection.slug)) return collection
  const hooks = collection.hooks ?? {}
  return { ...collection, hooks: { ...hooks, afterChange: [...(hooks.afterChange ?? []), queueDunningCheckAfterMoneyIn] } }
}

/**
 * Dunning (issue 7): the `dunning-policy` global, the `dunning-actions` log, the streams a
 * recording stop holds, the daily run and the restoration check, and POST /api/dunning/run.
 * The organization fields live in the Organizations collection (dunningOrganizationFields); the
 * Watcher side of a suspension lives in the Watcher plugin (sync/suspension.ts).
 */
export const dunningPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: [...(config.collections ?? []).map(withRestorationCheck), DunningActions],
    globals: [...(config.globals ?? []), DunningPolicyGlobal],
    endpoints: [...(config.endpoints ?? []), ...dunningEndpoints],
  })
