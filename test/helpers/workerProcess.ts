/**
 * `npm run worker` as a real child process (`tsx scripts/worker.ts`), for tests that need the
 * worker beside the test's own Payload: leader election, takeover, failover.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '')

export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/**
 * One `tsx scripts/worker.ts` (what `npx tsx` and `npm start` run: node_modules/.bin/tsx, which
 * relays signals to its node child and exits with its status; npx itself dies at SIGTERM without
 * waiting for it) in its own process group, so that a signal reaches every process of it.
 */
export class WorkerProcess {
  child!: ChildProcess
  output = ''
  exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

  constructor(
    readonly name: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.spawn()
  }

  private spawn(): void {
    this.child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/worker.ts'], {
      cwd: ROOT,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const append = (chunk: Buffer) => (this.output += stripAnsi(chunk.toString()))
    this.child.stdout!.on('data', append)
    this.child.stderr!.on('data', append)
    const child = this.child
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    )
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  says(text: string): boolean {
    return this.output.includes(text)
  }

  /** How often the output has said `text` so far. */
  count(text: string): number {
    return this.output.split(text).length - 1
  }

  waitFor(text: string, timeoutMs = 60_000): Promise<unknown> {
    return this.waitForCount(text, 1, timeoutMs)
  }

  /** Waits until the output has said `text` at least `times` times. */
  waitForCount(text: string, times: number, timeoutMs = 60_000): Promise<unknown> {
    return until(
      `${this.name} to say "${text}"${times > 1 ? ` ${times} times` : ''}\n--- ${this.name} output ---\n${this.output}`,
      () => this.count(text) >= times || (!this.running && this.failExited()),
      timeoutMs,
    )
  }

  private failExited(): never {
    throw new Error(
      `${this.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`,
    )
  }

  /** Signals the whole process group, as a terminal or a supervisor stopping the worker would. */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal)
    } catch {
      // already gone
    }
  }

  /** SIGKILLs the whole group (test cleanup) and waits for it. */
  async kill(): Promise<void> {
    if (!this.running) return
    this.signal('SIGKILL')
    await this.exited
  }
}
