/**
 * `tsx test/e2e/harness/history.ts`: six months of billing history for the browser tests, made
 * the way the worker would have made it at the time: each month is closed, issued and (mostly)
 * paid with explicit dates through the same functions the invoice operations use. Expects the demo
 * seed, and demo cameras pulled into usage from about six months ago. Prints a JSON summary.
 *
 * What it leaves for the scenarios: Acme's invoice of two months ago issued and unpaid (overdue),
 * Corner Shop's invoice of last month a draft (the admin test issues and pays it), every other
 * invoice paid or (last month's Acme one) issued.
 */
import { getPayload } from 'payload'
import config from '../../../payload.config'
import { generateInvoices } from '../../../src/invoicing/generate'
import { issueInvoice, payInvoice } from '../../../src/invoicing/lifecycle'

const DAY = 86_400_000
const payload = await getPayload({ config })

const byTitle = async (title: string) => {
  const found = await payload.find({ collection: 'organizations', where: { title: { equals: title } }, limit: 1, depth: 0 })
  if (!found.docs[0]) throw new Error(`the demo organization ${title} is missing`)
  return found.docs[0]
}
const acme = await byTitle('Acme Security Group')
const corner = await byTitle('Corner Shop')

const today = new Date()
const monthStart = (back: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1))
const key = (date: Date) => date.toISOString().slice(0, 7)

// Corner Shop's trial ended with the first month of its cameras, so it has invoices to show too
await payload.update({ collection: 'organizations', id: corner.id, data: { trialEndsAt: monthStart(5).toISOString() } })

const invoices: { id: number; organization: number; period: string; status: string }[] = []
for (let back = 6; back >= 1; back--) {
  const period = key(monthStart(back))
  const end = monthStart(back - 1)
  const generated = await generateInvoices(payload, { period, now: new Date(end.getTime() + DAY) })
  if (generated.failed.length > 0) throw new Error(`month close ${period}: ${JSON.stringify(generated.failed)}`)
  for (const id of generated.created) {
    const invoice = await payload.findByID({ collection: 'invoices', id, depth: 0 })
    const organization = Number(invoice.organization)
    let status = 'draft'
    if (!(back === 1 && organization === corner.id)) {
      const issuedAt = new Date(end.getTime() + 3 * DAY + 9 * 3_600_000)
      await issueInvoice(payload, id, { now: issuedAt })
      status = 'issued'
      const unpaid = back === 1 || (back === 2 && organization === acme.id)
      if (!unpaid) {
        const paidAt = new Date(issuedAt.getTime() + 9 * DAY)
        await payInvoice(payload, id, { paidAt, reference: `DEMO-${period}-${organization}`, now: paidAt })
        status = 'paid'
      }
    }
    invoices.push({ id, organization, period, status })
  }
}

console.log(`E2E_HISTORY ${JSON.stringify({ acme: acme.id, corner: corner.id, invoices })}`)
await payload.destroy()
process.exit(0)
