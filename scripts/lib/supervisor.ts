/**
 * Supervision of long-running children, as `npm start` runs the app and the worker.
 *
 * - Each child leads its own process group (`next start` forks a server, tsx a node), so a signal
 *   reaches all of it and nothing is left behind; a terminal's Ctrl-C reaches only the supervisor,
 *   which stops the children in order.
 * - Its output passes through unchanged, and its last lines are kept: when a child exits on its
 *   own, the log says which child, its exit code or signal, how long it ran, and those lines.
 * - A child marked `restart` (the worker) is started again after a pause that doubles from
 *   `initialBackoffMs` up to `maxBackoffMs`; after `maxRestarts` restarts within
 *   `restartWindowMs` everything stops, with that reason and a non-zero code. The other children
 *   keep running meanwhile.
 * - Any other child (the app) that exits stops everything, naming it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'

export interface ChildSpec {
  /** How the logs name it: `app`, `worker`. */
  name: string
  command: string
  args?: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Started again when it exits (with backoff, up to the limit); otherwise its exit stops everything. */
  restart?: boolean
}

export interface SupervisorOptions {
  children: ChildSpec[]
  /** The supervisor's own lines. Default: console.error with the prefix `[supervisor]`. */
  log?: (line: string) => void
  /** Write the children's output to this process's stdout and stderr. Default true. */
  passThrough?: boolean
  /** Also called with each chunk a child writes (tests read the output here). */
  onOutput?: (name: string, text: string) => void
  /** Lines kept per child and printed when it exits. Default 20. */
  tailLines?: number
  /** Pause before the first restart; doubled at each restart within the window. Default 1 s. */
  initialBackoffMs?: number
  /** Longest pause before a restart. Default 30 s. */
  maxBackoffMs?: number
  /** Restarts allowed within `restartWindowMs`; one more exit stops everything. Default 5. */
  maxRestarts?: number
  /** Default 10 minutes. */
  restartWindowMs?: number
  /** How long a child may take to stop after SIGTERM before its group gets SIGKILL. Default 10 s. */
  stopTimeoutMs?: number
}

export interface SupervisorResult {
  /** The exit code the supervising process should end with: 0 after `stop()`, 1 after a failure. */
  code: number
  reason: string
}

export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g

/** Last lines of a child's output (stdout and stderr together), without colours. */
class Tail {
  private readonly lines: string[] = []
  private partial = { stdout: '', stderr: '' }

  constructor(private readonly size: number) {}

  add(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.partial[stream] + chunk.replace(ANSI, '')
    const parts = text.split(/\r?\n/)
    this.partial[stream] = parts.pop() ?? ''
    for (const line of parts) this.push(line)
  }

  private push(line: string): void {
    this.lines.push(line)
    if (this.lines.length > this.size) this.lines.shift()
  }

  peek(): string[] {
    return [...this.lines, ...[this.partial.stdout, this.partial.stderr].filter(Boolean)]
  }

  /** The kept lines, with unfinished last lines of each stream. */
  flush(): string[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.push(this.partial[stream])
      this.partial[stream] = ''
    }
    return [...this.lines]
  }
}

