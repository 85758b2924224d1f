/**
 * The usage collector against the Watcher emulator and a real PostgreSQL: intervals that open,
 * stay, move and close as cameras appear, change and go; cameras billing cannot attribute are
 * reported; a Watcher failure changes nothing; POST /api/usage/collect and who may read what.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import request from 'supertest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import { clearQueue, startBillingWatcher, syncNow, V3_ADMIN } from '../../helpers/watcher'
import { BILLING_QUEUE } from '../../../src/jobs/queues'
import { runDueJobs } from '../../../src/jobs/runDueJobs'
import {
  collectUsage,
  UsageCollectionBusy,
  watcherApi,
  type CollectUsageOptions,
  type WatcherApi,
} from '../../../src/plugins/watcher'
import { LOCK_KEYS } from '../../../src/db'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `usage-${Date.now().toString(36)}`
// Only stream names, titles and URLs carry this token: finding it in the database is a leak.
const token = `cam${randomBytes(6).toString('hex')}`
const MINUTE = 60_000

let payload: Payload
let pool: pg.Pool
let emulator: WatcherEmulator
let api: WatcherApi
let server: Server
type Role = 'admin' | 'accountant' | 'subscriber'
const auth: Record<Role, string> = { admin: '', accountant: '', subscriber: '' }
/** Billing ids. */
const ids = { orgA: 0, orgB: 0, basic: 0, premium: 0, archived: 0 }
/** Watcher ids. */
const remote = {
  orgA: 0,
  orgB: 0,
  orgC: 0,
  basic: 0,
  premium: 0,
  archived: 0,
  defaultPreset: 0,
  watcherOnlyPreset: 0,
}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const watcherIdOf = async (
  collection: 'organizations' | 'subscriptions',
  id: number,
): Promise<number> => {
  const doc = (await payload.findByID({ collection, id, depth: 0 } as never)) as {
    watcher?: { id?: number | null }
  }
  if (!doc.watcher?.id) throw new Error(`${collection} ${id} has no Watcher id`)
  return doc.watcher.id
}

/** The camera key as the collector must compute it, derived here independently. */
const keyOf = (name: string) =>
  createHmac(
    'sha256',
    Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(payload.secret, 'utf8'),
        Buffer.alloc(0),
        'watcher-billing/camera-key/v1',
        32,
      ),
    ),
  )
    .update(name, 'utf8')
    .digest('hex')

const name = (label: string) => `${token}-${label}`
async function addStream(
  label: string,
  organizationId: number,
  presetId: number,
  extra: { disabled?: boolean } = {},
) {
  return api.createStream({
    name: name(label),
    organizationId,
    presetId,
    title: `Lobby ${token} ${label}`,
    url: `rtsp://viewer:pw@${token}.example.test/${label}`,
    ...extra,
  })
}

/** Moves Watcher's clock (stream timestamps come from it). */
const advance = (ms: number) => {
  emulator.clock.offsetMs += ms
}
const watcherNow = () => new Date(emulator.clock.now())
const collect = (options: CollectUsageOptions = {}) =>
  collectUsage(payload, { now: watcherNow(), ...options })

interface Row {
  id: number
  organization: number
  subscription: number
  from: number
  to: number | null
}
async function intervalsOf(label: string): Promise<Row[]> {
  const { rows } = await pool.query(
    `select id, organization_id, subscription_id, (extract(epoch from "from") * 1000)::bigint as from_ms,
            (extract(epoch from "to") * 1000)::bigint as to_ms
     from camera_usage where camera_key = $1 order by "from", id`,
    [keyOf(name(label))],
  )
  return rows.map((row) => ({
    id: row.id,
    organization: row.organization_id,
    subscription: row.subscription_id,
    from: Number(row.from_ms),
    to: row.to_ms === null ? null : Number(row.to_ms),
  }))
}
async function openIntervals(): Promise<string> {
  const { rows } = await pool.query(
    `select id, camera_key, organization_id, subscription_id, "from" from camera_usage where "to" is null order by id`,
  )
  return JSON.stringify(rows)
}
async function allIntervals(): Promise<string> {
  const { rows } = await pool.query(`select * from camera_usage order by id`)
  return JSON.stringify(rows)
}
const reportOf = (id: number) =>
  payload.findByID({ collection: 'usage-collections', id, depth: 0 } as never) as Promise<any>

