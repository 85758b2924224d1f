/** `npm run bench`: every benchmark under bench/, figures printed as they finish. */
import { formatSummary, runWatcherEmulatorBench } from './watcher-emulator.bench'

console.log('== Watcher emulator: list 100,000 streams in pages of 1,000 through the client')
console.log(formatSummary(await runWatcherEmulatorBench()))

const { formatPdf, runPdfBench } = await import('./pdf.bench')
console.log('== Invoice PDFs: 300 of five lines, names in five scripts, Noto Sans embedded')
console.log(formatPdf(await runPdfBench()))

const { formatSyncLatency, runSyncLatencyBench } = await import('./sync-latency.bench')
console.log(
  '== Watcher sync: 200 changes, committed change → in Watcher, worker in its own process',
)
console.log(formatSyncLatency(await runSyncLatencyBench()))

// Each of the rest in its own process, since Payload loads its config (and DATABASE_URL) once per
// process; without the DATABASE_URL the sync benchmark left behind (its database is gone): an
// embedded PostgreSQL each.
const { DATABASE_URL: _droppedDatabase, ...ownProcessEnv } = process.env
for (const [title, file] of [
  [
    'Usage collection: 100,000 streams, 1,000 organizations; first pull, no change, 10% gone',
    'usage-collection',
  ],
  [
    'Month close: 10,000 organizations, 100,000 cameras; drafts vs raw bulk insert vs one Local API create per invoice',
    'month-close',
  ],
  [
    'Pricing simulation: 10,000 organizations, 100,000 cameras; a closed month replayed with other prices',
    'pricing-simulation',
  ],
  // issue 7's money-in paths
  [
    'Payments: 2,000 through recordPayment (1 writer, 8 writers on distinct payers), 500 on one payer (1 and 8 writers)',
    'payments',
  ],
  ['Dunning: 10,000 payers, 10% overdue; restoration check, daily run, same-day rerun', 'dunning'],
  [
    'Outbox: 10,000 billing events fanned out into e-mail and webhook deliveries (the dispatcher, not the sending)',
    'outbox-dispatch',
  ],
  // issue 15: the production server (next build when .next is stale) under autocannon
  [
    "API: a subscriber's invoices, users/me, organizations and portal pages vs the simplest find, 20 connections, 1,000 organizations",
    'api',
  ],
] as const) {
  console.log(`== ${title}`)
  const bench = (await import('node:child_process')).spawnSync(
    'npx',
    ['tsx', `bench/${file}.bench.ts`],
    {
      cwd: new URL('..', import.meta.url).pathname,
      env: ownProcessEnv,
      stdio: 'inherit',
    },
  )
  if (bench.status !== 0) throw new Error(`the ${file} benchmark failed (exit ${bench.status})`)
}
process.exit(0)
