/** The ledger: append-only entries per payer and the balances summed from them. */
export { addLedgerEntry, ledgerEntryStatement, type LedgerEntryInput } from './entries'
export { balances, balancesOf, type Balance } from './balance'
export { organizationBalance } from './fields'
export {
  LEDGER_KINDS,
  MANUAL_LEDGER_KINDS,
  PAYMENT_METHODS,
  type LedgerKind,
  type PaymentMethod,
} from './kinds'
export { entryOwner, invoiceDebitEntry, ledgerCurrencies } from './store'