const as = (role: Role | null, call: request.Test) =>
  role ? call.set('Authorization', auth[role]) : call
const rest = () => request(server)

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  await clearQueue(payload) // also forgets other files' Watcher ids
  await pool.query('delete from camera_usage')
  emulator = await startBillingWatcher('v3')
  api = watcherApi()
  server = await testServer()

  const user = (login: string, role: Role) =>
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
  const faces = await create('services', {
    title: `Faces ${tag}`,
    kind: 'analytics',
    analytics: 'faces',
    price: 300,
    currency: 'USD',
  })
  const basic = await create('subscriptions', {
    title: `Basic ${tag}`,
    currency: 'USD',
    services: [archive.id],
  })
  const premium = await create('subscriptions', {
    title: `Premium ${tag}`,
    currency: 'USD',
    services: [archive.id, faces.id],
  })
  const archived = await create('subscriptions', {
    title: `Old ${tag}`,
    currency: 'USD',
    services: [faces.id],
  })
  const orgA = await create('organizations', {
    title: `Org A ${tag}`,
    availableSubscriptions: [basic.id, premium.id, archived.id],
  })
  const orgB = await create('organizations', {
    title: `Org B ${tag}`,
    availableSubscriptions: [basic.id],
  })
  await payload.update({
    collection: 'users',
    id: subscriber.id,
    data: { memberships: [{ organization: orgA.id }] } as never,
  })
  Object.assign(ids, {
    orgA: orgA.id,
    orgB: orgB.id,
    basic: basic.id,
    premium: premium.id,
    archived: archived.id,
  })
  await syncNow(payload)
  for (const key of ['orgA', 'orgB'] as const)
    remote[key] = await watcherIdOf('organizations', ids[key])
  for (const key of ['basic', 'premium', 'archived'] as const)
    remote[key] = await watcherIdOf('subscriptions', ids[key])
  // Watcher-only objects: an organization and a preset billing does not know
  remote.orgC = (await api.createOrganization({ title: `Watcher only ${tag}` })).id
  remote.defaultPreset = (await api.listPresets()).find((preset) => preset.isDefault)!.id
  remote.watcherOnlyPreset = (
    await api.createPreset({ title: `Watcher only ${tag}`, archiveDays: 1, isAdjustable: true })
  ).id
  await api.linkPreset(remote.orgA, remote.watcherOnlyPreset)

  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.accountant = await loginHeader(`accountant-${tag}@example.test`, PASSWORD)
  auth.subscriber = await loginHeader(`subscriber-${tag}@example.test`, PASSWORD)
})

afterEach(() => emulator.faults.clear())

afterAll(async () => {
  // intervals of this file's organizations would only confuse other files' invoices
  await pool?.query('delete from camera_usage')
  await emulator?.close()
})

