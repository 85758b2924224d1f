/**
 * Months of billing history for the demo: each past month closed, issued and paid on its own dates,
 * through the same functions the invoice operations and the worker use, as if billing had been
 * running all along. Expects the demo seed, and demo cameras that appeared in Watcher about six
 * months ago (start.ts and the browser tests move the emulator's clock back to create them).
 *
 * The last `months` months are closed. An invoice is left unpaid or as a draft when `leave` says
 * so; everything else is issued three days after its month ends and paid nine days later.
 * The business events of this back-dated history are marked as already announced: nobody gets
 * e-mails or webhooks about months that passed before the demo existed.
 */
import type { Payload } from 'payload'
import { generateInvoices, issueInvoice, payInvoice } from '../invoicing'
import { poolOf } from '../db'

const DAY = 86_400_000

export interface DemoHistoryInvoice {
  id: number
  organization: number
  period: string
  status: 'draft' | 'issued' | 'paid'
}

export interface DemoHistory {
  acme: number
  corner: number
  invoices: DemoHistoryInvoice[]
}

export interface DemoHistoryOptions {
  months?: number
  now?: Date
  /** What to leave undone: `draft` (never issued) or `issued` (issued, unpaid); the rest is paid. */
  leave?: (invoice: {
    organization: number
    monthsBack: number
    acme: number
    corner: number
  }) => 'draft' | 'issued' | undefined
}

async function organizationByTitle(payload: Payload, title: string) {
  const found = await payload.find({
    collection: 'organizations',
    where: { title: { equals: title } },
    limit: 1,
    depth: 0,
  })
  if (!found.docs[0]) throw new Error(`the demo organization ${title} is missing`)
  return found.docs[0]
}

export async function seedDemoHistory(
  payload: Payload,
  { months = 6, now = new Date(), leave = () => undefined }: DemoHistoryOptions = {},
): Promise<DemoHistory> {
  const acme = await organizationByTitle(payload, 'Acme Security Group')
  const corner = await organizationByTitle(payload, 'Corner Shop')
  const monthStart = (back: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
  const periodOf = (date: Date) => date.toISOString().slice(0, 7)

  // Corner Shop's trial ended with the first month of its cameras, so it has invoices to show too
  await payload.update({
    collection: 'organizations',
    id: corner.id,
    data: { trialEndsAt: monthStart(months - 1).toISOString() },
  })

  const pool = poolOf(payload)
  const lastEvent = await pool.query<{ id: number }>(
    'select coalesce(max(id), 0) as id from billing_events',
  )
  const invoices: DemoHistoryInvoice[] = []
  for (let back = months; back >= 1; back--) {
    const period = periodOf(monthStart(back))
    const end = monthStart(back - 1)
    const generated = await generateInvoices(payload, {
      period,
      now: new Date(end.getTime() + DAY),
    })
    if (generated.failed.length > 0)
      throw new Error(`month close ${period}: ${JSON.stringify(generated.failed)}`)
    for (const id of generated.created) {
      const invoice = await payload.findByID({ collection: 'invoices', id, depth: 0 })
      const organization = Number(invoice.organization)
      const left = leave({ organization, monthsBack: back, acme: acme.id, corner: corner.id })
      let status: DemoHistoryInvoice['status'] = 'draft'
      if (left !== 'draft') {
        const issuedAt = new Date(end.getTime() + 3 * DAY + 9 * 3_600_000)
        await issueInvoice(payload, id, { now: issuedAt })
        status = 'issued'
        if (left !== 'issued') {
          const paidAt = new Date(issuedAt.getTime() + 9 * DAY)
          await payInvoice(payload, id, {
            paidAt,
            reference: `DEMO-${period}-${organization}`,
            now: paidAt,
          })
          status = 'paid'
        }
      }
      invoices.push({ id, organization, period, status })
    }
  }
  await pool.query(
    'update billing_events set dispatched_at = now() where id > $1 and dispatched_at is null',
    [lastEvent.rows[0]!.id],
  )
  return { acme: acme.id, corner: corner.id, invoices }
}
