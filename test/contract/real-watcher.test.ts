import { createWatcherApi, watcherApiOptionsFromEnv } from '../../src/plugins/watcher/client'
import { describeWatcherContract } from './suite'

/**
 * The contract suite against a real Watcher:
 *   WATCHER_CONTRACT=real WATCHER_URL=... WATCHER_USER=... WATCHER_PASSWORD=... WATCHER_API=v3|v2 \
 *     npm run test:contract
 * It creates and removes its own objects only (presets are unlinked, v3 cannot delete them).
 */
// `npm test` leaves this file out (vitest.config.ts); `npm run test:contract` sets WATCHER_CONTRACT
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
