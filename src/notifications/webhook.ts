import type { Payload } from 'payload'
import { relationId } from '../fields/relationId'
import { PermanentNotificationError, WebhookHttpError } from './errors'
import { loadEvent, webhookBody } from './events'
import { openSecret } from './secretBox'
import { webhookEndpointForSending } from './store'
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from '../endpoints/signature'
import { awaitsSending, loadDelivery } from './deliveries'

export interface WebhookOutcome {
  outcome: 'delivered' | 'cancelled' | 'already done' | 'gone'
  httpStatus?: number
}

/** Reads at most `limit` characters of a response body, for the log; never throws. */
async function snippet(response: Response, limit = 200): Promise<string> {
  try {
    return (await response.text()).replace(/\s+/g, ' ').trim().slice(0, limit)
  } catch {
    return ''
  }
}

/**
 * Sends one webhook delivery: POSTs the event's JSON to the endpoint, signed with its secret over
 * the timestamp and the exact body. A 2xx answer delivers it; anything else (another status, a
 * timeout, a refused connection) throws so that the job retries with backoff. A delivery already
 * delivered, failed or cancelled is left alone, and an endpoint deleted or switched off meanwhile
 * cancels it.
 */
export async function sendWebhookDelivery(
  payload: Payload,
  deliveryId: number,
  {
    attempt,
    timeoutMs,
    onResponse,
  }: { attempt: number; timeoutMs: number; onResponse?: (status: number) => void },
): Promise<WebhookOutcome> {
  const delivery = await loadDelivery(payload, 'webhook-deliveries', deliveryId)
  if (!delivery) return { outcome: 'gone' }
  if (!awaitsSending(delivery)) return { outcome: 'already done' }
  const endpointId = relationId(delivery.endpoint)
  const endpoint = endpointId ? await webhookEndpointForSending(payload, endpointId) : undefined
  if (!endpoint || endpoint.active === false) {
    await payload.update({
      collection: 'webhook-deliveries',
      id: deliveryId,
      data: {
        status: 'cancelled',
        attempts: attempt,
        lastAttemptAt: new Date().toISOString(),
        lastError: endpoint ? 'the endpoint was switched off' : 'the endpoint was deleted',
        nextAttemptAt: null,
      },
    })
    return { outcome: 'cancelled' }
  }
  const secret = openSecret(endpoint.secret_sealed)
  if (!secret)
    throw new PermanentNotificationError(
      'the endpoint secret cannot be read (was PAYLOAD_SECRET changed? set a new secret on the endpoint)',
    )
  const eventId = relationId(delivery.billingEvent)
  const event = eventId ? await loadEvent(payload, eventId) : null
  if (!event)
    throw new PermanentNotificationError(`billing event ${eventId ?? '(none)'} no longer exists`)
  const body = webhookBody(event)
  const timestamp = Math.floor(Date.now() / 1000)
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Watcher-Billing-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
      [EVENT_ID_HEADER]: event.eventId,
      'X-Event-Type': event.type,
    },
    body,
    redirect: 'manual', // a redirect is not a delivery: the receiver's URL should be fixed instead
    signal: AbortSignal.timeout(timeoutMs),
  })
  onResponse?.(response.status)
  if (response.status < 200 || response.status >= 300)
    throw new WebhookHttpError(response.status, await snippet(response))
  await response.body?.cancel().catch(() => undefined)
  await payload.update({
    collection: 'webhook-deliveries',
    id: deliveryId,
    data: {
      status: 'delivered',
      attempts: attempt,
      lastAttemptAt: new Date().toISOString(),
      lastHttpStatus: response.status,
      deliveredAt: new Date().toISOString(),
      lastError: null,
      nextAttemptAt: null,
    },
  })
  return { outcome: 'delivered', httpStatus: response.status }
}
