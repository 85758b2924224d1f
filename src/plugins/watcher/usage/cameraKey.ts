import { createHmac, hkdfSync } from 'node:crypto'

/**
 * The only thing billing keeps about a camera (DESIGN.md section 4): HMAC-SHA-256 of the stream
 * name, hex, with a key derived (HKDF-SHA256) from the server secret under its own label, so the
 * key is not the one that seals passwords. Without the secret a key cannot be tied to a stream
 * name; changing the secret changes every camera key.
 */
const INFO = 'watcher-billing/camera-key/v1'

let cached: { secret: string; key: Buffer } | undefined

function keyFrom(secret: string): Buffer {
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), INFO, 32)) }
  }
  return cached.key
}

export function cameraKeyOf(streamName: string, secret: string): string {
  if (!secret) throw new Error('the server secret is empty: camera keys cannot be derived')
  return createHmac('sha256', keyFrom(secret)).update(streamName, 'utf8').digest('hex')
}
