import nodemailer, { type Transporter } from 'nodemailer'
import type { PayloadEmailAdapter as EmailAdapter, SendEmailOptions } from 'payload'

/**
 * Payload's e-mail adapter, on nodemailer. With `SMTP_HOST` set, mail goes out over SMTP
 * (`SMTP_PORT`, default 587; `SMTP_SECURE=true` for implicit TLS, usually port 465; `SMTP_USER`
 * and `SMTP_PASSWORD` when the server wants a login). Without it, every message is written to the
 * log instead (sender, recipients, subject, text and attachment names), so a fresh install can
 * follow a password reset without a mail server.
 *
 * The settings are read when a message is sent, not at start, so a test can point billing at an
 * SMTP server it started. `@payloadcms/email-nodemailer` is not used: it has no release matching
 * the pinned Payload version, and the adapter interface is these few lines.
 */
export interface SmtpSettings {
  host: string
  port: number
  secure: boolean
  user?: string
  password?: string
}

export function smtpSettings(
  env: Record<string, string | undefined> = process.env,
): SmtpSettings | undefined {
  const host = env.SMTP_HOST?.trim()
  if (!host) return undefined
  const secure = env.SMTP_SECURE === 'true'
  const port = Number(env.SMTP_PORT ?? (secure ? 465 : 587))
  if (!Number.isInteger(port) || port <= 0 || port > 65_535)
    throw new Error(`SMTP_PORT is not a port: ${env.SMTP_PORT}`)
  return {
    host,
    port,
    secure,
    user: env.SMTP_USER || undefined,
    password: env.SMTP_PASSWORD || undefined,
  }
}

export const defaultFrom = (env: Record<string, string | undefined> = process.env) => ({
  address: env.EMAIL_FROM?.trim() || 'billing@localhost',
  name: env.EMAIL_FROM_NAME?.trim() || 'Watcher Billing',
})

let cached: { key: string; transport: Transporter } | undefined

function smtpTransport(settings: SmtpSettings): Transporter {
  const key = JSON.stringify(settings)
  if (cached?.key !== key) {
    cached?.transport.close()
    cached = {
      key,
      transport: nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
        // a local relay without a certificate is common in small installations
        tls: { rejectUnauthorized: process.env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false' },
      }),
    }
  }
  return cached.transport
}

/**
 * A readable text of an HTML-only message (Payload's own auth e-mails have no text part), for the
 * console transport: links keep their address so that a reset link can be followed from the log.
 */
export function htmlAsText(html: string): string {
  return html
    .replace(
      /<a\b[^>]*href=["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi,
      (_, href: string, label: string) => `${label.replace(/<[^>]+>/g, '').trim()} (${href})`,
    )
    .replace(/<(br|\/p|\/div|\/h\d|\/li|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const listOf = (value: SendEmailOptions['to']): string =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .map((entry) => (typeof entry === 'string' ? entry : entry.address))
    .join(', ')

export const emailAdapter =
  (): EmailAdapter =>
  ({ payload }) => {
    const from = defaultFrom()
    return {
      name: 'nodemailer',
      defaultFromAddress: from.address,
      defaultFromName: from.name,
      async sendEmail(message) {
        const settings = smtpSettings()
        const complete = {
          ...message,
          from: message.from ?? { address: from.address, name: from.name },
        }
        if (settings) return smtpTransport(settings).sendMail(complete)
        const attachments = (message.attachments ?? []).map(
          (attachment) => attachment.filename ?? 'attachment',
        )
        payload.logger.info(
          [
            `e-mail (console transport; set SMTP_HOST to send it) to ${listOf(message.to)}: ${message.subject ?? ''}`,
            typeof message.text === 'string'
              ? message.text
              : typeof message.html === 'string'
                ? htmlAsText(message.html)
                : '',
            attachments.length > 0 ? `attachments: ${attachments.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        )
        return { accepted: listOf(message.to), console: true }
      },
    }
  }
