import { describe, expect, it } from 'vitest'
import { openPassword, sealPassword } from '../../src/plugins/watcher/secrets'

describe('sealed passwords (AES-256-GCM, key from the server secret)', () => {
  it('opens with the same secret only, and never shows the plain text', () => {
    const sealed = sealPassword('Correct-Horse-7', 'secret-a')
    expect(sealed).not.toContain('Correct-Horse-7')
    expect(sealed.startsWith('v1.')).toBe(true)
    expect(openPassword(sealed, 'secret-a')).toBe('Correct-Horse-7')
    expect(openPassword(sealed, 'secret-b')).toBeNull()
  })

  it('uses a fresh IV each time and rejects tampering', () => {
    const one = sealPassword('same', 's')
    const two = sealPassword('same', 's')
    expect(one).not.toBe(two)
    const parts = one.split('.')
    parts[3] = Buffer.from('other').toString('base64url')
    expect(openPassword(parts.join('.'), 's')).toBeNull()
    expect(openPassword('not-sealed', 's')).toBeNull()
  })
})
