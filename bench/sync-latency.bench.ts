/**
 * Sync latency with a healthy Watcher: the time from a committed billing change to Watcher
 * holding it, with the worker running as `npm run worker` does (a separate process).
 * Run alone: `npx tsx bench/sync-latency.bench.ts [--changes 200] [--gap 25]`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embeddedPostgres'
import { startWatcherEmulator } from '../src/watcher-emulator'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface SyncLatencySummary {
  changes: number
  gapMs: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  delivered: number
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!

export async function runSyncLatencyBench({
  changes = 200,
  gapMs = 25,
} = {}): Promise<SyncLatencySummary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-sync-'))
  fs.chmodSync(dir, 0o755)
  const postgres = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), ephemeral: true })
  const database = `wb_bench_${Date.now()}`
  const maintenance = process.env.DATABASE_URL ?? postgres!.url('postgres')
  await ensureDatabase(maintenance, database)
  const url = new URL(maintenance)
  url.pathname = `/${database}`
  const emulator = await startWatcherEmulator({
    port: 0,
    adminUser: 'admin',
    adminPassword: 'bench-secret',
  })
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    PAYLOAD_SECRET: 'bench-secret-not-for-production',
    WATCHER_URL: emulator.url,
    WATCHER_USER: 'admin',
    WATCHER_PASSWORD: 'bench-secret',
    WATCHER_API: 'v3',
    PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
  }
  Object.assign(process.env, env)
  const migrated = spawnSync('npx', ['tsx', 'scripts/migrate.ts'], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (migrated.status !== 0) throw new Error('migrations failed')

  let worker: ChildProcess | undefined
  const { getPayload } = await import('payload')
  const config = (await import('../payload.config')).default
  const payload = await getPayload({ config })
  // stopping the embedded server at the end must not crash this process through an idle client
  ;(payload.db as unknown as { pool: { on(event: 'error', listener: () => void): void } }).pool.on(
    'error',
    () => undefined,
  )
  try {
    worker = spawn('npx', ['tsx', 'scripts/worker.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    })
    const organization = await payload.create({
      collection: 'organizations',
      data: { title: 'Bench 0' } as never,
    })
    // wait for the worker: the first delivery includes its start-up
    const titleInWatcher = () =>
      [...emulator.state.organizations.values()].find((record) => record.id === watcherIdOf())
        ?.title
    let watcherId: number | null = null
    const watcherIdOf = () => watcherId
    for (let waited = 0; !watcherId && waited < 120_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const doc = (await payload.findByID({
        collection: 'organizations',
        id: organization.id,
        depth: 0,
      })) as { watcher?: { id?: number | null } }
      watcherId = doc.watcher?.id ?? null
    }
    if (!watcherId) throw new Error('the worker delivered nothing within 2 minutes')

    const latencies: number[] = []
    const waits: Promise<void>[] = []
    for (let change = 1; change <= changes; change++) {
      const title = `Bench ${change}`
      await payload.update({ collection: 'organizations', id: organization.id, data: { title } })
      const committed = performance.now()
      waits.push(
        (async () => {
          // a later title also proves this one was delivered (the latest state wins)
          while (true) {
            const current = titleInWatcher()
            if (current && Number(current.split(' ')[1]) >= change) break
            await new Promise((resolve) => setTimeout(resolve, 2))
          }
          latencies.push(performance.now() - committed)
        })(),
      )
      await new Promise((resolve) => setTimeout(resolve, gapMs))
    }
    await Promise.all(waits)
    const sorted = latencies.sort((a, b) => a - b)
    return {
      changes,
      gapMs,
      p50Ms: Math.round(quantile(sorted, 0.5)),
      p90Ms: Math.round(quantile(sorted, 0.9)),
      p99Ms: Math.round(quantile(sorted, 0.99)),
      maxMs: Math.round(sorted[sorted.length - 1]!),
      delivered: sorted.length,
    }
  } finally {
    if (worker?.pid && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve))
      try {
        process.kill(-worker.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    }
    await payload.destroy().catch(() => undefined)
    await emulator.close()
    await postgres?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export const formatSyncLatency = (s: SyncLatencySummary) =>
  `${s.delivered}/${s.changes} changes (one every ${s.gapMs} ms): latency p50 ${s.p50Ms} ms, p90 ${s.p90Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms`

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { changes: { type: 'string' }, gap: { type: 'string' } },
  })
  console.log(
    formatSyncLatency(
      await runSyncLatencyBench({
        changes: Number(values.changes ?? 200),
        gapMs: Number(values.gap ?? 25),
      }),
    ),
  )
  process.exit(0)
}
