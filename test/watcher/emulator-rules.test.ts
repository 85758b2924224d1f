import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { control, http, startTestEmulator, V2, V3_ADMIN, V3_CLIENT } from './helpers'

let emulator: WatcherEmulator

beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.close())
beforeEach(() => control(emulator, '/reset'))

const v3 = (method: string, path: string, json?: unknown) =>
  http(
    emulator,
    method,
    path.startsWith('/organizations') ? `${V3_CLIENT}${path}` : `${V3_ADMIN}${path}`,
    {
      json,
    },
  )
const v2 = (method: string, path: string, json?: unknown) =>
  http(emulator, method, `${V2}${path}`, { json, auth: 'key' })

const newOrganization = async (title = 'Org') =>
  (await v3('POST', '/organizations', { title })).body
const newPreset = async (body: Record<string, unknown>) =>
  (await v3('POST', '/presets', { title: 'Plan', ...body })).body

describe('errors', () => {
  it('answers the errors envelope with a string status, code, title and pointer', async () => {
    const missingTitle = await v3('POST', '/organizations', {})
    expect(missingTitle.status).toBe(400)
    expect(missingTitle.body.errors[0]).toMatchObject({
      status: '400',
      code: expect.any(String),
      title: expect.any(String),
      source: { pointer: '/title' },
    })
    const wrongType = await v3('POST', '/presets', { title: 'x', dvr: { expiration: 'long' } })
    expect(wrongType.body.errors[0].source.pointer).toBe('/dvr/expiration')
    const missing = await v3('GET', '/organizations/999')
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].status).toBe('404')
    const badJson = await fetch(`${emulator.url}${V3_ADMIN}/presets`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('admin:admin-secret').toString('base64')}` },
      body: '{not json',
    })
    expect(badJson.status).toBe(400)
    expect((await badJson.json()).errors[0].code).toBe('invalid_json')
  })

  it('refuses to delete an organization with streams, the Default organization, or a taken login (409)', async () => {
    const organization = await newOrganization()
    await v3('PUT', '/streams/cam-1', { organization: { id: organization.id } })
    const withStreams = await v3('DELETE', `/organizations/${organization.id}`)
    expect(withStreams.status).toBe(409)
    expect(withStreams.body.errors[0].code).toBe('organization_has_streams')
    await v3('DELETE', '/streams/cam-1')
    expect((await v3('DELETE', `/organizations/${organization.id}`)).status).toBe(204)

    expect((await v3('DELETE', '/organizations/1')).status).toBe(409)
    await v3('POST', '/users', { name: 'dup', password: 'x' })
    const duplicate = await v3('POST', '/users', { name: 'dup', password: 'y' })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.errors[0].source.pointer).toBe('/name')
  })

  it('answers 405 for DELETE on a v3 preset and 400 for linking an unknown preset', async () => {
    const preset = await newPreset({})
    expect((await v3('DELETE', `/presets/${preset.id}`)).status).toBe(405)
    const organization = await newOrganization()
    const link = await v3('PUT', `/organizations/${organization.id}/presets`, { preset_id: 999 })
    expect(link.status).toBe(400)
    expect(link.body.errors[0].source.pointer).toBe('/preset_id')
  })

  it('speaks v2 errors: 400 for conflicts, {error, error_message, field}', async () => {
    const organization = (await v2('POST', '/organizations', { title: 'V2 org' })).body
    await v2('POST', '/cameras', { name: 'v2cam', organization_id: organization.id })
    const refused = await v2('DELETE', `/organizations/${organization.id}`)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ error: 'BadRequest', error_message: expect.any(String) })
    const taken = await v2('POST', '/cameras', { name: 'v2cam', organization_id: organization.id })
    expect(taken.status).toBe(400)
    expect((await v2('PUT', '/cameras/unknown', { title: 'x' })).status).toBe(404)
    const unknownUser = await v2('POST', `/organizations/${organization.id}/users`, {
      user_id: 999,
    })
    expect(unknownUser.status).toBe(400)
    expect(unknownUser.body.field).toBe('user_id')
    expect((await v2('DELETE', '/cameras/v2cam')).body).toEqual({ success: true })
  })
})

describe('Watcher rules', () => {
  it('lets a stream use only a preset linked to its organization or a default one', async () => {
    const organization = await newOrganization()
    const preset = await newPreset({ is_adjustable: true })
    const refused = await v3('PUT', '/streams/cam', {
      organization: { id: organization.id },
      preset: { id: preset.id },
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0]).toMatchObject({
      code: 'preset_not_available',
      source: { pointer: '/preset/id' },
    })
    const refusedOldField = await v3('PUT', '/streams/cam', {
      organization_id: organization.id,
      preset_id: preset.id,
    })
    expect(refusedOldField.body.errors[0].source.pointer).toBe('/preset_id')

    await v3('PUT', `/organizations/${organization.id}/presets`, { preset_id: preset.id })
    const accepted = await v3('PUT', '/streams/cam', {
      organization: { id: organization.id },
      preset: { id: preset.id },
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({
      organization: { id: organization.id, title: 'Org' },
      organization_id: organization.id,
      preset: { id: preset.id, title: 'Plan', is_adjustable: true },
      preset_id: preset.id,
    })
    const presets = await v3('GET', `/presets?organization_id=${organization.id}`)
    expect(presets.body.presets.map((p: { id: number }) => p.id)).toEqual([1, preset.id])
  })

  it("applies a non-adjustable preset's DVR and analytics over the stream's own", async () => {
    const organization = await newOrganization()
    const preset = await newPreset({
      dvr: { expiration: 7 * 86_400, storage_limit: 100e9 },
      vision: { alg: 'faces' },
      is_adjustable: false,
    })
    await v3('PUT', `/organizations/${organization.id}/presets`, { preset_id: preset.id })
    const stream = await v3('PUT', '/streams/locked', {
      organization: { id: organization.id },
      preset: { id: preset.id },
      dvr: { expiration: 3600 },
      vision: { alg: 'plates' },
    })
    expect(stream.body.dvr).toEqual({ expiration: 604_800, storage_limit: 100e9 })
    expect(stream.body.vision).toEqual({ alg: 'faces' })
    const edited = await v3('PUT', '/streams/locked', { dvr: { expiration: 60 }, title: 'Gate' })
    expect(edited.body).toMatchObject({ title: 'Gate', dvr: { expiration: 604_800 } })
    // A change to the preset reaches its cameras.
    await v3('PUT', `/presets/${preset.id}`, { dvr: { expiration: 86_400, storage_limit: null } })
    expect((await v3('GET', '/streams/locked')).body.dvr).toEqual({ expiration: 86_400 })

    const adjustable = await v3('PUT', '/streams/free', {
      organization: { id: organization.id },
      dvr: { expiration: 3600 },
    })
    expect(adjustable.body.dvr).toEqual({ expiration: 3600 })
  })

  it('merges preset dvr and vision on PUT; null removes a key', async () => {
    const preset = await newPreset({ dvr: { expiration: 100, episodes_expiration: 50 } })
    const merged = await v3('PUT', `/presets/${preset.id}`, {
      dvr: { storage_limit: 5, episodes_expiration: null },
      vision: { alg: 'plates' },
    })
    expect(merged.body.dvr).toEqual({ expiration: 100, storage_limit: 5 })
    expect(merged.body.vision).toEqual({ alg: 'plates' })
    expect(merged.body.is_adjustable).toBe(true)
  })

  it('keeps organization stats live and makes a user created with organization_id a member', async () => {
    const organization = await newOrganization()
    const user = await v3('POST', '/users', {
      name: 'member',
      password: 'x',
      organization_id: organization.id,
    })
    expect(user.body.organizations).toEqual([
      expect.objectContaining({ id: organization.id, title: 'Org' }),
    ])
    await v3('PUT', '/streams/s1', { organization: { id: organization.id } })
    await v3('PUT', '/streams/s2', { organization: { id: organization.id } })
    let stats = (await v3('GET', `/organizations/${organization.id}`)).body.stats
    expect(stats).toMatchObject({ streams: 2, users: 1 })
    await v3('DELETE', '/streams/s1')
    await v3('DELETE', `/organizations/${organization.id}/users/${user.body.id}`)
    stats = (await v3('GET', `/organizations/${organization.id}`)).body.stats
    expect(stats).toMatchObject({ streams: 1, users: 0 })

    const member = await v3('PUT', `/organizations/${organization.id}/users/${user.body.id}`, {
      can_view_streams: true,
    })
    expect(member.body).toEqual({
      id: user.body.id,
      name: 'member',
      email: null,
      permissions: {
        organization: expect.objectContaining({
          can_view_streams: true,
          can_edit_streams: false,
          is_member: true,
        }),
      },
    })
  })

  it('creates or partially updates streams with PUT, and replaces them with $reset', async () => {
    const created = await v3('PUT', '/streams/cam', {
      title: 'Door',
      inputs: [{ url: 'rtsp://cam/1' }],
    })
    expect(created.body).toMatchObject({ name: 'cam', title: 'Door', organization: { id: 1 } })
    expect(created.body.created_at).toBeGreaterThan(1_600_000_000_000)
    const updated = await v3('PUT', '/streams/cam', { disabled: true })
    expect(updated.body).toMatchObject({ title: 'Door', disabled: true })
    expect(updated.body.created_at).toBe(created.body.created_at)
    expect(updated.body.last_change.user).toBe('admin')
    const replaced = await v3('PUT', '/streams/cam', { $reset: true, comment: 'fresh' })
    expect(replaced.body).toMatchObject({ title: null, disabled: false, comment: 'fresh' })
    expect((await v3('PUT', '/streams/cam', { name: 'other' })).status).toBe(400)
  })
})

describe('v2 and v3 share one state', () => {
  it('shows a camera created through v2 in v3 and the other way round, in each unit', async () => {
    const organization = await newOrganization('Shared')
    const preset = (
      await v2('POST', '/presets', {
        title: 'Week',
        dvr_depth: 7,
        dvr_lock_days: 2,
        dvr_space: 50,
        vision_params: { alg: 'plates' },
        is_adjustable: false,
      })
    ).body
    const inV3 = (await v3('GET', `/presets/${preset.id}`)).body
    expect(inV3).toMatchObject({
      dvr: { expiration: 604_800, episodes_expiration: 172_800, storage_limit: 50e9 },
      vision: { alg: 'plates' },
      is_adjustable: false,
    })
    expect(
      (await v2('POST', `/organizations/${organization.id}/presets`, { preset_id: preset.id }))
        .status,
    ).toBe(200)

    const camera = await v2('POST', '/cameras', {
      title: 'Front Door',
      organization_id: organization.id,
      preset_id: preset.id,
      stream_url: 'rtsp://front',
      enabled: false,
    })
    expect(camera.body.name).toMatch(/^front\.door-[0-9a-f]{10}$/)
    const stream = (await v3('GET', `/streams/${camera.body.name}`)).body
    expect(stream).toMatchObject({
      disabled: true,
      inputs: [{ url: 'rtsp://front' }],
      organization: { id: organization.id },
      preset: { id: preset.id, is_adjustable: false },
    })
    expect(stream.created_at).toBe(camera.body.created_at * 1000 + (stream.created_at % 1000))

    await v3('PUT', '/streams/from-v3', { organization: { id: organization.id } })
    const fromV3 = (await v2('GET', '/cameras/from-v3')).body
    expect(fromV3).toMatchObject({ organization_id: organization.id, enabled: true, dvr_depth: 1 })
    const org = (await v2('GET', `/organizations/${organization.id}`)).body
    expect(org).toMatchObject({ camera_count: 2, title: 'Shared' })

    const v2User = (await v2('POST', '/users', { login: 'legacy', password: 'x', enabled: false }))
      .body
    expect((await v3('GET', `/users/${v2User.id}`)).body).toMatchObject({
      name: 'legacy',
      disabled: true,
    })
  })

  it('deletes v2 presets softly: unlinked, 404 in v2, deleted_at in v3; default presets stay', async () => {
    const organization = await newOrganization()
    const preset = (await v2('POST', '/presets', { title: 'Old' })).body
    await v2('POST', `/organizations/${organization.id}/presets`, { preset_id: preset.id })
    expect((await v2('DELETE', `/presets/${preset.id}`)).body).toEqual({ success: true })
    expect((await v2('GET', `/presets/${preset.id}`)).status).toBe(404)
    expect((await v2('GET', `/organizations/${organization.id}/presets`)).body).toEqual([])
    expect((await v3('GET', `/presets/${preset.id}`)).body.deleted_at).toEqual(expect.any(Number))
    expect((await v2('DELETE', '/presets/1')).status).toBe(400)
  })
})
