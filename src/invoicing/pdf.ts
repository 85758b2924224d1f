import PDFDocument from 'pdfkit'
import { taxRateText } from '../billing/format'
import { formatMoney } from '../billing/money'
import { formatDay, formatDecimal, INTL, messages, type Locale } from '../i18n'
import { documentFonts, FONT } from './fonts'

export interface PdfLine {
  description: string
  cameraDays: number | string
  averageCameras: number | string
  unitPrice: number
  amount: number
}

export interface InvoicePdfInput {
  number: string | null
  status: string
  period: string
  periodStart: string | Date | null
  periodEnd: string | Date | null
  issuedAt: string | Date | null
  dueAt: string | Date | null
  currency: string
  subtotal: number
  taxRateBp: number
  tax: number
  total: number
  lines: PdfLine[]
  buyer: { title: string; id: number; address?: string[] }
  /** The payer's billing timezone: dates print as its calendar days. */
  timeZone?: string
  seller: { name: string; address: string[]; taxId?: string; email?: string }
  /** The language of the document (the invoice's, fixed when it is issued); English by default. */
  locale?: Locale
}

/** The seller on invoices: INVOICE_SELLER_NAME, INVOICE_SELLER_ADDRESS (lines split by "|"), INVOICE_SELLER_TAX_ID, INVOICE_SELLER_EMAIL. */
export function sellerFromEnv(
  env: Record<string, string | undefined> = process.env,
): InvoicePdfInput['seller'] {
  return {
    name: env.INVOICE_SELLER_NAME || 'Video Surveillance Cloud Operator',
    address: (env.INVOICE_SELLER_ADDRESS || '')
      .split('|')
      .map((line) => line.trim())
      .filter(Boolean),
    taxId: env.INVOICE_SELLER_TAX_ID || undefined,
    email: env.INVOICE_SELLER_EMAIL || undefined,
  }
}

/** An address as stored (one line per line) as the lines a document prints; none for empty. */
export const addressLines = (address: string | null | undefined): string[] =>
  (address ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)

/** The texts and formats of one document's language. */
export function documentLanguage(locale: Locale = 'en', timeZone = 'UTC') {
  return {
    text: messages(locale),
    money: (amount: number, currency: string) =>
      formatMoney(amount, currency, INTL[locale].numbers),
    day: (value: string | Date | null) => formatDay(value, locale, timeZone),
    decimal: (value: number | string) => formatDecimal(value, locale),
    taxRate: (basisPoints: number) => taxRateText(basisPoints, INTL[locale].numbers),
  }
}

/**
 * The page layout billing's documents share (invoices, credit notes): A4, 50 pt margins, Noto Sans
 * embedded (fonts.ts) so that every name prints as stored. Dated `createdAt` (the document's own
 * date, not the moment of rendering), so the same document renders to the same bytes.
 */
export function billingDocument(title: string, createdAt: Date) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: title, Producer: 'Watcher Billing', CreationDate: createdAt },
    // no default font: pdfkit would parse Helvetica's metrics for every document, unused
    font: null as unknown as undefined,
  })
  const fonts = documentFonts()
  // pdfkit takes a parsed fontkit font where its types list only font files
  doc.registerFont(FONT.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource)
  doc.registerFont(FONT.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource)
  doc.font(FONT.regular)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  /** The bytes, once `doc.end()` has been called. */
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, done, left: 50, width: doc.page.width - 100 }
}

/** Seller on the left ("From"), buyer on the right under `buyerLabel`; continues below both. */
export function drawParties(
  { doc, left, width }: Pick<ReturnType<typeof billingDocument>, 'doc' | 'left' | 'width'>,
  { text }: Pick<ReturnType<typeof documentLanguage>, 'text'>,
  seller: InvoicePdfInput['seller'],
  buyer: InvoicePdfInput['buyer'],
  buyerLabel: string,
): void {
  const top = doc.y
  doc.font(FONT.bold).text(text.documents.from, left, top)
  doc.font(FONT.regular).text(seller.name)
  for (const line of seller.address) doc.text(line)
  if (seller.taxId) doc.text(text.documents.taxId({ taxId: seller.taxId }))
  if (seller.email) doc.text(seller.email)
  const afterSeller = doc.y
  doc.font(FONT.bold).text(buyerLabel, left + width / 2, top)
  doc.font(FONT.regular).text(buyer.title, left + width / 2)
  for (const line of buyer.address ?? []) doc.text(line, left + width / 2)
  doc.text(text.documents.customerNumber({ id: buyer.id }), left + width / 2)
  doc.y = Math.max(afterSeller, doc.y) + 20
}

