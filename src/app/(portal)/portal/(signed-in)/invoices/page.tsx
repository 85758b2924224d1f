import type { Metadata } from 'next'
import {
  InvoiceTable,
  pageLocale,
  portalMessages,
  readableInvoices,
  readableOrganizations,
  requireSession,
} from '../../../../../portal'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.invoices }
}

const PAGE_SIZE = 25

export default async function InvoicesPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>
}) {
  const { page: pageParam } = await searchParams
  const page = /^\d{1,6}$/.test(pageParam ?? '') ? Math.max(1, Number(pageParam)) : 1
  const { payload, user } = await requireSession()
  const [invoices, organizations, locale] = await Promise.all([
    readableInvoices(payload, user, { limit: PAGE_SIZE, page }),
    readableOrganizations(payload, user),
    pageLocale(),
  ])
  const t = portalMessages(locale).invoices
  const titles = new Map(organizations.map((o) => [o.id, o.title]))
  return (
    <>
      <h1>{portalMessages(locale).titles.invoices}</h1>
      <section className="card" aria-label={t.caption}>
        <InvoiceTable
          invoices={invoices.docs}
          caption={t.caption}
          organizationTitles={titles}
          locale={locale}
        />
        {invoices.totalPages > 1 ? (
          <nav className="pager" aria-label={t.pages}>
            {invoices.hasPrevPage ? (
              <a href={`/portal/invoices?page=${invoices.prevPage}`}>{t.newer}</a>
            ) : null}
            <span className="muted">
              {t.pageOf({ page: invoices.page ?? page, pages: invoices.totalPages })}
            </span>
            {invoices.hasNextPage ? (
              <a href={`/portal/invoices?page=${invoices.nextPage}`}>{t.older}</a>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  )
}
