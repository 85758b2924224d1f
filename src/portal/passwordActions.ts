'use server'

import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { APIError, getPayload } from 'payload'
import { localeOr, messages } from '../i18n'
import { clientAddress } from '../operations'
import { sendPasswordEmail } from './members'
import { MIN_PASSWORD_LENGTH } from './memberOptions'

export interface ForgotState {
  sent?: boolean
  error?: string
  email?: string
}

export interface ResetState {
  error?: string
  field?: 'password' | 'confirm'
  expired?: boolean
}

/**
 * The errors in the language of the page the form was shown on (its hidden `locale`: before
 * sign-in, the browser's language as the page took it from Accept-Language).
 */
const errorMessages = (form: FormData) => messages(localeOr(form.get('locale'))).portal.errors

/** The same answer whether or not an account uses the address: nobody learns who has one. */
export async function forgotPasswordAction(
  _previous: ForgotState,
  form: FormData,
): Promise<ForgotState> {
  const email = String(form.get('email') ?? '').trim()
  const t = errorMessages(form)
  if (!email) return { error: t.emailMissing, email }
  const payload = await getPayload({ config })
  try {
    await sendPasswordEmail(payload, email, {}, clientAddress(await headers()))
  } catch (caught) {
    const limited = caught as { status?: number; retryAfter?: number }
    if (limited.status === 429) {
      return {
        error: t.tooManyRequests({ minutes: Math.ceil((limited.retryAfter ?? 60) / 60) }),
        email,
      }
    }
    payload.logger.error({ err: caught }, 'portal: the forgotten-password e-mail failed')
  }
  return { sent: true, email }
}

/** Payload's resetPassword operation with the e-mailed token; the sync hook takes the password to Watcher. */
export async function resetPasswordAction(
  _previous: ResetState,
  form: FormData,
): Promise<ResetState> {
  const token = String(form.get('token') ?? '')
  const password = String(form.get('password') ?? '')
  const confirm = String(form.get('confirm') ?? '')
  const t = errorMessages(form)
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { error: t.newPasswordTooShort({ min: MIN_PASSWORD_LENGTH }), field: 'password' }
  }
  if (password !== confirm) return { error: t.passwordsDiffer, field: 'confirm' }
  if (!/^[0-9a-f]{20,128}$/i.test(token)) return { error: t.linkInvalid, expired: true }
  const payload = await getPayload({ config })
  try {
    await payload.resetPassword({
      collection: 'users',
      data: { token, password },
      overrideAccess: false,
    })
  } catch (caught) {
    if (caught instanceof APIError && caught.status === 403) {
      return { error: t.linkExpired, expired: true }
    }
    payload.logger.error({ err: caught }, 'portal: resetting a password failed')
    return { error: t.passwordNotChanged }
  }
  redirect('/portal/login?reset=1')
}
