/**
 * The English catalogue: the source of every key. The other languages are typed `Messages`, so a
 * key missing (or extra) in one of them fails the type check, and test/unit/i18n.test.ts checks
 * the same at run time. Messages with values are functions of named parameters; sentences are
 * written whole in each language, never put together from pieces.
 */
import { plural } from '../plural'
import { portalEn } from './portal/en'
import { adminEn } from './admin/en'
import { drillDownEn } from './drillDown/en'
import { pricingEn } from './pricing/en'

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
  email: {
    yourOrganization: 'your organization',
    facts: {
      invoice: 'Invoice',
      period: 'Period',
      amount: 'Amount',
      dueDate: 'Due date',
      daysOverdue: 'Days overdue',
      outstanding: 'Outstanding',
      date: 'Date',
      reference: 'Reference',
      invoicesPaid: 'Invoices paid',
      creditRemaining: 'Credit remaining',
      suspendedSince: 'Suspended since',
      restoredOn: 'Restored on',
      creditNote: 'Credit note',
      forInvoice: 'For invoice',
      reason: 'Reason',
    },
    invoiceIssued: {
      subject: ({ number, org }: { number?: string; org: string }) =>
        number ? `Invoice ${number} for ${org}` : `Invoice for ${org}`,
      body: ({ org }: { org: string }) => `A new invoice for ${org} has been issued.`,
      closing: 'The invoice is attached as a PDF. Please pay it by the due date.',
    },
    paymentReceived: {
      subject: ({ amount, org }: { amount?: string; org: string }) =>
        amount ? `Payment received: ${amount} for ${org}` : `Payment received for ${org}`,
      body: ({ org }: { org: string }) => `Thank you: we have received a payment for ${org}.`,
    },
    reminder: {
      subject: ({ number, org }: { number?: string; org: string }) =>
        number
          ? `Reminder: invoice ${number} for ${org} is overdue`
          : `Reminder: an invoice for ${org} is overdue`,
      body: ({ org }: { org: string }) =>
        `Our records show that an invoice for ${org} is past its due date. If you have already paid, thank you, and please ignore this reminder.`,
      closing: 'Please pay the outstanding amount at your earliest convenience.',
    },
    warning: {
      subject: ({ org }: { org: string }) =>
        `Warning: service for ${org} will be suspended unless the overdue invoice is paid`,
      body: ({ org }: { org: string }) =>
        `An invoice for ${org} is still unpaid well past its due date.`,
      suspension: ({ day }: { day?: string }) =>
        day
          ? `If it stays unpaid, access to video will be suspended on ${day}.`
          : 'If it stays unpaid, access to video will be suspended.',
      closing: 'Please pay the outstanding amount now to keep the service running.',
    },
    suspended: {
      subject: ({ org }: { org: string }) => `Service suspended for ${org}`,
      body: ({ org, recordingStopped }: { org: string; recordingStopped: boolean }) =>
        recordingStopped
          ? `Because of unpaid invoices, the service for ${org} is suspended: its users cannot view video and cameras have stopped recording.`
          : `Because of unpaid invoices, the service for ${org} is suspended: its users cannot view video; cameras keep recording.`,
      closing:
        'The service is restored automatically within minutes of a payment that clears the overdue amount.',
    },
    restored: {
      subject: ({ org }: { org: string }) => `Service restored for ${org}`,
      body: ({ org }: { org: string }) =>
        `Thank you for your payment: the service for ${org} is fully restored.`,
    },
    creditNoteIssued: {
      subject: ({ number, org }: { number?: string; org: string }) =>
        number ? `Credit note ${number} for ${org}` : `Credit note for ${org}`,
      body: ({ org }: { org: string }) => `A credit note has been issued for ${org}.`,
      closing: 'The amount is credited to your account.',
    },
  },
  validation: {
    wholeDays: 'Must be a whole number of days.',
    daysRange: ({ max }: { max: number }) => `Must be between 0 and ${max} days.`,
    dunningOrder: ({
      stage,
      days,
      earlier,
      earlierDays,
    }: {
      stage: string
      days: number
      earlier: string
      earlierDays: number
    }) =>
      `The ${stage.toLowerCase()} stage (${plural('en', days, { one: `${days} day`, other: `${days} days` })} after the due date) must come after the ${earlier.toLowerCase()} stage (${plural('en', earlierDays, { one: `${earlierDays} day`, other: `${earlierDays} days` })}).`,
    emptyTakesGlobal: 'Fields left empty take the global policy.',
    loginRequired: 'A login is required.',
    loginTooLong: 'A login is at most 64 characters.',
    loginCharacters:
      'A login may contain only letters, digits and . _ - @ (Watcher accepts nothing else).',
    membershipWithoutOrganization: 'Each membership needs an organization.',
    membershipTwice: 'An organization appears twice in the memberships.',
    noOrganization: ({ ids }: { ids: string }) => `No organization with id ${ids}.`,
    noUser: ({ ids }: { ids: string }) => `No user with id ${ids}.`,
    noSubscription: ({ ids }: { ids: string }) => `No subscription with id ${ids}.`,
    parentNotAnId: 'The parent must be an organization id.',
    ownParent: 'An organization cannot be its own parent.',
    parentCycle:
      'This parent would make a cycle: the chosen parent is a subsidiary of this organization.',
    hierarchyTooDeep: 'The hierarchy is too deep (more than 64 levels).',
    payerValue: 'Payer must be "self" or "parent".',
    payerNeedsParent:
      'Payer "parent" needs a parent organization: choose a parent or set the payer to "self".',
    defaultNotAvailable: 'The default subscription must be one of the available subscriptions.',
    unknownTimeZone: ({ value }: { value: string }) =>
      `Unknown time zone "${value}": use an IANA name such as UTC or Europe/Berlin.`,
    currencyRequired: 'A currency is required.',
    unknownCurrency: ({ value }: { value: string }) =>
      `Unknown currency "${value}": use an ISO 4217 code such as USD, EUR or JPY.`,
    fieldRequired: 'This field is required.',
    wholeNumber: 'Must be a whole number.',
    atLeast: ({ min }: { min: number }) => `Must be at least ${min}.`,
    between: ({ min, max }: { min: number; max: number }) => `Must be between ${min} and ${max}.`,
    amountRequired: 'An amount is required, in minor units (e.g. 1999 for 19.99 USD).',
    amountNotANumber: 'The amount must be a number of minor units.',
    amountNotWhole:
      'The amount must be a whole number of minor units (e.g. 1999 for 19.99 USD), not a fraction.',
    amountAtLeast: ({ min }: { min: number }) => `The amount must be at least ${min}.`,
    analyticsNeedsAlgorithm: 'An analytics service needs its algorithm: faces or plates.',
    chooseService: 'Choose at least one service.',
    noService: ({ ids }: { ids: string }) => `No service with id ${ids}.`,
    oneAnalytics: ({ found }: { found: string }) =>
      `A subscription can have at most one analytics algorithm (Watcher runs one per preset); found ${found}.`,
    oneServicePerKind: ({ kind, titles }: { kind: string; titles: string }) =>
      `Only one ${kind.toLowerCase()} service per subscription: ${titles}.`,
    serviceCurrency: ({
      service,
      serviceCurrency,
      currency,
    }: {
      service: string
      serviceCurrency: string
      currency: string
    }) =>
      `The service "${service}" is priced in ${serviceCurrency}, the subscription in ${currency}: a subscription's services share its currency.`,
    subscriptionUsesService: ({
      subscription,
      currency,
    }: {
      subscription: string
      currency: string
    }) =>
      `The subscription "${subscription}" uses this service in ${currency}: change its currency first.`,
    pricesRequired: 'A subscription needs at least one monthly price per camera.',
    pricesSameDate: 'Two prices start on the same date: keep one price per date.',
    periodFormat: 'The period is a month written YYYY-MM, e.g. 2026-10.',
  },
  counts: {
    cameras: ({ count }: { count: number }) =>
      plural('en', count, { one: `${count} camera`, other: `${count} cameras` }),
    invoices: ({ count }: { count: number }) =>
      plural('en', count, { one: `${count} invoice`, other: `${count} invoices` }),
  },
  portal: portalEn,
  admin: adminEn,
  drillDown: drillDownEn,
  pricing: pricingEn,
}

export type Messages = typeof en
