/**
 * The English catalogue: the source of every key. The other languages are typed `Messages`, so a
 * key missing (or extra) in one of them fails the type check, and test/unit/i18n.test.ts checks
 * the same at run time. Messages with values are functions of named parameters; sentences are
 * written whole in each language, never put together from pieces.
 */
import { plural } from '../plural'

export const en = {
  documents: {
    from: 'From',
    taxId: ({ taxId }: { taxId: string }) => `Tax id: ${taxId}`,
    customerNumber: ({ id }: { id: number }) => `Customer no. ${id}`,
    number: ({ number }: { number: string }) => `Number: ${number}`,
    issued: ({ day }: { day: string }) => `Issued: ${day}`,
  },
  invoicePdf: {
    title: 'INVOICE',
    draftTitle: 'DRAFT INVOICE',
    documentTitle: ({ number }: { number: string | null }) =>
      number ? `Invoice ${number}` : 'Invoice (draft)',
    notIssued: 'not issued',
    period: ({
      period,
      from,
      to,
      timeZone,
    }: {
      period: string
      from: string
      to: string
      timeZone: string
    }) => `Period: ${period} (${from} to ${to}, ${timeZone})`,
    issuedAndDue: ({ issued, due }: { issued: string; due: string }) =>
      `Issued: ${issued}    Due: ${due}`,
    void: 'VOID',
    billTo: 'Bill to',
    columns: {
      description: 'Description',
      cameraDays: 'Camera-days',
      averageCameras: 'Avg. cameras',
      unitPrice: 'Price / camera / month',
      amount: 'Amount',
    },
    noUsage: 'No billable camera time in this period.',
    subtotal: 'Subtotal',
    tax: ({ rate }: { rate: string }) => `Tax (${rate})`,
    total: ({ currency }: { currency: string }) => `Total (${currency})`,
    howCalculated:
      'Amounts are per camera and month, prorated by camera time: monthly price × camera-seconds / seconds in the month, rounded half-up once per line.',
  },
  creditNotePdf: {
    title: 'CREDIT NOTE',
    documentTitle: ({ number }: { number: string }) => `Credit note ${number}`,
    creditsInvoice: ({ invoice, total }: { invoice: string; total: string }) =>
      `Credits invoice: ${invoice} (total ${total})`,
    creditedTo: 'Credited to',
    reason: 'Reason',
    amount: ({ currency, amount }: { currency: string; amount: string }) =>
      `Amount credited (${currency}): ${amount}`,
    howApplied:
      'This credit lowers what is due on the invoice; any part beyond what is due is kept as credit for the next invoices.',
  },
  counts: {
    cameras: ({ count }: { count: number }) =>
      plural('en', count, { one: `${count} camera`, other: `${count} cameras` }),
    invoices: ({ count }: { count: number }) =>
      plural('en', count, { one: `${count} invoice`, other: `${count} invoices` }),
  },
}

export type Messages = typeof en
