import type { AuthService } from './auth'
import type { Faults } from './faults'
import type { WatcherOperations } from './operations'
import type { ListEngine } from './query'
import type { WatcherState } from './state'

/** What every route layer shares. */
export interface EmulatorContext {
  state: WatcherState
  ops: WatcherOperations
  engine: ListEngine
  auth: AuthService
  faults: Faults
  clock: Clock
  stats: RequestStats
  /** Writes the state file now, when one is configured. */
  save(): Promise<boolean>
}

/** Wall time plus an offset that tests move forward (token expiry without waiting). */
export class Clock {
  offsetMs = 0
  now = (): number => Date.now() + this.offsetMs
}

export class RequestStats {
  total = 0
  readonly byStatus = new Map<number, number>()
  readonly startedAt = Date.now()

  record(status: number): void {
    this.total++
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1)
  }
}
