/**
 * Invoice and credit-note PDFs print names, addresses and line descriptions exactly as stored,
 * in any script the embedded font covers (src/invoicing/fonts.ts): the text extracted from the
 * PDF is compared with the input. pdfkit's built-in Helvetica printed `ООО «Ромашка», Łódź` as
 * `AäAâ´ Cä<CHC¤0», 6Az`.
 */
import { PDFParse } from 'pdf-parse'
import { describe, expect, it } from 'vitest'
import { renderCreditNotePdf } from '../../src/creditNotes/pdf'
import { renderInvoicePdf, type InvoicePdfInput } from '../../src/invoicing/pdf'

const SCRIPTS = {
  Cyrillic: {
    name: 'ООО «Ромашка»',
    address: ['ул. Льва Толстого, д. 16', '119021 Москва, Россия'],
    line: 'Архив 7 дней — Склад на Щёлковском шоссе',
  },
  Polish: {
    name: 'Łódź Ochrona Sp. z o.o.',
    address: ['ul. Piotrkowska 104', '90-926 Łódź, Polska'],
    line: 'Archiwum 7 dni — Żółta Góra, Świętokrzyska',
  },
  Turkish: {
    name: 'İstanbul Güvenlik Şirketi',
    address: ['İstiklal Caddesi No: 34', 'Beyoğlu, İstanbul, Türkiye'],
    line: 'Yüz tanıma — Çağlayan Şubesi, ığüşöç',
  },
  Greek: {
    name: 'Ασφάλεια Αθηνών Α.Ε.',
    address: ['Οδός Ερμού 25', '105 63 Αθήνα, Ελλάδα'],
    line: 'Αρχείο 7 ημερών — Κάμερες Πειραιά',
  },
  Vietnamese: {
    name: 'Công ty Bảo vệ Việt Nam',
    address: ['Số 1 Đường Lê Duẩn', 'Quận 1, Thành phố Hồ Chí Minh'],
    line: 'Lưu trữ 7 ngày — Nhà kho Bình Dương, ắằẳẵặ ướợ',
  },
} as const

/** The PDF's text, with the line breaks and spaces pdf-parse puts between runs made single spaces. */
async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText()
  return text.replace(/\s+/g, ' ')
}

const invoice = (script: (typeof SCRIPTS)[keyof typeof SCRIPTS], id: number): InvoicePdfInput => ({
  number: 'INV-2026-000042',
  status: 'issued',
  period: '2026-10',
  periodStart: '2026-10-01T00:00:00Z',
  periodEnd: '2026-11-01T00:00:00Z',
  issuedAt: '2026-11-01T00:00:00Z',
  dueAt: '2026-11-15T00:00:00Z',
  currency: 'EUR',
  subtotal: 535,
  taxRateBp: 0,
  tax: 0,
  total: 535,
  lines: [
    {
      description: script.line,
      cameraDays: '53.5',
      averageCameras: '1.73',
      unitPrice: 300,
      amount: 535,
    },
  ],
  buyer: { title: script.name, id, address: [...script.address] },
  seller: { name: 'Operator', address: [] },
})

describe('PDFs in every script the font covers', () => {
  for (const [scriptName, script] of Object.entries(SCRIPTS)) {
    it(`an invoice in ${scriptName} carries the names, address and line as stored`, async () => {
      const text = await textOf(await renderInvoicePdf(invoice(script, 7)))
      expect(text).toContain(script.name)
      for (const line of script.address) expect(text).toContain(line)
      expect(text).toContain(script.line)
      expect(text).toContain('€5.35')
    })

    it(`a credit note in ${scriptName} carries the names, address and reason as stored`, async () => {
      const pdf = await renderCreditNotePdf({
        number: 'CN-2026-000001',
        issuedAt: new Date('2026-11-20T00:00:00Z'),
        invoiceNumber: 'INV-2026-000042',
        invoiceTotal: 535,
        currency: 'EUR',
        amount: 100,
        reason: script.line,
        buyer: { title: script.name, id: 7, address: [...script.address] },
        seller: { name: 'Operator', address: [] },
      })
      const text = await textOf(pdf)
      expect(text).toContain(script.name)
      for (const line of script.address) expect(text).toContain(line)
      expect(text).toContain(script.line)
    })
  }

  it('embeds the font (a subset), not a standard PDF font without these letters', async () => {
    const pdf = (await renderInvoicePdf(invoice(SCRIPTS.Cyrillic, 7))).toString('latin1')
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/)
    expect(pdf).toMatch(/\/FontFile2/)
    expect(pdf).not.toMatch(/\/BaseFont \/Helvetica/)
  })
})

describe('documents share the parsed font', () => {
  it('a letter first met as part of another (g in ğ) keeps its character in later documents', async () => {
    const page = (title: string) =>
      renderInvoicePdf({ ...invoice(SCRIPTS.Turkish, 1), buyer: { title, id: 1 }, lines: [] })
    await page('Beyoğlu Ağaç')
    expect(await textOf(await page('Long Ring Gang'))).toContain('Long Ring Gang')
  })
})

describe('documents in the language they are issued in', () => {
  const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

  it('a Russian invoice: titles, days, decimals, rate and money the Russian way', async () => {
    const text = spaces(
      await textOf(
        await renderInvoicePdf({
          ...invoice(SCRIPTS.Cyrillic, 7),
          locale: 'ru',
          currency: 'RUB',
          // October in Moscow (UTC+3)
          periodStart: '2026-09-30T21:00:00Z',
          periodEnd: '2026-10-31T21:00:00Z',
          subtotal: 123_456,
          taxRateBp: 2_000,
          tax: 24_691,
          total: 148_147,
          timeZone: 'Europe/Moscow',
        }),
      ),
    )
    for (const expected of [
      'СЧЁТ',
      'Номер: INV-2026-000042',
      'Период: 2026-10 (с 01.10.2026 по 31.10.2026, Europe/Moscow)',
      'Выставлен: 01.11.2026',
      'Оплатить до: 15.11.2026',
      'Плательщик',
      'Камеро-дни',
      '53,5',
      '1,73',
      'Итого без налога 1 234,56 ₽',
      'Налог (20 %) 246,91 ₽',
      'Итого (RUB) 1 481,47 ₽',
    ])
      expect(text).toContain(expected)
    expect(text).not.toContain('INVOICE')
  })

  it('a Portuguese credit note', async () => {
    const text = spaces(
      await textOf(
        await renderCreditNotePdf({
          number: 'CN-2026-000001',
          issuedAt: new Date('2026-11-20T00:00:00Z'),
          invoiceNumber: 'INV-2026-000042',
          invoiceTotal: 123_456,
          currency: 'BRL',
          amount: 10_000,
          reason: 'Câmeras fora do ar em outubro',
          buyer: { title: 'Segurança São Paulo Ltda.', id: 7 },
          seller: { name: 'Operadora', address: [] },
          locale: 'pt',
        }),
      ),
    )
    for (const expected of [
      'NOTA DE CRÉDITO',
      'Emitida em: 20/11/2026',
      'Credita a fatura: INV-2026-000042 (total R$ 1.234,56)',
      'Creditado a',
      'Segurança São Paulo Ltda.',
      'Valor creditado (BRL): R$ 100,00',
    ])
      expect(text).toContain(expected)
  })

  it('renders the same bytes for the same document', async () => {
    const input = { ...invoice(SCRIPTS.Greek, 3), locale: 'es' as const }
    const first = await renderInvoicePdf(input)
    const second = await renderInvoicePdf(input)
    expect(second.equals(first)).toBe(true)
  })
})
