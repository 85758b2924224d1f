/**
 * Says why a script that runs on top-level await stops. Node ends a process whose event loop runs
 * empty while a top-level await is still pending with exit code 13 and, under tsx, not a word.
 * A script that runs its work as named steps gets, instead:
 *
 *   [prepare] stopped: nothing was left to run while "applying migrations" was pending
 *   (exit 13: a promise nobody can settle any more) ...
 *
 * Import this module first and load the heavy modules (the Payload config) inside a step, with a
 * dynamic import: a static import is loaded before any line of the script runs, out of its reach.
 */
import { CONDITION_FLAG, hasConditionFlag } from './nodeOptions'

export interface Steps {
  /** Runs one step; while it is pending it is the one named if the process stops. */
  step<T>(what: string, run: () => Promise<T> | T): Promise<T>
  /** The step pending now, if any. */
  readonly pending: string | undefined
}

export function trackSteps(
  name: string,
  log: (line: string) => void = (line) => console.error(line),
): Steps {
  let pending: string | undefined
  const started = Date.now()
  process.on('beforeExit', () => {
    if (pending === undefined) return
    const resources = process.getActiveResourcesInfo().filter((resource) => resource !== 'TTYWrap')
    log(
      `[${name}] stopped: nothing was left to run while "${pending}" was pending, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s after start (exit 13: a promise nobody can settle any more; ` +
        `active resources: ${resources.length > 0 ? resources.join(', ') : 'none'})`,
    )
    if (!hasConditionFlag()) {
      log(
        `[${name}] this process runs without ${CONDITION_FLAG}: lexical's top-level-await wrappers are in its module ` +
          `graph, a known cause of this (scripts/lib/nodeOptions.ts); run it through npm or npx, or with that flag`,
      )
    }
    process.exitCode = 13
  })
  return {
    get pending() {
      return pending
    },
    async step(what, run) {
      pending = what
      try {
        return await run()
      } finally {
        pending = undefined
      }
    },
  }
}
