/** What a ledger entry records; the sign of `amount` says debit (+, the payer owes) or credit (−). */
export const LEDGER_KINDS = ['invoice', 'payment', 'credit_note', 'refund', 'adjustment'] as const
export type LedgerKind = (typeof LEDGER_KINDS)[number]

/** Kinds staff may enter by hand (admin, REST, GraphQL); the others come from the operations. */
export const MANUAL_LEDGER_KINDS = ['adjustment', 'refund'] as const satisfies readonly LedgerKind[]

export const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash', 'other'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** One entry as the operations append it (ledger/entries.ts addLedgerEntry). */
export interface LedgerEntryInput {
  organization: number
  kind: LedgerKind
  /** Signed minor units: + debit (the payer owes more), − credit. */
  amount: number
  currency: string
  reference?: string | null
  reason?: string | null
  invoice?: number | null
  payment?: number | null
  creditNote?: number | null
  reverses?: number | null
  occurredAt: Date
  createdBy?: number | null
}
