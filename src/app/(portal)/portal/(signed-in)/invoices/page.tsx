import type { Metadata } from 'next'
import {
  readableInvoices,
  readableOrganizations,
  InvoiceTable,
  requireSession,
} from '../../../../../portal'

export const metadata: Metadata = { title: 'Invoices' }

const PAGE_SIZE = 25

export default async function InvoicesPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>
}) {
  const { page: pageParam } = await searchParams
  const page = /^\d{1,6}$/.test(pageParam ?? '') ? Math.max(1, Number(pageParam)) : 1
  const { payload, user } = await requireSession()
  const [invoices, organizations] = await Promise.all([
    readableInvoices(payload, user, { limit: PAGE_SIZE, page }),
    readableOrganizations(payload, user),
  ])
  const titles = new Map(organizations.map((o) => [o.id, o.title]))
  return (
    <>
      <h1>Invoices</h1>
      <section className="card" aria-label="Invoices">
        <InvoiceTable invoices={invoices.docs} caption="Invoices" organizationTitles={titles} />
        {invoices.totalPages > 1 ? (
          <nav className="pager" aria-label="Invoice pages">
            {invoices.hasPrevPage ? (
              <a href={`/portal/invoices?page=${invoices.prevPage}`}>Newer</a>
            ) : null}
            <span className="muted">
              Page {invoices.page} of {invoices.totalPages}
            </span>
            {invoices.hasNextPage ? (
              <a href={`/portal/invoices?page=${invoices.nextPage}`}>Older</a>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  )
}
