/** `npm run bench`: every benchmark under bench/, figures printed as they finish. */
import { formatSummary, runWatcherEmulatorBench } from './watcher-emulator.bench'

console.log('== Watcher emulator: list 100,000 streams in pages of 1,000 through the client')
console.log(formatSummary(await runWatcherEmulatorBench()))