/** "code 1", "signal SIGKILL", "code 137 (128 + SIGKILL: …)" (a wrapper whose process was killed, or next start on SIGTERM). */
export function describeExit({ code, signal }: ChildExit): string {
  if (signal) return `signal ${signal}`
  if (code !== null && code > 128) {
    const name = Object.entries(os.constants.signals).find(
      ([, number]) => number === code - 128,
    )?.[0]
    if (name) return `code ${code} (128 + ${name}: the code of a process ended by ${name})`
  }
  return `code ${code}`
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round((ms % 60_000) / 1000)
  return `${Math.floor(ms / 60_000)} min${seconds > 0 ? ` ${seconds} s` : ''}`
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // the group is gone
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

interface Managed {
  spec: ChildSpec
  child?: ChildProcess
  startedAt: number
  tail: Tail
  /** Settles when the current child has exited and its process group is gone. */
  gone?: Promise<ChildExit>
  /** When it was restarted, within the window. */
  restarts: number[]
  restartTimer?: NodeJS.Timeout
}

export class Supervisor {
  readonly done: Promise<SupervisorResult>
  private resolveDone!: (result: SupervisorResult) => void
  private readonly managed: Managed[]
  private readonly log: (line: string) => void
  private stopping: Promise<SupervisorResult> | undefined
  private readonly settings: Required<Omit<SupervisorOptions, 'children' | 'log' | 'onOutput'>>
  private readonly onOutput: SupervisorOptions['onOutput']

  constructor(options: SupervisorOptions) {
    this.log = options.log ?? ((line) => console.error(`[supervisor] ${line}`))
    this.onOutput = options.onOutput
    this.settings = {
      passThrough: options.passThrough ?? true,
      tailLines: options.tailLines ?? 20,
      initialBackoffMs: options.initialBackoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      maxRestarts: options.maxRestarts ?? 5,
      restartWindowMs: options.restartWindowMs ?? 10 * 60_000,
      stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    }
    this.managed = options.children.map((spec) => ({
      spec,
      startedAt: 0,
      tail: new Tail(this.settings.tailLines),
      restarts: [],
    }))
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
  }

  start(): this {
    for (const managed of this.managed) this.spawn(managed)
    return this
  }

  /** The last lines a child's current process wrote (its unfinished line included). */
  recentLines(name: string): string[] {
    return this.find(name).tail.peek()
  }

  /** The pid of a child's current process (the leader of its process group). */
  pid(name: string): number | undefined {
    return this.find(name).child?.pid
  }

  /** Stops every child (SIGTERM to its group, SIGKILL after `stopTimeoutMs`). */
  stop(reason: string, code = 0): Promise<SupervisorResult> {
    this.stopping ??= (async () => {
      this.log(`stopping: ${reason}`)
      for (const managed of this.managed) clearTimeout(managed.restartTimer)
      // the app first, so nothing new reaches the worker, then the rest; each in parallel would
      // also do, but in order the log reads in order
      for (const managed of this.managed) {
        const { child, gone } = managed
        if (!child || !gone || child.pid === undefined) continue
        if (child.exitCode === null && child.signalCode === null) {
          const pid = child.pid
          signalGroup(pid, 'SIGTERM')
          const kill = setTimeout(() => {
            this.log(
              `the ${managed.spec.name} did not stop within ${formatDuration(this.settings.stopTimeoutMs)}: SIGKILL`,
            )
            signalGroup(pid, 'SIGKILL')
          }, this.settings.stopTimeoutMs)
          const exit = await gone
          clearTimeout(kill)
          this.log(`the ${managed.spec.name} stopped (${describeExit(exit)})`)
        } else {
          await gone
        }
      }
      const result = { code, reason }
      this.resolveDone(result)
      return result
    })()
    return this.stopping
  }

  private find(name: string): Managed {
    const managed = this.managed.find((entry) => entry.spec.name === name)
    if (!managed) throw new Error(`no child named ${name}`)
    return managed
  }

  private spawn(managed: Managed): void {
    const { spec } = managed
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    managed.child = child
    managed.startedAt = Date.now()
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]!.on('data', (chunk: Buffer) => {
        if (this.settings.passThrough) process[stream].write(chunk)
        const text = chunk.toString('utf8')
        managed.tail.add(stream, text)
        this.onOutput?.(spec.name, text)
      })
    }
    managed.gone = new Promise<ChildExit>((resolve) => {
      let settled = false
      const finish = async (exit: ChildExit) => {
        if (settled) return
        settled = true
        if (child.pid !== undefined) await this.reapGroup(child.pid)
        // the last lines may still be in the pipes
        if (child.stdout && !child.stdout.readableEnded) {
          await Promise.race([new Promise((done) => child.once('close', done)), sleep(1_000)])
        }
        resolve(exit)
      }
      child.once('exit', (code, signal) => void finish({ code, signal }))
      child.once('error', (error) => {
        managed.tail.add('stderr', `could not start ${spec.command}: ${error.message}\n`)
        void finish({ code: null, signal: null })
      })
    })
    void managed.gone.then((exit) => this.exited(managed, child, exit))
  }

  /** After its leader exited, what is left of a child's process group gets SIGTERM, then SIGKILL. */
  private async reapGroup(pid: number): Promise<void> {
    if (!groupAlive(pid)) return
    signalGroup(pid, 'SIGTERM')
    const deadline = Date.now() + this.settings.stopTimeoutMs
    while (groupAlive(pid)) {
      if (Date.now() > deadline) {
        signalGroup(pid, 'SIGKILL')
        await sleep(100)
        if (groupAlive(pid)) this.log(`process group ${pid} survives SIGKILL; going on`)
        return
      }
      await sleep(100)
    }
  }

  private exited(managed: Managed, child: ChildProcess, exit: ChildExit): void {
    if (this.stopping || managed.child !== child) return
    const { spec } = managed
    const ran = formatDuration(Date.now() - managed.startedAt)
    const lines = managed.tail.flush()
    this.log(
      `the ${spec.name} (pid ${child.pid ?? '?'}) exited with ${describeExit(exit)} after ${ran}; ` +
        (lines.length > 0 ? `its last ${lines.length} line(s):` : 'it wrote nothing'),
    )
    for (const line of lines) this.log(`  ${spec.name} | ${line}`)

    if (!spec.restart) {
      void this.stop(
        `the ${spec.name} exited with ${describeExit(exit)}; nothing runs without it`,
        1,
      )
      return
    }
    const now = Date.now()
    managed.restarts = managed.restarts.filter((at) => now - at < this.settings.restartWindowMs)
    const window = formatDuration(this.settings.restartWindowMs)
    if (managed.restarts.length >= this.settings.maxRestarts) {
      void this.stop(
        `the ${spec.name} exited ${managed.restarts.length + 1} times within ${window} ` +
          `(at most ${this.settings.maxRestarts} restarts); the last time with ${describeExit(exit)}`,
        1,
      )
      return
    }
    const delay = Math.min(
      this.settings.maxBackoffMs,
      this.settings.initialBackoffMs * 2 ** managed.restarts.length,
    )
    managed.restarts.push(now)
    this.log(
      `restarting the ${spec.name} in ${formatDuration(delay)} ` +
        `(restart ${managed.restarts.length} of at most ${this.settings.maxRestarts} within ${window})`,
    )
    managed.tail = new Tail(this.settings.tailLines)
    managed.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawn(managed)
    }, delay)
  }
}
