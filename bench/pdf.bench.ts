/**
 * What an invoice PDF costs to render: 300 invoices of five lines each, one after the other, in
 * one process (after 20 to warm up), with names in five scripts (Cyrillic, Polish, Turkish, Greek,
 * Vietnamese). Run alone: `npx tsx bench/pdf.bench.ts [--invoices 300]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { renderInvoicePdf, type InvoicePdfInput } from '../src/invoicing/pdf'

const NAMES = [
  'ООО «Ромашка»',
  'Łódź Ochrona Sp. z o.o.',
  'İstanbul Güvenlik Şirketi',
  'Ασφάλεια Αθηνών Α.Ε.',
  'Công ty Bảo vệ Việt Nam',
]

const invoice = (index: number): InvoicePdfInput => ({
  number: `INV-2026-${String(index).padStart(6, '0')}`,
  status: 'issued',
  period: '2026-10',
  periodStart: '2026-10-01T00:00:00Z',
  periodEnd: '2026-11-01T00:00:00Z',
  issuedAt: '2026-11-01T00:00:00Z',
  dueAt: '2026-11-15T00:00:00Z',
  currency: 'EUR',
  subtotal: 123_456,
  taxRateBp: 2_000,
  tax: 24_691,
  total: 148_147,
  lines: NAMES.map((name, line) => ({
    description: `Basic ${line} — ${name}`,
    cameraDays: '53.5',
    averageCameras: '1.73',
    unitPrice: 300,
    amount: 535,
  })),
  buyer: { title: NAMES[index % NAMES.length]!, id: index },
  seller: { name: 'Video Surveillance Cloud Operator', address: ['Street 1', 'City'] },
})

export interface PdfBenchSummary {
  invoices: number
  msPerInvoice: number
  bytesPerInvoice: number
}

export async function runPdfBench({ invoices = 300 } = {}): Promise<PdfBenchSummary> {
  for (let index = 0; index < 20; index++) await renderInvoicePdf(invoice(index))
  let bytes = 0
  const t0 = performance.now()
  for (let index = 0; index < invoices; index++)
    bytes += (await renderInvoicePdf(invoice(index))).length
  const ms = performance.now() - t0
  return { invoices, msPerInvoice: ms / invoices, bytesPerInvoice: Math.round(bytes / invoices) }
}

export const formatPdf = (s: PdfBenchSummary) =>
  `${s.invoices} invoice PDFs of five lines: ${s.msPerInvoice.toFixed(2)} ms per invoice, ${Math.round(s.bytesPerInvoice / 1024)} KB each`

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { invoices: { type: 'string' } } })
  console.log(formatPdf(await runPdfBench({ invoices: Number(values.invoices ?? 300) })))
}
