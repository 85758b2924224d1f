import { createHash } from 'node:crypto'

/** PAYLOAD_SECRET signs sessions and derives encryption keys; `npm start` writes one into .env. */
export function serverSecret(): string {
  const secret = process.env.PAYLOAD_SECRET
  if (secret) return secret
  // `next build` evaluates the config while collecting page data, but signs and encrypts nothing:
  // a release is built without the production secret (the running server needs the real one)
  if (process.env.NEXT_PHASE === 'phase-production-build')
    return 'watcher-billing-build-without-secret'
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'PAYLOAD_SECRET is not set: run `npm start` once, or set it in the environment.',
    )
  }
  return 'watcher-billing-development-secret-not-for-production'
}

/**
 * The secret being rotated out (README, "Rotating PAYLOAD_SECRET"): while it is set, values sealed
 * and camera keys made with it are still recognised, and re-made with the current secret. Unset
 * (or equal to the current one): no rotation is running.
 */
export function previousServerSecret(): string | null {
  return process.env.PAYLOAD_SECRET_PREVIOUS || null
}

/** The current secret, and the previous one while a rotation runs (never the current one twice). */
export interface SecretRing {
  current: string
  previous: string | null
}

function ring(current: string, previous: string | null): SecretRing {
  return { current, previous: previous !== null && previous !== current ? previous : null }
}

/** PAYLOAD_SECRET and PAYLOAD_SECRET_PREVIOUS as they are (what webhook endpoint secrets are sealed with). */
export function serverSecrets(current: string = serverSecret()): SecretRing {
  return ring(current, previousServerSecret())
}

/**
 * What Payload derives from its configured secret (`payload.secret`): the key of its JWTs, API key
 * indexes and encrypted API keys, and the secret billing keys job passwords and camera keys with.
 */
export const payloadSecretOf = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex').slice(0, 32)

/** `payload.secret`, and the same derivation of PAYLOAD_SECRET_PREVIOUS while a rotation runs. */
export function payloadSecrets(payload: { secret: string }): SecretRing {
  const previous = previousServerSecret()
  return ring(payload.secret, previous === null ? null : payloadSecretOf(previous))
}
