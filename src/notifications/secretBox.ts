import { randomBytes } from 'node:crypto'
import { serverSecret } from '../config/serverSecret'
import { open, seal } from '../plugins/watcher/secrets'

/**
 * Webhook endpoint secrets at rest: sealed (AES-256-GCM, src/plugins/watcher/secrets.ts) under a
 * key of their own derived from the server secret, so the database never holds the signing secret
 * in plain text.
 */
const INFO = 'watcher-billing/webhook-endpoint-secret/v1'

export const sealSecret = (plain: string, secret: string = serverSecret()): string => seal(plain, secret, INFO)

/** The plain secret, or null when the value was not sealed with this server secret. */
export const openSecret = (sealed: string | null | undefined, secret: string = serverSecret()): string | null => open(sealed, secret, INFO)

/** A new endpoint secret: 32 random bytes, prefixed so that people recognise what it is. */
export const generateSecret = () => `whsec_${randomBytes(32).toString('base64url')}`
