import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'
import { sealPassword } from '../secrets'

const KEY = 'watcherSealedPasswords'

type Sealed = Record<string, string>

/**
 * Users, before the write: a password set by this request is sealed at once (AES-256-GCM) and
 * kept in the request context, keyed by login, until the sync job is queued. The plain text is
 * never stored or logged by billing; Payload itself keeps only its hash.
 */
export const capturePassword: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const password = (data as { password?: unknown }).password
  const login =
    (data as { login?: string }).login ?? (originalDoc as { login?: string } | undefined)?.login
  if (typeof password === 'string' && password.length > 0 && login) {
    const sealed = ((req.context[KEY] as Sealed | undefined) ??= {})
    sealed[login] = sealPassword(password, req.payload.secret)
  }
  return data
}

export function takeSealedPassword(
  req: PayloadRequest,
  doc: { login?: string },
): string | undefined {
  const sealed = req.context[KEY] as Sealed | undefined
  if (!sealed || !doc.login) return undefined
  const value = sealed[doc.login]
  delete sealed[doc.login]
  return value
}
