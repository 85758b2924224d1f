import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server secret and a
 * purpose label (`info`), so each use has its own key. Format: `v1.<iv>.<tag>.<ciphertext>`,
 * base64url parts. Used for a password on its way to Watcher (a job's input in the database never
 * holds the plain text, DESIGN.md section 4) and for webhook endpoint secrets (src/notifications/secretBox.ts).
 */
const PASSWORD_INFO = 'watcher-billing/job-password/v1'

function keyFrom(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32))
}

export function seal(plain: string, secret: string, info: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, info), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
}

/** The plain text, or null when the value was not sealed with this secret and purpose. */
export function open(sealed: string | null | undefined, secret: string, info: string): string | null {
  const [version, iv, tag, body] = (sealed ?? '').split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret, info), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

export const sealPassword = (plain: string, secret: string): string => seal(plain, secret, PASSWORD_INFO)

/** The plain password, or null when the value was not sealed with this secret. */
export const openPassword = (sealed: string, secret: string): string | null => open(sealed, secret, PASSWORD_INFO)
