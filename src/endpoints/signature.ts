import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * HMAC-SHA-256 signatures over `${timestamp}.${body}`: the outgoing webhooks sign with them and
 * the inbound payments webhook (src/payments/endpoints.ts) checks them, each in its own header format.
 *
 * The signature of an outgoing webhook: HMAC-SHA-256 with the endpoint's secret over
 * `${timestamp}.${body}` (the exact bytes sent), sent as `X-Signature: t=<unix seconds>,v1=<hex>`.
 * Signing the timestamp lets a receiver refuse replays of an old request.
 */
export const SIGNATURE_HEADER = 'X-Signature'
export const EVENT_ID_HEADER = 'X-Event-Id'

export function signatureOf(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

/** Constant-time: does the hex `candidate` equal the signature of `${timestamp}.${body}`? */
export function hexSignatureMatches(
  secret: string,
  timestamp: number | string,
  body: string,
  candidate: string,
): boolean {
  if (!/^[0-9a-f]+$/i.test(candidate)) return false
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex')
  const given = Buffer.from(candidate, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string }

/**
 * What a receiver does (and what the tests and README example use): the header parses, the
 * timestamp is within `toleranceSeconds` of `nowSeconds`, and one `v1` matches in constant time.
 */
export function verifySignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  { toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: 'no signature header' }
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string?])
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1])
  const candidates = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '')
  if (!Number.isInteger(timestamp) || candidates.length === 0)
    return { valid: false, reason: 'malformed signature header' }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return { valid: false, reason: 'timestamp outside the tolerance' }
  const matches = candidates.some((candidate) =>
    hexSignatureMatches(secret, timestamp, body, candidate),
  )
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'signature does not match' }
}
