/**
 * Catalogue import (POST /api/watcher/import-presets): Watcher's existing presets become proposed
 * services and subscriptions; importing creates them, each subscription linked to its existing
 * preset instead of a new one.
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
  WATCHER_ADMIN,
  watcherGet,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `imp-${Date.now().toString(36)}`
const DAY = 86_400
const GB = 1_000_000_000

let payload: Payload
let emulator: WatcherEmulator
let server: Server
const auth: Record<'admin' | 'accountant' | 'subscriber', string> = {
  admin: '',
  accountant: '',
  subscriber: '',
}
const presets: Record<string, number> = {}
const ids: Record<string, number> = {}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const reload = (collection: string, id: number) =>
  (payload.findByID as any)({ collection, id, depth: 0 }) as Promise<any>

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

async function makePreset(key: string, body: Record<string, unknown>): Promise<number> {
  const made = await watcher('POST', `${V3_ADMIN}/presets`, body)
  expect(made.status, JSON.stringify(made.body)).toBe(200)
  presets[key] = made.body.id
  return made.body.id
}

async function allPresets(): Promise<any[]> {
  const listed = await watcherGet(emulator, `${V3_ADMIN}/presets?limit=1000`)
  return listed.presets
}

const importAs = (role: keyof typeof auth | null, body: unknown) => {
  const call = request(server)
    .post('/api/watcher/import-presets')
    .send(body as object)
  return role ? call.set('Authorization', auth[role]) : call
}

const countTagged = async (collection: 'services' | 'subscriptions') =>
  (await payload.count({ collection, where: { title: { contains: tag } } } as never)).totalDocs

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
  await user('subscriber', 'subscriber')

  // billing's own catalogue: one EUR service that a preset below matches, and a synced subscription
  const archive41 = await create('services', {
    title: `Archive 41 days ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 41,
    price: 900,
    currency: 'EUR',
  })
  const own = await create('subscriptions', {
    title: `Own plan ${tag}`,
    currency: 'EUR',
    services: [archive41.id],
  })
  ids.archive41 = archive41.id
  ids.own = own.id
  await syncNow(payload)
  ids.ownPreset = (await reload('subscriptions', own.id)).watcher.id
  expect(ids.ownPreset).toEqual(expect.any(Number))

  // Watcher's existing catalogue, made in Watcher before billing arrived
  await makePreset('gold', {
    title: `Gold ${tag}`,
    dvr: { expiration: 41 * DAY, episodes_expiration: 5 * DAY, storage_limit: 250 * GB },
    vision: { alg: 'plates' },
  })
  await makePreset('silver', {
    title: `Silver ${tag}`,
    dvr: { expiration: 43 * DAY },
    vision: { alg: 'plates' },
  })
  await makePreset('bare', { title: `Bare ${tag}` })

  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.accountant = await loginHeader(`accountant-${tag}@example.test`, PASSWORD)
  auth.subscriber = await loginHeader(`subscriber-${tag}@example.test`, PASSWORD)
})

afterAll(async () => {
  await emulator?.close()
})

describe('catalogue import', () => {
  let presetCount: number
  let result: any

  it('a dry run proposes services and subscriptions from the presets and writes nothing', async () => {
    const services = await countTagged('services')
    const subscriptions = await countTagged('subscriptions')
    presetCount = (await allPresets()).length

    const response = await importAs('admin', { dryRun: true, currency: 'EUR' })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    const { proposals, created } = response.body
    expect(created).toEqual({ services: [], subscriptions: [] })

    const gold = proposals.find((proposal: any) => proposal.presetId === presets.gold)
    expect(gold).toMatchObject({ title: `Gold ${tag}`, action: 'create' })
    expect(gold.services).toHaveLength(4)
    expect(gold.services.join(' | ')).toMatch(/41/)
    expect(gold.services.join(' | ')).toMatch(/5/)
    expect(gold.services.join(' | ')).toMatch(/250/)
    expect(gold.services.join(' | ')).toMatch(/[Pp]late/)
    const silver = proposals.find((proposal: any) => proposal.presetId === presets.silver)
    expect(silver).toMatchObject({ title: `Silver ${tag}`, action: 'create' })
    expect(silver.services).toHaveLength(2)
    const bare = proposals.find((proposal: any) => proposal.presetId === presets.bare)
    expect(bare).toMatchObject({ action: 'skip' })
    expect(bare.reason).toBeTruthy()

    // billing's own preset and Watcher's default preset are not proposed
    const proposed = proposals.map((proposal: any) => proposal.presetId)
    expect(proposed).not.toContain(ids.ownPreset)
    const defaults = (await allPresets())
      .filter((preset) => preset.is_default)
      .map((preset) => preset.id)
    expect(defaults.length).toBeGreaterThan(0)
    for (const id of defaults) expect(proposed).not.toContain(id)

    expect(await countTagged('services')).toBe(services)
    expect(await countTagged('subscriptions')).toBe(subscriptions)
    const goldSubscriptions = await payload.count({
      collection: 'subscriptions',
      where: { title: { equals: `Gold ${tag}` } },
    } as never)
    expect(goldSubscriptions.totalDocs).toBe(0)
    expect((await allPresets()).length).toBe(presetCount)
  })

  it('importing creates services at price 0 (reusing identical ones) and subscriptions linked to the existing presets', async () => {
    const response = await importAs('accountant', { dryRun: false, currency: 'EUR' })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    result = response.body
    expect(result.created.subscriptions).toHaveLength(2)
    // gold: archive 41 reused; event 5, storage 250 and plates new. silver: archive 43 new, plates reused
    expect(result.created.services).toHaveLength(4)
    expect(result.created.services).not.toContain(ids.archive41)

    const services = await Promise.all(
      result.created.services.map((id: number) => reload('services', id)),
    )
    for (const service of services) expect(service).toMatchObject({ price: 0, currency: 'EUR' })
    const settings = services.map((service: any) => ({
      kind: service.kind,
      archiveDays: service.archiveDays ?? null,
      eventArchiveDays: service.eventArchiveDays ?? null,
      storageGb: service.storageGb ?? null,
      analytics: service.analytics ?? null,
    }))
    expect(settings).toEqual(
      expect.arrayContaining([
        {
          kind: 'event_archive',
          archiveDays: null,
          eventArchiveDays: 5,
          storageGb: null,
          analytics: null,
        },
        {
          kind: 'storage',
          archiveDays: null,
          eventArchiveDays: null,
          storageGb: 250,
          analytics: null,
        },
        {
          kind: 'analytics',
          archiveDays: null,
          eventArchiveDays: null,
          storageGb: null,
          analytics: 'plates',
        },
        {
          kind: 'continuous_archive',
          archiveDays: 43,
          eventArchiveDays: null,
          storageGb: null,
          analytics: null,
        },
      ]),
    )
    const plates = services.find((service: any) => service.kind === 'analytics')

    const subscriptions = await Promise.all(
      result.created.subscriptions.map((id: number) => reload('subscriptions', id)),
    )
    const gold = subscriptions.find((subscription: any) => subscription.title === `Gold ${tag}`)
    const silver = subscriptions.find((subscription: any) => subscription.title === `Silver ${tag}`)
    expect(gold, 'Gold subscription').toBeTruthy()
    expect(silver, 'Silver subscription').toBeTruthy()
    expect(gold.watcher.id).toBe(presets.gold)
    expect(silver.watcher.id).toBe(presets.silver)
    expect(gold).toMatchObject({ currency: 'EUR', status: 'active' })
    expect(gold.services).toHaveLength(4)
    expect(gold.services).toContain(ids.archive41)
    expect(gold.services).toContain(plates.id)
    expect(silver.services).toHaveLength(2)
    expect(silver.services).toContain(plates.id)
    // the default price is the sum of the services: the reused archive's 900, the new ones' 0
    expect(gold.prices?.[0]?.amount).toBe(900)
    expect(silver.prices?.[0]?.amount).toBe(0)

    const bare = result.proposals.find((proposal: any) => proposal.presetId === presets.bare)
    expect(bare.action).toBe('skip')
    expect(
      await payload.count({
        collection: 'subscriptions',
        where: { title: { equals: `Bare ${tag}` } },
      } as never),
    ).toMatchObject({ totalDocs: 0 })
  })

  it('after the sync the same presets carry the subscriptions: none created, now not adjustable', async () => {
    await syncNow(payload)
    const after = await allPresets()
    expect(after.length).toBe(presetCount)
    for (const key of ['gold', 'silver'] as const) {
      const subscription = (
        await payload.find({
          collection: 'subscriptions',
          where: { title: { equals: `${key === 'gold' ? 'Gold' : 'Silver'} ${tag}` } },
          depth: 0,
        } as never)
      ).docs[0] as any
      expect(subscription.watcher).toMatchObject({ status: 'synced', id: presets[key] })
      const preset = await watcherGet(emulator, `${V3_ADMIN}/presets/${presets[key]}`)
      expect(preset).toMatchObject({ title: subscription.title, is_adjustable: false })
    }
    const gold = await watcherGet(emulator, `${V3_ADMIN}/presets/${presets.gold}`)
    expect(gold.dvr).toMatchObject({
      expiration: 41 * DAY,
      episodes_expiration: 5 * DAY,
      storage_limit: 250 * GB,
    })
    expect(gold.vision).toMatchObject({ alg: 'plates' })
    expect(after.filter((preset) => preset.title === `Gold ${tag}`)).toHaveLength(1)
  })

  it('importing again proposes nothing new', async () => {
    const services = await countTagged('services')
    const response = await importAs('admin', { dryRun: false, currency: 'EUR' })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body.created).toEqual({ services: [], subscriptions: [] })
    for (const proposal of response.body.proposals)
      expect(proposal.action, JSON.stringify(proposal)).toBe('skip')
    const proposed = response.body.proposals.map((proposal: any) => proposal.presetId)
    expect(proposed).not.toContain(presets.gold)
    expect(proposed).not.toContain(presets.silver)
    expect(await countTagged('services')).toBe(services)
  })

  it('answers 400 naming the field for bad input', async () => {
    const currency = await importAs('admin', { currency: 'euro' })
    expect(currency.status).toBe(400)
    expect(JSON.stringify(currency.body)).toMatch(/currency/)
    expect(currency.body.errors?.[0]?.field).toBe('currency')

    const dryRun = await importAs('admin', { dryRun: 'yes' })
    expect(dryRun.status).toBe(400)
    expect(JSON.stringify(dryRun.body)).toMatch(/dryRun/)
  })

  it('refuses a well-formed code that is not an ISO 4217 currency with 400 naming currency, in a dry run too', async () => {
    for (const dryRun of [true, false]) {
      const unknown = await importAs('admin', { dryRun, currency: 'XYZ' })
      expect(unknown.status, `dryRun ${dryRun}: ${JSON.stringify(unknown.body)}`).toBe(400)
      expect(unknown.body.errors?.[0]?.field).toBe('currency')
    }
  })

  it('answers 502 when Watcher fails, and creates nothing', async () => {
    const subscriptionsBefore = (await payload.count({ collection: 'subscriptions' })).totalDocs
    emulator.faults.set({ status: 503, rate: 1, paths: `${V3_ADMIN}/presets` })
    try {
      const response = await importAs('admin', { dryRun: false, currency: 'EUR' })
      expect(response.status, JSON.stringify(response.body)).toBe(502)
      expect(response.body.errors[0].message).toMatch(/Watcher failed: .*503/)
    } finally {
      emulator.faults.clear()
    }
    expect((await payload.count({ collection: 'subscriptions' })).totalDocs).toBe(
      subscriptionsBefore,
    )
  })

  it('is for staff: accountant allowed, subscriber 403, anonymous 401', async () => {
    expect((await importAs('accountant', { dryRun: true })).status).toBe(200)
    expect((await importAs('subscriber', { dryRun: true })).status).toBe(403)
    expect((await importAs(null, { dryRun: true })).status).toBe(401)
  })

  it('a preset whose settings are not whole days or GB is skipped with a reason, and the rest still imports', async () => {
    // Watcher keeps durations in seconds: 36 hours of archive is a valid Watcher preset
    await makePreset('tidy', { title: `Tidy ${tag}`, dvr: { expiration: 47 * DAY } })
    await makePreset('hours', { title: `Hours ${tag}`, dvr: { expiration: 36 * 3600 } })
    const response = await importAs('admin', { dryRun: false, currency: 'EUR' })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    const hours = response.body.proposals.find(
      (proposal: any) => proposal.presetId === presets.hours,
    )
    expect(hours, 'the odd preset is still listed').toBeTruthy()
    expect(hours.action).toBe('skip')
    expect(hours.reason).toBeTruthy()
    const tidy = response.body.proposals.find((proposal: any) => proposal.presetId === presets.tidy)
    expect(tidy).toMatchObject({ action: 'create' })
    expect(response.body.created.subscriptions).toHaveLength(1)
    const made = await reload('subscriptions', response.body.created.subscriptions[0])
    expect(made).toMatchObject({ title: `Tidy ${tag}` })
    expect(made.watcher.id).toBe(presets.tidy)
  })
})