describe('intervals', () => {
  it('a camera that appears is billed from its created_at, however late the first pull', async () => {
    const stream = await addStream('appear', remote.orgA, remote.basic)
    advance(40 * 24 * 60 * MINUTE) // the very first pull after installation, weeks later
    const result = await collect()
    expect(result.outcome).toBe('done')
    expect(result.opened).toBeGreaterThanOrEqual(1)
    expect(await intervalsOf('appear')).toEqual([
      {
        id: expect.any(Number),
        organization: ids.orgA,
        subscription: ids.basic,
        from: stream.createdAt!.getTime(),
        to: null,
      },
    ])
  })

  it('a rerun without changes opens and closes nothing', async () => {
    await addStream('rerun', remote.orgA, remote.premium)
    advance(15 * MINUTE)
    const first = await collect()
    expect(first.opened).toBeGreaterThanOrEqual(1)
    const before = await allIntervals()
    advance(15 * MINUTE)
    const second = await collect()
    expect(second).toMatchObject({
      outcome: 'done',
      opened: 0,
      closed: 0,
      cameras: first.cameras,
      billable: first.billable,
    })
    expect(await allIntervals()).toBe(before)
  })

  it('a camera that disappears is closed at the pull that no longer sees it', async () => {
    const stream = await addStream('gone', remote.orgA, remote.basic)
    advance(15 * MINUTE)
    await collect()
    await api.deleteStream(name('gone'))
    advance(15 * MINUTE)
    const now = watcherNow()
    const result = await collect({ now })
    expect(result.closed).toBe(1)
    expect(await intervalsOf('gone')).toEqual([
      {
        id: expect.any(Number),
        organization: ids.orgA,
        subscription: ids.basic,
        from: stream.createdAt!.getTime(),
        to: now.getTime(),
      },
    ])
  })

  it('a camera gone while billing’s clock is behind Watcher’s closes at its start, never before', async () => {
    const stream = await addStream('ahead', remote.orgA, remote.basic)
    // billing's pulls run ten minutes behind the time Watcher stamped on the stream
    const behind = new Date(stream.createdAt!.getTime() - 10 * MINUTE)
    expect((await collect({ now: behind })).opened).toBeGreaterThanOrEqual(1)
    await api.deleteStream(name('ahead'))
    expect((await collect({ now: behind })).closed).toBe(1)
    expect(await intervalsOf('ahead')).toEqual([
      {
        id: expect.any(Number),
        organization: ids.orgA,
        subscription: ids.basic,
        from: stream.createdAt!.getTime(),
        to: stream.createdAt!.getTime(),
      },
    ])
  })

  it('a preset change closes the interval and opens one on the new subscription, without gap or overlap', async () => {
    await addStream('preset', remote.orgA, remote.basic)
    advance(15 * MINUTE)
    await collect()
    advance(5 * MINUTE)
    const changed = await api.updateStream(name('preset'), { presetId: remote.premium })
    advance(10 * MINUTE)
    const now = watcherNow()
    const result = await collect({ now })
    expect(result).toMatchObject({ opened: 1, closed: 1 })
    const [before, after] = await intervalsOf('preset')
    expect(before).toMatchObject({ subscription: ids.basic, to: now.getTime() })
    // the change happened before this pull, which closed the old interval: the new one starts there
    expect(changed.lastChangeAt!.getTime()).toBeLessThan(now.getTime())
    expect(after).toMatchObject({
      organization: ids.orgA,
      subscription: ids.premium,
      from: now.getTime(),
      to: null,
    })
  })

  it('a disabled camera is closed; re-enabled, it opens again at its last change', async () => {
    await addStream('toggle', remote.orgA, remote.basic)
    advance(15 * MINUTE)
    await collect()
    await api.updateStream(name('toggle'), { disabled: true })
    advance(15 * MINUTE)
    const disabledAt = watcherNow()
    expect((await collect({ now: disabledAt })).closed).toBe(1)
    expect((await intervalsOf('toggle')).map((row) => row.to)).toEqual([disabledAt.getTime()])

    advance(60 * MINUTE)
    const enabled = await api.updateStream(name('toggle'), { disabled: false })
    advance(15 * MINUTE)
    const result = await collect()
    expect(result).toMatchObject({ opened: 1, closed: 0 })
    const [first, second] = await intervalsOf('toggle')
    expect(first!.to).toBe(disabledAt.getTime())
    expect(second).toMatchObject({
      subscription: ids.basic,
      from: enabled.lastChangeAt!.getTime(),
      to: null,
    })
    expect(second!.from).toBeGreaterThan(first!.to!)
  })

  it('a camera moved to another organization is closed there and opened here', async () => {
    await addStream('moved', remote.orgA, remote.basic)
    advance(15 * MINUTE)
    await collect()
    await api.updateStream(name('moved'), { organizationId: remote.orgB })
    advance(15 * MINUTE)
    const now = watcherNow()
    expect(await collect({ now })).toMatchObject({ opened: 1, closed: 1 })
    expect(await intervalsOf('moved')).toEqual([
      expect.objectContaining({
        organization: ids.orgA,
        subscription: ids.basic,
        to: now.getTime(),
      }),
      expect.objectContaining({
        organization: ids.orgB,
        subscription: ids.basic,
        from: now.getTime(),
        to: null,
      }),
    ])
  })

  it('compares the walk with the open intervals a page at a time: pages of 2 give each camera what one page gives', async () => {
    const labels = Array.from({ length: 10 }, (_, i) => `page-${i}`)
    for (const label of labels) await addStream(label, remote.orgA, remote.basic)
    advance(15 * MINUTE)
    expect((await collect({ comparePageSize: 2 })).outcome).toBe('done')
    const before = new Map<string, Row[]>()
    for (const label of labels) before.set(label, await intervalsOf(label))
    for (const label of labels) expect(before.get(label)).toHaveLength(1)
    // 0–2 change preset, 3–5 go, 6–9 stay; four new cameras come
    for (const label of labels.slice(0, 3))
      await api.updateStream(name(label), { presetId: remote.premium })
    for (const label of labels.slice(3, 6)) await api.deleteStream(name(label))
    const fresh = []
    for (let i = 0; i < 4; i++)
      fresh.push(await addStream(`page-new-${i}`, remote.orgB, remote.basic))
    advance(15 * MINUTE)
    const now = watcherNow()
    const result = await collect({ now, comparePageSize: 2 })
    expect(result.outcome).toBe('done')
    expect(result.opened).toBeGreaterThanOrEqual(7)
    expect(result.closed).toBeGreaterThanOrEqual(6)
    for (const label of labels.slice(0, 3))
      expect(await intervalsOf(label)).toEqual([
        { ...before.get(label)![0]!, to: now.getTime() },
        expect.objectContaining({ subscription: ids.premium, from: now.getTime(), to: null }),
      ])
    for (const label of labels.slice(3, 6))
      expect(await intervalsOf(label)).toEqual([{ ...before.get(label)![0]!, to: now.getTime() }])
    for (const label of labels.slice(6)) expect(await intervalsOf(label)).toEqual(before.get(label))
    for (const [i, stream] of fresh.entries())
      expect(await intervalsOf(`page-new-${i}`)).toEqual([
        {
          id: expect.any(Number),
          organization: ids.orgB,
          subscription: ids.basic,
          from: stream.createdAt!.getTime(),
          to: null,
        },
      ])
    // pages of one: nothing left to change
    const intervals = await allIntervals()
    advance(15 * MINUTE)
    expect(await collect({ comparePageSize: 1 })).toMatchObject({ opened: 0, closed: 0 })
    expect(await allIntervals()).toBe(intervals)
  })

  it('bills what Watcher runs: a subscription the organization is not offered, an archived subscription', async () => {
    // Premium is not among Org B's available subscriptions; linked by hand in Watcher
    await api.linkPreset(remote.orgB, remote.premium)
    await addStream('unoffered', remote.orgB, remote.premium)
    await addStream('archived', remote.orgA, remote.archived)
    await pool.query(`update subscriptions set status = 'archived' where id = $1`, [ids.archived])
    try {
      advance(15 * MINUTE)
      await collect()
      expect(await intervalsOf('unoffered')).toEqual([
        expect.objectContaining({ organization: ids.orgB, subscription: ids.premium, to: null }),
      ])
      expect(await intervalsOf('archived')).toEqual([
        expect.objectContaining({ organization: ids.orgA, subscription: ids.archived, to: null }),
      ])
    } finally {
      await pool.query(`update subscriptions set status = 'active' where id = $1`, [ids.archived])
    }
  })

  it('cameras billing cannot attribute are reported, not billed; disabled ones are neither', async () => {
    await addStream('unknown-org-1', remote.orgC, remote.defaultPreset)
    await addStream('unknown-org-2', remote.orgC, remote.defaultPreset)
    await addStream('unknown-org-off', remote.orgC, remote.defaultPreset, { disabled: true })
    await addStream('default-preset', remote.orgA, remote.defaultPreset)
    await addStream('watcher-preset', remote.orgA, remote.watcherOnlyPreset)
    advance(15 * MINUTE)
    const result = await collect()
    expect(result.unbilledGroups).toEqual(
      expect.arrayContaining([
        {
          reason: 'unknown organization',
          watcherOrganizationId: remote.orgC,
          watcherPresetId: remote.defaultPreset,
          cameras: 2,
        },
        {
          reason: 'unknown preset',
          watcherOrganizationId: remote.orgA,
          watcherPresetId: remote.defaultPreset,
          cameras: 1,
        },
        {
          reason: 'unknown preset',
          watcherOrganizationId: remote.orgA,
          watcherPresetId: remote.watcherOnlyPreset,
          cameras: 1,
        },
      ]),
    )
    expect(result.unbilled).toBe(
      result.unbilledGroups.reduce((sum, group) => sum + group.cameras, 0),
    )
    expect(result.unbilled).toBe(4)
    for (const label of [
      'unknown-org-1',
      'unknown-org-2',
      'unknown-org-off',
      'default-preset',
      'watcher-preset',
    ]) {
      expect(await intervalsOf(label)).toEqual([])
    }
    const report = await reportOf(result.report)
    expect(report).toMatchObject({
      outcome: 'done',
      cameras: result.cameras,
      billable: result.billable,
      opened: result.opened,
      closed: result.closed,
      unbilled: 4,
      error: null,
    })
    expect(report.unbilledGroups).toHaveLength(3)
    expect(report.summary).toMatch(/4 not billed \(.*unknown organization: 2.*\)/)
    expect(new Date(report.finishedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(report.startedAt).getTime(),
    )
  })

  it('a camera whose organization becomes known later is billed from its created_at', async () => {
    await api.linkPreset(remote.orgC, remote.basic)
    const stream = await addStream('late-org', remote.orgC, remote.basic)
    advance(15 * MINUTE)
    await collect()
    expect(await intervalsOf('late-org')).toEqual([])
    // billing learns the organization (as an import would: the Watcher id of an existing one)
    const orgC = await create('organizations', { title: `Org C ${tag}` })
    await clearPending()
    await pool.query('update organizations set watcher_remote_id = $1 where id = $2', [
      remote.orgC,
      orgC.id,
    ])
    try {
      advance(15 * MINUTE)
      await collect()
      expect(await intervalsOf('late-org')).toEqual([
        expect.objectContaining({
          organization: orgC.id,
          subscription: ids.basic,
          from: stream.createdAt!.getTime(),
          to: null,
        }),
      ])
    } finally {
      // back to the world of the other tests: Org C unknown again, its camera gone
      await pool.query('update organizations set watcher_remote_id = null where id = $1', [orgC.id])
      await api.deleteStream(name('late-org'))
      advance(MINUTE)
      await collect()
    }
  })
})

/** Queued sync jobs of documents created here would push them to Watcher: not wanted. */
async function clearPending() {
  await payload.db.deleteMany({
    collection: 'payload-jobs',
    where: { id: { exists: true } },
    req: {},
  } as never)
}

describe('failures and concurrency', () => {
  it('Watcher failing in the middle of the walk changes no interval and stores a failed report', async () => {
    await addStream('fault-new', remote.orgA, remote.basic)
    await api.deleteStream(name('appear'))
    const before = await allIntervals()
    // the first page answers, every later one fails (the client's retries included)
    const faults = emulator.faults as unknown as {
      apply: (path: string, method?: string) => Promise<number | null>
    }
    const original = faults.apply
    let pages = 0
    faults.apply = async (path, method) =>
      path.startsWith(`${V3_ADMIN}/streams`) && ++pages > 1
        ? 503
        : original.call(emulator.faults, path, method)
    let result
    try {
      advance(15 * MINUTE)
      result = await collect({ pageSize: 2 })
    } finally {
      faults.apply = original
    }
    expect(pages).toBeGreaterThan(1)
    expect(result).toMatchObject({ outcome: 'failed', opened: 0, closed: 0, watcherFailed: true })
    expect(await allIntervals()).toBe(before)
    const report = await reportOf(result.report)
    expect(report.outcome).toBe('failed')
    expect(report.error).toMatch(/Watcher failed during the stream walk: .*503/)
    expect(report.summary).toMatch(/camera usage unchanged/)

    // a fault on the first page (emulator fault with a count) is no different
    emulator.faults.set({ status: 500, paths: `${V3_ADMIN}/streams`, count: 20 })
    expect(await collect()).toMatchObject({ outcome: 'failed', opened: 0, closed: 0 })
    expect(await allIntervals()).toBe(before)
    emulator.faults.clear()

    // the next healthy pull catches up
    advance(15 * MINUTE)
    const now = watcherNow()
    expect(await collect({ now })).toMatchObject({ outcome: 'done', opened: 1, closed: 1 })
    expect((await intervalsOf('appear')).at(-1)!.to).toBe(now.getTime())
    expect(await intervalsOf('fault-new')).toEqual([expect.objectContaining({ to: null })])
  })

  it('two collections at once: one runs, the other is refused', async () => {
    const results = await Promise.allSettled([collect(), collect()])
    const refused = results.filter((result) => result.status === 'rejected')
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    expect(refused).toHaveLength(1)
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(UsageCollectionBusy)
  })

  it('the scheduled task runs the same collection', async () => {
    const before = (await payload.count({ collection: 'usage-collections' } as never)).totalDocs
    await payload.jobs.queue({ task: 'usage-collect', input: {}, queue: BILLING_QUEUE } as never)
    expect(await runDueJobs(payload, { queue: BILLING_QUEUE })).toBe(1)
    const latest = await payload.find({
      collection: 'usage-collections',
      sort: '-createdAt',
      limit: 1,
      depth: 0,
    } as never)
    expect(latest.totalDocs).toBe(before + 1)
    expect((latest.docs[0] as any).outcome).toBe('done')
  })
})

describe('POST /api/usage/collect', () => {
  it('runs a collection and answers { cameras, opened, closed, unbilled } (admin and accountant)', async () => {
    await addStream('rest', remote.orgB, remote.basic)
    const response = await as('admin', rest().post('/api/usage/collect').send({}))
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body).toEqual({
      cameras: expect.any(Number),
      opened: 1,
      closed: 0,
      unbilled: 4,
    })
    const latest = (
      await payload.find({
        collection: 'usage-collections',
        sort: '-createdAt',
        limit: 1,
        depth: 0,
      } as never)
    ).docs[0] as any
    expect(latest).toMatchObject({ outcome: 'done', ...response.body })
    expect(response.body.cameras).toBe(emulator.state.streams.size)

    const again = await as('accountant', rest().post('/api/usage/collect').send({}))
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ opened: 0, closed: 0 })
  })

  it('refuses subscribers (403) and anonymous callers (401)', async () => {
    expect((await as('subscriber', rest().post('/api/usage/collect').send({}))).status).toBe(403)
    expect((await as(null, rest().post('/api/usage/collect').send({}))).status).toBe(401)
  })

  it('answers 409 while another collection holds the lock', async () => {
    const holder = await pool.connect()
    try {
      expect(
        (
          await holder.query('select pg_try_advisory_lock($1) as locked', [
            LOCK_KEYS.usageCollection,
          ])
        ).rows[0].locked,
      ).toBe(true)
      const response = await as('admin', rest().post('/api/usage/collect').send({}))
      expect(response.status).toBe(409)
      expect(response.body.errors[0].message).toMatch(/a collection is already running/)
    } finally {
      await holder.query('select pg_advisory_unlock($1)', [LOCK_KEYS.usageCollection])
      holder.release()
    }
    expect((await as('admin', rest().post('/api/usage/collect').send({}))).status).toBe(200)
  })

  it('answers 502 with a clear message when Watcher fails, and changes nothing', async () => {
    const before = await openIntervals()
    emulator.faults.set({ status: 503, paths: `${V3_ADMIN}/streams`, count: 50 })
    const response = await as('admin', rest().post('/api/usage/collect').send({}))
    expect(response.status).toBe(502)
    expect(response.body.errors[0].message).toMatch(
      /Watcher failed during the stream walk: .*503.*camera usage is unchanged/,
    )
    expect(await openIntervals()).toBe(before)
  })

  it('answers 503 naming the setting when Watcher is not configured, and changes nothing', async () => {
    const before = await openIntervals()
    const url = process.env.WATCHER_URL
    delete process.env.WATCHER_URL
    try {
      const response = await as('admin', rest().post('/api/usage/collect').send({}))
      expect(response.status).toBe(503)
      expect(response.body.errors[0].message).toMatch(/WATCHER_URL.*camera usage is unchanged/)
      expect(response.body.report).toEqual(expect.any(Number))
    } finally {
      process.env.WATCHER_URL = url
    }
    expect(await openIntervals()).toBe(before)
  })
})

