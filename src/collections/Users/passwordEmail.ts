import type { PayloadRequest } from 'payload'
import { publicServerUrl } from '../../config/serverUrl'

/**
 * The forgotten-password e-mail of Payload's auth flow, pointing at the subscriber portal's
 * reset page. It carries the one-time token only, never a password. The same message, worded as
 * an invitation, lets a new user choose its first password (see src/portal/members.ts).
 */

/** What a caller of payload.forgotPassword may put in `context` to shape the e-mail. */
export interface PasswordEmailContext {
  /** Set for a new user invited by a member of an organization. */
  invitation?: { organization: string; invitedBy: string }
}

export const PASSWORD_EMAIL_CONTEXT = 'passwordEmail'

/** An invitation's link lasts a week; a forgotten-password link Payload's default hour. */
export const INVITATION_EXPIRATION_MS = 7 * 24 * 3600 * 1000

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

function emailContext(req: PayloadRequest): PasswordEmailContext {
  return (req.context?.[PASSWORD_EMAIL_CONTEXT] as PasswordEmailContext | undefined) ?? {}
}

/** The portal's reset page with the token, on SERVER_URL (never on the request's host). */
export function resetPasswordUrl(token: string): string {
  return `${publicServerUrl()}/portal/reset-password?token=${encodeURIComponent(token)}`
}

export function passwordEmailSubject(args?: { req?: PayloadRequest }): string {
  const invitation = args?.req ? emailContext(args.req).invitation : undefined
  return invitation
    ? `You are invited to ${invitation.organization} on Watcher Billing`
    : 'Reset your Watcher Billing password'
}

export function passwordEmailHtml(args?: {
  req?: PayloadRequest
  token?: string
  user?: unknown
}): string {
  const { req, token, user } = args ?? {}
  if (!req || !token) return ''
  const url = escapeHtml(resetPasswordUrl(token))
  const login = escapeHtml(String((user as { login?: string } | undefined)?.login ?? ''))
  const invitation = emailContext(req).invitation
  const intro = invitation
    ? `<p>${escapeHtml(invitation.invitedBy)} added you to <strong>${escapeHtml(invitation.organization)}</strong>. Your login is <strong>${login}</strong> (the same in Watcher). Choose your password to start:</p>`
    : `<p>Someone asked to reset the password of the Watcher Billing account <strong>${login}</strong>. To choose a new password (it also becomes your Watcher password), open:</p>`
  const outro = invitation
    ? '<p>The link works for 7 days. When it has expired, use “Forgot your password?” on the sign-in page.</p>'
    : '<p>The link works for one hour. If you did not ask for this, ignore this message: your password stays as it is.</p>'
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${intro}<p><a href="${url}">${url}</a></p>${outro}</body></html>`
}
