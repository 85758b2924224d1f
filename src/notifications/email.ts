import type { Payload } from 'payload'
import { relationId } from '../fields/relationId'
import { poolOf } from '../db/pool'
import { invoicePdf } from '../invoicing'
import { invoiceIdOf, loadEvent, noticeFacts } from './events'
import { PermanentNotificationError } from './errors'
import { renderEmail } from './templates'

export interface EmailOutcome {
  outcome: 'sent' | 'skipped' | 'already done' | 'gone' | 'interrupted'
}

interface EmailDeliveryRow {
  id: number
  status: string
  recipient: string
  billingEvent: number | { id: number } | null
}

/**
 * Sends one e-mail delivery: renders its event's notice (with the invoice PDF for an issued
 * invoice) and hands it to Payload's e-mail adapter. A delivery already sent, failed or skipped
 * is left alone, and one left `sending` by an interrupted try is failed, not sent again: a
 * repeated or retried job never sends an e-mail twice. Throws when sending failed (the job
 * records the attempt and retries).
 */
export async function sendEmailDelivery(payload: Payload, deliveryId: number, { attempt }: { attempt: number }): Promise<EmailOutcome> {
  const delivery = (await payload.findByID({ collection: 'email-deliveries', id: deliveryId, depth: 0, disableErrors: true } as never)) as EmailDeliveryRow | null
  if (!delivery) return { outcome: 'gone' }
  if (delivery.status === 'sending') {
    // an earlier try claimed it and stopped before recording how the sending went: it may be in the
    // recipient's mailbox already, so it is not sent again on its own
    await payload.update({
      collection: 'email-deliveries',
      id: deliveryId,
      data: { status: 'failed', lastError: 'interrupted while sending: it may have been sent; check with the recipient before using Retry' },
    } as never)
    return { outcome: 'interrupted' }
  }
  if (delivery.status !== 'pending' && delivery.status !== 'retrying') return { outcome: 'already done' }
  const eventId = relationId(delivery.billingEvent)
  const event = eventId ? await loadEvent(payload, eventId) : null
  if (!event) throw new PermanentNotificationError(`billing event ${eventId ?? '(none)'} no longer exists`)
  const rendered = renderEmail(await noticeFacts(payload, event))
  if (!rendered) {
    await payload.update({ collection: 'email-deliveries', id: deliveryId, data: { status: 'skipped', attempts: attempt, lastAttemptAt: new Date().toISOString(), lastError: `no e-mail for ${event.type}` } } as never)
    return { outcome: 'skipped' }
  }
  const attachments: { filename: string; content: Buffer; contentType: string }[] = []
  if (event.type === 'invoice.issued') {
    const invoiceId = invoiceIdOf(event)
    if (invoiceId) {
      const pdf = await invoicePdf(payload, invoiceId).catch((error: unknown) => {
        throw new PermanentNotificationError(`the PDF of invoice ${invoiceId}: ${error instanceof Error ? error.message : String(error)}`)
      })
      attachments.push({ filename: pdf.filename, content: pdf.data, contentType: 'application/pdf' })
    }
  }
  // claimed (committed) before the mail server gets it: a retry after a crash past this point
  // finds `sending` and does not send it a second time
  const claimed = await poolOf(payload).query(
    `update email_deliveries set status = 'sending', attempts = $2, last_attempt_at = now(), updated_at = now()
      where id = $1 and status in ('pending', 'retrying')`,
    [deliveryId, attempt],
  )
  if (!claimed.rowCount) return { outcome: 'already done' }
  const info = (await payload.sendEmail({
    to: delivery.recipient,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments,
    headers: { 'X-Event-Id': event.eventId, 'X-Event-Type': event.type },
  })) as { messageId?: string; console?: boolean } | undefined
  try {
    await payload.update({
      collection: 'email-deliveries',
      id: deliveryId,
      data: { status: 'sent', attempts: attempt, lastAttemptAt: new Date().toISOString(), subject: rendered.subject, sentAt: new Date().toISOString(), messageId: info?.messageId ?? null, lastError: info?.console ? 'written to the server log: SMTP_HOST is not set' : null },
    } as never)
  } catch (error) {
    // sent: whatever went wrong afterwards must not make the job send it again
    throw new PermanentNotificationError(`sent (message id ${info?.messageId ?? 'unknown'}), but recording it failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  return { outcome: 'sent' }
}
