import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'

export const faultConfigSchema = z.object({
  status: z.number().int().min(400).max(599).optional(),
  /** Share of matching requests that fail, 0..1; 1 when a status is given without it. */
  rate: z.number().min(0).max(1).optional(),
  latency_ms: z.number().int().min(0).max(60_000).optional(),
  /** Only requests whose path starts with this prefix. */
  paths: z.string().optional(),
  /** Only requests with one of these methods (e.g. ["POST"] to delay creates only). */
  methods: z.array(z.enum(['GET', 'POST', 'PUT', 'DELETE'])).optional(),
  /** Fail only the next N matching requests (deterministic tests). */
  count: z.number().int().min(1).optional(),
})

export type FaultConfig = z.infer<typeof faultConfigSchema>

/** Injected failures and latency for everything outside `/_emulator/`. */
export class Faults {
  private config: FaultConfig | null = null
  private remaining: number | null = null

  set(config: FaultConfig): void {
    const empty = config.status === undefined && !config.latency_ms
    this.config = empty ? null : config
    this.remaining = config.count ?? null
  }

  clear(): void {
    this.config = null
    this.remaining = null
  }

  current(): (FaultConfig & { remaining: number | null }) | null {
    return this.config ? { ...this.config, remaining: this.remaining } : null
  }

  /** Waits the injected latency; answers the status to fail with, or null to serve normally. */
  async apply(path: string, method = 'GET'): Promise<number | null> {
    const config = this.config
    if (!config) return null
    if (config.paths && !path.startsWith(config.paths)) return null
    if (config.methods && !(config.methods as string[]).includes(method.toUpperCase())) return null
    if (config.latency_ms) await sleep(config.latency_ms)
    if (config.status === undefined) return null
    if (this.remaining !== null && this.remaining <= 0) return null
    if (Math.random() >= (config.rate ?? 1)) return null
    if (this.remaining !== null) {
      this.remaining--
      if (this.remaining <= 0 && !config.latency_ms) this.clear()
    }
    return config.status
  }
}
