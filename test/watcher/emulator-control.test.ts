import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { control, http, startTestEmulator, V2, V3_ADMIN, V3_CLIENT } from './helpers'

let emulator: WatcherEmulator

beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => control(emulator, '/reset'))

describe('/_emulator controls', () => {
  it('injects a status for the next N requests, in each API version’s error shape', async () => {
    await control(emulator, '/faults', { status: 503, count: 2 })
    const first = await http(emulator, 'GET', `${V3_ADMIN}/presets`)
    expect(first.status).toBe(503)
    expect(first.body.errors[0]).toMatchObject({ status: '503', code: 'injected_fault' })
    const second = await http(emulator, 'GET', `${V2}/presets`, { auth: 'key' })
    expect(second.status).toBe(503)
    expect(second.body.error).toBe('ApplicationError')
    expect((await http(emulator, 'GET', `${V3_ADMIN}/presets`)).status).toBe(200)
  })

  it('limits faults to a path prefix, applies a rate and latency, and never blocks the controls', async () => {
    await control(emulator, '/faults', { status: 500, rate: 1, paths: V2 })
    expect((await http(emulator, 'GET', `${V3_ADMIN}/presets`)).status).toBe(200)
    expect((await http(emulator, 'GET', `${V2}/presets`, { auth: 'key' })).status).toBe(500)
    expect((await control(emulator, '/reset')).status).toBe(200)
    expect((await http(emulator, 'GET', `${V2}/presets`, { auth: 'key' })).status).toBe(200)

    await control(emulator, '/faults', { status: 502, rate: 0 })
    for (let index = 0; index < 5; index++) {
      expect((await http(emulator, 'GET', `${V3_ADMIN}/presets`)).status).toBe(200)
    }
    await control(emulator, '/faults', { latency_ms: 150 })
    const started = Date.now()
    expect((await http(emulator, 'GET', `${V3_ADMIN}/presets`)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    const current = await http(emulator, 'GET', '/_emulator/faults', { auth: 'none' })
    expect(current.body.faults).toMatchObject({ latency_ms: 150 })
    await http(emulator, 'DELETE', '/_emulator/faults', { auth: 'none' })
    expect((await control(emulator, '/faults', { status: 42 })).status).toBe(400)
  })

  it('resets to the administrator, the Default organization and the Default preset', async () => {
    await http(emulator, 'POST', `${V3_CLIENT}/organizations`, { json: { title: 'Temp' } })
    await control(emulator, '/seed', { streams: 3 })
    await control(emulator, '/reset')
    const organizations = await http(emulator, 'GET', `${V3_CLIENT}/organizations`)
    expect(organizations.body.organizations).toEqual([
      expect.objectContaining({
        id: 1,
        is_default: true,
        stats: { streams: 0, users: 0, mosaics: 0 },
      }),
    ])
    const presets = await http(emulator, 'GET', `${V3_ADMIN}/presets`)
    expect(presets.body.presets).toEqual([expect.objectContaining({ id: 1, is_default: true })])
    const users = await http(emulator, 'GET', `${V3_ADMIN}/users`)
    expect(users.body.users_list).toEqual([
      expect.objectContaining({ id: 1, name: 'admin', access_level: 'admin' }),
    ])
  })

  it('seeds streams across organizations and reports stats', async () => {
    const organization = await http(emulator, 'POST', `${V3_CLIENT}/organizations`, {
      json: { title: 'Big' },
    })
    const seeded = await control(emulator, '/seed', {
      streams: 1000,
      organization_ids: [1, organization.body.id],
    })
    expect(seeded.body).toEqual({ created: 1000, total: 1000 })
    const again = await control(emulator, '/seed', { streams: 10 })
    expect(again.body).toEqual({ created: 10, total: 1010 })
    const big = await http(emulator, 'GET', `${V3_CLIENT}/organizations/${organization.body.id}`)
    expect(big.body.stats.streams).toBe(500)
    const stats = await http(emulator, 'GET', '/_emulator/stats', { auth: 'none' })
    expect(stats.body).toMatchObject({ streams: 1010, organizations: 2 })
    expect(stats.body.requests.total).toBeGreaterThan(0)
    expect((await control(emulator, '/seed', { streams: 1, preset_id: 99 })).status).toBe(400)
  })
})

describe('/_emulator/streams/delete', () => {
  it('deletes streams in bulk as the public DELETE does, counting only the names it found', async () => {
    const organization = await http(emulator, 'POST', `${V3_CLIENT}/organizations`, {
      json: { title: 'Shrinking' },
    })
    await control(emulator, '/seed', {
      streams: 6,
      prefix: 'bulk-',
      organization_ids: [organization.body.id],
    })
    const deleted = await control(emulator, '/streams/delete', {
      names: ['bulk-000001', 'bulk-000003', 'bulk-000005'],
    })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ deleted: 3 })
    expect((await http(emulator, 'GET', `${V3_ADMIN}/streams/bulk-000001`)).status).toBe(404)
    expect((await http(emulator, 'GET', `${V3_ADMIN}/streams/bulk-000000`)).status).toBe(200)
    const list = await http(emulator, 'GET', `${V3_ADMIN}/streams`)
    expect(list.body.streams.map((stream: { name: string }) => stream.name)).toEqual([
      'bulk-000000',
      'bulk-000002',
      'bulk-000004',
    ])
    const shrunk = await http(emulator, 'GET', `${V3_CLIENT}/organizations/${organization.body.id}`)
    expect(shrunk.body.stats.streams).toBe(3)
    const stats = await http(emulator, 'GET', '/_emulator/stats', { auth: 'none' })
    expect(stats.body.streams).toBe(3)
  })

  it('counts unknown and repeated names as not deleted, without an error', async () => {
    await control(emulator, '/seed', { streams: 2, prefix: 'kept-' })
    const answer = await control(emulator, '/streams/delete', {
      names: ['kept-000000', 'kept-000000', 'never-there'],
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ deleted: 1 })
    expect((await control(emulator, '/streams/delete', { names: [] })).body).toEqual({
      deleted: 0,
    })
    expect((await http(emulator, 'GET', `${V3_ADMIN}/streams/kept-000001`)).status).toBe(200)
  })

  it('answers 400 naming the field for a body without a list of names', async () => {
    await control(emulator, '/seed', { streams: 1, prefix: 'safe-' })
    const missing = await control(emulator, '/streams/delete', {})
    expect(missing.status).toBe(400)
    expect(missing.body.error).toMatch(/^names: /)
    const notList = await control(emulator, '/streams/delete', { names: 'safe-000000' })
    expect(notList.status).toBe(400)
    expect(notList.body.error).toMatch(/^names: /)
    const badItem = await control(emulator, '/streams/delete', { names: ['safe-000000', 7] })
    expect(badItem.status).toBe(400)
    expect(badItem.body.error).toMatch(/^names\.1: /)
    const empty = await control(emulator, '/streams/delete', { names: [''] })
    expect(empty.status).toBe(400)
    expect(empty.body.error).toMatch(/^names\.0: /)
    // nothing was deleted by the refused requests, even the one whose first name was valid
    expect((await http(emulator, 'GET', `${V3_ADMIN}/streams/safe-000000`)).status).toBe(200)
  })
})

