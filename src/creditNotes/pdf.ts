import { formatMoney } from '../billing/money'
import { billingDocument, dayIn, drawParties, FONT, type InvoicePdfInput } from '../invoicing'

export interface CreditNotePdfInput {
  number: string
  issuedAt: Date
  invoiceNumber: string
  invoiceTotal: number
  currency: string
  amount: number
  reason: string
  buyer: { title: string; id: number }
  seller: InvoicePdfInput['seller']
  timeZone?: string
}

/** A one-page A4 credit note: seller and buyer, its number, the invoice it credits, amount and reason. */
export function renderCreditNotePdf(input: CreditNotePdfInput): Promise<Buffer> {
  const page = billingDocument(`Credit note ${input.number}`)
  const { doc, done, left, width } = page
  const money = (amount: number) => formatMoney(amount, input.currency)
  const day = dayIn(input.timeZone ?? 'UTC')

  doc.font(FONT.bold).fontSize(20).text('CREDIT NOTE', left, 50)
  doc.font(FONT.regular).fontSize(10)
  doc.text(`Number: ${input.number}`)
  doc.text(`Issued: ${day(input.issuedAt)}`)
  doc.text(`Credits invoice: ${input.invoiceNumber} (total ${money(input.invoiceTotal)})`)
  doc.moveDown()

  drawParties(page, input.seller, input.buyer, 'Credited to')

  doc.font(FONT.bold).text('Reason', left)
  doc.font(FONT.regular).text(input.reason, left, doc.y, { width })
  doc.moveDown()
  doc
    .font(FONT.bold)
    .fontSize(12)
    .text(`Amount credited (${input.currency}): ${money(input.amount)}`, left, doc.y, {
      width,
      align: 'right',
    })
  doc.moveDown(2)
  doc.font(FONT.regular).fontSize(8).fillColor('#555')
  doc.text(
    'This credit lowers what is due on the invoice; any part beyond what is due is kept as credit for the next invoices.',
    left,
    doc.y,
    { width },
  )
  doc.end()
  return done
}
