/**
 * `npm run check:production` (CI, after the tests; also by hand): production mode on a fresh
 * database, as README "Production" describes it.
 *
 * 1. A new database on the local PostgreSQL server (CHECK_POSTGRES_URL, default
 *    postgres://postgres@127.0.0.1:5432/postgres; an embedded PostgreSQL when that server does not
 *    answer), dropped at the end.
 * 2. The build: the one in .next when it is current (the browser tests leave one), else
 *    `npm run build`.
 * 3. `npm run serve` refuses to start without SERVER_URL (exit 78, naming it).
 * 4. `npm run serve` and `npm run worker` with NODE_ENV=production on a free port, against a
 *    Watcher emulator, until GET /api/health/ready answers 200 (before that endpoint exists:
 *    /api/health/live, else /api/users/me) and the worker holds the runner lock.
 * 5. SIGTERM to each process group: everything in it must be gone within 30 s, the program having
 *    said it stopped (the worker after releasing its lock).
 *
 * Each process's output goes to a log file, printed (its end) when a step fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import {
  dropDatabase,
  ensureDatabase,
  findFreePort,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../src/db/embeddedPostgres'
import { startWatcherEmulator } from '../src/watcher-emulator'
import { buildIsCurrent, sourceStamp, STAMP_FILE } from './buildStamp'
import { withConditionFlag } from './lib/nodeOptions'

const log = (line: string) => console.log(`[production-check] ${line}`)
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-production-check-'))
const cleanups: (() => Promise<unknown>)[] = []
const started = Date.now()
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`

class CheckFailed extends Error {}

interface Running {
  name: string
  child: ChildProcess
  logFile: string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function output(running: { logFile: string }): string {
  return fs.existsSync(running.logFile)
    ? fs.readFileSync(running.logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '')
    : ''
}

function tail(running: { name: string; logFile: string }, lines = 40): string {
  return `--- last lines of ${running.name} (${running.logFile})\n${output(running).split('\n').slice(-lines).join('\n')}\n---`
}

/** `npm run <script>` in its own process group, output to a log file. */
function npmRun(name: string, script: string, env: NodeJS.ProcessEnv): Running {
  const logFile = path.join(workDir, `${name}.log`)
  const out = fs.openSync(logFile, 'a')
  const child = spawn('npm', ['run', '--silent', script], {
    env,
    stdio: ['ignore', out, out],
    detached: true,
  })
  fs.closeSync(out)
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { name, child, logFile, exit }
}

function running(process: Running): boolean {
  return process.child.exitCode === null && process.child.signalCode === null
}

async function serverAvailable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function maintenanceUrl(): Promise<string> {
  const configured = process.env.CHECK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  if (await serverAvailable(configured)) {
    log(`PostgreSQL server ${new URL(configured).host}`)
    return configured
  }
  log(
    `no PostgreSQL server answers at ${new URL(configured).host}: an embedded PostgreSQL for this check`,
  )
  fs.chmodSync(workDir, 0o755)
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: path.join(workDir, 'pg'),
    ephemeral: true,
  })
  cleanups.push(() => embedded.stop())
  return embedded.url('postgres')
}

