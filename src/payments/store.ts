import { randomBytes } from 'node:crypto'
import { affected, payerLockCall, withAlongside, type Sql, type Statement } from '../db'

/**
 * The payments domain's SQL (payments, their allocations to invoices, and what settling changes on
 * invoices). The statements every payment sends whose planning costs more than running them are
 * named: PostgreSQL prepares them once per connection and reuses the plan.
 */

export interface PayerRow {
  id: number
  title: string
  currency: string
  payer: string
}

export async function payerRow(sql: Sql, id: number): Promise<PayerRow | undefined> {
  const { rows } = await sql.query<PayerRow>(
    'select id, title, currency, payer from organizations where id = $1',
    [id],
  )
  return rows[0]
}

export interface PaymentPayerRow extends PayerRow {
  /** The currencies of the payer's issued invoices. */
  issued_currencies: string[]
  /** The invoice asked to be covered first, when it is this payer's: its status, number and what is due. */
  first_status: string | null
  first_number: string | null
  first_due: string | null
  /** The payer's dunning stage, or null. */
  dunning_stage: string | null
}

/**
 * What a payment's checks need of its payer, in one query: the payer, the currencies of its
 * issued invoices and, given `firstInvoiceId`, that invoice (when it is the payer's); and its
 * dunning stage, for the restoration check the payment queues.
 */
export async function payerOfPayment(
  sql: Sql,
  organizationId: number,
  firstInvoiceId: number | null,
): Promise<PaymentPayerRow | undefined> {
  const { rows } = await sql.query<PaymentPayerRow>({
    name: 'payments.payer-of-payment',
    text: `select o.id, o.title, o.currency, o.payer,
            array(select distinct i.currency from invoices i where i.organization_id = o.id and i.status = 'issued') as issued_currencies,
            f.status as first_status, f.number as first_number, coalesce(f.amount_due, f.total)::text as first_due,
            o.dunning_stage
       from organizations o
       left join invoices f on f.id = $2 and f.organization_id = o.id
      where o.id = $1`,
    values: [organizationId, firstInvoiceId],
  })
  return rows[0]
}

/** An organization as its `defaultPopulate` shows it (Organizations), in Payload's field order. */
export interface PopulatedOrganizationRow {
  id: number
  title: string
  parent: number | null
  payer: string
  timezone: string
  locale: string | null
  status: string
}

/** A user as its `defaultPopulate` shows it (Users), in Payload's field order. */
export interface PopulatedUserRow {
  id: number
  login: string
  name: string | null
  locale: string | null
  role: string
  email: string
}

