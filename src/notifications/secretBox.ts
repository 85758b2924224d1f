import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { serverSecret } from '../config/serverSecret'

/**
 * Webhook endpoint secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the
 * server secret, so the database never holds the signing secret in plain text.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
const INFO = 'watcher-billing/webhook-endpoint-secret/v1'

const keyFrom = (secret: string) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), INFO, 32))

export function sealSecret(plain: string, secret: string = serverSecret()): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
}

/** The plain secret, or null when the value was not sealed with this server secret. */
export function openSecret(sealed: string | null | undefined, secret: string = serverSecret()): string | null {
  const [version, iv, tag, body] = (sealed ?? '').split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** A new endpoint secret: 32 random bytes, prefixed so that people recognise what it is. */
export const generateSecret = () => `whsec_${randomBytes(32).toString('base64url')}`
