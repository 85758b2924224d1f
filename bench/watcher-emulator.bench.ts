/**
 * How long billing takes to walk every stream of a large Watcher (the emulator) through the client.
 * Run alone: `npx tsx bench/watcher-emulator.bench.ts [--streams 100000] [--page 1000]`.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createWatcherApi, type WatcherRequestEvent } from '../src/plugins/watcher/client'
import { startWatcherEmulator } from '../src/watcher-emulator'

export interface WatcherEmulatorBenchOptions {
  streams?: number
  pageSize?: number
  /** Also walk the same streams through API v2 (offset pages). */
  includeV2?: boolean
  /** Also time `npm run watcher-emulator` from spawn to listening. */
  measureStartup?: boolean
}

export interface ListingFigures {
  api: 'v3' | 'v2'
  streams: number
  pages: number
  totalMs: number
  streamsPerSecond: number
  pageMs: { p50: number; p95: number; max: number }
}

export interface WatcherEmulatorBenchSummary {
  streams: number
  pageSize: number
  seedMs: number
  listings: ListingFigures[]
  /** Peak resident memory of this process (emulator and client together) during the run. */
  peakRssMb: number
  peakHeapUsedMb: number
  startupMs: number | null
}

export async function runWatcherEmulatorBench(
  options: WatcherEmulatorBenchOptions = {},
): Promise<WatcherEmulatorBenchSummary> {
  const streams = options.streams ?? 100_000
  const pageSize = options.pageSize ?? 1_000
  const memory = trackMemory()
  const emulator = await startWatcherEmulator({
    port: 0,
    adminUser: 'admin',
    adminPassword: 'admin',
    apiKey: 'bench-key',
  })
  try {
    const seedStarted = performance.now()
    const response = await fetch(`${emulator.url}/_emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ streams, disabled_every: 10 }),
    })
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`)
    const seedMs = performance.now() - seedStarted

    const listings = [await walk(emulator.url, 'v3', pageSize, streams)]
    if (options.includeV2 ?? true) listings.push(await walk(emulator.url, 'v2', pageSize, streams))
    const startupMs = (options.measureStartup ?? true) ? await measureStartup() : null
    const peak = memory.stop()
    return {
      streams,
      pageSize,
      seedMs: round(seedMs),
      listings,
      peakRssMb: round(peak.rss / 1_048_576),
      peakHeapUsedMb: round(peak.heapUsed / 1_048_576),
      startupMs,
    }
  } finally {
    memory.stop()
    await emulator.close()
  }
}

async function walk(
  url: string,
  api: 'v3' | 'v2',
  pageSize: number,
  expected: number,
): Promise<ListingFigures> {
  const pageTimes: number[] = []
  const client = createWatcherApi({
    url,
    user: 'admin',
    password: 'admin',
    api,
    apiKey: api === 'v2' ? 'bench-key' : undefined,
    timeoutMs: 30_000,
    onRequest: (event: WatcherRequestEvent) => {
      if (event.method === 'GET') pageTimes.push(event.durationMs)
    },
  })
  await client.checkConnection()
  pageTimes.length = 0
  const started = performance.now()
  let count = 0
  let previous = ''
  for await (const stream of client.streams({ pageSize })) {
    if (stream.name <= previous) throw new Error(`${api}: ${stream.name} after ${previous}`)
    previous = stream.name
    count++
  }
  const totalMs = performance.now() - started
  if (count !== expected) throw new Error(`${api}: listed ${count} streams, expected ${expected}`)
  const sorted = [...pageTimes].sort((a, b) => a - b)
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]
  return {
    api,
    streams: count,
    pages: pageTimes.length,
    totalMs: round(totalMs),
    streamsPerSecond: Math.round((count / totalMs) * 1000),
    pageMs: { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] },
  }
}

/** Time from spawning the standalone emulator to its "listening" line. */
async function measureStartup(): Promise<number> {
  const main = fileURLToPath(new URL('../src/watcher-emulator/main.ts', import.meta.url))
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
    })
    return round(performance.now() - started)
  } finally {
    child.kill('SIGTERM')
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
  const timer = setInterval(sample, 20)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return peak
    },
  }
}

const round = (value: number) => Math.round(value * 10) / 10

export function formatSummary(summary: WatcherEmulatorBenchSummary): string {
  const lines = [
    `Watcher emulator: ${summary.streams.toLocaleString('en')} streams, pages of ${summary.pageSize}`,
    `  seed: ${summary.seedMs} ms`,
    ...summary.listings.map(
      (listing) =>
        `  list ${listing.api}: ${listing.totalMs} ms for ${listing.pages} pages ` +
        `(${listing.streamsPerSecond.toLocaleString('en')} streams/s; page p50 ${listing.pageMs.p50} ms, ` +
        `p95 ${listing.pageMs.p95} ms, max ${listing.pageMs.max} ms)`,
    ),
    `  peak memory (emulator + client in one process): RSS ${summary.peakRssMb} MB, heap ${summary.peakHeapUsedMb} MB`,
  ]
  if (summary.startupMs !== null)
    lines.push(`  standalone start to listening: ${summary.startupMs} ms`)
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { streams: { type: 'string' }, page: { type: 'string' } },
  })
  const summary = await runWatcherEmulatorBench({
    streams: values.streams ? Number(values.streams) : undefined,
    pageSize: values.page ? Number(values.page) : undefined,
  })
  console.log(formatSummary(summary))
}
