/**
 * Payload for a script or the worker, outside Next: loaded inside a named step (so an exit 13 while
 * loading is reported, see steps.ts) and without Payload's development HMR client.
 *
 * Outside production, getPayload opens a WebSocket to ws://localhost:$PORT/_next/webpack-hmr to
 * hear about config changes of `next dev`. Under `npm start` that is the app itself, and the
 * worker's socket kept `next start` from closing on SIGTERM until it was killed 10 s later;
 * elsewhere it knocks at whatever listens on port 3000. No script needs it.
 */
import type { Payload } from 'payload'
import type { Steps } from './steps'

export async function loadPayload(
  steps: Steps,
  options: { cron?: boolean } = {},
): Promise<Payload> {
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  return steps.step('loading Payload and its config', async () => {
    // imported here, after the caller's environment is set: the config reads it when evaluated
    const [{ getPayload }, { default: config }] = await Promise.all([
      import('payload'),
      import('../../payload.config'),
    ])
    return getPayload({ config, cron: options.cron ?? false })
  })
}
