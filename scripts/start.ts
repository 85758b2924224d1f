/**
 * `npm start`: the whole system on one machine. Loads .env (writing a PAYLOAD_SECRET on first
 * start), starts the embedded PostgreSQL when DATABASE_URL is unset and the Watcher emulator when
 * WATCHER_URL is unset, sets SERVER_URL to http://localhost:PORT when unset, applies migrations,
 * seeds an empty database, builds the app when the sources changed, then runs the app and the
 * worker under supervision (scripts/lib/supervisor.ts) until Ctrl-C: a worker that exits is
 * restarted with backoff (1 s doubling to 30 s, at most 5 restarts in 10 minutes, then everything
 * stops with the reason); an app that exits stops everything. Each exit is logged with the child's
 * name, its exit code or signal and its last 20 lines.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { loadEnv } from '../src/config/loadEnv'
import { ensureDatabaseUrl } from '../src/db/bootstrap'
import { findFreePort } from '../src/db/embeddedPostgres'
import { readCredentials } from '../src/seed/credentials'
import { buildIsCurrent, sourceStamp, STAMP_FILE } from './buildStamp'
import { withConditionFlag } from './lib/nodeOptions'
import { Supervisor } from './lib/supervisor'

const log = (line: string) => console.log(`[start] ${line}`)
const cleanups: (() => Promise<void>)[] = []

loadEnv()
process.env.NEXT_TELEMETRY_DISABLED = '1'
// for every child, also when this script was not started through npm (scripts/lib/nodeOptions.ts)
process.env.NODE_OPTIONS = withConditionFlag()
// the demo reads its logs in a terminal: Payload's pretty lines (production logs JSON)
process.env.LOG_FORMAT ??= 'pretty'
const port = Number(process.env.PORT ?? 3000)
if (!process.env.SERVER_URL) {
  // links in e-mails are built from it; on one machine, the address printed below
  process.env.SERVER_URL = `http://localhost:${port}`
  // only for e-mail links: the admin keeps calling its API on whatever address it was opened at
  process.env.SERVER_URL_IS_DEFAULT = 'true'
  log(`SERVER_URL is not set: ${process.env.SERVER_URL} (links in e-mails point there)`)
}

const database = await ensureDatabaseUrl(log)
cleanups.push(() => database.stop())

let usesEmulator = false
if (!process.env.WATCHER_URL) {
  usesEmulator = true
  const { startWatcherEmulator } = await import('../src/watcher-emulator')
  const user = process.env.WATCHER_USER || 'admin'
  const password = process.env.WATCHER_PASSWORD || 'admin'
  const emulatorPort = Number(process.env.WATCHER_EMULATOR_PORT ?? 8090)
  const emulator = await startWatcherEmulator({
    port: (await portIsFree(emulatorPort)) ? emulatorPort : await findFreePort(),
    adminUser: user,
    adminPassword: password,
    apiKey: process.env.WATCHER_API_KEY || undefined,
    stateFile: path.resolve('.data/watcher-emulator.json'),
  })
  Object.assign(process.env, {
    WATCHER_URL: emulator.url,
    WATCHER_USER: user,
    WATCHER_PASSWORD: password,
  })
  cleanups.push(() => emulator.close())
  log(`WATCHER_URL is not set: Watcher emulator at ${emulator.url} (login ${user})`)
}

if (!run('tsx', ['scripts/prepare.ts'], 'migrations and seed'))
  await finish(1, 'migrations and seed failed')

if (!buildIsCurrent()) {
  const stamp = sourceStamp()
  log('building the app (first start or sources changed; about 75 s on 2 cores)')
  if (!run('next', ['build'], 'next build')) await finish(1, 'next build failed')
  fs.writeFileSync(STAMP_FILE, stamp)
}

const supervisor = new Supervisor({
  log: (line) => console.error(`[start] ${line}`),
  children: [
    { name: 'app', command: binPath('next'), args: ['start', '-p', String(port)] },
    // node itself rather than the tsx CLI: one process, so its exit code or signal is the worker's
    {
      name: 'worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'scripts/worker.ts'],
      restart: true,
    },
  ],
}).start()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Ctrl-C reaches this process only (the children lead their own process groups); tsx relays it
  // once more right after, hence no second stop
  process.on(signal, () => void supervisor.stop(signal === 'SIGINT' ? 'Ctrl-C' : signal))
}
void supervisor.done.then(({ code, reason }) => finish(code, reason))

const answered = await Promise.race([
  waitForHttp(`http://127.0.0.1:${port}/api/users/me`).then(
    () => true,
    (error: Error) => error.message,
  ),
  supervisor.done.then(() => false), // stopped while starting: finish() says why
])
if (answered === true) {
  printWelcome()
  if (usesEmulator && process.env.SEED_DEMO !== 'false') {
    void addDemoCameras().catch((error: Error) => log(`demo cameras skipped: ${error.message}`))
  }
} else if (typeof answered === 'string') {
  await supervisor.stop(`the app did not start: ${answered}`, 1)
}

/** Stops the database and the emulator after the children, says why, and exits. */
async function finish(code: number, reason: string): Promise<never> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  if (code === 0) {
    log(`stopped (${reason})`)
  } else {
    console.error(
      `\n[start] STOPPED: ${reason}\n[start] exit code ${code}; the lines above say more\n`,
    )
  }
  process.exit(code)
}

