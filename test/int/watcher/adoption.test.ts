/**
 * Issue 12, hole 2: a billing user whose login already belongs to a user made in Watcher (not by
 * billing) never takes that Watcher user over as a side effect: the sync fails naming the clash,
 * and deleting the billing user leaves it alone. Only an operator's explicit choice adopts it
 * (recorded in the sync events); a create of billing's whose answer was lost is still found again.
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
  syncUntilQuiet,
  V3_ADMIN,
  WATCHER_ADMIN,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'
import type { User } from '../../../src/payload-types'

const tag = `adopt-${Date.now().toString(36)}`
const OWNER_PASSWORD = 'Owner-Own-Secret-9'
let payload: Payload
let server: Server
let emulator: WatcherEmulator
let organizationId: number
const auth: Record<string, string> = {}

const basic = `Basic ${Buffer.from(`${WATCHER_ADMIN.user}:${WATCHER_ADMIN.password}`).toString('base64')}`

/** A user made in Watcher by someone else (its own administrator, another tool). */
async function watcherOnlyUser(login: string): Promise<{ id: number; email: string }> {
  const response = await fetch(`${emulator.url}${V3_ADMIN}/users`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: login,
      password: OWNER_PASSWORD,
      email: `${login}@owner.example`,
    }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { id: number; email: string }
}

async function watcherUser(id: number): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}${V3_ADMIN}/users/${id}`, {
    headers: { authorization: basic },
  })
  return { status: response.status, body: await response.json().catch(() => null) }
}

const stored = (id: number) =>
  payload.findByID({ collection: 'users', id, depth: 0 }) as Promise<
    User & { adoptWatcherUser?: boolean }
  >

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  server = await testServer()
  const organization = await (payload.create as any)({
    collection: 'organizations',
    data: { title: `Org ${tag}` },
  })
  organizationId = organization.id
  await payload.create({
    collection: 'users',
    data: {
      email: `admin-${tag}@example.test`,
      login: `admin-${tag}`,
      password: PASSWORD,
      role: 'admin',
    } as never,
  })
  await payload.create({
    collection: 'users',
    data: {
      email: `manager-${tag}@example.test`,
      login: `manager-${tag}`,
      password: PASSWORD,
      role: 'subscriber',
      memberships: [{ organization: organizationId, canEditUsers: true }],
    } as never,
  })
  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.manager = await loginHeader(`manager-${tag}@example.test`, PASSWORD)
  await syncUntilQuiet(payload)
})
afterAll(() => emulator?.close())

describe('a login that exists only in Watcher', () => {
  it("a manager's new user does not take it over, and says why", async () => {
    const login = `victim-${tag}`
    const owner = await watcherOnlyUser(login)
    const created = await request(server)
      .post('/api/users')
      .set('Authorization', auth.manager!)
      .send({
        login,
        email: `attacker-${tag}@example.test`,
        password: 'Attacker-Chosen-1',
        memberships: [{ organization: organizationId }],
      })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    await syncUntilQuiet(payload)

    const user = await stored(created.body.doc.id)
    expect(user.watcher?.status).toBe('failed')
    expect(user.watcher?.error).toMatch(/already belongs to Watcher user .*billing did not create/)
    expect(user.watcher?.id ?? null).toBeNull()
    // the owner keeps its password, e-mail and organizations
    expect(await watcherLogin(emulator, login, OWNER_PASSWORD)).toBe(200)
    expect(await watcherLogin(emulator, login, 'Attacker-Chosen-1')).toBe(401)
    expect((await watcherUser(owner.id)).body.email).toBe(`${login}@owner.example`)

    // deleting the billing user leaves the Watcher user alone
    const removed = await request(server)
      .delete(`/api/users/${user.id}`)
      .set('Authorization', auth.manager!)
    expect(removed.status).toBe(200)
    await syncUntilQuiet(payload)
    expect((await watcherUser(owner.id)).status).toBe(200)
  })

  it('a subscriber cannot ask for adoption', async () => {
    const res = await request(server)
      .post('/api/users')
      .set('Authorization', auth.manager!)
      .send({
        login: `sneaky-${tag}`,
        email: `sneaky-${tag}@example.test`,
        password: PASSWORD,
        adoptWatcherUser: true,
        memberships: [{ organization: organizationId }],
      })
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toMatch(/adoptWatcherUser/)
  })

  it("an operator's explicit choice adopts it, recorded in the sync events", async () => {
    const login = `adoptee-${tag}`
    const owner = await watcherOnlyUser(login)
    const created = await request(server)
      .post('/api/users')
      .set('Authorization', auth.admin!)
      .send({
        login,
        email: `${login}@example.test`,
        password: PASSWORD,
        role: 'subscriber',
        memberships: [{ organization: organizationId }],
      })
    expect(created.status).toBe(201)
    await syncUntilQuiet(payload)
    expect((await stored(created.body.doc.id)).watcher?.status).toBe('failed')

    const chosen = await request(server)
      .patch(`/api/users/${created.body.doc.id}`)
      .set('Authorization', auth.admin!)
      // the password of the failed create was dropped with its job: the operator sets one with the choice
      .send({ adoptWatcherUser: true, password: 'Adopted-Anew-22' })
    expect(chosen.status).toBe(200)
    await syncUntilQuiet(payload)
    const user = await stored(created.body.doc.id)
    expect(user.watcher?.status).toBe('synced')
    expect(user.watcher?.id).toBe(owner.id)
    expect(user.adoptWatcherUser).toBe(false)
    const events = await payload.find({
      collection: 'sync-events',
      where: { and: [{ collection: { equals: 'users' } }, { documentId: { equals: user.id } }] },
      limit: 0,
      pagination: false,
    } as never)
    expect(JSON.stringify(events.docs)).toMatch(
      new RegExp(`adopted existing Watcher user ${owner.id}`),
    )
    // now billing's: its password and e-mail
    expect(await watcherLogin(emulator, login, 'Adopted-Anew-22')).toBe(200)
    expect(await watcherLogin(emulator, login, OWNER_PASSWORD)).toBe(401)
  })
})

describe("billing's own create whose answer was lost", () => {
  it('is found again by its login, not refused as a clash', async () => {
    const previousTimeout = process.env.WATCHER_TIMEOUT_MS
    process.env.WATCHER_TIMEOUT_MS = '300'
    try {
      await fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          latency_ms: 900,
          paths: `${V3_ADMIN}/users`,
          methods: ['POST'],
          count: 1,
        }),
      })
      const login = `lost-${tag}`
      const created = await request(server)
        .post('/api/users')
        .set('Authorization', auth.manager!)
        .send({
          login,
          email: `${login}@example.test`,
          password: PASSWORD,
          memberships: [{ organization: organizationId }],
        })
      expect(created.status).toBe(201)
      for (let round = 0; round < 40; round += 1) {
        await syncUntilQuiet(payload, 1)
        if ((await stored(created.body.doc.id)).watcher?.status === 'synced') break
        await new Promise((resolve) => setTimeout(resolve, 150))
      }
      const user = await stored(created.body.doc.id)
      expect(user.watcher?.status).toBe('synced')
      expect(user.watcher?.createRequestedAt ?? null).toBeNull()
      expect(await watcherLogin(emulator, login, PASSWORD)).toBe(200)
    } finally {
      if (previousTimeout === undefined) delete process.env.WATCHER_TIMEOUT_MS
      else process.env.WATCHER_TIMEOUT_MS = previousTimeout
      await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })
    }
  })
})
