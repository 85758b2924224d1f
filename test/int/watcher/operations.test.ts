/**
 * The Watcher operations and guards of the plugin, through REST: deleting an organization that
 * still has cameras is refused, POST /api/watcher/sync and /retry, the read-only `watcher` group,
 * and the `sync-events` access log.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  V3_CLIENT,
  WATCHER_ADMIN,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `ops-${Date.now().toString(36)}`

let payload: Payload
let emulator: WatcherEmulator
let server: Server
type Role = 'admin' | 'accountant' | 'subscriber'
const auth: Record<Role, string> = { admin: '', accountant: '', subscriber: '' }
const ids: Record<string, number> = {}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const reload = (collection: string, id: number) =>
  (payload.findByID as any)({ collection, id, depth: 0, disableErrors: true }) as Promise<any>

async function watcherStatus(path: string): Promise<number> {
  const response = await fetch(`${emulator.url}${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${WATCHER_ADMIN.user}:${WATCHER_ADMIN.password}`).toString('base64')}`,
    },
  })
  await response.arrayBuffer()
  return response.status
}

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} /_emulator${path}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

const as = (role: Role | null, call: request.Test) =>
  role ? call.set('Authorization', auth[role]) : call
const api = () => request(server)

/** Creates an organization through REST as the admin (so the sync's cause is the admin). */
async function organizationByAdmin(
  title: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const response = await as(
    'admin',
    api()
      .post('/api/organizations')
      .send({ title, availableSubscriptions: [ids.plan], ...extra }),
  )
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body.doc
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  server = await testServer()

  const user = (login: string, role: string) =>
    create('users', {
      email: `${login}-${tag}@example.test`,
      login: `${login}-${tag}`,
      password: PASSWORD,
      role,
    })
  await user('admin', 'admin')
  await user('accountant', 'accountant')
  const subscriber = await user('subscriber', 'subscriber')
  const archive = await create('services', {
    title: `Archive 7 ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 500,
    currency: 'USD',
  })
  const plan = await create('subscriptions', {
    title: `Plan ${tag}`,
    currency: 'USD',
    services: [archive.id],
  })
  Object.assign(ids, { subscriber: subscriber.id, plan: plan.id })

  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.accountant = await loginHeader(`accountant-${tag}@example.test`, PASSWORD)
  auth.subscriber = await loginHeader(`subscriber-${tag}@example.test`, PASSWORD)

  const home = await organizationByAdmin(`Home ${tag}`)
  const other = await organizationByAdmin(`Other ${tag}`)
  ids.home = home.id
  ids.other = other.id
  await payload.update({
    collection: 'users',
    id: subscriber.id,
    data: { memberships: [{ organization: home.id, canViewStreams: true }] } as never,
  })
  await syncNow(payload)
})

afterEach(async () => {
  await control('DELETE', '/faults')
})

afterAll(async () => {
  await emulator?.close()
})

describe('POST /api/watcher/sync', () => {
  it('runs the pending sync jobs now and answers { delivered, failed, pending }', async () => {
    const organization = await organizationByAdmin(`Synced now ${tag}`)
    expect((await reload('organizations', organization.id)).watcher.status).toBe('pending')
    const response = await as('admin', api().post('/api/watcher/sync').send({}))
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body).toEqual({
      delivered: expect.any(Number),
      failed: expect.any(Number),
      pending: expect.any(Number),
      retrying: [],
    })
    expect(response.body.delivered).toBeGreaterThanOrEqual(1)
    expect(response.body.failed).toBe(0)
    expect(response.body.pending).toBe(0)
    const synced = await reload('organizations', organization.id)
    expect(synced.watcher).toMatchObject({ status: 'synced', error: null })
    expect(await watcherStatus(`${V3_CLIENT}/organizations/${synced.watcher.id}`)).toBe(200)
  })

  it('answers 200 while Watcher is down, with the change still pending', async () => {
    const patched = await as(
      'admin',
      api().patch(`/api/organizations/${ids.other}`).send({ cameraLimit: 12 }),
    )
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    await control('POST', '/faults', { status: 503, rate: 1 })
    const response = await as('accountant', api().post('/api/watcher/sync').send({}))
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body).toEqual({
      delivered: expect.any(Number),
      failed: expect.any(Number),
      pending: expect.any(Number),
      retrying: expect.any(Array),
    })
    expect(response.body.pending).toBeGreaterThan(0)
    expect(response.body.retrying).toContainEqual({
      collection: 'organizations',
      id: ids.other,
      error: expect.stringMatching(/503/),
    })
    const waiting = await reload('organizations', ids.other)
    expect(waiting.watcher.status).toBe('pending')
    expect(waiting.watcher.error).toMatch(/503/)

    await control('DELETE', '/faults')
    const recovered = await as('accountant', api().post('/api/watcher/sync').send({}))
    expect(recovered.status).toBe(200)
    expect(recovered.body.pending).toBe(0)
    expect(recovered.body.delivered).toBeGreaterThanOrEqual(1)
    const synced = await reload('organizations', ids.other)
    expect(synced.watcher).toMatchObject({ status: 'synced', error: null })
  })

  it('refuses subscribers (403) and anonymous callers (401)', async () => {
    expect((await as('subscriber', api().post('/api/watcher/sync').send({}))).status).toBe(403)
    expect((await as(null, api().post('/api/watcher/sync').send({}))).status).toBe(401)
  })
})

describe('POST /api/watcher/retry', () => {
  it('queues the document again: 202 and status pending', async () => {
    const response = await as(
      'admin',
      api().post('/api/watcher/retry').send({ collection: 'organizations', id: ids.home }),
    )
    expect(response.status, JSON.stringify(response.body)).toBe(202)
    expect((await reload('organizations', ids.home)).watcher.status).toBe('pending')
    const jobs = await payload.count({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
    } as never)
    expect(jobs.totalDocs).toBeGreaterThan(0)
    await syncNow(payload)
    expect((await reload('organizations', ids.home)).watcher.status).toBe('synced')
  })

  it('brings back a change that Watcher refused (failed → retry → synced)', async () => {
    const organization = await organizationByAdmin(`Refused ${tag}`)
    await control('POST', '/faults', { status: 400, paths: V3_CLIENT })
    const sync = await as('admin', api().post('/api/watcher/sync').send({}))
    expect(sync.status).toBe(200)
    expect(sync.body.failed).toBeGreaterThanOrEqual(1)
    expect(sync.body.pending).toBe(0)
    const failed = await reload('organizations', organization.id)
    expect(failed.watcher.status).toBe('failed')
    expect(failed.watcher.error).toMatch(/400/)
    await control('DELETE', '/faults')

    const retry = await as(
      'admin',
      api().post('/api/watcher/retry').send({ collection: 'organizations', id: organization.id }),
    )
    expect(retry.status).toBe(202)
    expect((await reload('organizations', organization.id)).watcher.status).toBe('pending')
    const again = await as('admin', api().post('/api/watcher/sync').send({}))
    expect(again.body).toMatchObject({ failed: 0, pending: 0 })
    const synced = await reload('organizations', organization.id)
    expect(synced.watcher).toMatchObject({ status: 'synced', error: null })
    const events = await as(
      'admin',
      api().get(
        `/api/sync-events?where[documentId][equals]=${organization.id}&where[collection][equals]=organizations&sort=createdAt`,
      ),
    )
    expect(events.body.docs.map((event: any) => event.outcome)).toEqual(['failed', 'delivered'])
    expect(events.body.docs[0].httpStatus).toBe(400)
    expect(events.body.docs[1].cause).toMatch(new RegExp(`retry by admin-${tag}@example.test`))
  })

  it('accepts the accountant and refuses a subscriber', async () => {
    const accountant = await as(
      'accountant',
      api().post('/api/watcher/retry').send({ collection: 'subscriptions', id: ids.plan }),
    )
    expect(accountant.status).toBe(202)
    const subscriber = await as(
      'subscriber',
      api().post('/api/watcher/retry').send({ collection: 'subscriptions', id: ids.plan }),
    )
    expect(subscriber.status).toBe(403)
    expect(
      (
        await as(
          null,
          api().post('/api/watcher/retry').send({ collection: 'subscriptions', id: ids.plan }),
        )
      ).status,
    ).toBe(401)
    await syncNow(payload)
  })

  it('answers 400 naming `collection` for a collection that is not synced, 404 for an unknown id', async () => {
    const bad = await as(
      'admin',
      api().post('/api/watcher/retry').send({ collection: 'invoices', id: ids.home }),
    )
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('collection')
    expect(bad.body.errors[0].message).toMatch(/collection/)
    const missing = await as(
      'admin',
      api().post('/api/watcher/retry').send({ collection: 'organizations', id: 987_654_321 }),
    )
    expect(missing.status).toBe(404)
    const noId = await as(
      'admin',
      api().post('/api/watcher/retry').send({ collection: 'organizations' }),
    )
    expect(noId.status).toBe(400)
    expect(noId.body.errors[0].field).toBe('id')
  })
})

describe('deleting an organization', () => {
  it('is refused with 409 while it still has cameras in Watcher', async () => {
    const organization = await organizationByAdmin(`With cameras ${tag}`)
    await syncNow(payload)
    const watcherId = (await reload('organizations', organization.id)).watcher.id
    expect(watcherId).toEqual(expect.any(Number))
    await control('POST', '/seed', {
      streams: 2,
      organization_id: watcherId,
      prefix: `cam-${tag}-`,
    })

    const response = await as('admin', api().delete(`/api/organizations/${organization.id}`))
    expect(response.status, JSON.stringify(response.body)).toBe(409)
    expect(JSON.stringify(response.body)).toMatch(/camera/i)
    expect(response.body.errors[0].message).toMatch(/2 camera/)
    expect(await reload('organizations', organization.id)).toBeTruthy()
    const jobs = await payload.count({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
    } as never)
    expect(jobs.totalDocs, 'no delete job queued').toBe(0)
    expect(await watcherStatus(`${V3_CLIENT}/organizations/${watcherId}`)).toBe(200)
    ids.withCameras = organization.id
  })

  it('is refused with 503 and a clear message while Watcher is down', async () => {
    const organization = await organizationByAdmin(`Down ${tag}`)
    await syncNow(payload)
    const watcherId = (await reload('organizations', organization.id)).watcher.id
    await control('POST', '/faults', { status: 503, rate: 1 })
    const response = await as('admin', api().delete(`/api/organizations/${organization.id}`))
    expect(response.status, JSON.stringify(response.body)).toBe(503)
    expect(response.body.errors[0].message).toMatch(/Watcher/)
    expect(response.body.errors[0].message).toMatch(/camera/)
    await control('DELETE', '/faults')
    expect(await reload('organizations', organization.id)).toBeTruthy()
    const jobs = await payload.count({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
    } as never)
    expect(jobs.totalDocs, 'no delete job queued').toBe(0)
    expect(await watcherStatus(`${V3_CLIENT}/organizations/${watcherId}`)).toBe(200)
  })

  it('goes through without cameras, and the organization is then gone from Watcher', async () => {
    const organization = await organizationByAdmin(`Empty ${tag}`)
    await syncNow(payload)
    const watcherId = (await reload('organizations', organization.id)).watcher.id
    expect(await watcherStatus(`${V3_CLIENT}/organizations/${watcherId}`)).toBe(200)
    const response = await as('admin', api().delete(`/api/organizations/${organization.id}`))
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(await reload('organizations', organization.id)).toBeNull()
    await syncNow(payload)
    expect(await watcherStatus(`${V3_CLIENT}/organizations/${watcherId}`)).toBe(404)
  })
})

describe('the watcher group', () => {
  it('cannot be set through the API: a PATCH leaves the Watcher id alone and marks the change pending', async () => {
    const before = await reload('organizations', ids.home)
    expect(before.watcher).toMatchObject({ status: 'synced', id: expect.any(Number) })
    const response = await as(
      'admin',
      api()
        .patch(`/api/organizations/${ids.home}`)
        .send({ watcher: { status: 'synced', id: 999, error: 'forged' } }),
    )
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    const after = await reload('organizations', ids.home)
    expect(after.watcher.id).toBe(before.watcher.id)
    expect(after.watcher.status).toBe('pending')
    expect(after.watcher.error ?? null).not.toBe('forged')
    await syncNow(payload)
    expect((await reload('organizations', ids.home)).watcher).toMatchObject({
      status: 'synced',
      id: before.watcher.id,
    })
  })

  it('cannot be set on create either', async () => {
    const response = await as(
      'admin',
      api()
        .post('/api/organizations')
        .send({ title: `Forged ${tag}`, watcher: { status: 'synced', id: 4242 } }),
    )
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    const created = await reload('organizations', response.body.doc.id)
    expect(created.watcher.id ?? null).toBeNull()
    expect(created.watcher.status).toBe('pending')
    await syncNow(payload)
    const synced = await reload('organizations', created.id)
    expect(synced.watcher.status).toBe('synced')
    expect(synced.watcher.id).not.toBe(4242)
  })

  it('is read by staff only: a subscriber reading its own organization sees no watcher key', async () => {
    const own = await as('subscriber', api().get(`/api/organizations/${ids.home}`))
    expect(own.status).toBe(200)
    expect(own.body.title).toBe(`Home ${tag}`)
    expect(own.body).not.toHaveProperty('watcher')
    const list = await as('subscriber', api().get('/api/organizations?limit=100'))
    expect(list.status).toBe(200)
    for (const doc of list.body.docs) expect(doc).not.toHaveProperty('watcher')
    const other = await as('subscriber', api().get(`/api/organizations/${ids.other}`))
    expect([403, 404]).toContain(other.status)
    expect(JSON.stringify(other.body)).not.toMatch(/"watcher"/)
    const graphql = await as(
      'subscriber',
      api()
        .post('/api/graphql')
        .send({ query: `{ Organization(id: ${ids.home}) { id title watcher { id status } } }` }),
    )
    expect(graphql.body.data?.Organization?.title).toBe(`Home ${tag}`)
    // GraphQL answers the group's shape, but nothing in it
    const group = graphql.body.data.Organization.watcher ?? {}
    expect(
      Object.values(group).every((value) => value === null),
      JSON.stringify(group),
    ).toBe(true)

    // nor on its own profile
    const me = await as('subscriber', api().get(`/api/users/${ids.subscriber}`))
    expect(me.status).toBe(200)
    expect(me.body.login).toBe(`subscriber-${tag}`)
    expect(me.body).not.toHaveProperty('watcher')

    for (const role of ['admin', 'accountant'] as const) {
      const staff = await as(role, api().get(`/api/organizations/${ids.home}`))
      expect(staff.status).toBe(200)
      expect(staff.body.watcher).toMatchObject({ status: 'synced', id: expect.any(Number) })
    }
  })
})

describe('sync-events', () => {
  it('record each delivery with what, outcome, attempt, HTTP status, duration and cause', async () => {
    const response = await as(
      'admin',
      api().get(
        `/api/sync-events?where[collection][equals]=organizations&where[documentId][equals]=${ids.other}&limit=100&sort=createdAt`,
      ),
    )
    expect(response.status).toBe(200)
    const events = response.body.docs
    expect(events.length).toBeGreaterThanOrEqual(1)
    const first = events[0]
    expect(first).toMatchObject({
      collection: 'organizations',
      documentId: ids.other,
      action: 'upsert',
      outcome: 'delivered',
      attempt: 1,
      httpStatus: expect.any(Number),
      durationMs: expect.any(Number),
      label: `Other ${tag}`,
    })
    expect(first.httpStatus).toBeLessThan(300)
    expect(first.cause).toContain(`admin-${tag}@example.test`)
    // the outage of the earlier test left a retrying attempt with the 503, then a delivery
    const retrying = events.find((event: any) => event.outcome === 'retrying')
    expect(retrying, JSON.stringify(events.map((event: any) => event.outcome))).toBeTruthy()
    expect(retrying.httpStatus).toBe(503)
    expect(retrying.error).toMatch(/503/)
    const delivered = events.filter((event: any) => event.outcome === 'delivered')
    expect(delivered.at(-1).attempt).toBeGreaterThan(retrying.attempt - 1)
    // no secrets in the log
    expect(JSON.stringify(events)).not.toMatch(/admin-secret|password|Bearer|Basic /i)
  })

  it('are readable by admin and accountant, not by a subscriber', async () => {
    const accountant = await as('accountant', api().get('/api/sync-events?limit=5'))
    expect(accountant.status).toBe(200)
    expect(accountant.body.docs.length).toBeGreaterThan(0)
    const subscriber = await as('subscriber', api().get('/api/sync-events?limit=5'))
    if (subscriber.status === 200) expect(subscriber.body.docs).toEqual([])
    else expect(subscriber.status).toBe(403)
    const one = accountant.body.docs[0].id
    expect([403, 404]).toContain(
      (await as('subscriber', api().get(`/api/sync-events/${one}`))).status,
    )
    expect([401, 403]).toContain((await as(null, api().get('/api/sync-events'))).status)
  })

  it('cannot be created, updated or deleted through REST', async () => {
    const one = (await as('admin', api().get('/api/sync-events?limit=1'))).body.docs[0]
    const created = await as(
      'admin',
      api().post('/api/sync-events').send({
        collection: 'organizations',
        documentId: 1,
        action: 'upsert',
        outcome: 'delivered',
        attempt: 1,
      }),
    )
    expect(created.status).toBe(403)
    const updated = await as(
      'admin',
      api().patch(`/api/sync-events/${one.id}`).send({ outcome: 'failed' }),
    )
    expect(updated.status).toBe(403)
    const deleted = await as('admin', api().delete(`/api/sync-events/${one.id}`))
    expect(deleted.status).toBe(403)
    expect((await as('admin', api().get(`/api/sync-events/${one.id}`))).body.outcome).toBe(
      one.outcome,
    )
  })
})