const populatedOrganization = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'title', ${alias}.title, 'parent', ${alias}.parent_id, 'payer', ${alias}.payer, 'timezone', ${alias}.timezone, 'locale', ${alias}.locale, 'status', ${alias}.status)`

/** What a payment's answer populates (payments/answer.ts): the payer, its parent, the recorder. */
export interface AnswerRelations {
  organization: PopulatedOrganizationRow | null
  parent: PopulatedOrganizationRow | null
  createdBy: PopulatedUserRow | null
}

/** What the answer needs: the payer, the user who records it, and whether the payer's parent too. */
export interface AnswerOf {
  organizationId: number
  userId: number | null
  withParent: boolean
}

/** The answer's three columns, reading the payer, user and flag from parameters `$first`, +1, +2. */
const answerColumns = (first: number) =>
  `(select ${populatedOrganization('o')} from organizations o where o.id = $${first}) as organization,
   case when $${first + 2}::boolean then (select ${populatedOrganization('p')} from organizations o join organizations p on p.id = o.parent_id where o.id = $${first}) end as parent,
   (select json_build_object('id', u.id, 'login', u.login, 'name', u.name, 'locale', u.locale, 'role', u.role, 'email', u.email)
      from users u where u.id = $${first + 1}) as created_by`

interface AnswerColumns {
  organization: PopulatedOrganizationRow | null
  parent: PopulatedOrganizationRow | null
  created_by: PopulatedUserRow | null
}

const answerRelationsOf = (row: AnswerColumns | undefined): AnswerRelations => ({
  organization: row?.organization ?? null,
  parent: row?.parent ?? null,
  createdBy: row?.created_by ?? null,
})

/**
 * What a payment's answer populates (payments/answer.ts), in one round trip: the payer, its
 * parent when `withParent`, and the user who recorded it.
 */
export async function answerRelations(sql: Sql, of: AnswerOf): Promise<AnswerRelations> {
  const { rows } = await sql.query<AnswerColumns>({
    name: 'payments.answer-relations',
    text: `select ${answerColumns(1)}`,
    values: [of.organizationId, of.userId, of.withParent],
  })
  return answerRelationsOf(rows[0])
}

/** The currencies of the payer's issued and paid invoices. */
export async function billedInvoiceCurrencies(sql: Sql, organizationId: number): Promise<string[]> {
  const { rows } = await sql.query<{ currency: string }>(
    `select distinct currency from invoices where organization_id = $1 and status in ('issued', 'paid')`,
    [organizationId],
  )
  return rows.map((row) => row.currency)
}

/** The payments allocated to an invoice, oldest first. */
export interface InvoicePaymentRow {
  payment: number
  amount: string
  date: Date
  reference: string | null
}

/** The payments allocated to each of these invoices, oldest first; an invoice without any is absent. */
export async function paymentsOfInvoices(
  sql: Sql,
  invoiceIds: number[],
): Promise<Map<number, InvoicePaymentRow[]>> {
  const { rows } = await sql.query<InvoicePaymentRow & { invoice: number }>(
    `select a.invoice_id as invoice, p.id as payment, a.amount, p.date, p.reference
      from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = any($1::int[]) order by a.invoice_id, p.date, p.id`,
    [invoiceIds],
  )
  const byInvoice = new Map<number, InvoicePaymentRow[]>()
  for (const { invoice, ...row } of rows) {
    const list = byInvoice.get(Number(invoice))
    if (list) list.push(row)
    else byInvoice.set(Number(invoice), [row])
  }
  return byInvoice
}

export interface OpenInvoiceRow {
  id: number
  number: string | null
  due_at: Date | null
  /** What is due (amount_due, or the total when nothing was recorded yet). */
  due: string
}

export interface CreditRow {
  id: number
  unallocated: string
  reference: string | null
  date: Date
}

/**
 * In one query, locked until the transaction ends: the payer's issued invoices in a currency (in
 * id order) and its payments with something unallocated in it (oldest first). `alongside`: the
 * caller's writes sent in the same round trip (withAlongside).
 */
export async function lockOpenInvoicesAndCredit(
  sql: Sql,
  organizationId: number,
  currency: string,
  alongside: Statement[] = [],
): Promise<{ invoices: OpenInvoiceRow[]; credit: CreditRow[] }> {
  const { rows } = await sql.query<{
    kind: 'credit' | 'invoice'
    id: number
    number: string | null
    at: Date | null
    amount: string
    reference: string | null
  }>(
    withAlongside(
      {
        name: 'payments.lock-open-invoices-and-credit',
        text: `with open_invoices as (
       select id, number, due_at, coalesce(amount_due, total) as due from invoices
        where organization_id = $1 and currency = $2 and status = 'issued' order by id for update
     ), credit as (
       select id, unallocated, reference, date from payments
        where organization_id = $1 and currency = $2 and unallocated > 0 order by date, id for update
     )
     select 'invoice' as kind, id, number, due_at as at, due::text as amount, null as reference from open_invoices
     union all
     select 'credit', id, null, date, unallocated::text, reference from credit
     order by kind, at, id`,
        values: [organizationId, currency],
      },
      alongside,
    ),
  )
  const invoices: OpenInvoiceRow[] = []
  const credit: CreditRow[] = []
  for (const row of rows) {
    if (row.kind === 'invoice')
      invoices.push({ id: row.id, number: row.number, due_at: row.at, due: row.amount })
    else
      credit.push({ id: row.id, unallocated: row.amount, reference: row.reference, date: row.at! })
  }
  return { invoices, credit }
}

/** The same, newest first (a refund spends the newest credit first). */
export async function lockCreditNewestFirst(
  sql: Sql,
  organizationId: number,
  currency: string,
): Promise<{ id: number; unallocated: string }[]> {
  const { rows } = await sql.query<{ id: number; unallocated: string }>(
    `select id, unallocated from payments where organization_id = $1 and currency = $2 and unallocated > 0 order by date desc, id desc for update`,
    [organizationId, currency],
  )
  return rows
}

export async function refundFromPayment(
  sql: Sql,
  paymentId: number,
  amount: number,
): Promise<void> {
  await sql.query(
    'update payments set unallocated = unallocated - $2, refunded = coalesce(refunded, 0) + $2 where id = $1',
    [paymentId, amount],
  )
}

/** Moves `amount` of a payment's credit (negative: back into it). */
export async function changeUnallocated(
  sql: Sql,
  paymentId: number,
  by: number,
  now: Date,
): Promise<void> {
  await sql.query(
    'update payments set unallocated = unallocated + $2, updated_at = $3 where id = $1',
    [paymentId, by, now],
  )
}

/** A new row id of a Payload array (payments.allocations), in the shape Payload writes them. */
export const arrayRowId = () => randomBytes(12).toString('hex')

export interface NewAllocation {
  paymentId: number
  invoiceId: number
  amount: number
  /** The row's id when the payment has no allocation to the invoice yet. */
  rowId: string
}

export interface InvoiceCovered {
  invoiceId: number
  /** Added to what was paid on it (0: only marked paid). */
  amount: number
  /** Nothing is due on it any more: `paid`, on `paidAt`, with the reference of the payment that completed it. */
  paid: boolean
  paidAt: Date | null
  reference: string | null
}

/**
 * Writes a settlement in one statement: each allocation is added to the payment's row for the
 * invoice (one row per payment and invoice; a new one goes last in the payment's array), taken
 * off the payment's unallocated credit and added to the invoice's amount paid (off its amount
 * due); the invoices marked `paid` become paid. One allocation per (payment, invoice) and one
 * entry per invoice: the caller sums. `alongside`: the caller's writes sent in the same round trip.
 */
export async function writeSettlement(
  sql: Sql,
  allocations: NewAllocation[],
  invoices: InvoiceCovered[],
  now: Date,
  alongside: Statement[] = [],
): Promise<void> {
  if (allocations.length === 0 && invoices.length === 0) {
    if (alongside.length > 0)
      await sql.query(withAlongside({ text: 'select 1', values: [] }, alongside))
    return
  }
  const { rows } = await sql.query<{ allocations: string; invoices: string }>(
    withAlongside(
      {
        name: 'payments.write-settlement',
        text: `with allocated as (
       select * from unnest($1::int[], $2::int[], $3::numeric[], $4::varchar[]) with ordinality
         as a(payment_id, invoice_id, amount, row_id, ord)
     ), grown as (
       update payments_allocations pa set amount = pa.amount + a.amount
         from allocated a where pa._parent_id = a.payment_id and pa.invoice_id = a.invoice_id
       returning pa._parent_id as payment_id, pa.invoice_id
     ), added as (
       insert into payments_allocations (_order, _parent_id, id, invoice_id, amount)
       select coalesce((select max(m._order) from payments_allocations m where m._parent_id = a.payment_id), 0)
                + row_number() over (partition by a.payment_id order by a.ord),
              a.payment_id, a.row_id, a.invoice_id, a.amount
         from allocated a
        where not exists (select from grown g where g.payment_id = a.payment_id and g.invoice_id = a.invoice_id)
       returning id
     ), spent as (
       update payments p set unallocated = p.unallocated - s.amount, updated_at = $5
         from (select payment_id, sum(amount) as amount from allocated group by payment_id) s
        where p.id = s.payment_id
       returning p.id
     ), covered as (
       update invoices i
          set amount_paid = case when c.amount = 0 then i.amount_paid else coalesce(i.amount_paid, 0) + c.amount end,
              amount_due = case when c.amount = 0 then i.amount_due else coalesce(i.amount_due, i.total) - c.amount end,
              status = case when c.paid then 'paid' else i.status end,
              paid_at = case when c.paid then c.paid_at else i.paid_at end,
              payment_reference = case when c.paid then coalesce(c.reference, i.payment_reference) else i.payment_reference end,
              updated_at = $5
         from unnest($6::int[], $7::numeric[], $8::boolean[], $9::timestamptz[], $10::varchar[])
           as c(invoice_id, amount, paid, paid_at, reference)
        where i.id = c.invoice_id
       returning i.id
     )
     select (select count(*) from added) + (select count(*) from grown) as allocations,
            (select count(*) from covered) as invoices`,
        values: [
          allocations.map((allocation) => allocation.paymentId),
          allocations.map((allocation) => allocation.invoiceId),
          allocations.map((allocation) => allocation.amount),
          allocations.map((allocation) => allocation.rowId),
          now,
          invoices.map((invoice) => invoice.invoiceId),
          invoices.map((invoice) => invoice.amount),
          invoices.map((invoice) => invoice.paid),
          invoices.map((invoice) => invoice.paidAt),
          invoices.map((invoice) => invoice.reference),
        ],
      },
      alongside,
    ),
  )
  // every row named must have been there (the caller holds them locked): otherwise roll back
  if (
    Number(rows[0]!.allocations) !== allocations.length ||
    Number(rows[0]!.invoices) !== invoices.length
  )
    throw new Error(
      `settlement wrote ${rows[0]!.allocations} of ${allocations.length} allocations and ${rows[0]!.invoices} of ${invoices.length} invoices`,
    )
}

export interface AllocationRow {
  id: string
  payment_id: number
  amount: string
}

/** What payments allocated to an invoice, oldest payment first, locked. */
export async function lockAllocationsTo(sql: Sql, invoiceId: number): Promise<AllocationRow[]> {
  const { rows } = await sql.query<AllocationRow>(
    `select a.id, a._parent_id as payment_id, a.amount from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = $1 order by p.date, p.id for update of a`,
    [invoiceId],
  )
  return rows
}

export async function reduceAllocation(
  sql: Sql,
  allocationId: string,
  by: number,
  whole: boolean,
): Promise<void> {
  if (whole) await sql.query('delete from payments_allocations where id = $1', [allocationId])
  else
    await sql.query('update payments_allocations set amount = amount - $2 where id = $1', [
      allocationId,
      by,
    ])
}

export const uncoverInvoice = (sql: Sql, invoiceId: number, amount: number, now: Date) =>
  affected(
    sql,
    `update invoices set amount_paid = amount_paid - $2, updated_at = $3 where id = $1`,
    [invoiceId, amount, now],
  )

/** The payer's credit in a currency: what its payments have not allocated. */
export async function availableCredit(
  sql: Sql,
  organizationId: number,
  currency: string,
): Promise<number> {
  const { rows } = await sql.query<{ credit: string }>(
    `select coalesce(sum(unallocated), 0)::text as credit from payments where organization_id = $1 and currency = $2`,
    [organizationId, currency],
  )
  return Number(rows[0]!.credit)
}

// ---- Idempotency-Key claims

export interface StoredKey {
  requestHash: string
  paymentId: number | null
  status: number | null
  response: unknown
}

/**
 * Claims the key inside the caller's transaction: `claimed` when this request is the first with
 * it. A concurrent request with the same key waits on the unique key until the first commits
 * (then sees it) or rolls back (then claims it itself): exactly one payment is recorded per key.
 * Given `payerId`, the same statement first takes the payer lock (lockPayer) for the payment;
 * given `answer`, it also reads what the payment's answer populates (answerRelations), as of the
 * statement's start: those rows are not the payment's to change.
 */
export async function claimKey(
  sql: Sql,
  scope: string,
  key: string,
  hash: string,
  { payerId, answer }: { payerId?: number; answer?: AnswerOf } = {},
): Promise<{ claimed: boolean; answer?: AnswerRelations }> {
  if (payerId === undefined) {
    const claimed = await sql.query(
      `insert into payment_idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict (scope, key) do nothing returning key`,
      [scope, key, hash],
    )
    return { claimed: (claimed.rowCount ?? 0) > 0 }
  }
  const claim = `with payer_lock as (select ${payerLockCall('$4')}), claimed as (
       insert into payment_idempotency_keys (scope, key, request_hash)
       select $1, $2, $3 from payer_lock on conflict (scope, key) do nothing returning key
     )`
  if (!answer) {
    const { rows } = await sql.query<{ claimed: boolean }>({
      name: 'payments.lock-payer-and-claim-key',
      text: `${claim} select exists (select from claimed) as claimed`,
      values: [scope, key, hash, payerId],
    })
    return { claimed: rows[0]!.claimed }
  }
  const { rows } = await sql.query<AnswerColumns & { claimed: boolean }>({
    name: 'payments.lock-payer-claim-key-and-answer',
    text: `${claim} select exists (select from claimed) as claimed, ${answerColumns(5)}`,
    values: [scope, key, hash, payerId, answer.organizationId, answer.userId, answer.withParent],
  })
  return { claimed: rows[0]!.claimed, answer: answerRelationsOf(rows[0]) }
}

export async function storedKey(
  sql: Sql,
  scope: string,
  key: string,
): Promise<StoredKey | undefined> {
  const { rows } = await sql.query<{
    request_hash: string
    payment_id: number | null
    status: number | null
    response: unknown
  }>(
    'select request_hash, payment_id, status, response from payment_idempotency_keys where scope = $1 and key = $2',
    [scope, key],
  )
  const row = rows[0]
  return (
    row && {
      requestHash: row.request_hash,
      paymentId: row.payment_id,
      status: row.status,
      response: row.response,
    }
  )
}

/** Records the key's payment and answer (`response`: null when it is stored later, or never). */
export async function completeKey(
  sql: Sql,
  scope: string,
  key: string,
  paymentId: number,
  status: number,
  response: unknown,
): Promise<void> {
  await sql.query(
    'update payment_idempotency_keys set payment_id = $3, status = $4, response = $5 where scope = $1 and key = $2',
    [scope, key, paymentId, status, response === null ? null : JSON.stringify(response)],
  )
}