/** GET /api/health/ready, or the best endpoint present before it exists; 200 from it ends the wait. */
async function waitUntilReady(
  baseUrl: string,
  processes: Running[],
  timeoutMs = 240_000,
): Promise<string> {
  const candidates = ['/api/health/ready', '/api/health/live', '/api/users/me']
  const absent = new Set<string>()
  let last = ''
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    for (const process of processes) {
      if (!running(process))
        throw new CheckFailed(`${process.name} exited before the app was ready\n${tail(process)}`)
    }
    const route =
      candidates.find((candidate) => !absent.has(candidate)) ?? candidates[candidates.length - 1]
    try {
      const response = await fetch(`${baseUrl}${route}`)
      const body = await response.text()
      last = `${route}: ${response.status} ${body.slice(0, 300)}`
      if (response.status === 200) return route
      // 404: not there (yet); the next candidate. 503 and the like: there but not ready, wait.
      if (response.status === 404 && route !== candidates[candidates.length - 1]) {
        absent.add(route)
        log(
          `${route} answers 404: not present in this version; trying ${candidates[candidates.indexOf(route) + 1]}`,
        )
        continue
      }
    } catch (error) {
      last = `${route}: ${(error as Error).message}` // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  throw new CheckFailed(`the app was not ready within ${timeoutMs / 1000} s; last answer ${last}`)
}

async function until(
  what: string,
  probe: () => boolean,
  timeoutMs: number,
  process: Running,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (!running(process))
      throw new CheckFailed(`${process.name} exited while waiting for ${what}\n${tail(process)}`)
    if (Date.now() > deadline)
      throw new CheckFailed(`timed out waiting for ${what}\n${tail(process)}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

function groupAlive(pid: number): boolean {
  try {
    globalThis.process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * SIGTERM to the whole process group, as systemd's stop (KillMode=control-group) and a terminal's
 * Ctrl-C do. npm itself dies of it at once (code 143) without waiting for its script, so "clean"
 * is judged on the program: every process of the group gone within `timeoutMs` (no SIGKILL
 * needed) and the program's own last words (`said`), which it writes only on the way to exit 0.
 */
async function stop(process: Running, said: string, timeoutMs = 30_000): Promise<void> {
  if (!running(process)) {
    const { code, signal } = await process.exit
    throw new CheckFailed(
      `${process.name} had already exited (${signal ?? `code ${code}`})\n${tail(process)}`,
    )
  }
  const pid = process.child.pid!
  globalThis.process.kill(-pid, 'SIGTERM')
  const deadline = Date.now() + timeoutMs
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      globalThis.process.kill(-pid, 'SIGKILL')
      throw new CheckFailed(
        `${process.name} was still running ${timeoutMs / 1000} s after SIGTERM (killed)\n${tail(process)}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const { code, signal } = await process.exit
  if (!(code === 0 || code === 143 || signal === 'SIGTERM')) {
    throw new CheckFailed(
      `npm run ${process.name} ended with ${signal ?? `code ${code}`}\n${tail(process)}`,
    )
  }
  if (!output(process).includes(said))
    throw new CheckFailed(`${process.name} did not say "${said}" on its way out\n${tail(process)}`)
  log(`${process.name} stopped cleanly on SIGTERM ("${said}")`)
}

async function check(): Promise<void> {
  // 1. a fresh database
  const maintenance = await maintenanceUrl()
  const database = `wb_production_${Date.now()}_${process.pid}`
  await ensureDatabase(maintenance, database)
  cleanups.push(() => dropDatabase(maintenance, database))
  const databaseUrl = new URL(maintenance)
  databaseUrl.pathname = `/${database}`
  log(`database ${database}`)

  // 2. the build
  if (buildIsCurrent()) {
    log('reusing the build in .next (sources unchanged since it was made)')
  } else {
    log('npm run build (no current build in .next; 1-3 minutes on 2 cores)')
    const stamp = sourceStamp()
    const build = spawnSync('npm', ['run', '--silent', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    })
    if (build.status !== 0) throw new CheckFailed(`npm run build failed (exit ${build.status})`)
    fs.writeFileSync(STAMP_FILE, stamp)
    log(`built (${elapsed()})`)
  }

  // 3. a Watcher (the emulator: production mode starts none) and the environment of a machine
  const watcherPassword = randomBytes(9).toString('base64url')
  const emulator = await startWatcherEmulator({
    port: 0,
    adminUser: 'admin',
    adminPassword: watcherPassword,
  })
  cleanups.push(() => emulator.close())
  const port = await findFreePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NODE_OPTIONS: withConditionFlag(),
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl.toString(),
    PAYLOAD_SECRET: randomBytes(32).toString('hex'),
    SERVER_URL: baseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    WATCHER_URL: emulator.url,
    WATCHER_USER: 'admin',
    WATCHER_PASSWORD: watcherPassword,
    WATCHER_API: 'v3',
    ADMIN_EMAIL: 'operator@production-check.example',
    ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
    CREDENTIALS_FILE: path.join(workDir, 'credentials.json'),
  }
  for (const name of ['SMTP_HOST', 'BILLING_CLOCK', 'SEED_DEMO'] as const) delete env[name]

  // 4. no SERVER_URL, no start (.env of the checkout must not supply one either)
  const { SERVER_URL: _unset, ...withoutServerUrl } = env
  const refused = npmRun('serve-without-SERVER_URL', 'serve', {
    ...withoutServerUrl,
    SERVER_URL: '',
  })
  const refusal = await refused.exit
  if (refusal.code !== 78 || !output(refused).includes('SERVER_URL')) {
    throw new CheckFailed(
      `npm run serve without SERVER_URL should refuse with exit 78 naming it; it gave ${refusal.signal ?? `code ${refusal.code}`}\n${tail(refused)}`,
    )
  }
  log('npm run serve without SERVER_URL refuses to start (exit 78, naming it)')

  // 5. serve and worker until ready
  const serve = npmRun('serve', 'serve', env)
  // the worker after the migrations: serve applies them first
  await until(
    'the migrations of npm run serve',
    () => output(serve).includes('next start on'),
    180_000,
    serve,
  )
  const worker = npmRun('worker', 'worker', env)
  cleanups.push(async () => {
    for (const process of [serve, worker])
      if (running(process)) globalThis.process.kill(-process.child.pid!, 'SIGKILL')
  })
  const route = await waitUntilReady(baseUrl, [serve, worker])
  log(`${route} answers 200 (${elapsed()})`)
  await until(
    'the worker to hold the runner lock',
    () => output(worker).includes('holding the runner lock'),
    60_000,
    worker,
  )
  log('the worker holds the runner lock')
  if (!output(serve).includes(`first admin ${env.ADMIN_EMAIL} created`)) {
    throw new CheckFailed(
      `npm run serve did not create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD\n${tail(serve)}`,
    )
  }
  const login = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
  })
  if (login.status !== 200)
    throw new CheckFailed(
      `the first admin cannot log in: ${login.status} ${(await login.text()).slice(0, 300)}`,
    )
  log('the first admin logs in')
  for (const [name, text] of [
    ['serve', output(serve)],
    ['worker', output(worker)],
  ] as const) {
    for (const secret of [env.PAYLOAD_SECRET!, env.ADMIN_PASSWORD!, watcherPassword]) {
      if (text.includes(secret)) throw new CheckFailed(`${name} wrote a secret into its log`)
    }
  }

  // 6. both stop cleanly
  await stop(worker, 'worker: stopped')
  if (!output(worker).includes('released the runner lock'))
    throw new CheckFailed(`the worker did not release its lock\n${tail(worker)}`)
  await stop(serve, '[serve] stopped on SIGTERM')
}

let status = 0
try {
  await check()
  log(`passed (${elapsed()})`)
} catch (error) {
  status = 1
  console.error(
    `[production-check] FAILED: ${error instanceof CheckFailed ? error.message : (error as Error).stack}`,
  )
  console.error(`[production-check] logs kept in ${workDir}`)
} finally {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`))
  if (status === 0) fs.rmSync(workDir, { recursive: true, force: true })
}
process.exit(status)
