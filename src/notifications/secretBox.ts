import { randomBytes } from 'node:crypto'
import { serverSecrets } from '../config/serverSecret'
import { open, reseal, seal, type Resealed, type Secrets } from '../plugins/watcher'

/**
 * Webhook endpoint secrets at rest: sealed (AES-256-GCM, src/plugins/watcher/secrets.ts) under a
 * key of their own derived from the server secret (PAYLOAD_SECRET as configured), so the database
 * never holds the signing secret in plain text. While PAYLOAD_SECRET is rotated, a value sealed
 * with PAYLOAD_SECRET_PREVIOUS still opens.
 */
const INFO = 'watcher-billing/webhook-endpoint-secret/v1'

export const sealSecret = (plain: string, secrets: Secrets = serverSecrets()): string =>
  seal(plain, secrets, INFO)

/** The plain secret, or null when the value was not sealed with the current or the previous server secret. */
export const openSecret = (
  sealed: string | null | undefined,
  secrets: Secrets = serverSecrets(),
): string | null => open(sealed, secrets, INFO)

/** The value sealed with the current server secret (see `reseal`). */
export const resealSecret = (sealed: string, secrets: Secrets = serverSecrets()): Resealed =>
  reseal(sealed, secrets, INFO)

/** A new endpoint secret: 32 random bytes, prefixed so that people recognise what it is. */
export const generateSecret = () => `whsec_${randomBytes(32).toString('base64url')}`
