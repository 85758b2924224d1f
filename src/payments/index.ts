/** Payments: recording (idempotent), settling credit against invoices, and the payments and ledger-entries collections' hooks and endpoints. */
export { recordPayment, type RecordedPayment, type RecordPaymentOptions } from './record'
export { releaseAllocations, settle, type SettleOptions } from './settle'
export { availableCredit } from './store'
export { fieldError, stateError } from './errors'
export {
  allocateAndRecord,
  checkPayerAndCurrency,
  defaultDateAndCurrency,
  PAY_INVOICE_FIRST,
  userId,
} from './hooks'
export { checkManualEntry, spendCreditOnRefund } from './ledgerEntries'
export { invoiceAllocations } from './invoiceAllocations'
export {
  paymentEndpoints,
  signatureMatches,
  signWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
} from './endpoints'
