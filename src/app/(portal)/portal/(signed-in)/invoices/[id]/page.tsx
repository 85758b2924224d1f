import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { cache } from 'react'
import {
  idOf,
  InLanguage,
  InvoiceLines,
  InvoiceSummary,
  invoiceTitle,
  InvoiceUsage,
  organizationLocale,
  pageLocale,
  portalMessages,
  readableInvoice,
  readableOrganization,
  requireSession,
} from '../../../../../../portal'

type Params = { params: Promise<{ id: string }> }

/** The invoice, as the user may read it (another organization's is simply not found), and its payer. */
const invoiceAndPayer = cache(async (id: string) => {
  const { payload, user } = await requireSession()
  const invoice = await readableInvoice(payload, user, id)
  if (!invoice) return { payload, user, invoice: null, organization: null }
  const organizationId = idOf(invoice.organization as number | { id: number })
  const organization = organizationId
    ? await readableOrganization(payload, user, String(organizationId))
    : null
  return { payload, user, invoice, organization }
})

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { user, invoice, organization } = await invoiceAndPayer((await params).id)
  const locale = await organizationLocale(user, organization)
  return { title: invoice ? invoiceTitle(invoice, locale) : portalMessages(locale).titles.invoice }
}

/** An invoice in the language of the user (else of its payer): one section after the other. */
export default async function InvoicePage({ params }: Params) {
  const { payload, user, invoice, organization } = await invoiceAndPayer((await params).id)
  if (!invoice) notFound()
  const [locale, documentLocale] = await Promise.all([
    organizationLocale(user, organization),
    pageLocale(),
  ])
  return (
    <InLanguage locale={locale} documentLocale={documentLocale}>
      <article aria-labelledby="invoice-heading">
        <InvoiceSummary invoice={invoice} organization={organization} locale={locale} />
        <InvoiceLines invoice={invoice} locale={locale} />
        <InvoiceUsage
          payload={payload}
          user={user}
          invoice={invoice}
          timeZone={organization?.timezone || 'UTC'}
          locale={locale}
        />
      </article>
    </InLanguage>
  )
}
