import { describe, expect, it } from 'vitest'
import {
  billingPeriod,
  localDayStart,
  nextPeriod,
  periodOf,
  previousPeriod,
} from '../../../src/billing/period'

describe('billingPeriod', () => {
  it('is a UTC calendar month in UTC', () => {
    const october = billingPeriod('2026-10', 'UTC')
    expect(october.key).toBe('2026-10')
    expect(october.timeZone).toBe('UTC')
    expect(october.start.toISOString()).toBe('2026-10-01T00:00:00.000Z')
    expect(october.end.toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(october.seconds).toBe(31 * 86_400) // 2 678 400
    expect(billingPeriod('2026-02', 'UTC').seconds).toBe(28 * 86_400)
    expect(billingPeriod('2026-04', 'UTC').seconds).toBe(30 * 86_400)
  })

  it('has 29 days in February of a leap year', () => {
    const february = billingPeriod('2028-02', 'UTC')
    expect(february.end.toISOString()).toBe('2028-03-01T00:00:00.000Z')
    expect(february.seconds).toBe(29 * 86_400) // 2 505 600
  })

  it('has an extra hour in October 2026 in Europe/Berlin (DST ends 25 Oct)', () => {
    const october = billingPeriod('2026-10', 'Europe/Berlin')
    expect(october.start.toISOString()).toBe('2026-09-30T22:00:00.000Z') // 00:00 CEST
    expect(october.end.toISOString()).toBe('2026-10-31T23:00:00.000Z') // 00:00 CET
    expect(october.seconds).toBe(31 * 86_400 + 3600)
  })

  it('lacks an hour in March 2026 in Europe/Berlin (DST starts 29 Mar)', () => {
    const march = billingPeriod('2026-03', 'Europe/Berlin')
    expect(march.start.toISOString()).toBe('2026-02-28T23:00:00.000Z') // 00:00 CET
    expect(march.end.toISOString()).toBe('2026-03-31T22:00:00.000Z') // 00:00 CEST
    expect(march.seconds).toBe(31 * 86_400 - 3600)
  })

  it('starts at 15:00 UTC of the previous day in Asia/Tokyo', () => {
    const october = billingPeriod('2026-10', 'Asia/Tokyo')
    expect(october.start.toISOString()).toBe('2026-09-30T15:00:00.000Z')
    expect(october.end.toISOString()).toBe('2026-10-31T15:00:00.000Z')
    expect(october.seconds).toBe(31 * 86_400)
  })

  it('crosses the year in December', () => {
    const december = billingPeriod('2026-12', 'America/New_York')
    expect(december.start.toISOString()).toBe('2026-12-01T05:00:00.000Z') // 00:00 EST
    expect(december.end.toISOString()).toBe('2027-01-01T05:00:00.000Z')
  })

  it('throws on a malformed key or an unknown zone', () => {
    for (const key of ['2026-13', '2026-00', '2026-1', '26-10', '2026/10', '2026-10-01', '']) {
      expect(() => billingPeriod(key, 'UTC'), key).toThrow(/Invalid billing period/)
    }
    for (const zone of ['Mars/Olympus', '+03:00', '', 'Europe/Berlinn']) {
      expect(() => billingPeriod('2026-10', zone), zone).toThrow(/Unknown time zone/)
    }
  })
})

describe('localDayStart', () => {
  it('is the UTC instant of local midnight', () => {
    expect(localDayStart('2026-10-15', 'UTC').toISOString()).toBe('2026-10-15T00:00:00.000Z')
    expect(localDayStart('2026-10-15', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-14T22:00:00.000Z',
    )
    expect(localDayStart('2026-11-15', 'Europe/Berlin').toISOString()).toBe(
      '2026-11-14T23:00:00.000Z',
    )
    expect(localDayStart('2026-10-25', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    )
    expect(localDayStart('2026-10-26', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    )
    expect(localDayStart('2026-10-01', 'Asia/Tokyo').toISOString()).toBe('2026-09-30T15:00:00.000Z')
    expect(localDayStart('2026-10-01', 'Asia/Kolkata').toISOString()).toBe(
      '2026-09-30T18:30:00.000Z',
    )
    expect(localDayStart('2026-10-01', 'America/Los_Angeles').toISOString()).toBe(
      '2026-10-01T07:00:00.000Z',
    )
  })

  it('is the first instant of the day where a transition skips midnight', () => {
    // Chile and Cuba move their clocks forward at 00:00: the day begins at 01:00 local
    for (const [date, zone] of [
      ['2026-09-06', 'America/Santiago'],
      ['2026-03-08', 'America/Havana'],
    ]) {
      const start = localDayStart(date, zone)
      expect(periodOf(start, zone)).toBe(date.slice(0, 7))
      const local = (instant: Date) => instant.toLocaleString('sv-SE', { timeZone: zone })
      expect(local(start).slice(0, 10)).toBe(date)
      expect(local(new Date(start.getTime() - 1)).slice(0, 10)).not.toBe(date)
    }
  })

  it('throws on an invalid date', () => {
    for (const date of ['2026-02-30', '2026-13-01', '2026-1-5', '15.10.2026']) {
      expect(() => localDayStart(date, 'UTC'), date).toThrow(/Invalid date/)
    }
  })
})

describe('periodOf, previousPeriod, nextPeriod', () => {
  it('finds the month of an instant in a zone', () => {
    const instant = new Date('2026-09-30T22:30:00Z')
    expect(periodOf(instant, 'UTC')).toBe('2026-09')
    expect(periodOf(instant, 'Europe/Berlin')).toBe('2026-10')
    expect(periodOf(new Date('2026-09-30T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-09')
    expect(periodOf(new Date('2026-09-30T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-10')
    expect(periodOf(new Date('2027-01-01T04:59:59Z'), 'America/New_York')).toBe('2026-12')
  })

  it('steps back and forward across years', () => {
    expect(previousPeriod('2026-10')).toBe('2026-09')
    expect(previousPeriod('2026-01')).toBe('2025-12')
    expect(nextPeriod('2026-12')).toBe('2027-01')
    expect(nextPeriod('2026-09')).toBe('2026-10')
    expect(() => previousPeriod('2026-13')).toThrow(/Invalid billing period/)
  })
})
