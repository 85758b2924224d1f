/**
 * When delivery keeps failing: retries with backoff, then `failed` with the error on the
 * document, every attempt in sync-events, and a retry that delivers once Watcher is back.
 */
import { vi, afterAll, beforeAll, describe, expect, it } from 'vitest'

vi.hoisted(() => {
  process.env.WATCHER_SYNC_ATTEMPTS = '3'
})

import type { Payload } from 'payload'
import request from 'supertest'
import { testPayload, testServer } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  V3_ADMIN,
  watcherGet,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

let payload: Payload
let emulator: WatcherEmulator
let admin: string

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  await payload.create({
    collection: 'users',
    data: {
      email: 'failure-admin@example.test',
      login: 'failure-admin',
      password: PASSWORD,
      role: 'admin',
    } as never,
  })
  const login = await request(await testServer())
    .post('/api/users/login')
    .send({ email: 'failure-admin@example.test', password: PASSWORD })
  admin = `JWT ${login.body.token}`
})
afterAll(() => emulator?.close())

const events = async (documentId: number) =>
  (
    await payload.find({
      collection: 'sync-events',
      where: { and: [{ collection: { equals: 'users' } }, { documentId: { equals: documentId } }] },
      sort: 'createdAt',
      limit: 50,
    })
  ).docs

describe('delivery that keeps failing', () => {
  it('backs off exponentially by default: 10 attempts over about an hour', () => {
    const task = payload.config.jobs.tasks!.find((candidate) => candidate.slug === 'watcher-sync')!
    expect(task.retries).toMatchObject({ attempts: 3, backoff: { type: 'exponential' } }) // this file's setting
    // the default: 7 s doubled at each of 9 retries
    const delays = Array.from({ length: 9 }, (_, retry) => 7_000 * 2 ** retry)
    const total = delays.reduce((sum, delay) => sum + delay, 0)
    expect(total / 60_000).toBeGreaterThan(55)
    expect(total / 60_000).toBeLessThan(65)
  })

  it('is retried, then marked failed with the error; Retry sync delivers it once Watcher is back', async () => {
    const user = await (payload.create as any)({
      collection: 'users',
      data: { email: 'fails@example.test', login: 'fails', password: PASSWORD, role: 'subscriber' },
    })
    emulator.faults.set({ status: 503, rate: 1 })
    await syncNow(payload)
    let doc = (await payload.findByID({ collection: 'users', id: user.id })) as any
    expect(doc.watcher.status).toBe('pending')
    expect(doc.watcher.error).toMatch(/attempt 1: .*503/)
    await syncNow(payload)
    await syncNow(payload)
    doc = await payload.findByID({ collection: 'users', id: user.id })
    expect(doc.watcher.status).toBe('failed')
    expect(doc.watcher.error).toMatch(/503/)
    expect(
      (await events(user.id)).map((event: any) => [event.attempt, event.outcome, event.httpStatus]),
    ).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'failed', 503],
    ])
    // abandoned: the job is gone, and its sealed password with it
    expect((await payload.count({ collection: 'payload-jobs' })).totalDocs).toBe(0)

    // while Watcher is down, the operator's sync answers 200 with what is left
    const down = await request(await testServer())
      .post('/api/watcher/sync')
      .set('Authorization', admin)
    expect(down.status).toBe(200)
    expect(down.body).toEqual({ delivered: 0, failed: 0, pending: 0, retrying: [] })

    emulator.faults.clear()
    const retry = await request(await testServer())
      .post('/api/watcher/retry')
      .set('Authorization', admin)
      .send({ collection: 'users', id: user.id })
    expect(retry.status).toBe(202)
    const sync = await request(await testServer())
      .post('/api/watcher/sync')
      .set('Authorization', admin)
    expect(sync.body).toEqual({ delivered: 1, failed: 0, pending: 0, retrying: [] })
    doc = await payload.findByID({ collection: 'users', id: user.id })
    expect(doc.watcher).toMatchObject({ status: 'synced', error: null })
    const found = await watcherGet(emulator, `${V3_ADMIN}/users?name=fails&limit=5`)
    expect(found.users_list.length).toBe(1)
    // its password was abandoned with the failed job: setting it again delivers it
    expect(await watcherLogin(emulator, 'fails', PASSWORD)).toBe(401)
    await (payload.update as any)({
      collection: 'users',
      id: user.id,
      data: { password: 'Set-Again-42' },
    })
    await syncNow(payload)
    expect(await watcherLogin(emulator, 'fails', 'Set-Again-42')).toBe(200)
  })

  it('POST /api/watcher/sync during an outage names the documents that will be retried, with their redacted error', async () => {
    const organization = await (payload.create as any)({
      collection: 'organizations',
      data: { title: 'Outage org' },
    })
    const user = await (payload.create as any)({
      collection: 'users',
      data: {
        email: 'outage@example.test',
        login: 'outage',
        password: PASSWORD,
        role: 'subscriber',
      },
    })
    emulator.faults.set({ status: 503, rate: 1 })
    const down = await request(await testServer())
      .post('/api/watcher/sync')
      .set('Authorization', admin)
    expect(down.status).toBe(200)
    expect(down.body).toMatchObject({ delivered: 0, failed: 0 })
    expect(down.body.pending).toBeGreaterThanOrEqual(2)
    expect(down.body.retrying).toEqual(
      expect.arrayContaining([
        { collection: 'organizations', id: organization.id, error: expect.stringMatching(/503/) },
        { collection: 'users', id: user.id, error: expect.stringMatching(/503/) },
      ]),
    )
    expect(down.body.retrying).toHaveLength(2)
    const answer = JSON.stringify(down.body)
    expect(answer).not.toContain(emulator.url)
    expect(answer).not.toMatch(/https?:\/\/|Bearer|Basic |admin-secret|Correct-Horse/)

    emulator.faults.clear()
    const back = await request(await testServer())
      .post('/api/watcher/sync')
      .set('Authorization', admin)
    expect(back.body).toMatchObject({ failed: 0, pending: 0, retrying: [] })
    expect(back.body.delivered).toBeGreaterThanOrEqual(2)
  })

  it('an error retrying cannot fix fails at once, with a message naming the problem', async () => {
    const user = await (payload.create as any)({
      collection: 'users',
      data: {
        email: 'admin-clash@example.test',
        login: 'admin',
        password: PASSWORD,
        role: 'subscriber',
      },
    })
    await syncNow(payload)
    const doc = (await payload.findByID({ collection: 'users', id: user.id })) as any
    expect(doc.watcher.status).toBe('failed')
    expect(doc.watcher.error).toMatch(/Watcher administrator/)
    expect((await events(user.id)).map((event: any) => event.outcome)).toEqual(['failed'])
    expect(await watcherLogin(emulator, 'admin', PASSWORD)).toBe(401) // Watcher's admin untouched
  })
})
