import type { PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'
import type { Payment } from '../payload-types'
import { relationId } from '../fields/relationId'
import { isRowId, poolOf, withTransaction, type Sql } from '../db'
import { populateAnswer, populatesOwnAnswer } from './answer'
import { IdempotencyConflict } from './errors'
import { PAY_INVOICE_FIRST, PAYER_LOCKED, userId } from './hooks'
import { requestHash } from './idempotency'
import { claimKey, completeKey, storedKey, type AnswerRelations } from './store'

export interface RecordPaymentOptions {
  /** The webhook is authenticated by its signature, not a user. */
  overrideAccess?: boolean
  /** `scope` keeps callers' keys apart: `user:<id>` for the REST API, `webhook` for providers. */
  idempotency?: { scope: string; key: string }
  depth?: number
  /** Cover this invoice before the oldest ones (Record payment on an invoice). */
  payInvoiceFirst?: number
}

/** Thrown inside the claim's transaction to roll it back when another request holds the key. */
class KeyTaken extends Error {}

export interface RecordedPayment {
  status: number
  body: { doc: Payment; message: string }
  replayed: boolean
}

/**
 * The one way a payment is recorded outside Payload's own create: the Idempotency-Key claim and
 * the payment commit together, and the payment itself goes through the `payments` collection's
 * create (the same hooks as the admin and GraphQL: payer and currency checks, ledger credit,
 * allocation, events). Same key and body: the first answer again, nothing new recorded; same key
 * and another body: 409.
 */
export async function recordPayment(
  req: PayloadRequest,
  data: Record<string, unknown>,
  options: RecordPaymentOptions = {},
): Promise<RecordedPayment> {
  const message = req.t
    ? req.t('general:successfullyCreated', { label: 'Payment' })
    : 'Payment successfully created.'
  const overrideAccess = options.overrideAccess ?? false
  const depth = options.depth ?? req.payload.config.defaultDepth
  // the answer's payer and createdBy come from one query of ours where that gives what Payload would
  const ownAnswer = populatesOwnAnswer(req, depth, overrideAccess)
  // the payer's lock is taken with the claim (one round trip); the checks read after it
  const payer = relationId(data.organization)
  const payerId = payer !== undefined && isRowId(payer) ? payer : undefined
  const create = async (
    sql: Sql,
    context: Record<string, unknown> = {},
    related?: AnswerRelations,
  ) => {
    const doc = (await req.payload.create({
      collection: 'payments',
      // what a client sent: the collection's fields and hooks check it
      data: data as RequiredDataFromCollectionSlug<'payments'>,
      req,
      user: req.user,
      overrideAccess,
      depth: ownAnswer ? 0 : options.depth,
      context:
        options.payInvoiceFirst !== undefined
          ? { ...context, [PAY_INVOICE_FIRST]: options.payInvoiceFirst }
          : context,
    })) as Payment
    // what the claim read for the answer is about this payer; a payment of another is answered alone
    const read = related && relationId(doc.organization) === payerId ? related : undefined
    return ownAnswer ? populateAnswer(sql, doc, depth, read) : doc
  }
  const { idempotency } = options
  if (!idempotency) {
    const doc = await withTransaction(req, ({ sql }) => create(sql))
    return { status: 201, body: { doc, message }, replayed: false }
  }

  const hash = requestHash(data)
  // the answer is stored with the payment, in its transaction, when this call owns it; a caller's
  // transaction may still change the payment after this answer, so then a replay reads it again
  const owns = !(await req.transactionID)
  let body: RecordedPayment['body']
  try {
    body = await withTransaction(req, async ({ sql }) => {
      const claim = await claimKey(sql, idempotency.scope, idempotency.key, hash, {
        payerId,
        // the answer's relations come with the claim (one round trip less)
        answer:
          ownAnswer && payerId !== undefined
            ? { organizationId: payerId, userId: userId(req), withParent: depth >= 2 }
            : undefined,
      })
      if (!claim.claimed) throw new KeyTaken()
      const created = await create(
        sql,
        payerId === undefined ? {} : { [PAYER_LOCKED]: payerId },
        claim.answer,
      )
      const answer = { doc: created, message }
      await completeKey(
        sql,
        idempotency.scope,
        idempotency.key,
        created.id,
        201,
        owns ? answer : null,
      )
      return answer
    })
  } catch (error) {
    if (error instanceof KeyTaken) return replay(req, idempotency, hash, message, options.depth)
    throw error
  }
  return { status: 201, body, replayed: false }
}

async function replay(
  req: PayloadRequest,
  idempotency: { scope: string; key: string },
  hash: string,
  message: string,
  depth?: number,
): Promise<RecordedPayment> {
  const stored = await storedKey(poolOf(req.payload), idempotency.scope, idempotency.key)
  if (!stored || stored.paymentId === null)
    throw new IdempotencyConflict(
      `Idempotency-Key ${idempotency.key} is being used by a request that has not finished; retry.`,
    )
  if (stored.requestHash !== hash) {
    throw new IdempotencyConflict(
      `Idempotency-Key ${idempotency.key} was already used with a different body: use a new key for a new payment.`,
    )
  }
  if (stored.response)
    return {
      status: stored.status ?? 201,
      body: stored.response as RecordedPayment['body'],
      replayed: true,
    }
  const doc = (await req.payload.findByID({
    collection: 'payments',
    id: stored.paymentId,
    depth,
    overrideAccess: true,
    req,
  })) as Payment
  return { status: stored.status ?? 201, body: { doc, message }, replayed: true }
}
