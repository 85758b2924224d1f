/** Camera keys with two secrets: the current PAYLOAD_SECRET and the one being rotated out. */
import { describe, expect, it } from 'vitest'
import { cameraKeyIdOf, cameraKeyOf, cameraKeysOf, keyIdOf } from '../../src/plugins/watcher'

describe('camera keys with two secrets', () => {
  it('give the key of each secret; without a previous secret only the current one', () => {
    const keys = cameraKeysOf('front-door', { current: 'secret-b', previous: 'secret-a' })
    expect(keys).toEqual({
      current: cameraKeyOf('front-door', 'secret-b'),
      previous: cameraKeyOf('front-door', 'secret-a'),
    })
    expect(keys.current).not.toBe(keys.previous)
    expect(keys.current).toMatch(/^[0-9a-f]{64}$/)
    expect(cameraKeysOf('front-door', { current: 'secret-b', previous: null })).toEqual({
      current: keys.current,
      previous: null,
    })
  })

  it('are stable across calls alternating between the secrets (derived keys are cached per secret)', () => {
    const a = cameraKeyOf('cam-1', 'secret-a')
    const b = cameraKeyOf('cam-1', 'secret-b')
    for (let round = 0; round < 3; round++) {
      expect(cameraKeyOf('cam-1', 'secret-a')).toBe(a)
      expect(cameraKeyOf('cam-1', 'secret-b')).toBe(b)
      expect(cameraKeyOf('cam-1', `other-${round}`)).not.toBe(a)
    }
  })

  it('carry the key id of their secret, the same id as values it seals', () => {
    expect(cameraKeyIdOf('secret-a')).toBe(keyIdOf('secret-a'))
    expect(cameraKeyIdOf('secret-a')).not.toBe(cameraKeyIdOf('secret-b'))
    expect(() => cameraKeyOf('cam', '')).toThrow(/empty/)
  })
})
