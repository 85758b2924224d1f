import { z } from 'zod'
import { addDataAndFileToRequest, type Endpoint } from 'payload'
import { now } from '../clock'
import { isStaff } from '../access/roles'
import { MAX_ROW_ID } from '../db'
import { Forbidden, Invalid, RateLimited, Unauthorized, Unavailable } from '../endpoints/errors'
import { operation } from '../endpoints/operation'
import { PAYMENT_METHODS } from '../ledger'
import { hexSignatureMatches, signatureOf } from '../endpoints/signature'
import { hit, rateLimits, requestAddress } from '../operations'
import { WebhookRefused } from './errors'
import { recordPayment } from './record'

/** Headers of the inbound webhook (README: "Payments, ledger, credit notes"). */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-timestamp'
export const WEBHOOK_SIGNATURE_HEADER = 'x-signature'
/** Deliveries older (or further in the future) than this are refused as replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60

const depthOf = (value: unknown) => {
  const depth = Number(value)
  return Number.isInteger(depth) && depth >= 0 && depth <= 10 ? depth : undefined
}

/**
 * POST /api/payments, in place of Payload's create (a collection endpoint at `/` comes first):
 * the same create, plus the Idempotency-Key. The admin's create form posts here too (multipart
 * `_payload`), and GraphQL's createPayment runs the same collection hooks.
 */
const create = operation({
  path: '/',
  method: 'post',
  // its own gate, for messages that say who records payments; the body is Payload's (JSON or the admin's multipart)
  access: 'public',
  handler: async (req) => {
    if (!req.user)
      throw new Unauthorized('Log in first (a JWT or an API key of an admin or accountant).')
    if (!isStaff(req.user)) throw new Forbidden('Only an admin or an accountant records payments.')
    if (req.data === undefined) await addDataAndFileToRequest(req)
    const data = (req.data ?? {}) as Record<string, unknown>
    const key = req.headers.get('idempotency-key')?.trim()
    if (key !== undefined && (key.length === 0 || key.length > 255))
      throw new Invalid('Idempotency-Key', 'Idempotency-Key: 1 to 255 characters')
    const recorded = await recordPayment(req, data, {
      depth: depthOf(req.query?.depth),
      idempotency: key ? { scope: `user:${req.user.id}`, key } : undefined,
    })
    return Response.json(recorded.body, {
      status: recorded.status,
      headers: recorded.replayed ? { 'idempotent-replayed': 'true' } : {},
    })
  },
})

const webhookBody = z.object({
  id: z.string().min(1).max(200),
  organization: z.number().int().positive().max(MAX_ROW_ID, 'no such organization'),
  amount: z.number().int().positive(),
  currency: z.string().length(3),
  date: z.string().datetime({ offset: true }).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  reference: z.string().max(200).optional(),
})

/** Constant-time comparison of the hex signature (with or without a `sha256=` prefix). */
export function signatureMatches(
  secret: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  return hexSignatureMatches(secret, timestamp, rawBody, signature.trim().replace(/^sha256=/i, ''))
}

/** What a provider sends: `X-Signature: sha256=<hex HMAC-SHA-256 of "<timestamp>.<raw body>">`. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${signatureOf(secret, timestamp, rawBody)}`
}

/**
 * POST /api/payments/webhook: a payment from a provider or bank, signed with the shared secret
 * PAYMENTS_WEBHOOK_SECRET, recorded through the same path as every payment and idempotent on
 * the provider's event id (`id`).
 */
const webhook = operation({
  path: '/webhook',
  method: 'post',
  // authenticated by its signature; the body is read raw, for the signature, and checked below
  access: 'public',
  handler: async (req) => {
    const address = requestAddress(req)
    if (address) {
      const limit = rateLimits.perAddress()
      const wait = await hit(req.payload, `payments-webhook:address:${address}`, limit)
      if (wait !== null)
        throw new RateLimited(`Too many ${limit.name}: try again in ${wait} s.`, wait)
    }
    const secret = process.env.PAYMENTS_WEBHOOK_SECRET
    if (!secret)
      throw new Unavailable(
        'The payments webhook is not configured (PAYMENTS_WEBHOOK_SECRET is unset).',
      )
    const rawBody = req.text ? await req.text() : ''
    const timestamp = req.headers.get(WEBHOOK_TIMESTAMP_HEADER) ?? ''
    const signature = req.headers.get(WEBHOOK_SIGNATURE_HEADER) ?? ''
    if (!/^\d{1,12}$/.test(timestamp))
      throw new WebhookRefused(
        'X-Timestamp: the delivery time in Unix seconds is required',
        'X-Timestamp',
      )
    if (!signature || !signatureMatches(secret, timestamp, rawBody, signature)) {
      throw new WebhookRefused('X-Signature does not match the body and timestamp', 'X-Signature')
    }
    const age = Math.abs(now().getTime() / 1000 - Number(timestamp))
    if (age > WEBHOOK_TOLERANCE_SECONDS)
      throw new WebhookRefused(
        'X-Timestamp is more than 5 minutes away from now: replay refused',
        'X-Timestamp',
      )
    let body: unknown
    try {
      body = JSON.parse(rawBody)
    } catch {
      throw new Invalid('body', 'body: not JSON')
    }
    const parsed = webhookBody.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const field = issue.path.join('.')
      throw new Invalid(field || 'body', `${field || 'body'}: ${issue.message}`)
    }
    const { id, ...payment } = parsed.data
    const recorded = await recordPayment(
      req,
      { method: 'other', ...payment },
      { overrideAccess: true, depth: 0, idempotency: { scope: 'webhook', key: id } },
    )
    return { received: true, duplicate: recorded.replayed, payment: recorded.body.doc.id }
  },
})

export const paymentEndpoints: Endpoint[] = [create, webhook]
