import {
  billingDocument,
  documentLanguage,
  drawParties,
  FONT,
  type InvoicePdfInput,
} from '../invoicing'

export interface CreditNotePdfInput {
  number: string
  issuedAt: Date
  invoiceNumber: string
  invoiceTotal: number
  currency: string
  amount: number
  reason: string
  buyer: InvoicePdfInput['buyer']
  seller: InvoicePdfInput['seller']
  timeZone?: string
  /** The language of the credit note (its invoice's); English by default. */
  locale?: InvoicePdfInput['locale']
}

/** A one-page A4 credit note: seller and buyer, its number, the invoice it credits, amount and reason. */
export function renderCreditNotePdf(input: CreditNotePdfInput): Promise<Buffer> {
  const language = documentLanguage(input.locale, input.timeZone ?? 'UTC')
  const { text, day } = language
  const page = billingDocument(
    text.creditNotePdf.documentTitle({ number: input.number }),
    input.issuedAt,
  )
  const { doc, done, left, width } = page
  const money = (amount: number) => language.money(amount, input.currency)

  doc.font(FONT.bold).fontSize(20).text(text.creditNotePdf.title, left, 50)
  doc.font(FONT.regular).fontSize(10)
  doc.text(text.documents.number({ number: input.number }))
  doc.text(text.documents.issued({ day: day(input.issuedAt) }))
  doc.text(
    text.creditNotePdf.creditsInvoice({
      invoice: input.invoiceNumber,
      total: money(input.invoiceTotal),
    }),
  )
  doc.moveDown()

  drawParties(page, language, input.seller, input.buyer, text.creditNotePdf.creditedTo)

  doc.font(FONT.bold).text(text.creditNotePdf.reason, left)
  doc.font(FONT.regular).text(input.reason, left, doc.y, { width })
  doc.moveDown()
  doc
    .font(FONT.bold)
    .fontSize(12)
    .text(
      text.creditNotePdf.amount({ currency: input.currency, amount: money(input.amount) }),
      left,
      doc.y,
      { width, align: 'right' },
    )
  doc.moveDown(2)
  doc.font(FONT.regular).fontSize(8).fillColor('#555')
  doc.text(text.creditNotePdf.howApplied, left, doc.y, { width })
  doc.end()
  return done
}