/** A one-or-more page A4 invoice: seller and buyer, number, period, lines, tax, total, due date. */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const timeZone = input.timeZone ?? 'UTC'
  const language = documentLanguage(input.locale, timeZone)
  const { text, day } = language
  const page = billingDocument(
    text.invoicePdf.documentTitle({ number: input.number }),
    new Date(input.issuedAt ?? input.periodEnd ?? 0),
  )
  const { doc, done, left, width } = page
  const money = (amount: number) => language.money(amount, input.currency)
  const lastDay = (end: string | Date | null) =>
    end ? day(new Date(new Date(end).getTime() - 1)) : '—'

  doc
    .font(FONT.bold)
    .fontSize(20)
    .text(input.status === 'draft' ? text.invoicePdf.draftTitle : text.invoicePdf.title, left, 50)
  doc.font(FONT.regular).fontSize(10)
  doc.text(text.documents.number({ number: input.number ?? text.invoicePdf.notIssued }))
  doc.text(
    text.invoicePdf.period({
      period: input.period,
      from: day(input.periodStart),
      to: lastDay(input.periodEnd),
      timeZone,
    }),
  )
  doc.text(text.invoicePdf.issuedAndDue({ issued: day(input.issuedAt), due: day(input.dueAt) }))
  if (input.status === 'void') doc.fillColor('red').text(text.invoicePdf.void).fillColor('black')
  doc.moveDown()

  drawParties(page, language, input.seller, input.buyer, text.invoicePdf.billTo)

  const titles = text.invoicePdf.columns
  const columns = [
    { title: titles.description, x: left, width: 230, align: 'left' as const },
    { title: titles.cameraDays, x: left + 235, width: 65, align: 'right' as const },
    { title: titles.averageCameras, x: left + 300, width: 60, align: 'right' as const },
    { title: titles.unitPrice, x: left + 360, width: 75, align: 'right' as const },
    { title: titles.amount, x: left + 435, width: width - 435, align: 'right' as const },
  ]
  const row = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - 120) doc.addPage()
    const y = doc.y
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(9)
    let bottom = y
    cells.forEach((cell, index) => {
      const column = columns[index]!
      doc.text(cell, column.x, y, { width: column.width, align: column.align })
      bottom = Math.max(bottom, doc.y)
    })
    doc.y = bottom + 4
  }
  row(
    columns.map((column) => column.title),
    true,
  )
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke()
  doc.y += 4
  for (const line of input.lines) {
    row([
      line.description,
      language.decimal(line.cameraDays),
      language.decimal(line.averageCameras),
      money(line.unitPrice),
      money(line.amount),
    ])
  }
  if (input.lines.length === 0) row([text.invoicePdf.noUsage, '', '', '', ''])
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke()
  doc.y += 6
  const total = (label: string, value: string, bold = false) => {
    const y = doc.y
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(10)
    doc.text(label, left + 235, y, { width: 200, align: 'right' })
    doc.text(value, left + 435, y, { width: width - 435, align: 'right' })
    doc.y += 2
  }
  total(text.invoicePdf.subtotal, money(input.subtotal))
  total(text.invoicePdf.tax({ rate: language.taxRate(input.taxRateBp) ?? '—' }), money(input.tax))
  total(text.invoicePdf.total({ currency: input.currency }), money(input.total), true)
  doc.moveDown(2)
  doc.font(FONT.regular).fontSize(8).fillColor('#555')
  doc.text(text.invoicePdf.howCalculated, left, doc.y, { width })
  doc.end()
  return done
}
