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

/**
 * Wall time plus an offset that tests move forward (token expiry without waiting), or a stopped
 * time plus that offset: tests that assert timestamps to the second stop it, so that a slow
 * machine does not move the streams' created_at between two steps.
 */
export class Clock {
  offsetMs = 0
  /** The time the clock stands at; null while it runs with the wall clock. */
  stoppedAt: number | null = null
  now = (): number => (this.stoppedAt ?? Date.now()) + this.offsetMs

  /** Stops the clock at `at` (epoch ms), or lets it run again with null. */
  stopAt(at: number | null): void {
    this.stoppedAt = at
    this.offsetMs = 0
  }
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
