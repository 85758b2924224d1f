/** Invoicing: the month close, the invoice lifecycle (issue, void, pay), PDFs, numbering, the invoices collection's endpoints and tasks. */
export {
  generateInvoices,
  BilledThroughParent,
  BrokenPayerChain,
  UnknownOrganization,
  type GenerateError,
  type GenerateOptions,
  type GenerateResult,
} from './generate'
export {
  invoicePdf,
  InvoiceNotFound,
  InvoiceStateError,
  issueInvoice,
  payInvoice,
  voidInvoice,
} from './lifecycle'
export { closeEndedMonths, graceDays, issueDueDrafts } from './schedule'
export { invoicesAutoIssueTask, invoicesGenerateTask } from './tasks'
export { invoiceEndpoints } from './endpoints'
export { loadTerms, loadTreeTerms, organizationTerms } from './terms'
export {
  memberTermRowsOfPayers,
  nextNumber,
  payerTermRowsAfter,
  usageOfOrganizationsOverlapping,
  type InvoiceRow,
  type OrganizationTermRow,
} from './store'
export { batchTerms } from './batchTerms'
export {
  addressLines,
  billingDocument,
  documentLanguage,
  drawParties,
  renderInvoicePdf,
  sellerFromEnv,
  type InvoicePdfInput,
} from './pdf'
export { csvColumns, invoicesCsv } from './csv'
export {
  invoiceDrillDown,
  type DrillDownInterval,
  type DrillDownLine,
  type InvoiceDrillDown,
} from './drillDown'
export { withCameraTitles, type TitlesOutcome } from './drillDownTitles'
export { resumeCameraTitles } from './cameraTitles'
export { FONT } from './fonts'
