/**
 * The supervision of `npm start` (scripts/lib/supervisor.ts) with fake children: small node
 * processes that write lines, then wait, exit with a code, or are killed by the test.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { describeExit, Supervisor, type ChildSpec } from '../../scripts/lib/supervisor'

let dir: string
let fake: string
let supervisors: Supervisor[] = []

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-supervisor-'))
  fake = path.join(dir, 'fake.mjs')
  // SIGTERM ends it with code 0; it writes FAKE_LINES lines and "ready", then waits, or exits with
  // FAKE_EXIT at once, or once the file FAKE_GATE exists
  fs.writeFileSync(
    fake,
    `import fs from 'node:fs'
const name = process.env.FAKE_NAME
process.on('SIGTERM', () => { console.log(name + ' got SIGTERM'); process.exit(0) })
for (let i = 1; i <= Number(process.env.FAKE_LINES ?? 3); i++) console.log(name + ' line ' + i)
console.error(name + ' ready pid=' + process.pid)
const code = process.env.FAKE_EXIT
const gate = process.env.FAKE_GATE
if (code !== undefined && !gate) process.exit(Number(code))
setInterval(() => { if (code !== undefined && fs.existsSync(gate)) process.exit(Number(code)) }, 20)
`,
  )
})

afterEach(async () => {
  for (const supervisor of supervisors) await supervisor.stop('end of test')
  supervisors = []
})

function child(name: string, env: Record<string, string> = {}, restart = false): ChildSpec {
  return {
    name,
    command: process.execPath,
    args: [fake],
    env: { ...process.env, FAKE_NAME: name, ...env },
    restart,
  }
}

function supervise(children: ChildSpec[], options: { maxRestarts?: number } = {}) {
  const lines: string[] = []
  const supervisor = new Supervisor({
    children,
    log: (line) => lines.push(line),
    passThrough: false,
    initialBackoffMs: 20,
    maxBackoffMs: 200,
    maxRestarts: options.maxRestarts ?? 5,
    stopTimeoutMs: 5_000,
  })
  supervisors.push(supervisor)
  supervisor.start()
  return { supervisor, lines, text: () => lines.join('\n') }
}

async function until<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The pid of a child once it has written "ready" (its SIGTERM handler is in place). */
function ready(supervisor: Supervisor, name: string, not?: number): Promise<number> {
  return until(`the ${name} to be ready`, () => {
    const pid = supervisor.pid(name)
    if (pid === undefined || pid === not) return undefined
    return supervisor.recentLines(name).includes(`${name} ready pid=${pid}`) ? pid : undefined
  })
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('supervisor', () => {
  it('restarts a SIGKILLed worker, names it with its signal and last lines, and leaves the app running', async () => {
    const { supervisor, text } = supervise([
      child('app'),
      child('worker', { FAKE_LINES: '25' }, true),
    ])
    const app = await ready(supervisor, 'app')
    const first = await ready(supervisor, 'worker')
    process.kill(first, 'SIGKILL')

    const second = await ready(supervisor, 'worker', first)
    const log = text()
    expect(log).toContain(`the worker (pid ${first}) exited with signal SIGKILL`)
    expect(log).toContain('its last 20 line(s):')
    expect(log).toContain('worker | worker line 25')
    expect(log).not.toContain('worker | worker line 5\n') // only the last 20 of 26 lines
    expect(log).toMatch(/restarting the worker in 0\.0 s \(restart 1 of at most 5 within 10 min\)/)
    expect(supervisor.pid('app')).toBe(app)
    expect(alive(app)).toBe(true)

    const result = await supervisor.stop('Ctrl-C')
    expect(result).toEqual({ code: 0, reason: 'Ctrl-C' })
    expect(alive(app)).toBe(false)
    expect(alive(second)).toBe(false)
    expect(text()).toContain('the app stopped (code 0)')
    expect(text()).toContain('the worker stopped (code 0)')
  })

  it('stops everything, with the reason and code 1, when the worker keeps exiting', async () => {
    const gate = path.join(dir, 'worker-gate')
    const { supervisor, text } = supervise(
      [child('app'), child('worker', { FAKE_EXIT: '3', FAKE_GATE: gate }, true)],
      {
        maxRestarts: 2,
      },
    )
    const app = await ready(supervisor, 'app')
    await ready(supervisor, 'worker')
    fs.writeFileSync(gate, '') // from now on every worker exits with 3 once started
    const result = await supervisor.done
    expect(result.code).toBe(1)
    expect(result.reason).toBe(
      'the worker exited 3 times within 10 min (at most 2 restarts); the last time with code 3',
    )
    expect(text().match(/the worker \(pid \d+\) exited with code 3/g)).toHaveLength(3)
    expect(text()).toContain('worker | worker ready pid=')
    expect(text()).toContain('restart 2 of at most 2')
    expect(alive(app)).toBe(false)
    expect(text()).toContain('the app stopped (code 0)')
  })

  it('stops everything, naming the app, when the app exits', async () => {
    const gate = path.join(dir, 'app-gate')
    const { supervisor, text } = supervise([
      child('app', { FAKE_EXIT: '7', FAKE_GATE: gate }),
      child('worker', {}, true),
    ])
    await ready(supervisor, 'app')
    const worker = await ready(supervisor, 'worker')
    fs.writeFileSync(gate, '')
    const result = await supervisor.done
    expect(result).toEqual({
      code: 1,
      reason: 'the app exited with code 7; nothing runs without it',
    })
    expect(text()).toMatch(
      /the app \(pid \d+\) exited with code 7 after [\d.]+ s; its last 4 line\(s\):/,
    )
    expect(text()).toContain('app | app line 3')
    expect(alive(worker)).toBe(false)
    expect(text()).toContain('the worker stopped (code 0)')
    expect(text()).not.toContain('restarting')
  })

  it('reads exit codes above 128 as the signal that ended a process', () => {
    expect(describeExit({ code: 137, signal: null })).toBe(
      'code 137 (128 + SIGKILL: the code of a process ended by SIGKILL)',
    )
    expect(describeExit({ code: null, signal: 'SIGTERM' })).toBe('signal SIGTERM')
    expect(describeExit({ code: 1, signal: null })).toBe('code 1')
  })
})
