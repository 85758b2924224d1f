'use server'

import config from '@payload-config'
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { AuthenticationError, getPayload, LockedAuth, UnverifiedEmail } from 'payload'
import { localeOr, messages } from '../i18n'
import { CLIENT_ADDRESS, clientAddress } from '../operations'
import { safeNext } from './session'
import { signInEmail } from './signInName'

export interface LoginState {
  error?: string
  email?: string
}

async function isHttps(): Promise<boolean> {
  const incoming = await headers()
  const forwarded = incoming.get('x-forwarded-proto')?.split(',')[0]?.trim()
  if (forwarded) return forwarded === 'https'
  return (process.env.SERVER_URL ?? '').startsWith('https://')
}

/** Signs in through Payload and sets the same `payload-token` cookie the admin and API use. */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get('email') ?? '').trim()
  const password = String(form.get('password') ?? '')
  // the language of the sign-in page (its hidden `locale`: the browser's)
  const t = messages(localeOr(form.get('locale'))).portal.errors
  if (!email || !password) return { error: t.signInMissing, email }
  const payload = await getPayload({ config })
  let token: string | undefined
  let exp: number | undefined
  try {
    const result = await payload.login({
      collection: 'users',
      data: { email: await signInEmail(payload, email), password },
      // the rate limits of sign-ins count per client address too (hooks/limitSignInAttempts.ts)
      context: { [CLIENT_ADDRESS]: clientAddress(await headers()) },
    })
    token = result.token
    exp = result.exp
  } catch (caught) {
    // instanceof, not the class name: the production bundle renames classes
    const retryAfter =
      (caught as { status?: number; retryAfter?: number }).status === 429
        ? (caught as { retryAfter?: number }).retryAfter
        : undefined
    if (retryAfter !== undefined) {
      return { error: t.tooManyAttempts({ minutes: Math.ceil(retryAfter / 60) }), email }
    }
    if (caught instanceof LockedAuth) {
      return { error: t.accountLocked, email }
    }
    if (caught instanceof AuthenticationError) return { error: t.wrongCredentials, email }
    if (caught instanceof UnverifiedEmail) return { error: t.verifyEmail, email }
    payload.logger.error({ err: caught }, 'portal sign-in failed')
    return { error: t.signInUnavailable, email }
  }
  if (!token) return { error: t.signInFailed, email }
  const store = await cookies()
  store.set(`${payload.config.cookiePrefix || 'payload'}-token`, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: await isHttps(),
    ...(exp ? { expires: new Date(exp * 1000) } : {}),
  })
  redirect(safeNext(form.get('next')))
}
