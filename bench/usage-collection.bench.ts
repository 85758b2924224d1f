/**
 * The usage collector on a large Watcher: 100,000 streams across 1,000 billing organizations on
 * four subscriptions. Times a first collection (every camera opens), a second one (nothing
 * changed) and a third after 10% of the cameras disappeared; the Watcher emulator runs in its own
 * process and deletes those cameras there (its bulk delete control), so that what the billing
 * process grows by over the three collections is the collector's alone.
 * The floor, measured in the same run before the collections: the same walk through the client
 * with each stream's camera key computed, and nothing else (what no collection can avoid).
 * Run alone: `npx tsx bench/usage-collection.bench.ts [--streams 100000] [--organizations 1000]
 * [--json FILE]` (`npm run bench:scale` runs it with 1,000,000 streams).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embeddedPostgres'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface UsageCollectionRun {
  label: string
  ms: number
  cameras: number
  opened: number
  closed: number
  /** Of `ms`: walking Watcher's streams, and reading and writing intervals in one transaction. */
  walkMs: number
  writeMs: number
  /** Peak RSS of this process during the run. */
  peakRssMb: number
  /** RSS when the run began (after a collection when `--expose-gc` is given). */
  startRssMb: number
}

export interface UsageCollectionBenchSummary {
  streams: number
  organizations: number
  subscriptions: number
  setupMs: number
  /** The floor: the walk through the client with each camera key computed, nothing kept. */
  floorWalkMs: number
  /** RSS of this process before the floor's walk and at its peak: what walking alone costs. */
  floorRssBeforeMb: number
  floorRssPeakMb: number
  /** RSS of this process (Payload loaded, nothing collected yet). */
  baselineRssMb: number
  runs: UsageCollectionRun[]
  peakRssMb: number
  peakHeapUsedMb: number
  intervalRows: number
}

async function startEmulatorProcess(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const main = path.join(root, 'src/watcher-emulator/main.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)))
  })
  child.stdout!.resume()
  return { child, url }
}

/** Runs `task` over `items` with at most `width` at a time. */
async function inParallel<T>(
  items: T[],
  width: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!)
    }),
  )
}

