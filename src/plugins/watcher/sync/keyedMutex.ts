/**
 * One holder per key at a time, first come first served. Only one process runs jobs at a time
 * (the run lock), so an in-process mutex is enough to keep two parallel jobs from creating the
 * same Watcher object twice.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>()

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const tail = previous.then(() => mine)
    this.tails.set(key, tail)
    await previous
    try {
      return await fn()
    } finally {
      release()
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }
}

/** The process-wide locks of the sync jobs. */
export const syncLocks = new KeyedMutex()
