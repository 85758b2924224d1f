import { describe, expect, it } from 'vitest'
import { EMAIL_EVENT_TYPES, renderEmail, type NoticeFacts } from '.'

const base: Omit<NoticeFacts, 'type' | 'data'> = {
  occurredAt: new Date('2026-11-20T10:00:00Z'),
  organization: { id: 7, title: 'Shop "A" <b>', timeZone: 'Europe/Berlin', locale: 'en' },
  invoice: {
    id: 3,
    number: 'INV-2026-000042',
    period: '2026-10',
    total: 129_999,
    currency: 'EUR',
    dueAt: new Date('2026-11-30T23:30:00Z'),
  },
}

describe('notification templates', () => {
  it('formats amounts from minor units in the currency, dates in the payer timezone, and escapes HTML', () => {
    const mail = renderEmail({ ...base, type: 'invoice.issued', data: { invoiceId: 3 } })!
    expect(mail.subject).toBe('Invoice INV-2026-000042 for Shop "A" <b>')
    expect(mail.text).toContain('€1,299.99')
    expect(mail.text).toContain('1 December 2026') // 23:30 UTC is the next day in Berlin
    expect(mail.html).toContain('Shop &quot;A&quot; &lt;b&gt;')
    expect(mail.html).not.toContain('<b>')
  })

  it('uses the currency exponent (JPY has none, KWD three)', () => {
    const jpy = renderEmail({
      ...base,
      invoice: null,
      type: 'payment.received',
      data: { amount: 5000, currency: 'JPY' },
    })!
    expect(jpy.subject).toContain('¥5,000')
    const kwd = renderEmail({
      ...base,
      invoice: null,
      type: 'payment.received',
      data: { amount: 1234, currency: 'KWD' },
    })!
    expect(kwd.text).toMatch(/KWD\s?1\.234/)
  })

  it('has a notice for each e-mail event and none for invoice.paid', () => {
    for (const type of [
      'invoice.issued',
      'payment.received',
      'dunning.reminder',
      'dunning.warning',
      'organization.suspended',
      'organization.restored',
      'credit_note.issued',
    ] as const) {
      const mail = renderEmail({
        ...base,
        type,
        data: { invoice: 3, amountDue: 500, currency: 'EUR' },
      })
      expect(mail?.subject, type).toBeTruthy()
      expect(mail?.text, type).toContain('Watcher Billing')
    }
    expect(renderEmail({ ...base, type: 'invoice.paid', data: {} })).toBeNull()
  })

  it('says whether cameras keep recording during a suspension', () => {
    expect(
      renderEmail({ ...base, type: 'organization.suspended', data: { stage: 'suspension' } })!.text,
    ).toContain('cameras keep recording')
    expect(
      renderEmail({
        ...base,
        type: 'organization.suspended',
        data: { stage: 'recording_stop', recordingStopped: true },
      })!.text,
    ).toContain('stopped recording')
  })

  it('leaves out facts it does not have instead of printing undefined', () => {
    const mail = renderEmail({
      ...base,
      organization: null,
      invoice: null,
      type: 'dunning.reminder',
      data: {},
    })!
    expect(mail.text).not.toMatch(/undefined|null|NaN/)
    expect(mail.subject).toBe('Reminder: an invoice for your organization is overdue')
  })
})

describe('notices in the recipient’s language', () => {
  const ru = { ...base, organization: { ...base.organization!, title: 'ООО «Ромашка»' } }

  it('Russian: subject, sentences, labels, long days and money the Russian way', () => {
    const mail = renderEmail(
      {
        ...ru,
        invoice: { ...base.invoice!, currency: 'RUB', total: 123_456 },
        type: 'dunning.reminder',
        data: { invoice: 3, amountDue: 123_456, currency: 'RUB', daysOverdue: 5 },
      },
      'ru',
    )!
    const text = mail.text.replace(/[\u00a0\u202f]/g, ' ')
    expect(mail.subject).toBe('Напоминание: счёт INV-2026-000042 для ООО «Ромашка» просрочен')
    expect(text).toContain('срок оплаты счёта для ООО «Ромашка» истёк')
    expect(text).toMatch(/К оплате: +1 234,56 ₽/)
    expect(text).toMatch(/Оплатить до: +1 декабря 2026/)
    expect(text).toMatch(/Дней просрочки: +5/)
    expect(text).not.toMatch(/Invoice|Outstanding|Reminder/)
  })

  it('every e-mail event has its notice in every language, none of them English but English', () => {
    for (const locale of ['ru', 'es', 'pt'] as const)
      for (const type of EMAIL_EVENT_TYPES) {
        const english = renderEmail({ ...base, type, data: { invoice: 3, currency: 'EUR' } })!
        const mail = renderEmail({ ...base, type, data: { invoice: 3, currency: 'EUR' } }, locale)!
        expect(mail.subject, `${locale} ${type}`).not.toBe(english.subject)
        expect(mail.text, `${locale} ${type}`).not.toBe(english.text)
      }
  })

  it('Portuguese: money the Brazilian way', () => {
    const mail = renderEmail(
      {
        ...base,
        invoice: null,
        type: 'payment.received',
        data: { amount: 123_456, currency: 'BRL' },
      },
      'pt',
    )!
    expect(mail.subject.replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'Pagamento recebido: R$ 1.234,56 de Shop "A" <b>',
    )
  })
})
