import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { control, http, startTestEmulator, V2, V3_ADMIN, V3_CLIENT } from './helpers'

let emulator: WatcherEmulator
let organizationA: number
let organizationB: number

beforeAll(async () => {
  emulator = await startTestEmulator()
  const a = await http(emulator, 'POST', `${V3_CLIENT}/organizations`, { json: { title: 'Alpha' } })
  const b = await http(emulator, 'POST', `${V3_CLIENT}/organizations`, { json: { title: 'Beta' } })
  organizationA = a.body.id
  organizationB = b.body.id
  await control(emulator, '/seed', { streams: 25, prefix: 'a-', organization_id: organizationA })
  await control(emulator, '/seed', {
    streams: 10,
    prefix: 'b-',
    organization_id: organizationB,
    disabled_every: 2,
  })
})
afterAll(() => emulator.close())

const streams = (query: string) => http(emulator, 'GET', `${V3_ADMIN}/streams?${query}`)

describe('v3 list envelopes and cursors', () => {
  it('answers the envelope with estimated_count, timing and cursors that are null at the ends', async () => {
    const first = await streams('limit=10')
    expect(first.status).toBe(200)
    expect(Object.keys(first.body).sort()).toEqual(
      ['estimated_count', 'next', 'prev', 'streams', 'timing'].sort(),
    )
    expect(first.body.estimated_count).toBe(35)
    expect(first.body.streams).toHaveLength(10)
    expect(first.body.prev).toBeNull()
    expect(first.body.next).toEqual(expect.any(String))

    const names: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: any = await streams(cursor ? `limit=10&cursor=${cursor}` : 'limit=10')
      names.push(...page.body.streams.map((stream: { name: string }) => stream.name))
      cursor = page.body.next
      pages++
    } while (cursor)
    expect(pages).toBe(4)
    expect(names).toEqual([...names].sort())
    expect(new Set(names).size).toBe(35)
  })

  it('goes back exactly one page with prev', async () => {
    const first = await streams('limit=10')
    const second = await streams(`limit=10&cursor=${first.body.next}`)
    const third = await streams(`limit=10&cursor=${second.body.next}`)
    const backToSecond = await streams(`limit=10&cursor=${third.body.prev}`)
    expect(backToSecond.body.streams).toEqual(second.body.streams)
    const backToFirst = await streams(`limit=10&cursor=${backToSecond.body.prev}`)
    expect(backToFirst.body.streams).toEqual(first.body.streams)
    expect(backToFirst.body.prev).toBeNull()
  })

  it('keeps filters, sort and select across cursors', async () => {
    const first = await streams(`organization_id=${organizationB}&sort=-name&select=name&limit=4`)
    expect(first.body.estimated_count).toBe(10)
    expect(first.body.streams[0]).toEqual({ name: 'b-000009' })
    const second = await streams(`limit=4&cursor=${first.body.next}`)
    expect(second.body.streams.map((s: { name: string }) => s.name)).toEqual([
      'b-000005',
      'b-000004',
      'b-000003',
      'b-000002',
    ])
    expect(Object.keys(second.body.streams[0])).toEqual(['name'])
  })

  it('selects dotted fields', async () => {
    const page = await streams('limit=1&select=name,organization.id,preset.is_adjustable')
    expect(page.body.streams[0]).toEqual({
      name: 'a-000000',
      organization: { id: organizationA },
      preset: { is_adjustable: true },
    })
  })

  it('sorts by several fields, descending with -', async () => {
    const page = await streams('sort=-organization.id,name&limit=3&select=name')
    expect(page.body.streams.map((s: { name: string }) => s.name)).toEqual([
      'b-000000',
      'b-000001',
      'b-000002',
    ])
  })

  it('filters with any-of, _ne, _gt, _gte, _lt, _lte, _like and booleans', async () => {
    const count = async (query: string) => (await streams(`${query}&limit=1`)).body.estimated_count
    expect(await count(`organization.id=${organizationA},${organizationB}`)).toBe(35)
    expect(await count(`organization_id_ne=${organizationA}`)).toBe(10)
    expect(await count('name_gt=b-000007')).toBe(2)
    expect(await count('name_gte=b-000007')).toBe(3)
    expect(await count('name_lt=a-000003')).toBe(3)
    expect(await count('name_lte=a-000003')).toBe(4)
    expect(await count('name_like=00002')).toBe(7)
    expect(await count('disabled=true')).toBe(5)
    expect(await count('name=a-000001,b-000001,nothing')).toBe(2)
  })

  it('answers 400 with the parameter for a bad limit or cursor', async () => {
    const badLimit = await streams('limit=0')
    expect(badLimit.status).toBe(400)
    expect(badLimit.body.errors[0].source.parameter).toBe('limit')
    const badCursor = await streams('cursor=garbage')
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.errors[0].source.parameter).toBe('cursor')
  })

  it('uses the documented collection keys', async () => {
    expect(
      (await http(emulator, 'GET', `${V3_CLIENT}/organizations`)).body.organizations,
    ).toBeDefined()
    expect((await http(emulator, 'GET', `${V3_ADMIN}/users`)).body.users_list).toBeDefined()
    expect((await http(emulator, 'GET', `${V3_ADMIN}/presets`)).body.presets).toBeDefined()
    const members = await http(emulator, 'GET', `${V3_CLIENT}/organizations/${organizationA}/users`)
    expect(members.body.users).toEqual([])
  })
})

describe('v2 lists', () => {
  it('answers bare arrays with limit, offset, search and the organization filter', async () => {
    const page = await http(emulator, 'GET', `${V2}/cameras?limit=5&offset=20`, { auth: 'key' })
    expect(Array.isArray(page.body)).toBe(true)
    expect(page.body.map((c: { name: string }) => c.name)).toEqual([
      'a-000020',
      'a-000021',
      'a-000022',
      'a-000023',
      'a-000024',
    ])
    const inB = await http(emulator, 'GET', `${V2}/cameras?organization_id=${organizationB}`, {
      auth: 'key',
    })
    expect(inB.body).toHaveLength(10)
    const searched = await http(emulator, 'GET', `${V2}/organizations?search=alp`, { auth: 'key' })
    expect(searched.body.map((o: { title: string }) => o.title)).toEqual(['Alpha'])
    // Trailing slashes and the domain prefix reach the same collection.
    const viaDomain = await http(emulator, 'GET', `${V2}/domains/1/organizations/`, { auth: 'key' })
    expect(viaDomain.body).toHaveLength(3)
  })
})
