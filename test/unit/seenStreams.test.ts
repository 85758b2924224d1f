/** The usage collector's record of one walk: camera-key order, each camera once, as last seen. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SeenStreams } from '../../src/plugins/watcher/usage/seenStreams'

const keyOf = (name: string) => createHash('sha256').update(name).digest()
const at = (ms: number | null) => (ms === null ? null : new Date(ms))

describe('SeenStreams', () => {
  it('answers every camera once in key order, a camera met twice as last seen', () => {
    const seen = new SeenStreams()
    const names = Array.from({ length: 5_000 }, (_, i) => `stream-${i}`)
    names.forEach((name, i) =>
      seen.add(
        keyOf(name),
        null,
        i % 7 === 0
          ? { kind: 'unbilled', reason: 'no preset' }
          : i % 11 === 0
            ? { kind: 'disabled' }
            : { kind: 'billable', organization: i, subscription: 1 },
        i % 7 === 0 ? i % 3 : -1,
        { createdAt: at(i * 1000), lastChangeAt: i % 2 ? null : at(i * 2000) },
      ),
    )
    // met again later in the walk: 10 moved to organization 99, 14 (unbilled) now billable, 20 disabled
    seen.add(
      keyOf('stream-10'),
      null,
      { kind: 'billable', organization: 99, subscription: 2 },
      -1,
      {
        createdAt: at(5),
        lastChangeAt: null,
      },
    )
    seen.add(
      keyOf('stream-14'),
      null,
      { kind: 'billable', organization: 14, subscription: 1 },
      -1,
      {
        createdAt: at(14_000),
        lastChangeAt: null,
      },
    )
    seen.add(keyOf('stream-20'), null, { kind: 'disabled' }, -1, {
      createdAt: at(20_000),
      lastChangeAt: null,
    })
    const sorted = seen.sorted()
    expect(sorted.cameras).toBe(names.length)
    const billableNames = names.filter(
      (_, i) => (i % 7 !== 0 && i % 11 !== 0 && i !== 20) || i === 14,
    )
    expect(sorted.billable.length).toBe(billableNames.length)
    const keys = Array.from({ length: sorted.billable.length }, (_, i) => sorted.billableKey(i))
    expect(keys).toEqual(billableNames.map((name) => keyOf(name).toString('hex')).sort())
    const cameraOf = (name: string) =>
      sorted.billableCamera(keys.indexOf(keyOf(name).toString('hex')))
    expect(cameraOf('stream-10')).toEqual({
      organization: 99,
      subscription: 2,
      createdAt: at(5),
      lastChangeAt: null,
    })
    expect(cameraOf('stream-4')).toEqual({
      organization: 4,
      subscription: 1,
      createdAt: at(4000),
      lastChangeAt: at(8000),
    })
    const unbilled = names.filter((_, i) => i % 7 === 0 && i !== 14)
    const counts = sorted.unbilledCounts()
    expect([0, 1, 2].map((group) => counts.get(group) ?? 0)).toEqual(
      [0, 1, 2].map(
        (group) => unbilled.filter((name) => Number(name.slice(7)) % 3 === group).length,
      ),
    )
  })

  it('keeps each camera’s key under the previous secret while one is rotated out', () => {
    const seen = new SeenStreams()
    for (const name of ['b', 'a', 'c', 'a'])
      seen.add(keyOf(name), keyOf(`old-${name}`), { kind: 'disabled' }, -1, {
        createdAt: null,
        lastChangeAt: null,
      })
    const pairs = [...seen.sorted().keyPairs(2)]
    expect(pairs.map((page) => page.length)).toEqual([2, 1])
    expect(pairs.flat()).toEqual(
      ['a', 'b', 'c']
        .map((name) => ({
          previous: keyOf(`old-${name}`).toString('hex'),
          current: keyOf(name).toString('hex'),
        }))
        .sort((x, y) => (x.current < y.current ? -1 : 1)),
    )
  })
})
