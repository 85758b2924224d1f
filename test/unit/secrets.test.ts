import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { payloadSecretOf, payloadSecrets, serverSecrets } from '../../src/config/serverSecret'
import { openSecret, resealSecret, sealSecret } from '../../src/notifications/secretBox'
import {
  keyIdOf,
  openPassword,
  openSealed,
  resealPassword,
  sealedKeyId,
  sealPassword,
} from '../../src/plugins/watcher/secrets'

/** A value in the first format (`v1.<iv>.<tag>.<body>`, no key id), as billing wrote them before key ids. */
function sealV1(plain: string, secret: string, info: string): string {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32),
  )
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.')
}
const PASSWORD_INFO = 'watcher-billing/job-password/v1'

describe('sealed passwords (AES-256-GCM, key from the server secret)', () => {
  it('opens with the same secret only, and never shows the plain text', () => {
    const sealed = sealPassword('Correct-Horse-7', 'secret-a')
    expect(sealed).not.toContain('Correct-Horse-7')
    expect(sealed.startsWith(`v2.${keyIdOf('secret-a')}.`)).toBe(true)
    expect(openPassword(sealed, 'secret-a')).toBe('Correct-Horse-7')
    expect(openPassword(sealed, 'secret-b')).toBeNull()
  })

  it('uses a fresh IV each time and rejects tampering, the key id included', () => {
    const one = sealPassword('same', 's')
    const two = sealPassword('same', 's')
    expect(one).not.toBe(two)
    const parts = one.split('.')
    expect(parts).toHaveLength(5)
    expect(
      openPassword(
        [...parts.slice(0, 4), Buffer.from('other').toString('base64url')].join('.'),
        's',
      ),
    ).toBeNull()
    // the key id is authenticated: another id (even one naming a secret we hold) does not open it
    expect(
      openPassword(['v2', keyIdOf('t'), ...parts.slice(2)].join('.'), {
        current: 's',
        previous: 't',
      }),
    ).toBeNull()
    expect(openPassword('not-sealed', 's')).toBeNull()
    expect(openPassword('v2.x.y', 's')).toBeNull()
  })
})

describe('key ids', () => {
  it('are the first 8 hex of an HMAC of the secret: stable, different per secret, revealing nothing', () => {
    const id = keyIdOf('secret-a')
    expect(id).toMatch(/^[0-9a-f]{8}$/)
    expect(id).toBe(
      createHmac('sha256', 'secret-a').update('watcher-billing/key-id').digest('hex').slice(0, 8),
    )
    expect(keyIdOf('secret-b')).not.toBe(id)
    expect(id).not.toContain('secret')
  })
})

