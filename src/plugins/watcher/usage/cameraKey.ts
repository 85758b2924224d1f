import { createHmac, hkdfSync } from 'node:crypto'
import type { SecretRing } from '../../../config/serverSecret'
import { keyIdOf } from '../secrets'

/**
 * The only thing billing keeps about a camera (DESIGN.md section 4): HMAC-SHA-256 of the stream
 * name, hex, with a key derived (HKDF-SHA256) from the server secret under its own label, so the
 * key is not the one that seals passwords. Without the secret a key cannot be tied to a stream
 * name; changing the secret changes every camera key. So each camera key is stored with the key id
 * of the secret that made it (`cameraKeyId`), and while PAYLOAD_SECRET is rotated a stream is
 * recognised by the key of either secret (README, "Rotating PAYLOAD_SECRET").
 */
const INFO = 'watcher-billing/camera-key/v1'

// a rotation alternates between two secrets: both derived keys stay cached
const derived = new Map<string, Buffer>()

function keyFrom(secret: string): Buffer {
  let key = derived.get(secret)
  if (!key) {
    if (derived.size >= 4) derived.clear()
    key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), INFO, 32))
    derived.set(secret, key)
  }
  return key
}

export function cameraKeyOf(streamName: string, secret: string): string {
  return cameraKeyBytesOf(streamName, secret).toString('hex')
}

/** The camera key as its 32 bytes (`cameraKeyOf` is their hex): what the usage collector keeps per stream. */
export function cameraKeyBytesOf(streamName: string, secret: string): Buffer {
  if (!secret) throw new Error('the server secret is empty: camera keys cannot be derived')
  return createHmac('sha256', keyFrom(secret)).update(streamName, 'utf8').digest()
}

/** The key id stored beside the camera keys made with this secret. */
export const cameraKeyIdOf = (secret: string): string => keyIdOf(secret)

export interface CameraKeys {
  /** With the current secret: what is stored from now on. */
  current: string
  /** With the previous secret while a rotation runs: what older rows may still hold. */
  previous: string | null
}

export function cameraKeysOf(streamName: string, secrets: SecretRing): CameraKeys {
  return {
    current: cameraKeyOf(streamName, secrets.current),
    previous: secrets.previous ? cameraKeyOf(streamName, secrets.previous) : null,
  }
}
