/** `npm run bench`: every benchmark under bench/, figures printed as they finish. */
import { formatSummary, runWatcherEmulatorBench } from './watcher-emulator.bench'

console.log('== Watcher emulator: list 100,000 streams in pages of 1,000 through the client')
console.log(formatSummary(await runWatcherEmulatorBench()))

const { formatSyncLatency, runSyncLatencyBench } = await import('./sync-latency.bench')
console.log('== Watcher sync: 200 changes, committed change → in Watcher, worker in its own process')
console.log(formatSyncLatency(await runSyncLatencyBench()))
process.exit(0)