/** Deletes `names` in the emulator's own process (`POST /_emulator/streams/delete`), in chunks. */
async function deleteInEmulator(emulatorUrl: string, names: string[], chunk = 20_000) {
  for (let start = 0; start < names.length; start += chunk) {
    const part = names.slice(start, start + chunk)
    const response = await fetch(`${emulatorUrl}/_emulator/streams/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ names: part }),
    })
    if (!response.ok)
      throw new Error(`deleting failed: ${response.status} ${await response.text()}`)
    const { deleted } = (await response.json()) as { deleted: number }
    if (deleted !== part.length) {
      throw new Error(`the emulator deleted ${deleted} of ${part.length} streams`)
    }
  }
}

function trackMemory() {
  const peak = { rss: 0, heapUsed: 0 }
  const sample = () => {
    const usage = process.memoryUsage()
    peak.rss = Math.max(peak.rss, usage.rss)
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed)
  }
  sample()
  const timer = setInterval(sample, 10)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return { ...peak }
    },
  }
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576)

export async function runUsageCollectionBench({
  streams = 100_000,
  organizations = 1_000,
  subscriptions = 4,
} = {}): Promise<UsageCollectionBenchSummary> {
  const setupStarted = performance.now()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-usage-'))
  fs.chmodSync(dir, 0o755)
  const postgres = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') }) // fsync on, as in production
  const database = `wb_bench_usage_${Date.now()}`
  const maintenance = process.env.DATABASE_URL ?? postgres!.url('postgres')
  await ensureDatabase(maintenance, database)
  const url = new URL(maintenance)
  url.pathname = `/${database}`
  const emulator = await startEmulatorProcess({
    ...process.env,
    WATCHER_USER: 'admin',
    WATCHER_PASSWORD: 'bench-secret',
    WATCHER_API_KEY: '',
  })
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    PAYLOAD_SECRET: 'bench-secret-not-for-production',
    WATCHER_URL: emulator.url,
    WATCHER_USER: 'admin',
    WATCHER_PASSWORD: 'bench-secret',
    WATCHER_API: 'v3',
    WATCHER_TIMEOUT_MS: '60000',
    PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
  }
  Object.assign(process.env, env)
  const migrated = spawnSync('npx', ['tsx', 'scripts/migrate.ts'], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (migrated.status !== 0) throw new Error('migrations failed')

  const { getPayload } = await import('payload')
  const config = (await import('../payload.config')).default
  const payload = await getPayload({ config })
  const pool = (payload.db as unknown as { pool: import('pg').Pool }).pool
  // stopping the embedded server at the end must not crash this process through an idle client
  pool.on('error', () => undefined)
  const { watcherApi } = await import('../src/plugins/watcher')
  const { collectUsage } = await import('../src/plugins/watcher')
  try {
    // Watcher: presets and organizations, every preset linked to every organization
    const api = watcherApi()
    const presetIds: number[] = []
    for (let i = 0; i < subscriptions; i++) {
      presetIds.push(
        (
          await api.createPreset({
            title: `Bench plan ${i}`,
            archiveDays: 7 + i,
            isAdjustable: false,
          })
        ).id,
      )
    }
    const watcherOrganizationIds: number[] = []
    await inParallel(
      Array.from({ length: organizations }, (_, i) => i),
      16,
      async (i) => {
        watcherOrganizationIds.push((await api.createOrganization({ title: `Bench org ${i}` })).id)
      },
    )
    watcherOrganizationIds.sort((a, b) => a - b)
    const links = watcherOrganizationIds.flatMap((organizationId) =>
      presetIds.map((presetId) => [organizationId, presetId] as const),
    )
    await inParallel(links, 16, ([organizationId, presetId]) =>
      api.linkPreset(organizationId, presetId),
    )

    // billing: the same, bound by Watcher ids (as the sync would leave them)
    const service = await payload.create({
      collection: 'services',
      data: {
        title: 'Bench archive',
        kind: 'continuous_archive',
        archiveDays: 7,
        price: 500,
        currency: 'USD',
      } as never,
    })
    for (let i = 0; i < subscriptions; i++) {
      const subscription = await payload.create({
        collection: 'subscriptions',
        data: { title: `Bench plan ${i}`, currency: 'USD', services: [service.id] } as never,
      })
      await pool.query(
        `update subscriptions set watcher_remote_id = $1, watcher_status = 'synced' where id = $2`,
        [presetIds[i], subscription.id],
      )
    }
    await pool.query(
      `insert into organizations (title, watcher_remote_id, watcher_status)
       select 'Bench org ' || remote, remote, 'synced' from unnest($1::int[]) as remote`,
      [watcherOrganizationIds],
    )
    // the sync jobs the creates queued are not part of this benchmark
    await pool.query('delete from payload_jobs')

    const perPreset = Math.ceil(streams / subscriptions)
    const names: string[] = []
    for (let i = 0; i < subscriptions; i++) {
      const count = Math.min(perPreset, streams - i * perPreset)
      const response = await fetch(`${emulator.url}/_emulator/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          streams: count,
          prefix: `bench-p${i}-`,
          organization_ids: watcherOrganizationIds,
          preset_id: presetIds[i],
        }),
      })
      if (!response.ok)
        throw new Error(`seeding failed: ${response.status} ${await response.text()}`)
      const width = Math.max(6, String(count).length)
      for (let index = 0; index < count; index++)
        names.push(`bench-p${i}-${String(index).padStart(width, '0')}`)
    }
    const setupMs = Math.round(performance.now() - setupStarted)

    // the floor: the same pages through the same client, each name hashed as the collector does
    const { cameraKeyOf } = await import('../src/plugins/watcher')
    globalThis.gc?.()
    const floorRssBefore = process.memoryUsage().rss
    const floorMemory = trackMemory()
    const floorStarted = performance.now()
    let walked = 0
    for await (const stream of api.streams({ pageSize: 1_000 })) {
      cameraKeyOf(stream.name, payload.secret)
      walked++
    }
    const floorWalkMs = Math.round(performance.now() - floorStarted)
    const floorPeak = floorMemory.stop()
    if (walked !== streams) throw new Error(`the floor walked ${walked} streams, not ${streams}`)

    globalThis.gc?.()
    const baselineRss = process.memoryUsage().rss
    const overall = trackMemory()
    const runs: UsageCollectionRun[] = []
    const run = async (label: string, expect: { opened: number; closed: number }) => {
      globalThis.gc?.()
      const startRss = process.memoryUsage().rss
      const memory = trackMemory()
      const started = performance.now()
      const result = await collectUsage(payload)
      const ms = Math.round(performance.now() - started)
      const peak = memory.stop()
      if (result.outcome !== 'done') throw new Error(`${label}: ${result.error}`)
      if (result.opened !== expect.opened || result.closed !== expect.closed) {
        throw new Error(
          `${label}: opened ${result.opened}, closed ${result.closed}; expected ${JSON.stringify(expect)}`,
        )
      }
      runs.push({
        label,
        ms,
        cameras: result.cameras,
        opened: result.opened,
        closed: result.closed,
        walkMs: result.walkMs,
        writeMs: result.writeMs,
        peakRssMb: mb(peak.rss),
        startRssMb: mb(startRss),
      })
    }
    await run('first collection (every camera opens)', { opened: streams, closed: 0 })
    await run('second collection (no change)', { opened: 0, closed: 0 })
    // 10% of the cameras disappear in the emulator's own process, through its bulk delete control
    // (the public DELETE's operation for each name), a few requests of 20,000 names: the billing
    // process does no per-stream work for them (the emulator takes about a minute for 100,000 of
    // 1,000,000: each delete splices its sorted name list, as the public DELETE does). Deleting them with 32 `api.deleteStream` calls in
    // flight here left their garbage in this process's heap, which V8 kept, and the overall peak
    // counted it against the collector (a --trace-gc run at 300,000 streams: 250 -> 493 MB of heap
    // during the 30,000 deletes, 142 MB after the next mark-compact).
    const gone = names.filter((_, index) => index % 10 === 0)
    await deleteInEmulator(emulator.url, gone)
    await run('third collection (10% of the cameras gone)', { opened: 0, closed: gone.length })
    const peak = overall.stop()
    const { rows } = await pool.query('select count(*)::int as n from camera_usage')
    return {
      streams,
      organizations,
      subscriptions,
      setupMs,
      floorWalkMs,
      floorRssBeforeMb: mb(floorRssBefore),
      floorRssPeakMb: mb(floorPeak.rss),
      baselineRssMb: mb(baselineRss),
      runs,
      peakRssMb: mb(peak.rss),
      peakHeapUsedMb: mb(peak.heapUsed),
      intervalRows: rows[0].n,
    }
  } finally {
    await payload.destroy().catch(() => undefined)
    emulator.child.kill('SIGTERM')
    await postgres?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function formatUsageCollection(summary: UsageCollectionBenchSummary): string {
  return [
    `${summary.streams.toLocaleString('en')} streams, ${summary.organizations.toLocaleString('en')} organizations, ${summary.subscriptions} subscriptions (setup ${summary.setupMs} ms)`,
    `  floor: the walk through the client with each camera key computed, nothing kept: ${summary.floorWalkMs} ms (RSS ${summary.floorRssBeforeMb} → peak ${summary.floorRssPeakMb} MB, +${summary.floorRssPeakMb - summary.floorRssBeforeMb} MB)`,
    ...summary.runs.map(
      (run) =>
        `  ${run.label}: ${run.ms} ms = ${(run.ms / Math.max(1, summary.floorWalkMs)).toFixed(1)}× the floor (stream walk ${run.walkMs} ms, database ${run.writeMs} ms; ${run.cameras.toLocaleString('en')} cameras, ` +
        `${run.opened.toLocaleString('en')} opened, ${run.closed.toLocaleString('en')} closed; peak RSS ${run.peakRssMb} MB, +${run.peakRssMb - summary.baselineRssMb} MB from the baseline, +${run.peakRssMb - run.startRssMb} MB from the run's own start at ${run.startRssMb} MB)`,
    ),
    `  billing process: RSS ${summary.baselineRssMb} MB before, peak ${summary.peakRssMb} MB (grew ${summary.peakRssMb - summary.baselineRssMb} MB); peak heap ${summary.peakHeapUsedMb} MB; ${summary.intervalRows.toLocaleString('en')} interval rows`,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string' },
      organizations: { type: 'string' },
      /** Also write the summary to this file, as JSON (bench/scale.ts reads it). */
      json: { type: 'string' },
    },
  })
  const summary = await runUsageCollectionBench({
    streams: values.streams ? Number(values.streams) : undefined,
    organizations: values.organizations ? Number(values.organizations) : undefined,
  })
  console.log(formatUsageCollection(summary))
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(summary))
  process.exit(0)
}
