'use server'

import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { APIError, getPayload } from 'payload'
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

/** The same answer whether or not an account uses the address: nobody learns who has one. */
export async function forgotPasswordAction(
  _previous: ForgotState,
  form: FormData,
): Promise<ForgotState> {
  const email = String(form.get('email') ?? '').trim()
  if (!email) return { error: 'Enter the e-mail address of your account.', email }
  const payload = await getPayload({ config })
  try {
    await sendPasswordEmail(payload, email, {}, clientAddress(await headers()))
  } catch (caught) {
    const limited = caught as { status?: number; retryAfter?: number }
    if (limited.status === 429) {
      return {
        error: `Too many requests: try again in ${Math.ceil((limited.retryAfter ?? 60) / 60)} min.`,
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
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      error: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
      field: 'password',
    }
  }
  if (password !== confirm)
    return { error: 'The two passwords differ: type the same password twice.', field: 'confirm' }
  if (!/^[0-9a-f]{20,128}$/i.test(token)) return { error: 'This link is not valid.', expired: true }
  const payload = await getPayload({ config })
  try {
    await payload.resetPassword({
      collection: 'users',
      data: { token, password },
      overrideAccess: false,
    })
  } catch (caught) {
    if (caught instanceof APIError && caught.status === 403) {
      return { error: 'This link is invalid or has expired, or was used already.', expired: true }
    }
    payload.logger.error({ err: caught }, 'portal: resetting a password failed')
    return { error: 'The password could not be changed right now. Try again in a moment.' }
  }
  redirect('/portal/login?reset=1')
}
