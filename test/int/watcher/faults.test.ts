/**
 * Nothing lost, nothing twice: 200 changes made while Watcher is down (or flaky and slow) all
 * arrive once Watcher answers again, and a create whose answer was lost is not made twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import { clearQueue, startBillingWatcher, syncNow, syncUntilQuiet, V3_ADMIN, watcherDrift, watcherGet, watcherLogin } from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

let payload: Payload
let emulator: WatcherEmulator

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
})
afterAll(() => emulator?.close())
beforeEach(() => emulator.faults.clear())

const create = (collection: string, data: Record<string, unknown>) => (payload.create as any)({ collection, data }) as Promise<any>
const update = (collection: string, id: number, data: Record<string, unknown>) => (payload.update as any)({ collection, id, data }) as Promise<any>

/** 200 changes across subscriptions, organizations and users; answers how many were made. */
async function makeChanges(tag: string): Promise<number> {
  let changes = 0
  const archive = await create('services', { title: `Archive ${tag}`, kind: 'continuous_archive', archiveDays: 7, price: 500, currency: 'USD' })
  const faces = await create('services', { title: `Faces ${tag}`, kind: 'analytics', analytics: 'faces', price: 300, currency: 'USD' })
  const subscriptions = []
  for (let i = 0; i < 10; i++) {
    subscriptions.push(await create('subscriptions', { title: `Plan ${i} ${tag}`, currency: 'USD', services: i % 2 ? [archive.id, faces.id] : [archive.id] }))
    changes++
  }
  const users = []
  for (let i = 0; i < 40; i++) {
    users.push(await create('users', { email: `u${i}-${tag}@example.test`, login: `u${i}-${tag}`, name: `User ${i}`, password: PASSWORD, role: 'subscriber' }))
    changes++
  }
  const organizations = []
  for (let i = 0; i < 30; i++) {
    organizations.push(
      await create('organizations', {
        title: `Org ${i} ${tag}`,
        administrator: users[i].id,
        cameraLimit: 10 + i,
        availableSubscriptions: [subscriptions[i % 10].id, subscriptions[(i + 3) % 10].id],
      }),
    )
    changes++ // (the administrator's membership is a further change to the user)
  }
  for (let i = 0; i < 40; i++) {
    await update('users', users[i].id, {
      memberships: [
        ...(i < 30 ? [{ organization: organizations[i].id, canViewStreams: true, canEditStreams: true, canEditUsers: true, canViewStats: true }] : []),
        { organization: organizations[(i + 1) % 30].id, canViewStreams: true, canViewStats: i % 2 === 0 },
      ],
    })
    changes++
  }
  for (let i = 0; i < 30; i++) {
    await update('organizations', organizations[i].id, { title: `Org ${i} renamed ${tag}`, userLimit: 5 + i })
    changes++
  }
  for (let i = 0; i < 10; i++) {
    await update('subscriptions', subscriptions[i].id, { title: `Plan ${i} v2 ${tag}` })
    changes++
  }
  for (let i = 0; i < 30; i++) {
    await update('users', users[i].id, { password: `Changed-${i}-${tag}`, name: `User ${i} renamed` })
    changes++
  }
  for (let i = 30; i < 35; i++) {
    await payload.delete({ collection: 'users', id: users[i].id })
    changes++
  }
  await update('subscriptions', subscriptions[9].id, { status: 'archived' })
  changes++
  for (let i = 0; i < 4; i++) {
    await update('organizations', organizations[i].id, { availableSubscriptions: [subscriptions[5].id] })
    changes++
  }
  return changes
}

describe('Watcher unavailable', () => {
  it('200 changes made while Watcher is down all arrive after recovery, once', async () => {
    const tag = `down-${Date.now().toString(36)}`
    emulator.faults.set({ status: 503, rate: 1 })
    expect(await makeChanges(tag)).toBeGreaterThanOrEqual(200)
    await syncNow(payload)
    await syncNow(payload)
    const pending = await payload.count({ collection: 'organizations', where: { and: [{ title: { contains: tag } }, { 'watcher.status': { equals: 'pending' } }] } })
    expect(pending.totalDocs).toBe(30)
    const organization = (await payload.find({ collection: 'organizations', where: { title: { contains: tag } }, limit: 1 })).docs[0] as any
    expect(organization.watcher.error).toMatch(/503/)
    emulator.faults.clear()
    await syncUntilQuiet(payload)
    expect(await watcherDrift(payload, tag)).toEqual([])
    expect(await watcherLogin(emulator, `u3-${tag}`, `Changed-3-${tag}`)).toBe(200)
    expect(await watcherLogin(emulator, `u36-${tag}`, PASSWORD)).toBe(200)
    const deleted = await watcherGet(emulator, `${V3_ADMIN}/users?name=u31-${tag}&limit=5`)
    expect(deleted.users_list).toEqual([])
  }, 180_000)

  it('the same with 30 % random 503s and 500 ms latency', async () => {
    const tag = `flaky-${Date.now().toString(36)}`
    emulator.faults.set({ status: 503, rate: 0.3, latency_ms: 500 })
    await makeChanges(tag)
    await syncUntilQuiet(payload, 40)
    emulator.faults.clear()
    await syncUntilQuiet(payload)
    expect(await watcherDrift(payload, tag)).toEqual([])
  }, 600_000)
})

describe('lost answers', () => {
  it('a create applied by Watcher whose answer never arrived is found again, not made twice', async () => {
    const tag = `lost-${Date.now().toString(36)}`
    const archive = await create('services', { title: `Archive ${tag}`, kind: 'continuous_archive', archiveDays: 7, price: 500, currency: 'USD' })
    const plan = await create('subscriptions', { title: `Plan ${tag}`, currency: 'USD', services: [archive.id] })
    const owner = await create('users', { email: `owner-${tag}@example.test`, login: `owner-${tag}`, password: PASSWORD, role: 'subscriber' })
    await create('organizations', { title: `Org ${tag}`, administrator: owner.id, availableSubscriptions: [plan.id] })
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
    const events = await payload.find({ collection: 'sync-events', where: { and: [{ label: { contains: tag } }, { outcome: { equals: 'retrying' } }] } })
    expect(events.totalDocs).toBeGreaterThan(0)
  }, 60_000)
})
