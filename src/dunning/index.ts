/**
 * Dunning (DESIGN.md section 4): the daily run and the restoration check, POST /api/dunning/run,
 * the hook that queues the check when money comes in, and reading the global policy. The
 * decisions are pure (billing/dunningPlan.ts, billing/dunningPolicy.ts); the collection
 * (collections/DunningActions), the global (globals/DunningPolicy) and the organization fields
 * (collections/Organizations/dunningFields.ts) live with the model. The Watcher side of a
 * suspension is the Watcher plugin's.
 */
export { dunningRunEndpoint } from './endpoint'
export { readGlobalPolicy, DUNNING_POLICY_SLUG } from './policy'
export {
  DUNNING_LOCK_KEY,
  DunningBusy,
  runDunning,
  type DunningRunOptions,
  type DunningRunResult,
  type FiredStage,
} from './run'
export { DUNNING_ACTIONS_SLUG, type DunningActionKind } from './store'
export {
  DUNNING_RESTORE_TASK,
  DUNNING_RUN_TASK,
  dunningRestoreTask,
  dunningRunTask,
  noteDunningStage,
  queueDunningCheck,
  queueDunningCheckAfterMoneyIn,
} from './tasks'
