/**
 * `npm run serve`: the app alone, in production (`next start`), after `npm run build`. No build,
 * no demo seed, no emulator, no embedded database: it refuses to start, with the reason and exit
 * code 78, when DATABASE_URL, PAYLOAD_SECRET or SERVER_URL is unset (from the environment or .env)
 * or when there is no build. Before the server starts it applies pending migrations
 * (scripts/migrate.ts, under an advisory lock, so replicas can start together) and, on a database
 * without users, creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when both are set.
 *
 * PORT (default 3000) and HOST (default: every interface) choose where it listens. SIGTERM or
 * SIGINT stops the server; this process exits with the server's code and says why.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withConditionFlag } from './lib/nodeOptions'
import {
  checkServerUrl,
  EXIT_CONFIG,
  readEnvFile,
  refuseWithoutProductionVariables,
} from './lib/productionEnv'

const log = (line: string) => console.log(`[serve] ${line}`)
const fail = (line: string) => console.error(`[serve] ${line}`)

readEnvFile()
Object.assign(process.env, {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
})
process.env.NODE_OPTIONS = withConditionFlag() // the migration step loads the config: scripts/lib/nodeOptions.ts
refuseWithoutProductionVariables('serve')
checkServerUrl('serve')
if (!fs.existsSync(path.resolve('.next/BUILD_ID'))) {
  fail(
    'refusing to start: there is no build in .next; run `npm run build` first (once per release)',
  )
  process.exit(EXIT_CONFIG)
}

const port = process.env.PORT || '3000'
const host = process.env.HOST

log('applying pending migrations')
const migrated = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'scripts/migrate.ts', '--first-admin'],
  {
    stdio: 'inherit',
    env: process.env,
  },
)
if (migrated.status !== 0) {
  fail(
    `stopping: the migrations failed (${migrated.signal ? `signal ${migrated.signal}` : `exit ${migrated.status}`}); the server was not started`,
  )
  process.exit(migrated.status || 1)
}

log(
  `next start on ${host ?? 'every interface'}, port ${port}; public address ${process.env.SERVER_URL}`,
)
const server = spawn(
  path.resolve('node_modules/.bin/next'),
  ['start', '-p', port, ...(host ? ['-H', host] : [])],
  { stdio: 'inherit', env: process.env },
)
let stopping: NodeJS.Signals | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return // a terminal's Ctrl-C reaches the server too; one request is enough
    stopping = signal
    log(`${signal}: stopping the server`)
    server.kill(signal)
  })
}
server.once('error', (error) => {
  fail(`stopping: could not start next (${error.message})`)
  process.exit(1)
})
server.once('exit', (code, signal) => {
  // next start answers SIGTERM with exit code 143 (128 + 15)
  if (
    stopping &&
    (code === 0 || signal === stopping || code === 128 + os.constants.signals[stopping])
  ) {
    log(`stopped on ${stopping}`)
    process.exit(0)
  }
  fail(`stopping: the server exited by itself with ${signal ? `signal ${signal}` : `code ${code}`}`)
  process.exit(code || 1)
})
