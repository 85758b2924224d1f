import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { StateSnapshot } from './records'
import type { WatcherState } from './state'

/** `--state FILE`: load the state at start, save it after changes (debounced) and at close. */
export class StateFile {
  private timer: NodeJS.Timeout | null = null
  private savedVersion = -1

  constructor(
    private readonly path: string,
    private readonly state: WatcherState,
    private readonly debounceMs = 500,
  ) {}

  async load(): Promise<boolean> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
    const snapshot = JSON.parse(text) as StateSnapshot
    if (snapshot.format !== 'watcher-emulator-state/1') {
      throw new Error(`${this.path} is not a watcher emulator state file`)
    }
    this.state.restore(snapshot)
    this.savedVersion = this.state.version
    return true
  }

  /** Call after each request; saves once the state has been quiet for a moment. */
  touch(): void {
    if (this.state.version === this.savedVersion || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.save()
    }, this.debounceMs)
    this.timer.unref()
  }

  async save(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const version = this.state.version
    await mkdir(dirname(this.path), { recursive: true })
    const temporary = `${this.path}.tmp`
    await writeFile(temporary, JSON.stringify(this.state.snapshot()))
    await rename(temporary, this.path)
    this.savedVersion = version
  }
}
