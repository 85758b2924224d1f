export { startWatcherEmulator } from './server'
export type { WatcherEmulator, WatcherEmulatorOptions } from './server'
