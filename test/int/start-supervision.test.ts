/**
 * `npm start`'s supervision with the real worker: `scripts/worker.ts` (as npm start runs it) and an
 * HTTP server standing in for the app, under scripts/lib/supervisor.ts. The worker is killed with
 * SIGKILL: the log names it and the signal, a new worker takes the runner lock, and the app serves
 * all along.
 */
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../src/db/embeddedPostgres'
import { WORKER_LOCK_KEY } from '../../src/jobs/worker'
import { startWatcherEmulator, type WatcherEmulator } from '../../src/watcher-emulator'
import { Supervisor } from '../../scripts/lib/supervisor'
import { testPayload } from '../helpers/app'
import { clearQueue } from '../helpers/watcher'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '')

let emulator: WatcherEmulator
let db: pg.Client

async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The application_name of the session holding the leader lock of this file's database (it carries the worker's pid; pg_locks shows every database's locks). */
async function lockHolder(): Promise<string | undefined> {
  const { rows } = await db.query<{ application_name: string }>(
    `select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objid = $2 and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())`,
    [Math.floor(WORKER_LOCK_KEY / 2 ** 32), WORKER_LOCK_KEY % 2 ** 32],
  )
  return rows[0]?.application_name
}

beforeAll(async () => {
  await clearQueue(await testPayload()) // jobs other test files left would run in this worker
  emulator = await startWatcherEmulator({
    port: 0,
    adminUser: 'admin',
    adminPassword: 'supervision-test',
  })
  db = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await db.connect()
})

afterAll(async () => {
  await db?.end()
  await emulator?.close()
})

describe('npm start supervision', () => {
  it('restarts a worker killed with SIGKILL, names it, and the app keeps serving', async () => {
    const port = await findFreePort()
    const appUrl = `http://127.0.0.1:${port}/`
    const log: string[] = []
    const output: Record<string, string> = { app: '', worker: '' }
    const supervisor = new Supervisor({
      log: (line) => log.push(line),
      onOutput: (name, text) => (output[name] += stripAnsi(text)),
      passThrough: false,
      children: [
        {
          name: 'app',
          command: process.execPath,
          args: [
            '-e',
            `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('app listening'))`,
          ],
        },
        {
          name: 'worker',
          command: process.execPath,
          args: ['--import', 'tsx', 'scripts/worker.ts'],
          cwd: ROOT,
          env: {
            ...process.env,
            WATCHER_URL: emulator.url,
            WATCHER_USER: 'admin',
            WATCHER_PASSWORD: 'supervision-test',
            WATCHER_API: 'v3',
            PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
          },
          restart: true,
        },
      ],
    }).start()
    try {
      const app = supervisor.pid('app')
      const first = supervisor.pid('worker')!
      await until('the first worker to hold the lock', async () =>
        (await lockHolder())?.startsWith(`watcher-billing worker ${first}@`),
      )
      expect((await fetch(appUrl)).status).toBe(200)

      process.kill(first, 'SIGKILL')
      await until('the supervisor to report the exit', () =>
        log.some((line) => line.includes(`the worker (pid ${first}) exited with signal SIGKILL`)),
      )
      expect(log.join('\n')).toMatch(
        /restarting the worker in 1\.0 s \(restart 1 of at most 5 within 10 min\)/,
      )
      expect(log.some((line) => line.startsWith('  worker | '))).toBe(true) // its last lines
      expect((await fetch(appUrl)).status).toBe(200) // while the worker is down

      const second = await until('a new worker', () => {
        const pid = supervisor.pid('worker')
        return pid !== first ? pid : undefined
      })
      await until('the new worker to hold the lock', async () =>
        (await lockHolder())?.startsWith(`watcher-billing worker ${second}@`),
      )
      expect((await fetch(appUrl)).status).toBe(200)
      expect(supervisor.pid('app')).toBe(app)
      expect(log.join('\n')).not.toMatch(/the app .* exited/)

      const result = await supervisor.stop('end of test')
      expect(result.code).toBe(0)
      expect(output.worker).toContain('released the runner lock')
      expect(log).toContain('the worker stopped (code 0)')
      expect(await lockHolder()).toBeUndefined()
    } finally {
      await supervisor.stop('end of test')
    }
  }, 180_000)
})
