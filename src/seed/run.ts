import type { Payload } from 'payload'
import { ensureFirstAdmin } from './firstAdmin'
import { seedDemo } from './demo'

/** First admin on an empty database, then the demo unless SEED_DEMO=false. */
export async function seed(payload: Payload): Promise<void> {
  const { created } = await ensureFirstAdmin(payload)
  const wantsDemo = (process.env.SEED_DEMO ?? 'true').toLowerCase() !== 'false'
  if (created && wantsDemo) {
    const demo = await seedDemo(payload)
    payload.logger.info(`Demo data loaded (${demo.created} records).`)
  }
}
