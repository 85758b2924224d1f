/**
 * The interval rules of the usage collector without a database: who is billable, where intervals
 * start, what a pull closes and opens (DESIGN.md section 4).
 */
import { describe, expect, it } from 'vitest'
import {
  intervalStart,
  intervalStartMs,
  judgeStream,
  planIntervals,
  type BillableCamera,
  type OpenInterval,
} from '../../../src/plugins/watcher/usage/plan'
import { cameraKeyOf } from '../../../src/plugins/watcher/usage/cameraKey'

const ids = {
  organizations: new Map([[70, 1]]),
  subscriptions: new Map([
    [30, 5],
    [31, 6],
  ]),
}
const at = (minutes: number) => new Date(Date.UTC(2026, 9, 1) + minutes * 60_000)

describe('judgeStream', () => {
  it('bills an enabled camera whose organization and preset billing knows', () => {
    expect(judgeStream({ organizationId: 70, presetId: 31, disabled: false }, ids)).toEqual({
      kind: 'billable',
      organization: 1,
      subscription: 6,
    })
  })
  it('does not bill a disabled camera, and does not report it either', () => {
    expect(judgeStream({ organizationId: 99, presetId: null, disabled: true }, ids)).toEqual({
      kind: 'disabled',
    })
  })
  it('reports an unknown organization, a missing preset and an unknown preset as unbilled', () => {
    expect(judgeStream({ organizationId: 99, presetId: 30, disabled: false }, ids)).toEqual({
      kind: 'unbilled',
      reason: 'unknown organization',
    })
    expect(judgeStream({ organizationId: null, presetId: 30, disabled: false }, ids)).toEqual({
      kind: 'unbilled',
      reason: 'unknown organization',
    })
    expect(judgeStream({ organizationId: 70, presetId: null, disabled: false }, ids)).toEqual({
      kind: 'unbilled',
      reason: 'no preset',
    })
    expect(judgeStream({ organizationId: 70, presetId: 32, disabled: false }, ids)).toEqual({
      kind: 'unbilled',
      reason: 'unknown preset',
    })
  })
})

describe('intervalStart', () => {
  const camera = { createdAt: at(0), lastChangeAt: at(50) }
  it('a camera never seen starts at its created_at, however late the pull', () => {
    expect(intervalStart(camera, null, at(60 * 24 * 40))).toEqual(at(0))
    expect(intervalStart({ createdAt: null, lastChangeAt: null }, null, at(9))).toEqual(at(9))
  })
  it('a camera seen before starts at its last change, never before its previous interval ended', () => {
    expect(intervalStart(camera, at(30), at(60))).toEqual(at(50))
    expect(intervalStart(camera, at(55), at(60))).toEqual(at(55))
  })
  it('a camera seen before without a last change starts at the pull', () => {
    expect(intervalStart({ createdAt: at(0), lastChangeAt: null }, at(30), at(60))).toEqual(at(60))
  })
  it('in epoch milliseconds (the bulk path, NaN for an absent time) the same rule gives the same start', () => {
    const ms = (date: Date | null) => date?.getTime() ?? NaN
    const times = [null, at(0), at(30), at(50), at(55), at(70)]
    for (const createdAt of times)
      for (const lastChangeAt of times)
        for (const previousEnd of times) {
          const expected = intervalStart({ createdAt, lastChangeAt }, previousEnd, at(60))
          expect(
            intervalStartMs(ms(createdAt), ms(lastChangeAt), ms(previousEnd), at(60).getTime()),
          ).toBe(expected.getTime())
        }
    // a camera never seen, without created_at: its last change, then the pull
    expect(intervalStartMs(NaN, at(5).getTime(), NaN, at(60).getTime())).toBe(at(5).getTime())
  })
})

describe('planIntervals', () => {
  const camera = (
    organization: number,
    subscription: number,
    extra: Partial<BillableCamera> = {},
  ): BillableCamera => ({
    organization,
    subscription,
    createdAt: at(0),
    lastChangeAt: at(5),
    ...extra,
  })
  const open = (
    id: number,
    cameraKey: string,
    organization: number,
    subscription: number,
    from = at(0),
  ): OpenInterval => ({ id, cameraKey, organization, subscription, fromMs: from.getTime() })

  it('keeps, moves, closes and opens', () => {
    const now = at(100)
    const changes = planIntervals({
      now,
      open: [
        open(1, 'same', 1, 5),
        open(2, 'preset', 1, 5),
        open(3, 'gone', 1, 5),
        open(4, 'org', 1, 5),
      ],
      billable: new Map([
        ['same', camera(1, 5)],
        ['preset', camera(1, 6, { lastChangeAt: at(90) })],
        ['org', camera(2, 5)],
        ['new', camera(1, 5, { createdAt: at(-500) })],
        ['back', camera(1, 5, { lastChangeAt: at(95) })],
      ]),
      lastEnds: new Map([['back', at(80)]]),
    })
    expect(changes.closes).toEqual([
      { id: 2, to: now },
      { id: 3, to: now },
      { id: 4, to: now },
    ])
    expect(changes.opens).toEqual([
      // a moved camera: its last interval just ended at this pull, so the new one starts there
      { cameraKey: 'preset', organization: 1, subscription: 6, from: now },
      { cameraKey: 'org', organization: 2, subscription: 5, from: now },
      { cameraKey: 'new', organization: 1, subscription: 5, from: at(-500) },
      { cameraKey: 'back', organization: 1, subscription: 5, from: at(95) },
    ])
  })

  it('a pull without changes changes nothing', () => {
    const changes = planIntervals({
      now: at(100),
      open: [open(1, 'a', 1, 5)],
      billable: new Map([['a', camera(1, 5)]]),
      lastEnds: new Map(),
    })
    expect(changes).toEqual({ closes: [], opens: [] })
  })

  it('never closes an interval before it started (Watcher clock ahead of billing)', () => {
    const changes = planIntervals({
      now: at(10),
      open: [open(1, 'a', 1, 5, at(12))],
      billable: new Map(),
      lastEnds: new Map(),
    })
    expect(changes.closes).toEqual([{ id: 1, to: at(12) }])
  })
})

describe('cameraKeyOf', () => {
  it('is a keyed hash: hex, stable, different per secret and per name', () => {
    const key = cameraKeyOf('front-door', 'secret-a')
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(cameraKeyOf('front-door', 'secret-a')).toBe(key)
    expect(cameraKeyOf('front-door', 'secret-b')).not.toBe(key)
    expect(cameraKeyOf('back-door', 'secret-a')).not.toBe(key)
  })
})
