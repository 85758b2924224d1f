/**
 * Billing → Watcher, field by field, through the v3 and the v2 client: each change reaches the
 * emulator as watcher-api.md documents it (units included: 7 days = 604800 s in v3, 7 in v2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  V2,
  V3_ADMIN,
  V3_CLIENT,
  watcherGet,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

let payload: Payload
let emulator: WatcherEmulator

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
})
afterAll(() => emulator?.close())

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const update = (collection: string, id: number, data: Record<string, unknown>) =>
  (payload.update as any)({ collection, id, data }) as Promise<any>
const reload = (collection: string, id: number) =>
  (payload.findByID as any)({ collection, id, depth: 0 }) as Promise<any>

describe.each(['v3', 'v2'] as const)('billing → Watcher through the %s API', (api) => {
  const tag = `map-${api}`
  let ids: Record<string, number> = {}

  beforeAll(async () => {
    process.env.WATCHER_API = api
    const archive = await create('services', {
      title: `Archive 7 ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 500,
      currency: 'USD',
    })
    const events = await create('services', {
      title: `Events 3 ${tag}`,
      kind: 'event_archive',
      eventArchiveDays: 3,
      price: 100,
      currency: 'USD',
    })
    const storage = await create('services', {
      title: `Storage 100 ${tag}`,
      kind: 'storage',
      storageGb: 100,
      price: 200,
      currency: 'USD',
    })
    const faces = await create('services', {
      title: `Faces ${tag}`,
      kind: 'analytics',
      analytics: 'faces',
      price: 300,
      currency: 'USD',
    })
    const plates = await create('services', {
      title: `Plates ${tag}`,
      kind: 'analytics',
      analytics: 'plates',
      price: 300,
      currency: 'USD',
    })
    const full = await create('subscriptions', {
      title: `Full ${tag}`,
      currency: 'USD',
      services: [archive.id, events.id, storage.id, faces.id],
    })
    const basic = await create('subscriptions', {
      title: `Basic ${tag}`,
      currency: 'USD',
      services: [archive.id],
    })
    const owner = await create('users', {
      email: `owner-${tag}@example.test`,
      login: `owner-${tag}`,
      name: 'Olga Owner',
      password: PASSWORD,
      role: 'subscriber',
    })
    const viewer = await create('users', {
      email: `viewer-${tag}@example.test`,
      login: `viewer-${tag}`,
      password: PASSWORD,
      role: 'subscriber',
    })
    const staff = await create('users', {
      email: `staff-${tag}@example.test`,
      login: `staff-${tag}`,
      password: PASSWORD,
      role: 'accountant',
    })
    const organization = await create('organizations', {
      title: `Org ${tag}`,
      administrator: owner.id,
      cameraLimit: 10,
      userLimit: 5,
      availableSubscriptions: [full.id, basic.id],
    })
    await update('users', viewer.id, {
      memberships: [{ organization: organization.id, canViewStreams: true, canViewStats: true }],
    })
    ids = {
      archive: archive.id,
      faces: faces.id,
      plates: plates.id,
      full: full.id,
      basic: basic.id,
      owner: owner.id,
      viewer: viewer.id,
      staff: staff.id,
      organization: organization.id,
    }
    await syncNow(payload)
  })

  it('a subscription becomes a preset with its services merged, not adjustable', async () => {
    const full = await reload('subscriptions', ids.full)
    expect(full.watcher).toMatchObject({ status: 'synced', error: null })
    expect(full.watcher.syncedAt).toBeTruthy()
    const v3 = await watcherGet(emulator, `${V3_ADMIN}/presets/${full.watcher.id}`)
    expect(v3).toMatchObject({
      title: `Full ${tag}`,
      is_adjustable: false,
      dvr: { expiration: 604_800, episodes_expiration: 259_200, storage_limit: 100_000_000_000 },
      vision: { alg: 'faces' },
    })
    const v2 = await watcherGet(emulator, `${V2}/presets/${full.watcher.id}`, 'v2')
    expect(v2).toMatchObject({
      title: `Full ${tag}`,
      dvr_depth: 7,
      dvr_lock_days: 3,
      dvr_space: 100,
      is_adjustable: false,
      vision_params: { alg: 'faces' },
    })
  })

  it('an organization gets its title, limits, owner and one link per available subscription', async () => {
    const organization = await reload('organizations', ids.organization)
    const owner = await reload('users', ids.owner)
    expect(organization.watcher.status).toBe('synced')
    const v3 = await watcherGet(emulator, `${V3_CLIENT}/organizations/${organization.watcher.id}`)
    expect(v3).toMatchObject({
      title: `Org ${tag}`,
      limits: { streams: 10, users: 5 },
      owner: { id: owner.watcher.id },
    })
    const v2 = await watcherGet(emulator, `${V2}/organizations/${organization.watcher.id}`, 'v2')
    expect(v2).toMatchObject({ camera_limit: 10, user_limit: 5, owner_id: owner.watcher.id })
    const linked = await watcherGet(
      emulator,
      `${V3_ADMIN}/presets?organization_id=${organization.watcher.id}&limit=100`,
    )
    const presetIds = linked.presets
      .filter((preset: any) => !preset.is_default)
      .map((preset: any) => preset.id)
      .sort()
    const full = await reload('subscriptions', ids.full)
    const basic = await reload('subscriptions', ids.basic)
    expect(presetIds).toEqual([full.watcher.id, basic.watcher.id].sort())
  })

  it('users get login, name, email and memberships with their permissions; the password works in Watcher', async () => {
    const owner = await reload('users', ids.owner)
    const viewer = await reload('users', ids.viewer)
    const organization = await reload('organizations', ids.organization)
    expect(owner.watcher.status).toBe('synced')
    const user = await watcherGet(emulator, `${V3_ADMIN}/users/${owner.watcher.id}`)
    expect(user).toMatchObject({
      name: `owner-${tag}`,
      fullname: 'Olga Owner',
      email: `owner-${tag}@example.test`,
      disabled: false,
    })
    const members = await watcherGet(
      emulator,
      `${V3_CLIENT}/organizations/${organization.watcher.id}/users?limit=100`,
    )
    const permissionsOf = (id: number) =>
      members.users.find((member: any) => member.id === id)?.permissions.organization
    expect(permissionsOf(owner.watcher.id)).toMatchObject({
      can_view_streams: true,
      can_edit_streams: true,
      can_edit_users: true,
      can_view_stats: true,
    })
    if (api === 'v3') {
      expect(permissionsOf(viewer.watcher.id)).toMatchObject({
        can_view_streams: true,
        can_edit_streams: false,
        can_edit_users: false,
        can_view_stats: true,
      })
    } else {
      // v2 has no flag for viewing streams: every member can
      expect(permissionsOf(viewer.watcher.id)).toMatchObject({
        can_edit_streams: false,
        can_edit_users: false,
        can_view_stats: true,
      })
    }
    // not left in Watcher's Default organization
    const watcherUser = await watcherGet(emulator, `${V3_ADMIN}/users/${viewer.watcher.id}`)
    expect(watcherUser.organizations.map((entry: any) => entry.id)).toEqual([
      organization.watcher.id,
    ])
    expect(await watcherLogin(emulator, `owner-${tag}`, PASSWORD)).toBe(200)
    expect(await watcherLogin(emulator, `owner-${tag}`, 'wrong-password')).toBe(401)
  })

  it('staff users are not mirrored into Watcher', async () => {
    const staff = await reload('users', ids.staff)
    expect(staff.watcher?.id ?? null).toBeNull()
    const found = await watcherGet(emulator, `${V3_ADMIN}/users?name=staff-${tag}&limit=10`)
    expect(found.users_list).toEqual([])
  })

  it('changes follow: settings, limits, links, permissions, membership removal, password', async () => {
    await update('subscriptions', ids.full, { services: [ids.archive, ids.plates] })
    await update('organizations', ids.organization, {
      title: `Org ${tag} renamed`,
      cameraLimit: 20,
      availableSubscriptions: [ids.full],
    })
    await update('users', ids.viewer, { memberships: [], name: 'Vera Viewer' })
    await update('users', ids.owner, { password: 'New-Password-9' })
    await syncNow(payload)

    const full = await reload('subscriptions', ids.full)
    const preset = await watcherGet(emulator, `${V3_ADMIN}/presets/${full.watcher.id}`)
    expect(preset.vision).toEqual({ alg: 'plates' })
    expect(preset.dvr.episodes_expiration ?? null).toBeNull()
    expect(preset.dvr.storage_limit ?? null).toBeNull()
    const organization = await reload('organizations', ids.organization)
    const v3 = await watcherGet(emulator, `${V3_CLIENT}/organizations/${organization.watcher.id}`)
    expect(v3).toMatchObject({ title: `Org ${tag} renamed`, limits: { streams: 20, users: 5 } })
    const linked = await watcherGet(
      emulator,
      `${V3_ADMIN}/presets?organization_id=${organization.watcher.id}&limit=100`,
    )
    expect(linked.presets.filter((p: any) => !p.is_default).map((p: any) => p.id)).toEqual([
      full.watcher.id,
    ])
    const viewer = await reload('users', ids.viewer)
    const watcherViewer = await watcherGet(emulator, `${V3_ADMIN}/users/${viewer.watcher.id}`)
    expect(watcherViewer.fullname).toBe('Vera Viewer')
    expect(watcherViewer.organizations).toEqual([])
    expect(await watcherLogin(emulator, `owner-${tag}`, 'New-Password-9')).toBe(200)
    expect(await watcherLogin(emulator, `owner-${tag}`, PASSWORD)).toBe(401)
  })

  it('a disabled user is disabled in Watcher, and enabled again', async () => {
    await update('users', ids.owner, { disabled: true })
    await syncNow(payload)
    const owner = await reload('users', ids.owner)
    expect((await watcherGet(emulator, `${V3_ADMIN}/users/${owner.watcher.id}`)).disabled).toBe(
      true,
    )
    expect((await watcherGet(emulator, `${V2}/users/${owner.watcher.id}`, 'v2')).enabled).toBe(
      false,
    )
    await update('users', ids.owner, { disabled: false })
    await syncNow(payload)
    expect((await watcherGet(emulator, `${V3_ADMIN}/users/${owner.watcher.id}`)).disabled).toBe(
      false,
    )
  })

  it('the user’s language reaches Watcher: its own, else its organization’s (v3; v2 users have none)', async () => {
    const owner = await reload('users', ids.owner)
    const viewer = await reload('users', ids.viewer)
    const localeOf = async (id: number) =>
      (await watcherGet(emulator, `${V3_ADMIN}/users/${id}`)).locale ?? null
    await update('organizations', ids.organization, { locale: 'ru' })
    await syncNow(payload)
    if (api === 'v2') {
      // nothing sent: the field is not in v2's API
      expect(await localeOf(owner.watcher.id)).toBeNull()
      expect((await reload('users', ids.owner)).watcher.status).toBe('synced')
      await update('organizations', ids.organization, { locale: 'en' })
      return
    }
    expect(await localeOf(owner.watcher.id)).toBe('ru')
    // the viewer left the organization (above): no organization, no language but its own
    expect(await localeOf(viewer.watcher.id)).toBe('en')
    await update('users', ids.viewer, { locale: 'pt' })
    await syncNow(payload)
    expect(await localeOf(viewer.watcher.id)).toBe('pt')
    expect(await localeOf(owner.watcher.id)).toBe('ru')
    await update('organizations', ids.organization, { locale: 'en' })
    await update('users', ids.viewer, { locale: null })
    await syncNow(payload)
    expect(await localeOf(owner.watcher.id)).toBe('en')
    expect(await localeOf(viewer.watcher.id)).toBe('en')
  })

  it('a service edit re-syncs the presets that use it', async () => {
    await update('services', ids.archive, { archiveDays: 14 })
    await syncNow(payload)
    const basic = await reload('subscriptions', ids.basic)
    const preset = await watcherGet(emulator, `${V3_ADMIN}/presets/${basic.watcher.id}`)
    expect(preset.dvr.expiration).toBe(14 * 86_400)
  })

  it('archiving a subscription unlinks its preset everywhere; deletes follow', async () => {
    const organization = await reload('organizations', ids.organization)
    const full = await reload('subscriptions', ids.full)
    await update('subscriptions', ids.full, { status: 'archived' })
    await syncNow(payload)
    const linked = await watcherGet(
      emulator,
      `${V3_ADMIN}/presets?organization_id=${organization.watcher.id}&limit=100`,
    )
    expect(linked.presets.map((p: any) => p.id)).not.toContain(full.watcher.id)

    const viewer = await reload('users', ids.viewer)
    await payload.delete({ collection: 'users', id: ids.viewer })
    await syncNow(payload)
    const users = await watcherGet(emulator, `${V3_ADMIN}/users?name=viewer-${tag}&limit=10`)
    expect(users.users_list).toEqual([])
    expect(viewer.watcher.id).toBeTruthy()
  })
})