function binPath(name: string) {
  return path.resolve('node_modules/.bin', name)
}

/** Runs a step to its end; false (after saying so) when it failed. */
function run(bin: string, args: string[], what: string): boolean {
  const result = spawnSync(binPath(bin), args, { stdio: 'inherit', env: process.env })
  if (result.status === 0) return true
  console.error(
    `[start] ${what} failed (${result.signal ? `signal ${result.signal}` : `exit ${result.status}`})`,
  )
  return false
}

/** Demo cameras in our own emulator (never a real Watcher), then a usage pull so they show at once. */
async function addDemoCameras() {
  const admin =
    process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD
      ? { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD }
      : Object.values(readCredentials()).find((entry) => entry.role === 'admin')
  if (!admin) return
  const billingUrl = `http://127.0.0.1:${port}`
  const login = await fetch(`${billingUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  })
  if (!login.ok) return
  const { token } = (await login.json()) as { token: string }
  const { createWatcherApi, watcherApiOptionsFromEnv } = await import('../src/plugins/watcher')
  const { seedDemoCameras } = await import('../src/seed/demoCameras')
  // the demo cameras appeared about six months ago in Watcher's clock, so the demo has a history
  const now = new Date()
  const setWatcherClock = (offsetMs: number) =>
    fetch(`${process.env.WATCHER_URL}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offset_ms: offsetMs }),
    })
  await setWatcherClock(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 10, 8) - now.getTime(),
  )
  let created = 0
  try {
    created = await seedDemoCameras({
      api: createWatcherApi(watcherApiOptionsFromEnv()),
      billingUrl,
      token,
      log,
    })
  } finally {
    await setWatcherClock(0)
  }
  if (created > 0) {
    await fetch(`${billingUrl}/api/usage/collect`, {
      method: 'POST',
      headers: { Authorization: `JWT ${token}` },
    })
    // past months closed, issued and paid, as if billing had been running (a database without invoices only)
    // not spawnSync: this process must keep reading the children's output meanwhile
    if (!(await runAsync('tsx', ['scripts/demo-history.ts'], 'the demo history')))
      log('demo history skipped')
  }
}

function runAsync(bin: string, args: string[], what: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(binPath(bin), args, { stdio: 'inherit', env: process.env })
    child.once('error', (error) => {
      console.error(`[start] ${what} failed: ${error.message}`)
      resolve(false)
    })
    child.once('exit', (code, signal) => {
      if (code !== 0)
        console.error(`[start] ${what} failed (${signal ? `signal ${signal}` : `exit ${code}`})`)
      resolve(code === 0)
    })
  })
}

async function portIsFree(candidate: number): Promise<boolean> {
  const net = await import('node:net')
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function waitForHttp(url: string) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not answer`)
}

function printWelcome() {
  const credentials = readCredentials()
  const lines = [
    '',
    `Watcher Billing is running: http://localhost:${port}/admin (operators)`,
    `  Subscriber portal: http://localhost:${port}/portal (subscribers sign in there)`,
    `  REST http://localhost:${port}/api/<collection>   GraphQL http://localhost:${port}/api/graphql`,
    `  Watcher: ${process.env.WATCHER_URL}`,
    '',
  ]
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
    lines.push(`Admin login: ${process.env.ADMIN_EMAIL} (password from ADMIN_PASSWORD)`)
  }
  for (const [login, entry] of Object.entries(credentials)) {
    lines.push(
      `  ${entry.role.padEnd(11)} ${entry.email.padEnd(34)} ${entry.password}   (${login})`,
    )
  }
  if (Object.keys(credentials).length > 0) {
    lines.splice(
      lines.length - Object.keys(credentials).length,
      0,
      'Logins (kept in .data/credentials.json):',
    )
  }
  lines.push('', 'Press Ctrl-C to stop.', '')
  console.log(lines.join('\n'))
}