describe('two secrets: the current one and PAYLOAD_SECRET_PREVIOUS', () => {
  const rotating = { current: 'secret-b', previous: 'secret-a' }

  it('a value sealed with the previous secret opens with the pair, and is re-sealed with the current one', () => {
    const old = sealPassword('Correct-Horse-7', 'secret-a')
    expect(sealedKeyId(old)).toBe(keyIdOf('secret-a'))
    expect(openPassword(old, 'secret-b')).toBeNull()
    expect(openPassword(old, rotating)).toBe('Correct-Horse-7')
    expect(openSealed(old, rotating, PASSWORD_INFO)).toMatchObject({
      secret: 'secret-a',
      current: false,
    })

    const resealed = resealPassword(old, rotating)
    expect(resealed.outcome).toBe('resealed')
    const value = (resealed as { value: string }).value
    expect(sealedKeyId(value)).toBe(keyIdOf('secret-b'))
    // after the rotation the previous secret is gone: the re-sealed value needs only the current one
    expect(openPassword(value, 'secret-b')).toBe('Correct-Horse-7')
    expect(openPassword(value, 'secret-a')).toBeNull()
    // idempotent: a value of the current secret stays as it is
    expect(resealPassword(value, rotating)).toEqual({ outcome: 'current', value })
    expect(resealPassword(value, 'secret-b')).toEqual({ outcome: 'current', value })
  })

  it('new values are sealed with the current secret', () => {
    const sealed = sealPassword('x', rotating)
    expect(sealedKeyId(sealed)).toBe(keyIdOf('secret-b'))
    expect(openPassword(sealed, 'secret-b')).toBe('x')
  })

  it('values of the first format (no key id) open with either secret, and are re-sealed even under the current one', () => {
    const underA = sealV1('legacy-a', 'secret-a', PASSWORD_INFO)
    const underB = sealV1('legacy-b', 'secret-b', PASSWORD_INFO)
    expect(sealedKeyId(underA)).toBeNull()
    expect(openPassword(underA, 'secret-a')).toBe('legacy-a')
    expect(openPassword(underA, rotating)).toBe('legacy-a')
    expect(openPassword(underB, rotating)).toBe('legacy-b')
    for (const [value, plain] of [
      [underA, 'legacy-a'],
      [underB, 'legacy-b'],
    ] as const) {
      const resealed = resealPassword(value, rotating) as { outcome: string; value: string }
      expect(resealed.outcome).toBe('resealed')
      expect(openPassword(resealed.value, 'secret-b')).toBe(plain)
    }
  })

  it('a value of a third secret is unreadable and left alone', () => {
    const other = sealPassword('lost', 'secret-c')
    expect(openPassword(other, rotating)).toBeNull()
    expect(resealPassword(other, rotating)).toEqual({ outcome: 'unreadable' })
    expect(resealPassword(sealV1('lost', 'secret-c', PASSWORD_INFO), rotating)).toEqual({
      outcome: 'unreadable',
    })
  })

  it('webhook endpoint secrets: the same, with a key of their own (a password key does not open them)', () => {
    const old = sealSecret('whsec_endpoint-secret-0123456789', 'secret-a')
    expect(openSecret(old, rotating)).toBe('whsec_endpoint-secret-0123456789')
    expect(openPassword(old, rotating)).toBeNull()
    const resealed = resealSecret(old, rotating) as { outcome: string; value: string }
    expect(resealed.outcome).toBe('resealed')
    expect(openSecret(resealed.value, 'secret-b')).toBe('whsec_endpoint-secret-0123456789')
    expect(openSecret(resealed.value, 'secret-a')).toBeNull()
  })
})

describe('the secrets of this process', () => {
  const saved = {
    current: process.env.PAYLOAD_SECRET,
    previous: process.env.PAYLOAD_SECRET_PREVIOUS,
  }
  afterEach(() => {
    for (const [name, value] of [
      ['PAYLOAD_SECRET', saved.current],
      ['PAYLOAD_SECRET_PREVIOUS', saved.previous],
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  it('PAYLOAD_SECRET_PREVIOUS joins while set and differs from PAYLOAD_SECRET', () => {
    process.env.PAYLOAD_SECRET = 'secret-b'
    delete process.env.PAYLOAD_SECRET_PREVIOUS
    expect(serverSecrets()).toEqual({ current: 'secret-b', previous: null })
    process.env.PAYLOAD_SECRET_PREVIOUS = 'secret-b'
    expect(serverSecrets()).toEqual({ current: 'secret-b', previous: null })
    process.env.PAYLOAD_SECRET_PREVIOUS = 'secret-a'
    expect(serverSecrets()).toEqual({ current: 'secret-b', previous: 'secret-a' })
    // a webhook secret sealed before the rotation opens with the environment's pair by default
    const old = sealSecret('whsec_endpoint-secret-0123456789', 'secret-a')
    expect(openSecret(old)).toBe('whsec_endpoint-secret-0123456789')
    delete process.env.PAYLOAD_SECRET_PREVIOUS
    expect(openSecret(old)).toBeNull()
  })

  it('passwords and camera keys use what Payload derives from each secret (payload.secret)', () => {
    const derivedB = payloadSecretOf('secret-b')
    expect(derivedB).toMatch(/^[0-9a-f]{32}$/)
    process.env.PAYLOAD_SECRET_PREVIOUS = 'secret-a'
    expect(payloadSecrets({ secret: derivedB })).toEqual({
      current: derivedB,
      previous: payloadSecretOf('secret-a'),
    })
    delete process.env.PAYLOAD_SECRET_PREVIOUS
    expect(payloadSecrets({ secret: derivedB })).toEqual({ current: derivedB, previous: null })
  })
})
