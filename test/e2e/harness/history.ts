/**
 * `tsx test/e2e/harness/history.ts`: six months of billing history for the browser tests
 * (src/seed/demoHistory.ts), printed as a JSON summary.
 *
 * What it leaves for the scenarios: Acme's invoice of two months ago issued and unpaid (overdue),
 * Corner Shop's invoice of last month a draft (the admin test issues and pays it), last month's
 * other invoices issued, every other invoice paid.
 */
import { loadPayload } from '../../../scripts/lib/payloadScript'
import { trackSteps } from '../../../scripts/lib/steps'

const steps = trackSteps('history')
const payload = await loadPayload(steps)
const { seedDemoHistory } = await import('../../../src/seed/demoHistory')
const history = await steps.step('closing six months', () =>
  seedDemoHistory(payload, {
    leave: ({ organization, monthsBack, acme, corner }) => {
      if (monthsBack === 1) return organization === corner ? 'draft' : 'issued'
      if (monthsBack === 2 && organization === acme) return 'issued'
      return undefined
    },
  }),
)
console.log(`E2E_HISTORY ${JSON.stringify(history)}`)
await payload.destroy()
process.exit(0)
