/**
 * withAlongside (src/db/statement.ts): other statements sent in one round trip as data-modifying
 * CTEs ahead of the main one, their placeholders renumbered after the main statement's; named
 * only when every part is, within PostgreSQL's 63-byte limit on names.
 */
import { describe, expect, it } from 'vitest'
import { withAlongside } from '../../src/db'

const main = { name: 'main', text: 'select $1::int + $2::int as sum', values: [1, 2] }
const insertA = { name: 'a', text: 'insert into a (x, y) values ($1, $2)', values: ['x', 'y'] }
const insertB = { name: 'b', text: 'insert into b (z) values ($1)', values: ['z'] }

describe('withAlongside', () => {
  it('answers the main statement itself when nothing goes alongside', () => {
    expect(withAlongside(main, [])).toBe(main)
  })

  it('puts the others first as CTEs and renumbers their placeholders after the main ones', () => {
    const combined = withAlongside(main, [insertA, insertB])
    expect(combined.text).toBe(
      'with alongside_1 as (insert into a (x, y) values ($3, $4)), alongside_2 as (insert into b (z) values ($5)) select $1::int + $2::int as sum',
    )
    expect(combined.values).toEqual([1, 2, 'x', 'y', 'z'])
    expect(combined.name).toBe('main+a+b')
  })

  it('joins a main statement that has CTEs of its own, placeholders of ten and more included', () => {
    const values = Array.from({ length: 10 }, (_, i) => i)
    const withCtes = {
      name: 'ctes',
      text: 'WITH t as (select $1 as v) select v, $10 from t',
      values,
    }
    const part = { name: 'p', text: 'update c set v = $1 where id = $2 or id = $12', values }
    const combined = withAlongside(withCtes, [{ ...part, values: [...values, 10, 11] }])
    expect(combined.text).toBe(
      'with alongside_1 as (update c set v = $11 where id = $12 or id = $22), t as (select $1 as v) select v, $10 from t',
    )
    expect(combined.values).toHaveLength(22)
  })

  it('is unnamed when a part is, and keeps long names under 63 bytes and apart', () => {
    expect(withAlongside(main, [{ text: insertA.text, values: insertA.values }]).name).toBe(
      undefined,
    )
    const long = (suffix: string) =>
      withAlongside({ ...main, name: 'payments.lock-open-invoices-and-credit' }, [
        { ...insertA, name: `ledger.insert-entry${suffix}` },
      ]).name!
    expect(long('').length).toBeLessThanOrEqual(63)
    expect(long('')).not.toBe(long('-2'))
    expect(long('').startsWith('payments.lock-open-invoices-and-credit+')).toBe(true)
  })

  it('refuses what PostgreSQL would refuse: a recursive main statement, a part with its own WITH', () => {
    expect(() =>
      withAlongside({ text: 'with recursive t(n) as (select 1) select n from t', values: [] }, [
        insertA,
      ]),
    ).toThrow(/recursive/)
    expect(() =>
      withAlongside(main, [
        { text: 'with x as (select 1) insert into a select * from x', values: [] },
      ]),
    ).toThrow(/WITH/)
  })
})
