/**
 * The invoice drill-down through the API (GET /api/invoices/<id>/usage): its shape, shares that
 * add up to every line (a month with a mid-month price change and a trial end), the caller's
 * access, CSV, an issued invoice that never changes, and camera titles live from Watcher for a
 * member who may view streams (left out when Watcher fails or is slow).
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import type pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import { clearQueue, startBillingWatcher, syncNow } from '../../helpers/watcher'
import { generateInvoices, issueInvoice, resumeCameraTitles } from '../../../src/invoicing'
import { cameraReference } from '../../../src/billing/drillDown'
import { payloadSecrets } from '../../../src/config/serverSecret'
import { cameraKeyOf, watcherApi, type WatcherApi } from '../../../src/plugins/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const PERIOD = '2032-10' // a month no other test file bills
const tag = 'drill'

let payload: Payload
let pool: pg.Pool
let server: Server
let emulator: WatcherEmulator
let api: WatcherApi
const auth: Record<string, string> = {}
const ids: Record<string, number> = {}
let invoiceId: number

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

const streamName = (label: string) => `${tag}-${label}`
const keyOf = (label: string) => cameraKeyOf(streamName(label), payloadSecrets(payload).current)

async function usage(label: string, from: string, to: string | null, organization = ids.org) {
  await pool.query(
    `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at)
      values ($1, $2, $3, $4, $5, now(), now())`,
    [organization, ids.plan, keyOf(label), from, to],
  )
}

const get = (path: string, as?: string) => {
  const call = request(server).get(path)
  return as ? call.set('Authorization', auth[as]!) : call
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** RFC 4180 records without quoted commas (none here). */
const csvRecords = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','))

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  api = watcherApi()
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
  const boss = await user('boss', 'subscriber')
  const reader = await user('reader', 'subscriber')
  const outsider = await user('outsider', 'subscriber')
  const service = await create('services', {
    title: `Archive ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 3100,
    currency: 'USD',
  })
  const plan = await create('subscriptions', {
    title: `Plan ${tag}`,
    currency: 'USD',
    services: [service.id],
    // 31.00 a camera until 16 Oct, 62.00 from then: two lines in October
    prices: [
      { from: '2032-01-01', amount: 3100 },
      { from: '2032-10-16', amount: 6200 },
    ],
  })
  const org = await create('organizations', {
    title: `Drill ${tag}`,
    administrator: boss.id,
    currency: 'USD',
    timezone: 'UTC',
    trialEndsAt: '2032-10-10T12:00:00.000Z',
    availableSubscriptions: [plan.id],
  })
  const other = await create('organizations', {
    title: `Other ${tag}`,
    administrator: outsider.id,
    currency: 'USD',
    availableSubscriptions: [plan.id],
  })
  // a member of the payer who may not view streams: amounts yes, titles no
  await payload.update({
    collection: 'users',
    id: reader.id,
    data: { memberships: [{ organization: org.id, canViewStreams: false }] } as never,
  })
  Object.assign(ids, { org: org.id, other: other.id, plan: plan.id })

  await usage('all', '2032-09-01T00:00:00Z', null) // all month: billed from the trial end
  await usage('mid', '2032-10-12T06:30:00Z', '2032-10-20T18:15:00Z') // across the price change
  await usage('trial', '2032-10-02T00:00:00Z', '2032-10-05T00:00:00Z') // in the trial only
  await usage('back', '2032-10-17T00:00:07Z', '2032-10-19T00:00:00Z')
  await usage('back', '2032-10-25T13:13:13Z', '2032-10-31T23:59:59Z')
  await usage('elsewhere', '2032-10-01T00:00:00Z', null, other.id)

  const generated = await generateInvoices(payload, { period: PERIOD, organizationId: org.id })
  invoiceId = generated.created[0]!

  for (const login of ['admin', 'accountant', 'boss', 'reader', 'outsider'])
    auth[login] = await loginHeader(`${login}-${tag}@example.test`, PASSWORD)
})

afterEach(() => emulator.faults.clear())

afterAll(async () => {
  await emulator?.close()
})

describe('GET /api/invoices/<id>/usage', () => {
  it('answers every line with its intervals, whose shares add up to the line', async () => {
    const response = await get(`/api/invoices/${invoiceId}/usage`, 'admin')
    expect(response.status).toBe(200)
    const invoice = await payload.findByID({ collection: 'invoices', id: invoiceId, depth: 0 })
    const body = response.body
    expect(Object.keys(body).sort()).toEqual(['invoice', 'lines'])
    expect(body.invoice).toBe(invoiceId)
    expect(body.lines).toHaveLength(2)
    body.lines.forEach((line: any, index: number) => {
      const stored = invoice.lines![index]!
      expect(line).toMatchObject({
        index,
        organization: ids.org,
        subscription: ids.plan,
        amount: stored.amount,
        cameraSeconds: stored.cameraSeconds,
      })
      expect(sum(line.intervals.map((interval: any) => interval.amount))).toBe(line.amount)
      expect(sum(line.intervals.map((interval: any) => interval.seconds))).toBe(line.cameraSeconds)
      for (const interval of line.intervals) {
        expect(Object.keys(interval).sort()).toEqual(['amount', 'camera', 'from', 'seconds', 'to'])
        expect(interval.camera).toMatch(/^cam-[0-9a-f]{8}$/)
        expect(interval.from >= stored.segmentStart!).toBe(true)
        expect(interval.to <= stored.segmentEnd!).toBe(true)
      }
    })
    // before the change: from the trial end; k-trial nowhere; no stream names, no camera keys
    expect(
      body.lines[0].intervals.map((interval: any) => [interval.camera, interval.from]),
    ).toEqual([
      [cameraReference(keyOf('all')), '2032-10-10T12:00:00.000Z'],
      [cameraReference(keyOf('mid')), '2032-10-12T06:30:00.000Z'],
    ])
    const text = JSON.stringify(body)
    expect(text).not.toContain(cameraReference(keyOf('trial')))
    expect(text).not.toContain(cameraReference(keyOf('elsewhere')))
    expect(text).not.toContain(tag)
    expect(text).not.toContain(keyOf('all'))
  })

  it('follows the invoice’s read access', async () => {
    expect((await get(`/api/invoices/${invoiceId}/usage`, 'accountant')).status).toBe(200)
    expect((await get(`/api/invoices/${invoiceId}/usage`, 'boss')).status).toBe(200)
    expect((await get(`/api/invoices/${invoiceId}/usage`, 'reader')).status).toBe(200)
    const outsider = await get(`/api/invoices/${invoiceId}/usage`, 'outsider')
    expect(outsider.status).toBe(404)
    expect(outsider.body.errors[0]).toMatchObject({ field: 'id' })
    expect((await get(`/api/invoices/${invoiceId}/usage`)).status).toBe(401)
    expect((await get('/api/invoices/abc/usage', 'admin')).status).toBe(404)
    expect((await get('/api/invoices/999999/usage', 'admin')).status).toBe(404)
    const bad = await get(`/api/invoices/${invoiceId}/usage?format=xml`, 'admin')
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('format')
  })

  it('gives the same as CSV', async () => {
    const json = (await get(`/api/invoices/${invoiceId}/usage`, 'boss')).body
    const response = await get(`/api/invoices/${invoiceId}/usage?format=csv`, 'boss')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/csv/)
    const [header, ...rows] = csvRecords(response.text)
    expect(header).toEqual([
      'invoice_id',
      'line_index',
      'organization_id',
      'subscription_id',
      'line_amount',
      'line_camera_seconds',
      'camera',
      'title',
      'from',
      'to',
      'seconds',
      'amount',
      'currency',
    ])
    const intervals = json.lines.flatMap((line: any) => line.intervals)
    expect(rows).toHaveLength(intervals.length)
    expect(rows.map((row) => row[6])).toEqual(intervals.map((interval: any) => interval.camera))
    // amounts as decimals: 'amount' cents add up to the line's
    for (const line of json.lines) {
      const ofLine = rows.filter((row) => row[1] === String(line.index))
      expect(sum(ofLine.map((row) => Math.round(Number(row[11]) * 100)))).toBe(line.amount)
    }
  })

  it('keeps an issued invoice’s drill-down as it was when issued', async () => {
    await issueInvoice(payload, invoiceId)
    const issued = (await get(`/api/invoices/${invoiceId}/usage`, 'admin')).body
    // usage corrected afterwards: an interval shortened, one added, one removed, the trial moved
    await pool.query(
      `update camera_usage set "to" = '2032-10-14T00:00:00Z' where camera_key = $1`,
      [keyOf('mid')],
    )
    await usage('late', '2032-10-20T00:00:00Z', null)
    await pool.query('delete from camera_usage where camera_key = $1 and "from" > $2', [
      keyOf('back'),
      '2032-10-20T00:00:00Z',
    ])
    await pool.query('update organizations set trial_ends_at = null where id = $1', [ids.org])
    try {
      const later = (await get(`/api/invoices/${invoiceId}/usage`, 'admin')).body
      expect(later).toEqual(issued)
    } finally {
      await pool.query('update organizations set trial_ends_at = $2 where id = $1', [
        ids.org,
        '2032-10-10T12:00:00Z',
      ])
    }
  })
})

describe('camera titles', () => {
  beforeAll(async () => {
    await syncNow(payload)
    const organization = (await payload.findByID({
      collection: 'organizations',
      id: ids.org,
      depth: 0,
    })) as { watcher?: { id?: number | null } }
    const remoteOrg = organization.watcher?.id
    if (!remoteOrg) throw new Error('the organization was not synced to Watcher')
    const preset = (await api.listPresets()).find((entry) => entry.isDefault)!.id
    for (const [label, title] of [
      ['all', 'Gate camera'],
      ['mid', 'Loading dock'],
    ])
      await api.createStream({
        name: streamName(label!),
        organizationId: remoteOrg,
        presetId: preset,
        title,
      })
  })

  const titlesOf = (body: any) =>
    Object.fromEntries(
      body.lines
        .flatMap((line: any) => line.intervals)
        .filter((interval: any) => interval.title)
        .map((interval: any) => [interval.camera, interval.title]),
    )

  it('shows a member who may view streams its cameras’ titles, live from Watcher', async () => {
    const response = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(response.status).toBe(200)
    expect(titlesOf(response.body)).toEqual({
      [cameraReference(keyOf('all'))]: 'Gate camera',
      [cameraReference(keyOf('mid'))]: 'Loading dock',
    })
    const csv = await get(`/api/invoices/${invoiceId}/usage?titles=1&format=csv`, 'boss')
    expect(csv.text).toContain('Gate camera')
  })

  it('never shows titles to a member without the permission, nor to staff', async () => {
    for (const who of ['reader', 'admin', 'accountant']) {
      const response = await get(`/api/invoices/${invoiceId}/usage?titles=1`, who)
      expect(response.status).toBe(200)
      expect(titlesOf(response.body)).toEqual({})
    }
  })

  it('leaves titles out when Watcher fails, or is slow, and stops asking it for a while when it is down', async () => {
    const faults = (config: Record<string, unknown>) =>
      fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(config),
      })
    const titled = {
      [cameraReference(keyOf('all'))]: 'Gate camera',
      [cameraReference(keyOf('mid'))]: 'Loading dock',
    }
    // Watcher refusing (a 4xx): no titles this time, and no pause
    expect((await faults({ status: 400, paths: '/watcher/admin-api/v3/streams' })).ok).toBe(true)
    const refused = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(titlesOf(refused.body)).toEqual({})
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })
    expect(titlesOf((await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')).body)).toEqual(
      titled,
    )

    expect((await faults({ status: 503, paths: '/watcher/admin-api/v3/streams' })).ok).toBe(true)
    const failed = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(failed.status).toBe(200)
    expect(titlesOf(failed.body)).toEqual({})
    expect(sum(failed.body.lines[0].intervals.map((i: any) => i.amount))).toBe(
      failed.body.lines[0].amount,
    )

    // after a failure Watcher is not asked again for a while: the next pages answer at once
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })
    const requests = async () =>
      ((await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as any).requests.total
    const asked = await requests()
    const paused = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(paused.status).toBe(200)
    expect(titlesOf(paused.body)).toEqual({})
    expect(await requests()).toBe(asked + 1) // the stats request itself, nothing else
    resumeCameraTitles()
    const back = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(titlesOf(back.body)).toEqual(titled)

    await faults({ latency_ms: 8_000, paths: '/watcher/admin-api/v3/streams' })
    const started = Date.now()
    const slow = await get(`/api/invoices/${invoiceId}/usage?titles=1`, 'boss')
    expect(slow.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(6_000)
    expect(titlesOf(slow.body)).toEqual({})
    // titles are never stored: nothing in billing's database names the cameras
    const { rows } = await pool.query(
      `select count(*)::int as n from invoice_usage_intervals where camera_key like $1`,
      [`%${tag}%`],
    )
    expect(rows[0].n).toBe(0)
  })
})
