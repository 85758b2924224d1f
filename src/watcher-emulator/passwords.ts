import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

// A low scrypt cost keeps logins fast in tests; the point is that plain passwords are never stored.
const COST = 1024
const KEY_LENGTH = 32

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, KEY_LENGTH, { N: COST })
  return `scrypt$${COST}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false
  const [scheme, cost, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(cost),
  })
  return timingSafeEqual(expected, actual)
}
