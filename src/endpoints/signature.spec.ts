import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openSecret, sealSecret } from '../notifications'
import { signatureHeader, verifySignature } from './signature'

const secret = 'whsec_unit-test-secret-0123456789'
const body = JSON.stringify({ id: 'e1', type: 'invoice.paid', data: { amount: 100 } })
const t = 1_790_000_000

describe('webhook signature', () => {
  it('is HMAC-SHA-256 over "<t>.<body>", sent as t=<t>,v1=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`)
  })

  it('verifies the valid one and refuses a wrong secret, an altered body and a replay', () => {
    const header = signatureHeader(secret, t, body)
    expect(verifySignature(header, body, secret, { nowSeconds: t + 10 })).toEqual({
      valid: true,
      timestamp: t,
    })
    expect(verifySignature(header, body, `${secret}x`, { nowSeconds: t })).toMatchObject({
      valid: false,
      reason: 'signature does not match',
    })
    expect(
      verifySignature(header, body.replace('100', '101'), secret, { nowSeconds: t }),
    ).toMatchObject({ valid: false })
    expect(verifySignature(header, body, secret, { nowSeconds: t + 301 })).toMatchObject({
      valid: false,
      reason: 'timestamp outside the tolerance',
    })
    expect(
      verifySignature(`t=${t + 1},v1=${header.split('v1=')[1]}`, body, secret, { nowSeconds: t }),
    ).toMatchObject({ valid: false })
    expect(verifySignature('garbage', body, secret)).toMatchObject({
      valid: false,
      reason: 'malformed signature header',
    })
    expect(verifySignature(undefined, body, secret)).toMatchObject({ valid: false })
  })
})

describe('endpoint secret at rest', () => {
  it('seals with the server secret and opens only with it', () => {
    const sealed = sealSecret(secret, 'server-a')
    expect(sealed).not.toContain(secret)
    expect(sealed).not.toBe(sealSecret(secret, 'server-a')) // a fresh IV each time
    expect(openSecret(sealed, 'server-a')).toBe(secret)
    expect(openSecret(sealed, 'server-b')).toBeNull()
    expect(openSecret('not sealed', 'server-a')).toBeNull()
  })
})
