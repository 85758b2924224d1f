/**
 * What a test file may leave behind in a process it shares with the next file (vitest
 * `isolate: false`), put back before each file: the environment, the business clock, spies.
 */
import { vi } from 'vitest'
import { setClock } from '../../src/clock'

const shared = globalThis as typeof globalThis & {
  wbTestEnvironment?: Record<string, string | undefined>
}

/** The environment as the worker started (the first file's setup takes it), for every next file. */
export function restoreEnvironment(): void {
  const initial = shared.wbTestEnvironment
  if (!initial) {
    shared.wbTestEnvironment = { ...process.env }
    return
  }
  for (const name of Object.keys(process.env)) if (!(name in initial)) delete process.env[name]
  Object.assign(process.env, initial)
}

/** The environment, clock and spies as the worker started, for every file after the first. */
export function startPureTestFile(): void {
  restoreEnvironment()
  setClock(undefined)
  vi.restoreAllMocks()
}
