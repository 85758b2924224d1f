import type { WatcherEmulator } from '../../src/watcher-emulator'
import { clientFor, startTestEmulator } from '../watcher/helpers'
import { describeWatcherContract } from './suite'

/** The contract suite against the in-process emulator, for each way billing can talk to it. */
const targets = [
  { label: 'emulator, API v3', api: 'v3', apiKey: undefined },
  { label: 'emulator, API v2 with a session', api: 'v2', apiKey: undefined },
  { label: 'emulator, API v2 with the system key', api: 'v2', apiKey: 'test-system-key' },
] as const

for (const target of targets) {
  describeWatcherContract(target.label, async () => {
    const emulator: WatcherEmulator = await startTestEmulator()
    return {
      api: clientFor(emulator, target.api, { apiKey: target.apiKey }),
      wrongPassword: clientFor(emulator, target.api, {
        password: 'wrong',
        apiKey: target.apiKey ? 'wrong-key' : undefined,
      }),
      close: () => emulator.close(),
    }
  })
}
