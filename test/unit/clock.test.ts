import { afterEach, describe, expect, it } from 'vitest'
import { now, setClock } from '../../src/clock'

afterEach(() => {
  setClock(undefined)
  delete process.env.BILLING_CLOCK
})

describe('clock', () => {
  it('reads the system time by default', () => {
    const before = Date.now()
    const at = now().getTime()
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(Date.now())
  })

  it('answers the time a test set, as a copy the caller cannot move', () => {
    setClock('2026-10-17T09:30:00Z')
    const first = now()
    first.setUTCFullYear(1999)
    expect(now().toISOString()).toBe('2026-10-17T09:30:00.000Z')
  })

  it('takes BILLING_CLOCK when no test set it, and the test clock wins over it', () => {
    process.env.BILLING_CLOCK = '2026-12-01T00:00:00Z'
    expect(now().toISOString()).toBe('2026-12-01T00:00:00.000Z')
    setClock(new Date('2026-12-02T00:00:00Z'))
    expect(now().toISOString()).toBe('2026-12-02T00:00:00.000Z')
  })

  it('refuses what is not a date-time', () => {
    expect(() => setClock('next tuesday')).toThrow(/not a date-time/)
    process.env.BILLING_CLOCK = 'soon'
    expect(() => now()).toThrow(/BILLING_CLOCK/)
  })
})
