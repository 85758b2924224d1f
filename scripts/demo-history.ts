/**
 * `tsx scripts/demo-history.ts`: the demo's past months for `npm start` (src/seed/demoHistory.ts):
 * closed, issued and paid, except last month's invoices, left as drafts for the worker to issue
 * after its grace days, as it would in production. Run once, on a database without invoices.
 */
import { getPayload } from 'payload'
import config from '../payload.config'
import { seedDemoHistory } from '../src/seed/demoHistory'

const payload = await getPayload({ config })
const existing = await payload.count({ collection: 'invoices' })
if (existing.totalDocs === 0) {
  const history = await seedDemoHistory(payload, { leave: ({ monthsBack }) => (monthsBack === 1 ? 'draft' : undefined) })
  console.log(`[start] demo: ${history.invoices.length} invoices over six past months`)
}
await payload.destroy()
process.exit(0)
