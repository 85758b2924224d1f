/**
 * One shared system for every browser scenario, as a newcomer's `npm start` would run it: a fresh
 * database (embedded PostgreSQL, or a new database on the DATABASE_URL server), a Watcher emulator,
 * migrations and the demo seed, the production build (`next build`, reused while the sources are
 * unchanged) served by `next start` on a free port. Then the demo reaches Watcher, demo cameras
 * appear about six months back in Watcher's clock, usage is pulled and the months are closed
 * (test/e2e/harness/history.ts), so the dashboards have something to draw.
 *
 * No job worker runs: the setup and the tests deliver sync jobs with POST /api/watcher/sync (what
 * the worker does every 250 ms), so the worker's hourly month close cannot change invoices under a
 * test.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  dropDatabase,
  ensureDatabase,
  findFreePort,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../../../src/db/embeddedPostgres'
import { createWatcherApi, watcherApiOptionsFromEnv } from '../../../src/plugins/watcher/client'
import { seedDemoCameras } from '../../../src/seed/demoCameras'
import { startWatcherEmulator, type WatcherEmulator } from '../../../src/watcher-emulator'
import { bin, ensureBuild, runLogged, startNextServer } from '../../../scripts/lib/nextServer'
import { withConditionFlag } from '../../../scripts/lib/nodeOptions'
import type { Credentials, E2EContext, History } from './context'

const log = (line: string) => console.log(`[e2e] ${line}`)
async function api<T>(
  baseUrl: string,
  token: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `JWT ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`)
  return JSON.parse(text) as T
}

export default async function setup(project: TestProject) {
  const started = Date.now()
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-'))
  fs.chmodSync(workDir, 0o755)
  const stops: (() => Promise<unknown>)[] = []
  const teardown = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: Error) => log(`teardown: ${error.message}`))
    if (!process.env.E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true })
  }

  try {
    // 1. a fresh database
    const database = `wb_e2e_${Date.now()}_${process.pid}`
    let maintenanceUrl: string
    if (process.env.DATABASE_URL) {
      maintenanceUrl = process.env.DATABASE_URL
      log(`database ${database} on the DATABASE_URL server`)
    } else {
      const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: path.join(workDir, 'pg'),
        ephemeral: true,
      })
      stops.push(() => embedded.stop())
      maintenanceUrl = embedded.url('postgres')
      log(`embedded PostgreSQL on port ${embedded.port}`)
    }
    await ensureDatabase(maintenanceUrl, database)
    stops.push(() => dropDatabase(maintenanceUrl, database))
    const parsed = new URL(maintenanceUrl)
    parsed.pathname = `/${database}`
    const databaseUrl = parsed.toString()

    // 2. the Watcher emulator, in this process (its clock is moved back for the demo cameras)
    const watcherAdmin = { user: 'admin', password: `watcher-${randomBytes(6).toString('hex')}` }
    const emulator: WatcherEmulator = await startWatcherEmulator({
      port: 0,
      adminUser: watcherAdmin.user,
      adminPassword: watcherAdmin.password,
    })
    stops.push(() => emulator.close())

    const port = await findFreePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const credentialsFile = path.join(workDir, 'credentials.json')
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // the flag: scripts/lib/nodeOptions.ts (exit 13 of prepare.ts and history.ts)
      NODE_OPTIONS: withConditionFlag('--no-deprecation'),
      NEXT_TELEMETRY_DISABLED: '1',
      PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
      DATABASE_URL: databaseUrl,
      PAYLOAD_SECRET: randomBytes(24).toString('hex'),
      WATCHER_URL: emulator.url,
      WATCHER_USER: watcherAdmin.user,
      WATCHER_PASSWORD: watcherAdmin.password,
      WATCHER_API: 'v3',
      WATCHER_WEB_URL: emulator.url,
      CREDENTIALS_FILE: credentialsFile,
      SEED_DEMO: 'true',
      PORT: String(port),
    }
    for (const name of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_HOST', 'BILLING_CLOCK'] as const)
      delete env[name]
    // e-mail links are built from SERVER_URL only, which production (next start) requires
    env.SERVER_URL = baseUrl
    // as npm start sets it: for e-mail links only (Payload's serverURL, and with it its CSRF
    // allowlist, stays as in the demo)
    env.SERVER_URL_IS_DEFAULT = 'true'
    Object.assign(process.env, {
      WATCHER_URL: emulator.url,
      WATCHER_USER: watcherAdmin.user,
      WATCHER_PASSWORD: watcherAdmin.password,
      WATCHER_API: 'v3',
    })

    // 3. migrations + demo seed, and the build (at the same time: the seed hardly needs a core)
    const prepare = runLogged(
      bin('tsx'),
      ['scripts/prepare.ts'],
      env,
      path.join(workDir, 'prepare.log'),
    ).then(() =>
      log(`migrations and demo seed done (${Math.round((Date.now() - started) / 1000)} s)`),
    )
    log('next build unless .next is current (1-3 minutes on 2 cores when it builds)')
    const build = ensureBuild(env, path.join(workDir, 'build.log')).then((built) =>
      log(
        built
          ? `next build done (${Math.round((Date.now() - started) / 1000)} s)`
          : 'reusing the build in .next (sources unchanged)',
      ),
    )
    const [prepared, built] = await Promise.allSettled([prepare, build])
    for (const result of [prepared, built]) if (result.status === 'rejected') throw result.reason

    // 4. one server for every scenario
    const server = await startNextServer({
      port,
      env,
      logFile: path.join(workDir, 'next.log'),
    })
    stops.push(() => server.stop())
    log(`next start on ${baseUrl} (${Math.round((Date.now() - started) / 1000)} s)`)

    // 5. the demo reaches Watcher; demo cameras from about six months ago; usage; closed months
    const credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials
    const adminLogin = await fetch(`${baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: credentials.admin!.email,
        password: credentials.admin!.password,
      }),
    })
    if (!adminLogin.ok)
      throw new Error(
        `the demo admin cannot log in: ${adminLogin.status} ${await adminLogin.text()}`,
      )
    const { token } = (await adminLogin.json()) as { token: string }
    const syncAll = async () => {
      for (let round = 0; round < 10; round++) {
        const result = await api<{ pending: number }>(baseUrl, token, 'POST', '/api/watcher/sync')
        if (result.pending === 0) return
      }
      throw new Error('sync jobs are still pending after 10 rounds')
    }
    await syncAll()
    const now = new Date()
    const camerasFrom = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 10, 8)
    emulator.clock.offsetMs = camerasFrom - Date.now()
    const cameras = await seedDemoCameras({
      api: createWatcherApi(watcherApiOptionsFromEnv(env)),
      billingUrl: baseUrl,
      token,
      log,
      timeoutMs: 20_000,
    })
    emulator.clock.offsetMs = 0
    if (cameras === 0) throw new Error('no demo camera was created in the emulator')
    const collected = await api<{ cameras: number; opened: number }>(
      baseUrl,
      token,
      'POST',
      '/api/usage/collect',
    )
    if (collected.opened !== cameras)
      throw new Error(`usage opened ${collected.opened} intervals for ${cameras} cameras`)
    const historyOutput = await runLogged(
      bin('tsx'),
      ['test/e2e/harness/history.ts'],
      env,
      path.join(workDir, 'history.log'),
    )
    const line = historyOutput.split('\n').find((entry) => entry.startsWith('E2E_HISTORY '))
    if (!line) throw new Error(`history.ts printed no summary:\n${historyOutput.slice(-2000)}`)
    const history = JSON.parse(line.slice('E2E_HISTORY '.length)) as History
    await syncAll() // Corner Shop's trial end
    log(
      `demo: ${cameras} cameras, ${history.invoices.length} invoices over six months (${Math.round((Date.now() - started) / 1000)} s in all)`,
    )

    const context: E2EContext = {
      baseUrl,
      watcherUrl: emulator.url,
      watcherAdmin,
      credentials,
      history,
      screenshotsDir: path.resolve('docs/screenshots'),
      logDir: workDir,
    }
    project.provide('e2e', context)
  } catch (error) {
    log(`setup failed; logs were in ${workDir}`)
    process.env.E2E_KEEP ??= '1'
    await teardown()
    throw error
  }
  return teardown
}