describe('/_emulator/clock', () => {
  it('advances forward only, and sets an offset from the real time in either direction', async () => {
    const start = await control(emulator, '/clock', { offset_ms: 0 })
    expect(start.status).toBe(200)
    const back = await control(emulator, '/clock', { offset_ms: -30 * 86_400_000 })
    expect(back.body.offset_ms).toBe(-30 * 86_400_000)
    expect(back.body.now).toBeLessThan(Date.now() - 29 * 86_400_000)
    const advanced = await control(emulator, '/clock', { advance_ms: 1_000 })
    expect(advanced.body.offset_ms).toBe(-30 * 86_400_000 + 1_000)
    expect((await control(emulator, '/clock', { advance_ms: -1 })).status).toBe(400)
    expect((await control(emulator, '/clock', { offset_ms: 1, advance_ms: 1 })).status).toBe(400)
    await control(emulator, '/clock', { offset_ms: 0 })
  })

  it('stops at a time, advances from there only when told, and runs again when released', async () => {
    const at = Date.UTC(2041, 2, 10)
    const stopped = await control(emulator, '/clock', { stopped_at_ms: at })
    expect(stopped.body).toMatchObject({ now: at, stopped_at_ms: at, offset_ms: 0 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await http(emulator, 'GET', '/_emulator/clock')).body.now).toBe(at)
    expect((await control(emulator, '/clock', { advance_ms: 1_000 })).body.now).toBe(at + 1_000)
    const released = await control(emulator, '/clock', { stopped_at_ms: null })
    expect(released.body.stopped_at_ms).toBeNull()
    expect(Math.abs(released.body.now - Date.now())).toBeLessThan(5_000)
  })
})

describe('state file', () => {
  it('saves the state and loads it at the next start', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'watcher-emulator-')), 'state.json')
    const first = await startTestEmulator({ stateFile })
    await http(first, 'POST', `${V3_CLIENT}/organizations`, { json: { title: 'Persisted' } })
    await http(first, 'PUT', `${V3_ADMIN}/streams/kept`, { json: { organization: { id: 2 } } })
    await first.close()
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).format).toBe('watcher-emulator-state/1')

    const second = await startTestEmulator({ stateFile })
    try {
      const organization = await http(second, 'GET', `${V3_CLIENT}/organizations/2`)
      expect(organization.body).toMatchObject({ title: 'Persisted', stats: { streams: 1 } })
      expect((await http(second, 'GET', `${V3_ADMIN}/streams/kept`)).status).toBe(200)
      const next = await http(second, 'POST', `${V3_CLIENT}/organizations`, {
        json: { title: 'N' },
      })
      expect(next.body.id).toBe(3)
    } finally {
      await second.close()
    }
  })
})
