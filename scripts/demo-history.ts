/**
 * `tsx scripts/demo-history.ts`: the demo's past months for `npm start` (src/seed/demoHistory.ts):
 * closed, issued and paid, except last month's invoices, left as drafts for the worker to issue
 * after its grace days, as it would in production. Run once, on a database without invoices.
 */
import { loadPayload } from './lib/payloadScript'
import { trackSteps } from './lib/steps'

const steps = trackSteps('demo-history')
const payload = await loadPayload(steps)
await steps.step('closing the past months', async () => {
  const { seedDemoHistory } = await import('../src/seed/demoHistory')
  const existing = await payload.count({ collection: 'invoices' })
  if (existing.totalDocs > 0) return
  const history = await seedDemoHistory(payload, {
    leave: ({ monthsBack }) => (monthsBack === 1 ? 'draft' : undefined),
  })
  console.log(`[start] demo: ${history.invoices.length} invoices over six past months`)
})
await steps.step('closing the database pool', () => payload.destroy())
process.exit(0)
