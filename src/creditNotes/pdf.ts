import PDFDocument from 'pdfkit'
import { formatMoney } from '../billing/money'
import type { InvoicePdfInput } from '../invoicing/pdf'

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

const dayIn = (timeZone: string, value: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(value)

/** A one-page A4 credit note: seller and buyer, its number, the invoice it credits, amount and reason. */
export function renderCreditNotePdf(input: CreditNotePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Credit note ${input.number}`, Producer: 'Watcher Billing' } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const money = (amount: number) => formatMoney(amount, input.currency)
  const timeZone = input.timeZone ?? 'UTC'
  const left = 50
  const width = doc.page.width - 100

  doc.font('Helvetica-Bold').fontSize(20).text('CREDIT NOTE', left, 50)
  doc.font('Helvetica').fontSize(10)
  doc.text(`Number: ${input.number}`)
  doc.text(`Issued: ${dayIn(timeZone, input.issuedAt)}`)
  doc.text(`Credits invoice: ${input.invoiceNumber} (total ${money(input.invoiceTotal)})`)
  doc.moveDown()

  const top = doc.y
  doc.font('Helvetica-Bold').text('From', left, top)
  doc.font('Helvetica').text(input.seller.name)
  for (const line of input.seller.address) doc.text(line)
  if (input.seller.taxId) doc.text(`Tax id: ${input.seller.taxId}`)
  if (input.seller.email) doc.text(input.seller.email)
  const afterSeller = doc.y
  doc.font('Helvetica-Bold').text('Credited to', left + width / 2, top)
  doc.font('Helvetica').text(input.buyer.title, left + width / 2)
  doc.text(`Customer no. ${input.buyer.id}`, left + width / 2)
  doc.y = Math.max(afterSeller, doc.y) + 20

  doc.font('Helvetica-Bold').text('Reason', left)
  doc.font('Helvetica').text(input.reason, left, doc.y, { width })
  doc.moveDown()
  doc.font('Helvetica-Bold').fontSize(12).text(`Amount credited (${input.currency}): ${money(input.amount)}`, left, doc.y, { width, align: 'right' })
  doc.moveDown(2)
  doc.font('Helvetica').fontSize(8).fillColor('#555')
  doc.text('This credit lowers what is due on the invoice; any part beyond what is due is kept as credit for the next invoices.', left, doc.y, { width })
  doc.end()
  return done
}
