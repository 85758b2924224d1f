import { describe, it } from 'vitest'
import { createWatcherApi, watcherApiOptionsFromEnv } from '../../src/plugins/watcher/client'
import { describeWatcherContract } from './suite'

/**
 * The contract suite against a real Watcher:
 *   WATCHER_CONTRACT=real WATCHER_URL=... WATCHER_USER=... WATCHER_PASSWORD=... WATCHER_API=v3|v2 \
 *     npm run test:contract
 * It creates and removes its own objects only (presets are unlinked, v3 cannot delete them).
 */
if (process.env.WATCHER_CONTRACT === 'real') {
  const options = watcherApiOptionsFromEnv()
  describeWatcherContract(`real Watcher at ${options.url}, API ${options.api}`, async () => ({
    api: createWatcherApi(options),
    wrongPassword: createWatcherApi({
      ...options,
      password: `${options.password}-wrong`,
      apiKey: options.apiKey ? `${options.apiKey}-wrong` : undefined,
      retry: { limit: 0 },
    }),
  }))
} else {
  // reported as skipped, with the reason, in `npm test`: nothing here can pass without a Watcher
  describe.skip('Watcher contract: real Watcher', () => {
    it('skipped: set WATCHER_CONTRACT=real, WATCHER_URL, WATCHER_USER and WATCHER_PASSWORD (or run npm run test:contract with them) to run the contract suite against a real Watcher', () => {
      throw new Error('never runs')
    })
  })
}