describe('who reads what', () => {
  it('the camera key is a keyed hash of the stream name, never the name', async () => {
    const [interval] = await intervalsOf('rest')
    const { rows } = await pool.query('select camera_key from camera_usage where id = $1', [
      interval!.id,
    ])
    expect(rows[0].camera_key).toMatch(/^[0-9a-f]{64}$/)
    expect(rows[0].camera_key).not.toContain(name('rest'))
    expect(rows[0].camera_key).toBe(keyOf(name('rest')))
  })

  it('the admin reads camera keys; the accountant reads intervals without them', async () => {
    const [interval] = await intervalsOf('rest')
    const admin = await as('admin', rest().get(`/api/camera-usage/${interval!.id}`))
    expect(admin.status).toBe(200)
    expect(admin.body.cameraKey).toBe(keyOf(name('rest')))
    const accountant = await as('accountant', rest().get(`/api/camera-usage/${interval!.id}`))
    expect(accountant.status).toBe(200)
    expect(accountant.body).toMatchObject({
      organization: expect.anything(),
      subscription: expect.anything(),
      from: expect.any(String),
    })
    expect(accountant.body).not.toHaveProperty('cameraKey')
    const list = await as('accountant', rest().get('/api/camera-usage?limit=200&depth=0'))
    expect(list.status).toBe(200)
    expect(list.body.docs.length).toBeGreaterThan(0)
    expect(list.body.docs.every((doc: Record<string, unknown>) => !('cameraKey' in doc))).toBe(true)
    // nor can the accountant look a camera up by its key
    const probe = await as(
      'accountant',
      rest().get(`/api/camera-usage?where[cameraKey][equals]=${keyOf(name('rest'))}`),
    )
    expect(probe.status).toBe(400)
    expect(JSON.stringify(probe.body)).toMatch(/cannot be queried: cameraKey/)
  })

  it('a subscriber reads the intervals of its organizations only, without camera keys', async () => {
    const response = await as('subscriber', rest().get('/api/camera-usage?limit=500&depth=0'))
    expect(response.status).toBe(200)
    expect(response.body.docs.length).toBeGreaterThan(0)
    expect(
      response.body.docs.every(
        (doc: any) => doc.organization === ids.orgA && !('cameraKey' in doc),
      ),
    ).toBe(true)
    const { rows } = await pool.query(
      'select count(*)::int as n from camera_usage where organization_id = $1',
      [ids.orgA],
    )
    expect(response.body.totalDocs).toBe(rows[0].n)
    expect((await as(null, rest().get('/api/camera-usage'))).status).toBe(403)
  })

  it('reports are for staff: the accountant reads them, a subscriber does not', async () => {
    expect((await as('accountant', rest().get('/api/usage-collections?limit=1'))).status).toBe(200)
    expect((await as('subscriber', rest().get('/api/usage-collections?limit=1'))).status).toBe(403)
  })

  it('no stream name, title or URL is stored anywhere in the database', async () => {
    const { rows: tables } = await pool.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    )
    const leaks: string[] = []
    for (const { table_name: table } of tables) {
      const { rows } = await pool.query(
        `select count(*)::int as n from "${table}" as row where row::text ilike $1`,
        [`%${token}%`],
      )
      if (rows[0].n > 0) leaks.push(`${table}: ${rows[0].n}`)
    }
    expect(leaks).toEqual([])
    // the camera tables hold data, so the search above did look at something
    const { rows } = await pool.query(
      `select (select count(*) from camera_usage)::int as usage, (select count(*) from usage_collections)::int as reports`,
    )
    expect(rows[0].usage).toBeGreaterThan(10)
    expect(rows[0].reports).toBeGreaterThan(10)
  })
})
