import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type { SecretRing } from '../../config/serverSecret'

/**
 * Secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server secret and a
 * purpose label (`info`), so each use has its own key. Used for a password on its way to Watcher
 * (a job's input in the database never holds the plain text, DESIGN.md section 4) and for webhook
 * endpoint secrets (src/notifications/secretBox.ts).
 *
 * Format `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts; the `v2.<key id>` prefix is
 * authenticated too): the key id names the server secret that sealed the value, so that after
 * PAYLOAD_SECRET changes a value is opened with the right one of the current and the previous
 * secret, and the re-seal step (src/secrets) finds what is still sealed with the previous one.
 * Values of the first format, `v1.<iv>.<tag>.<ciphertext>` (no key id), still open: each secret
 * is tried, the current one first.
 */
const PASSWORD_INFO = 'watcher-billing/job-password/v1'
const KEY_ID_INFO = 'watcher-billing/key-id'

/** One secret, or the current one with the one being rotated out. */
export type Secrets = string | SecretRing

/** The secrets to try, the current one first. */
export function secretsOf(secrets: Secrets): string[] {
  if (typeof secrets === 'string') return [secrets]
  return secrets.previous && secrets.previous !== secrets.current
    ? [secrets.current, secrets.previous]
    : [secrets.current]
}

const currentOf = (secrets: Secrets): string =>
  typeof secrets === 'string' ? secrets : secrets.current

/**
 * A short public name of a secret: the first 8 hex digits of HMAC-SHA-256(secret, label). It tells
 * two secrets apart without revealing anything usable about them.
 */
export function keyIdOf(secret: string): string {
  if (!secret) throw new Error('the server secret is empty')
  return createHmac('sha256', secret).update(KEY_ID_INFO, 'utf8').digest('hex').slice(0, 8)
}

function keyFrom(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32))
}

/** Seals with the current secret (the first of `secrets`). */
export function seal(plain: string, secrets: Secrets, info: string): string {
  const secret = currentOf(secrets)
  const header = `v2.${keyIdOf(secret)}`
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, info), iv)
  cipher.setAAD(Buffer.from(header, 'utf8'))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [
    header,
    ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')),
  ].join('.')
}

function decrypt(
  secret: string,
  info: string,
  iv: string,
  tag: string,
  body: string,
  aad: string | null,
): string | null {
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyFrom(secret, info),
      Buffer.from(iv, 'base64url'),
    )
    if (aad !== null) decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    return null
  }
}

export interface Opened {
  plain: string
  /** The secret that opened it. */
  secret: string
  /** It was sealed with the current secret, in the current format: nothing to re-seal. */
  current: boolean
}

/** The plain text and the secret that opened it, or null when none of `secrets` opens it. */
export function openSealed(
  sealed: string | null | undefined,
  secrets: Secrets,
  info: string,
): Opened | null {
  const parts = (sealed ?? '').split('.')
  const current = currentOf(secrets)
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, keyId, iv, tag, body] = parts as [string, string, string, string, string]
    if (!iv || !tag) return null
    for (const secret of secretsOf(secrets)) {
      if (keyIdOf(secret) !== keyId) continue
      const plain = decrypt(secret, info, iv, tag, body, `v2.${keyId}`)
      if (plain !== null) return { plain, secret, current: secret === current }
    }
    return null
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv, tag, body] = parts as [string, string, string, string]
    if (!iv || !tag) return null
    for (const secret of secretsOf(secrets)) {
      const plain = decrypt(secret, info, iv, tag, body, null)
      if (plain !== null) return { plain, secret, current: false }
    }
  }
  return null
}

/** The plain text, or null when the value was not sealed with one of these secrets and this purpose. */
export function open(
  sealed: string | null | undefined,
  secrets: Secrets,
  info: string,
): string | null {
  return openSealed(sealed, secrets, info)?.plain ?? null
}

/** The key id a value was sealed under; null for the first format (no key id) and for garbage. */
export function sealedKeyId(sealed: string | null | undefined): string | null {
  const parts = (sealed ?? '').split('.')
  return parts[0] === 'v2' && parts.length === 5 ? (parts[1] ?? null) : null
}

export type Resealed =
  | { outcome: 'current'; value: string }
  | { outcome: 'resealed'; value: string }
  | { outcome: 'unreadable' }

/**
 * The value sealed with the current secret: unchanged when it already is, sealed again when one
 * of the other secrets opens it, `unreadable` when none does (the value is then left as it is).
 */
export function reseal(sealed: string, secrets: Secrets, info: string): Resealed {
  const opened = openSealed(sealed, secrets, info)
  if (!opened) return { outcome: 'unreadable' }
  if (opened.current) return { outcome: 'current', value: sealed }
  return { outcome: 'resealed', value: seal(opened.plain, secrets, info) }
}

export const sealPassword = (plain: string, secrets: Secrets): string =>
  seal(plain, secrets, PASSWORD_INFO)

/** The plain password, or null when the value was not sealed with one of these secrets. */
export const openPassword = (sealed: string, secrets: Secrets): string | null =>
  open(sealed, secrets, PASSWORD_INFO)

/** A queued job password sealed with the current secret (see `reseal`). */
export const resealPassword = (sealed: string, secrets: Secrets): Resealed =>
  reseal(sealed, secrets, PASSWORD_INFO)
