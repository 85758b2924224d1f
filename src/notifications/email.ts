import type { Payload } from 'payload'
import { relationId } from '../fields/relationId'
import { localeOr } from '../i18n'
import { invoicePdf } from '../invoicing'
import { invoiceIdOf, loadEvent, noticeFacts } from './events'
import { PermanentNotificationError } from './errors'
import { claimEmailForSending, userLocaleByEmail } from './store'
import { renderEmail } from './templates'
import { awaitsSending, loadDelivery } from './deliveries'

export interface EmailOutcome {
  outcome: 'sent' | 'skipped' | 'already done' | 'gone' | 'interrupted'
}

/**
 * Sends one e-mail delivery: renders its event's notice (with the invoice PDF for an issued
 * invoice) and hands it to Payload's e-mail adapter. A delivery already sent, failed or skipped
 * is left alone, and one left `sending` by an interrupted try is failed, not sent again: a
 * repeated or retried job never sends an e-mail twice. Throws when sending failed (the job
 * records the attempt and retries).
 */
export async function sendEmailDelivery(
  payload: Payload,
  deliveryId: number,
  { attempt }: { attempt: number },
): Promise<EmailOutcome> {
  const delivery = await loadDelivery(payload, 'email-deliveries', deliveryId)
  if (!delivery) return { outcome: 'gone' }
  if (delivery.status === 'sending') {
    // an earlier try claimed it and stopped before recording how the sending went: it may be in the
    // recipient's mailbox already, so it is not sent again on its own
    await payload.update({
      collection: 'email-deliveries',
      id: deliveryId,
      data: {
        status: 'failed',
        lastError:
          'interrupted while sending: it may have been sent; check with the recipient before using Retry',
      },
    })
    return { outcome: 'interrupted' }
  }
  if (!awaitsSending(delivery)) return { outcome: 'already done' }
  const eventId = relationId(delivery.billingEvent)
  const event = eventId ? await loadEvent(payload, eventId) : null
  if (!event)
    throw new PermanentNotificationError(`billing event ${eventId ?? '(none)'} no longer exists`)
  // in the recipient's language: its own as a user, else its organization's
  const facts = await noticeFacts(payload, event)
  const locale = localeOr(
    await userLocaleByEmail(payload, delivery.recipient),
    facts.organization?.locale,
  )
  const rendered = renderEmail(facts, locale)
  if (!rendered) {
    await payload.update({
      collection: 'email-deliveries',
      id: deliveryId,
      data: {
        status: 'skipped',
        attempts: attempt,
        lastAttemptAt: new Date().toISOString(),
        lastError: `no e-mail for ${event.type}`,
      },
    })
    return { outcome: 'skipped' }
  }
  const attachments: { filename: string; content: Buffer; contentType: string }[] = []
  if (event.type === 'invoice.issued') {
    const invoiceId = invoiceIdOf(event)
    if (invoiceId) {
      const pdf = await invoicePdf(payload, invoiceId).catch((error: unknown) => {
        throw new PermanentNotificationError(
          `the PDF of invoice ${invoiceId}: ${error instanceof Error ? error.message : String(error)}`,
        )
      })
      attachments.push({
        filename: pdf.filename,
        content: pdf.data,
        contentType: 'application/pdf',
      })
    }
  }
  // claimed (committed) before the mail server gets it: never sent a second time
  if (!(await claimEmailForSending(payload, deliveryId, attempt)))
    return { outcome: 'already done' }
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
      data: {
        status: 'sent',
        attempts: attempt,
        lastAttemptAt: new Date().toISOString(),
        subject: rendered.subject,
        sentAt: new Date().toISOString(),
        messageId: info?.messageId ?? null,
        lastError: info?.console ? 'written to the server log: SMTP_HOST is not set' : null,
      },
    })
  } catch (error) {
    // sent: whatever went wrong afterwards must not make the job send it again
    throw new PermanentNotificationError(
      `sent (message id ${info?.messageId ?? 'unknown'}), but recording it failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return { outcome: 'sent' }
}
