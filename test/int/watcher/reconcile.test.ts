/**
 * Reconciliation (scheduled daily and on demand, POST /api/watcher/reconcile): drift made in
 * Watcher's UI is repaired by re-pushing billing's state, objects that exist only in Watcher are
 * reported and left alone, and every run leaves a `reconcile-reports` document.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  V3_ADMIN,
  V3_CLIENT,
  WATCHER_ADMIN,
  watcherGet,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `rec-${Date.now().toString(36)}`
const DAY = 86_400

let payload: Payload
let emulator: WatcherEmulator
let server: Server
const auth: Record<'admin' | 'accountant' | 'subscriber', string> = {
  admin: '',
  accountant: '',
  subscriber: '',
}
const ids: Record<string, number> = {}
const watcherIds: Record<string, number> = {}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const reload = (collection: string, id: number) =>
  (payload.findByID as any)({ collection, id, depth: 0 }) as Promise<any>

/** A raw call to the emulator as the Watcher administrator: a change made behind billing's back. */
async function watcher(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${WATCHER_ADMIN.user}:${WATCHER_ADMIN.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`${method} /_emulator${path}: ${response.status} ${await response.text()}`)
}

const reconcileAs = (role: keyof typeof auth | null) => {
  const call = request(server).post('/api/watcher/reconcile').send({})
  return role ? call.set('Authorization', auth[role]) : call
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  server = await testServer()

  const user = (login: string, role: string, extra: Record<string, unknown> = {}) =>
    create('users', {
      email: `${login}-${tag}@example.test`,
      login: `${login}-${tag}`,
      password: PASSWORD,
      role,
      ...extra,
    })
  const admin = await user('admin', 'admin')
  const accountant = await user('accountant', 'accountant')
  const archive = await create('services', {
    title: `Archive 7 ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 500,
    currency: 'USD',
  })
  const subscription = await create('subscriptions', {
    title: `Plan ${tag}`,
    currency: 'USD',
    services: [archive.id],
  })
  const organization = await create('organizations', {
    title: `Org ${tag}`,
    availableSubscriptions: [subscription.id],
  })
  const member = await user('member', 'subscriber', {
    memberships: [{ organization: organization.id, canViewStreams: true, canViewStats: true }],
  })
  Object.assign(ids, {
    admin: admin.id,
    accountant: accountant.id,
    subscription: subscription.id,
    organization: organization.id,
    member: member.id,
  })
  await syncNow(payload)
  for (const [key, collection] of [
    ['subscription', 'subscriptions'],
    ['organization', 'organizations'],
    ['member', 'users'],
  ] as const) {
    const doc = await reload(collection, ids[key]!)
    expect(doc.watcher, `${collection} synced before the test`).toMatchObject({ status: 'synced' })
    watcherIds[key] = doc.watcher.id
  }

  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.accountant = await loginHeader(`accountant-${tag}@example.test`, PASSWORD)
  auth.subscriber = await loginHeader(`member-${tag}@example.test`, PASSWORD)
})

afterAll(async () => {
  await emulator?.close()
})

describe('reconciliation', () => {
  let report: any

  it('repairs drift made in Watcher and reports Watcher-only objects without deleting them', async () => {
    // behind billing's back: a preset edited, a member removed, three objects made in Watcher
    const edited = await watcher('PUT', `${V3_ADMIN}/presets/${watcherIds.subscription}`, {
      dvr: { expiration: 30 * DAY },
      is_adjustable: true,
    })
    expect(edited.status).toBe(200)
    const removed = await watcher(
      'DELETE',
      `${V3_CLIENT}/organizations/${watcherIds.organization}/users/${watcherIds.member}`,
    )
    expect(removed.status).toBeLessThan(300)
    const strayOrganization = await watcher('POST', `${V3_CLIENT}/organizations`, {
      title: `Stray org ${tag}`,
    })
    const strayUser = await watcher('POST', `${V3_ADMIN}/users`, {
      name: `stray-${tag}`,
      password: 'Stray-Password-1',
    })
    const strayPreset = await watcher('POST', `${V3_ADMIN}/presets`, {
      title: `Stray preset ${tag}`,
      dvr: { expiration: 3 * DAY },
    })
    for (const made of [strayOrganization, strayUser, strayPreset]) expect(made.status).toBe(200)
    watcherIds.strayOrganization = strayOrganization.body.id
    watcherIds.strayUser = strayUser.body.id
    watcherIds.strayPreset = strayPreset.body.id

    const response = await reconcileAs('admin')
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    report = response.body
    expect(report.id).toEqual(expect.any(Number))
    expect(report.outcome).toBe('drift')
    expect(report.finishedAt).toBeTruthy()

    const repairedSubscription = report.repaired.find(
      (entry: any) => entry.collection === 'subscriptions' && entry.documentId === ids.subscription,
    )
    expect(repairedSubscription, JSON.stringify(report.repaired)).toBeTruthy()
    expect(repairedSubscription.label).toBe(`Plan ${tag}`)
    expect(repairedSubscription.differences).toMatch(/archiveDays/)
    expect(repairedSubscription.differences).toMatch(/isAdjustable/)

    const repairedUser = report.repaired.find(
      (entry: any) => entry.collection === 'users' && entry.documentId === ids.member,
    )
    expect(repairedUser, JSON.stringify(report.repaired)).toBeTruthy()
    expect(repairedUser.label).toBe(`member-${tag}`)
    expect(repairedUser.differences).toMatch(new RegExp(`organization ${watcherIds.organization}`))

    // the organization itself did not drift
    expect(
      report.repaired.find((entry: any) => entry.collection === 'organizations'),
    ).toBeUndefined()

    const only = report.watcherOnly.map((entry: any) => ({
      kind: entry.kind,
      watcherId: entry.watcherId,
      title: entry.title,
    }))
    expect(only).toEqual(
      expect.arrayContaining([
        {
          kind: 'organization',
          watcherId: watcherIds.strayOrganization,
          title: `Stray org ${tag}`,
        },
        { kind: 'user', watcherId: watcherIds.strayUser, title: `stray-${tag}` },
        { kind: 'preset', watcherId: watcherIds.strayPreset, title: `Stray preset ${tag}` },
      ]),
    )
    // billing's own objects, Watcher's defaults and its administrator are not "only in Watcher"
    const reportedIds = (kind: string) =>
      report.watcherOnly
        .filter((entry: any) => entry.kind === kind)
        .map((entry: any) => entry.watcherId)
    expect(reportedIds('organization')).not.toContain(watcherIds.organization)
    expect(reportedIds('preset')).not.toContain(watcherIds.subscription)
    expect(reportedIds('user')).not.toContain(watcherIds.member)
    expect(report.watcherOnly).toHaveLength(3)
    expect(report.summary).toMatch(/2 repaired/)
  })

  it("after the run Watcher holds billing's state again", async () => {
    const preset = await watcherGet(emulator, `${V3_ADMIN}/presets/${watcherIds.subscription}`)
    expect(preset).toMatchObject({
      title: `Plan ${tag}`,
      is_adjustable: false,
      dvr: { expiration: 7 * DAY },
    })
    const members = await watcherGet(
      emulator,
      `${V3_CLIENT}/organizations/${watcherIds.organization}/users?limit=100`,
    )
    const member = members.users.find((entry: any) => entry.id === watcherIds.member)
    expect(member, 'the membership is back').toBeTruthy()
    expect(member.permissions.organization).toMatchObject({
      can_view_streams: true,
      can_view_stats: true,
      can_edit_streams: false,
      can_edit_users: false,
    })
    for (const [collection, key] of [
      ['subscriptions', 'subscription'],
      ['users', 'member'],
    ] as const) {
      const doc = await reload(collection, ids[key]!)
      expect(doc.watcher).toMatchObject({ status: 'synced', id: watcherIds[key] })
    }
  })

  it('leaves the Watcher-only objects in place', async () => {
    expect(
      (await watcher('GET', `${V3_CLIENT}/organizations/${watcherIds.strayOrganization}`)).status,
    ).toBe(200)
    expect((await watcher('GET', `${V3_ADMIN}/users/${watcherIds.strayUser}`)).status).toBe(200)
    const preset = await watcher('GET', `${V3_ADMIN}/presets/${watcherIds.strayPreset}`)
    expect(preset.status).toBe(200)
    expect(preset.body.deleted_at ?? null).toBeNull()
    // and billing did not import them either
    const organizations = await payload.find({
      collection: 'organizations',
      where: { title: { equals: `Stray org ${tag}` } },
      depth: 0,
    })
    expect(organizations.totalDocs).toBe(0)
  })

  it('stores the report: admin and accountant read it, a subscriber does not, nobody writes it through REST', async () => {
    for (const role of ['admin', 'accountant'] as const) {
      const one = await request(server)
        .get(`/api/reconcile-reports/${report.id}`)
        .set('Authorization', auth[role])
      expect(one.status, role).toBe(200)
      expect(one.body).toMatchObject({ id: report.id, outcome: 'drift' })
      expect(one.body.repaired.length).toBe(report.repaired.length)
      expect(one.body.watcherOnly.length).toBe(3)
      const list = await request(server)
        .get('/api/reconcile-reports?limit=100')
        .set('Authorization', auth[role])
      expect(list.status, role).toBe(200)
      expect(list.body.docs.map((doc: any) => doc.id)).toContain(report.id)
    }

    const list = await request(server)
      .get('/api/reconcile-reports')
      .set('Authorization', auth.subscriber)
    if (list.status === 200) expect(list.body.docs).toEqual([])
    else expect(list.status).toBe(403)
    const one = await request(server)
      .get(`/api/reconcile-reports/${report.id}`)
      .set('Authorization', auth.subscriber)
    expect([403, 404]).toContain(one.status)
    const anonymous = await request(server).get('/api/reconcile-reports')
    expect([401, 403]).toContain(anonymous.status)

    const created = await request(server)
      .post('/api/reconcile-reports')
      .set('Authorization', auth.admin)
      .send({ outcome: 'in_line', summary: 'forged' })
    expect(created.status).toBe(403)
    const updated = await request(server)
      .patch(`/api/reconcile-reports/${report.id}`)
      .set('Authorization', auth.admin)
      .send({ summary: 'forged' })
    expect(updated.status).toBe(403)
    const deleted = await request(server)
      .delete(`/api/reconcile-reports/${report.id}`)
      .set('Authorization', auth.admin)
    expect(deleted.status).toBe(403)
  })

  it('a second run repairs nothing and still reports the Watcher-only objects', async () => {
    const response = await reconcileAs('accountant')
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body.repaired).toEqual([])
    expect(response.body.outcome).toBe('drift') // the Watcher-only objects are still there
    expect(response.body.watcherOnly.map((entry: any) => entry.watcherId).sort()).toEqual(
      [watcherIds.strayOrganization, watcherIds.strayUser, watcherIds.strayPreset].sort(),
    )
    expect(response.body.id).not.toBe(report.id)
  })

  it('an organization deleted in Watcher is created again, with its preset link and its member', async () => {
    const deleted = await watcher('DELETE', `${V3_CLIENT}/organizations/${watcherIds.organization}`)
    expect(deleted.status).toBeLessThan(300)

    const response = await reconcileAs('admin')
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    const repairedOrganization = response.body.repaired.find(
      (entry: any) => entry.collection === 'organizations' && entry.documentId === ids.organization,
    )
    expect(repairedOrganization, JSON.stringify(response.body.repaired)).toBeTruthy()
    expect(repairedOrganization.differences).toMatch(/missing/)

    const organization = await reload('organizations', ids.organization)
    expect(organization.watcher.status).toBe('synced')
    expect(organization.watcher.id).not.toBe(watcherIds.organization)
    const again = await watcherGet(
      emulator,
      `${V3_CLIENT}/organizations/${organization.watcher.id}`,
    )
    expect(again.title).toBe(`Org ${tag}`)
    const linked = await watcherGet(
      emulator,
      `${V3_ADMIN}/presets?organization_id=${organization.watcher.id}&limit=100`,
    )
    expect(linked.presets.map((preset: any) => preset.id)).toContain(watcherIds.subscription)
    const members = await watcherGet(
      emulator,
      `${V3_CLIENT}/organizations/${organization.watcher.id}/users?limit=100`,
    )
    expect(members.users.map((member: any) => member.id)).toContain(watcherIds.member)
    watcherIds.organization = organization.watcher.id

    const quiet = await reconcileAs('admin')
    expect(quiet.body.repaired).toEqual([])
  })

  it('refuses subscribers (403) and anonymous callers (401)', async () => {
    const before = await payload.count({
      collection: 'reconcile-reports',
      overrideAccess: true,
    } as never)
    expect((await reconcileAs('subscriber')).status).toBe(403)
    expect((await reconcileAs(null)).status).toBe(401)
    const after = await payload.count({
      collection: 'reconcile-reports',
      overrideAccess: true,
    } as never)
    expect(after.totalDocs).toBe(before.totalDocs)
  })

  it('when Watcher is down the run is stored as "could not finish" and repairs nothing', async () => {
    await control('POST', '/faults', { status: 503, rate: 1 })
    try {
      const response = await reconcileAs('admin')
      expect(response.status).toBe(200)
      expect(response.body.outcome).toBe('error')
      expect(response.body.error).toBeTruthy()
      const stored = await payload.findByID({
        collection: 'reconcile-reports',
        id: response.body.id,
        depth: 0,
      } as never)
      expect((stored as any).outcome).toBe('error')
    } finally {
      await control('DELETE', '/faults')
    }
    // nothing was queued by the failed run
    const left = await payload.count({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
    } as never)
    expect(left.totalDocs).toBe(0)
  })

  it('the watcher-reconcile task is scheduled', () => {
    const task = payload.config.jobs?.tasks?.find(
      (candidate) => candidate.slug === 'watcher-reconcile',
    )
    expect(task, 'task watcher-reconcile').toBeTruthy()
    expect(task!.schedule?.[0]?.cron).toEqual(expect.any(String))
    expect(task!.schedule![0]!.cron.trim().split(/\s+/).length).toBeGreaterThanOrEqual(5)
  })
})
