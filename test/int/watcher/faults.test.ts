/**
 * Nothing lost, nothing twice: 200 changes made while Watcher is down (or flaky and slow) all
 * arrive once Watcher answers again, and a create whose answer was lost is not made twice. The
 * flaky and slow Watcher is faults-flaky.test.ts (its own file and database, so that both storms
 * run side by side).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  syncUntilQuiet,
  V3_ADMIN,
  watcherDrift,
  watcherGet,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'
import { makeChanges } from './changeStorm'

let payload: Payload
let emulator: WatcherEmulator

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
})
afterAll(() => emulator?.close())
beforeEach(() => emulator.faults.clear())

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

describe('Watcher unavailable', () => {
  it('200 changes made while Watcher is down all arrive after recovery, once', async () => {
    const tag = `down-${Date.now().toString(36)}`
    emulator.faults.set({ status: 503, rate: 1 })
    expect(await makeChanges(payload, tag)).toBeGreaterThanOrEqual(200)
    await syncNow(payload)
    await syncNow(payload)
    const pending = await payload.count({
      collection: 'organizations',
      where: { and: [{ title: { contains: tag } }, { 'watcher.status': { equals: 'pending' } }] },
    })
    expect(pending.totalDocs).toBe(30)
    const organization = (
      await payload.find({
        collection: 'organizations',
        where: { title: { contains: tag } },
        limit: 1,
      })
    ).docs[0] as any
    expect(organization.watcher.error).toMatch(/503/)
    emulator.faults.clear()
    await syncUntilQuiet(payload)
    expect(await watcherDrift(payload, tag)).toEqual([])
    expect(await watcherLogin(emulator, `u3-${tag}`, `Changed-3-${tag}`)).toBe(200)
    expect(await watcherLogin(emulator, `u36-${tag}`, PASSWORD)).toBe(200)
    const deleted = await watcherGet(emulator, `${V3_ADMIN}/users?name=u31-${tag}&limit=5`)
    expect(deleted.users_list).toEqual([])
  }, 300_000) // a CPU-bound storm: room for a machine busy with other test files
})

describe('lost answers', () => {
  it('a create applied by Watcher whose answer never arrived is found again, not made twice', async () => {
    const tag = `lost-${Date.now().toString(36)}`
    const archive = await create('services', {
      title: `Archive ${tag}`,
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
    const owner = await create('users', {
      email: `owner-${tag}@example.test`,
      login: `owner-${tag}`,
      password: PASSWORD,
      role: 'subscriber',
    })
    await create('organizations', {
      title: `Org ${tag}`,
      administrator: owner.id,
      availableSubscriptions: [plan.id],
    })
    process.env.WATCHER_TIMEOUT_MS = '300'
    try {
      // creates are answered after the client gave up, but Watcher applies them
      emulator.faults.set({ latency_ms: 700, methods: ['POST'], paths: '/watcher/admin-api/v3/' })
      await syncNow(payload)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    } finally {
      delete process.env.WATCHER_TIMEOUT_MS
      emulator.faults.clear()
    }
    const presets = await watcherGet(emulator, `${V3_ADMIN}/presets?limit=100`)
    expect(presets.presets.filter((p: any) => p.title === `Plan ${tag}`).length).toBe(1) // the lost create did happen
    const lostUsers = await watcherGet(emulator, `${V3_ADMIN}/users?name=owner-${tag}&limit=10`)
    expect(lostUsers.users_list.length).toBe(1)
    await syncUntilQuiet(payload)
    expect(await watcherDrift(payload, tag)).toEqual([])
    const users = await watcherGet(emulator, `${V3_ADMIN}/users?name=owner-${tag}&limit=10`)
    expect(users.users_list.length).toBe(1)
    const after = await watcherGet(emulator, `${V3_ADMIN}/presets?limit=100`)
    expect(after.presets.filter((p: any) => p.title === `Plan ${tag}`).length).toBe(1)
    const events = await payload.find({
      collection: 'sync-events',
      where: { and: [{ label: { contains: tag } }, { outcome: { equals: 'retrying' } }] },
    })
    expect(events.totalDocs).toBeGreaterThan(0)
  }, 60_000)
})
