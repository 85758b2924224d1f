/**
 * A CPU profile of the production server (`next start`, the current build) answering one route of
 * the API benchmark, on the benchmark's book: `npx tsx bench/api-server-profile.ts <path>
 * [--requests 300] [--connections 4] [--as subscriber|admin] [--organizations 1000]`. The profile
 * (`.cpuprofile`, open it in Chrome's DevTools) is left in the directory printed at the end.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findFreePort } from '../src/db/embeddedPostgres'
import { buildIsCurrent } from '../scripts/buildStamp'
import { spawn } from 'node:child_process'
import { waitForHttp } from '../scripts/lib/nextServer'
import { withConditionFlag } from '../scripts/lib/nodeOptions'
import { PASSWORD, seedBook } from './api.bench'
import { startBenchDatabase } from './billing-db'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string' },
    connections: { type: 'string' },
    as: { type: 'string' },
    organizations: { type: 'string' },
  },
})
const route = positionals[0] ?? '/portal/invoices'
const requests = Number(values.requests ?? 300)
const connections = Number(values.connections ?? 4)
if (!buildIsCurrent()) throw new Error('the build in .next is not current: npm run build first')

const db = await startBenchDatabase('api-server-profile', { throwaway: true })
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-api-server-profile-'))
try {
  const book = await seedBook(db, Number(values.organizations ?? 1_000))
  const port = await findFreePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NODE_OPTIONS: withConditionFlag('--no-deprecation'),
    NEXT_TELEMETRY_DISABLED: '1',
    SERVER_URL: `http://127.0.0.1:${port}`,
    SERVER_URL_IS_DEFAULT: 'true',
  }
  // --cpu-prof is refused in NODE_OPTIONS: on the command line of the server's own node
  const log = fs.openSync(path.join(profileDir, 'next.log'), 'a')
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      path.resolve('node_modules/next/dist/bin/next'),
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    { env, stdio: ['ignore', log, log] },
  )
  const server = {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGINT')
      }),
  }
  await waitForHttp(`${server.baseUrl}/api/users/me`, child)
  try {
    const email = values.as === 'admin' ? book.admin.email : book.subscriber.email
    const login = await fetch(`${server.baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const headers: Record<string, string> = route.startsWith('/api/')
      ? { authorization: `JWT ${token}` }
      : { cookie: `payload-token=${token}` }
    let sent = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < requests) {
          sent++
          const response = await fetch(`${server.baseUrl}${route}`, { headers, redirect: 'manual' })
          await response.arrayBuffer()
          if (response.status !== 200) throw new Error(`GET ${route}: ${response.status}`)
        }
      }),
    )
    const ms = performance.now() - t0
    console.log(
      `${route}: ${requests} requests, ${connections} at a time, ${((requests / ms) * 1000).toFixed(1)} req/s`,
    )
  } finally {
    // SIGTERM: Node writes the profile as it exits
    await server.stop()
  }
  console.log(`profiles in ${profileDir}: ${fs.readdirSync(profileDir).join(', ')}`)
} finally {
  await db.stop()
}
process.exit(0)
