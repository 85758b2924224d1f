/**
 * Dunning on explicit dates, against a real PostgreSQL and the Watcher emulator: each stage fires
 * once however often the run repeats; suspension reaches Watcher through the sync queue (users
 * disabled when every organization they belong to is suspended, otherwise their permissions
 * revoked there only; billing's own flags untouched); a payment restores exactly what billing says;
 * recording stop disables streams and restoration re-enables only those; Watcher down during a
 * suspension delivers it after recovery; trials, zero and prepaid invoices never trigger; the run
 * is staff-only and the policy is validated.
 */
import type { Server } from 'node:http'
import request from 'supertest'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncNow,
  syncUntilQuiet,
  watcherLogin,
} from '../../helpers/watcher'
import { setClock } from '../../../src/clock'
import { poolOf } from '../../../src/db/pool'
import { runDunning } from '../../../src/dunning'
import { DEFAULT_DUNNING_POLICY } from '../../../src/billing/dunningPolicy'
import { issueInvoice, voidInvoice } from '../../../src/invoicing'
import { BILLING_QUEUE } from '../../../src/jobs/queues'
import { runDueJobs } from '../../../src/jobs/runDueJobs'
import { watcherApi } from '../../../src/plugins/watcher/api'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `dun-${Date.now().toString(36)}`

let payload: Payload
let emulator: WatcherEmulator
let server: Server
const auth = { admin: '', accountant: '', subscriber: '' }
const org: Record<string, any> = {}
const user: Record<string, any> = {}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data, depth: 0 }) as Promise<any>
const reload = (collection: string, id: number) =>
  (payload.findByID as any)({ collection, id, depth: 0 }) as Promise<any>
const api = () => request(server)

const subscriber = (login: string, extra: Record<string, unknown> = {}) =>
  create('users', {
    email: `${login}-${tag}@example.test`,
    login: `${login}-${tag}`,
    password: PASSWORD,
    role: 'subscriber',
    ...extra,
  })
const staff = (login: string, role: 'admin' | 'accountant') =>
  create('users', {
    email: `${login}-${tag}@example.test`,
    login: `${login}-${tag}`,
    password: PASSWORD,
    role,
  })
const member = (organization: number, permissions: Record<string, boolean> = {}) => ({
  organization,
  canViewStreams: true,
  canEditStreams: false,
  canEditUsers: false,
  canViewStats: true,
  ...permissions,
})

/** A draft issued at `issuedAt` through the real issue operation: due 14 days later (default terms). */
async function issuedInvoice(
  organization: number,
  period: string,
  total: number,
  issuedAt: string,
) {
  const draft = await create('invoices', {
    organization,
    period,
    currency: 'USD',
    subtotal: total,
    tax: 0,
    total,
  })
  await issueInvoice(payload, draft.id, { now: new Date(issuedAt) })
  return reload('invoices', draft.id)
}

async function runAt(at: string, options: Parameters<typeof runDunning>[1] = {}) {
  setClock(at)
  return runDunning(payload, options)
}

async function actionsOf(organization: number): Promise<string[]> {
  const found = await payload.find({
    collection: 'dunning-actions' as never,
    where: { organization: { equals: organization } },
    sort: 'id',
    limit: 100,
    depth: 0,
  })
  return found.docs.map((doc: any) => doc.action)
}

async function eventsOf(organization: number, type?: string): Promise<any[]> {
  const where: any = {
    and: [
      { organization: { equals: organization } },
      ...(type ? [{ type: { equals: type } }] : []),
    ],
  }
  return (
    await payload.find({
      collection: 'billing-events',
      where,
      sort: 'occurredAt',
      limit: 100,
      depth: 0,
    })
  ).docs
}

const watcherIdOf = async (collection: 'users' | 'organizations', id: number): Promise<number> => {
  const doc = await reload(collection, id)
  if (!doc.watcher?.id) throw new Error(`${collection} ${id} has no Watcher id`)
  return doc.watcher.id
}
const watcherUser = async (id: number) => watcherApi().getUser(await watcherIdOf('users', id))
async function memberPermissions(organization: number, userId: number) {
  const watcherUserId = await watcherIdOf('users', userId)
  const members = await watcherApi().listMembers(await watcherIdOf('organizations', organization))
  return members.find((candidate) => candidate.userId === watcherUserId)?.permissions ?? null
}

const NONE = {
  canViewStreams: false,
  canEditStreams: false,
  canEditUsers: false,
  canViewStats: false,
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  server = await testServer()
  setClock('2026-09-01T00:00:00Z')
  // other files' overdue invoices are not this file's business
  await poolOf(payload).query('update organizations set dunning_policy_exempt = true')
  await payload.updateGlobal({
    slug: 'dunning-policy' as never,
    data: DEFAULT_DUNNING_POLICY as never,
  })

  await staff('admin', 'admin')
  await staff('accountant', 'accountant')
  auth.admin = await loginHeader(`admin-${tag}@example.test`, PASSWORD)
  auth.accountant = await loginHeader(`accountant-${tag}@example.test`, PASSWORD)

  user.lateAdmin = await subscriber('late-admin')
  user.viewer = await subscriber('viewer')
  user.multi = await subscriber('multi')
  user.frozen = await subscriber('frozen', { disabled: true })
  user.branchUser = await subscriber('branch-user')
  user.fineAdmin = await subscriber('fine-admin')
  user.outsider = await subscriber('outsider')

  org.late = await create('organizations', {
    title: `Late ${tag}`,
    administrator: user.lateAdmin.id,
  })
  org.branch = await create('organizations', {
    title: `Late Branch ${tag}`,
    parent: org.late.id,
    payer: 'parent',
  })
  org.fine = await create('organizations', {
    title: `Fine ${tag}`,
    administrator: user.fineAdmin.id,
  })
  await payload.update({
    collection: 'users',
    id: user.viewer.id,
    data: { memberships: [member(org.late.id)] } as never,
  })
  await payload.update({
    collection: 'users',
    id: user.multi.id,
    data: {
      memberships: [member(org.late.id, { canEditStreams: true }), member(org.fine.id)],
    } as never,
  })
  await payload.update({
    collection: 'users',
    id: user.frozen.id,
    data: { memberships: [member(org.late.id)] } as never,
  })
  await payload.update({
    collection: 'users',
    id: user.branchUser.id,
    data: { memberships: [member(org.branch.id)] } as never,
  })
  await payload.update({
    collection: 'users',
    id: user.outsider.id,
    data: { memberships: [member(org.fine.id)] } as never,
  })
  auth.subscriber = await loginHeader(`outsider-${tag}@example.test`, PASSWORD)
  await syncUntilQuiet(payload)
})

afterAll(async () => {
  setClock(undefined)
  emulator?.faults.clear()
  await emulator?.close()
})

describe('the dunning timeline of one payer', () => {
  let invoice: any

  it('fires the reminder at +3 days and the warning at +7, once each, however often it runs', async () => {
    invoice = await issuedInvoice(org.late.id, '2026-09', 12_345, '2026-10-01T00:00:00Z')
    expect(invoice.status).toBe('issued')
    expect(new Date(invoice.dueAt).toISOString()).toBe('2026-10-15T00:00:00.000Z')

    await runAt('2026-10-17T12:00:00Z')
    expect(await actionsOf(org.late.id)).toEqual([])

    const reminder = await runAt('2026-10-18T00:00:00Z')
    expect(
      reminder.fired
        .filter((fired) => fired.organization === org.late.id)
        .map((fired) => fired.stage),
    ).toEqual(['reminder'])
    await runAt('2026-10-18T23:59:00Z')
    await runAt('2026-10-19T08:00:00Z')
    expect(await actionsOf(org.late.id)).toEqual(['reminder'])
    const reminders = await eventsOf(org.late.id, 'dunning.reminder')
    expect(reminders.length).toBe(1)
    expect(reminders[0].data).toMatchObject({
      invoice: invoice.id,
      number: invoice.number,
      daysOverdue: 3,
      amountDue: 12_345,
      currency: 'USD',
      suspensionAt: '2026-10-29T00:00:00.000Z',
    })
    let late = await reload('organizations', org.late.id)
    expect(late).toMatchObject({
      status: 'active',
      dunningStage: 'reminder',
      dunningInvoice: invoice.id,
    })
    expect(new Date(late.dunningSince).toISOString()).toBe('2026-10-18T00:00:00.000Z')

    await runAt('2026-10-22T00:00:00Z')
    await runAt('2026-10-22T18:00:00Z')
    await runAt('2026-10-25T00:00:00Z')
    expect(await actionsOf(org.late.id)).toEqual(['reminder', 'warning'])
    expect((await eventsOf(org.late.id, 'dunning.warning')).length).toBe(1)
    late = await reload('organizations', org.late.id)
    expect(late).toMatchObject({ status: 'active', dunningStage: 'warning' })
    // nothing has reached Watcher: no job was queued
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'watcher-sync' } },
        })
      ).totalDocs,
    ).toBe(0)
  })

  it('suspends at +14 days through POST /api/dunning/run: the payer and the subsidiary it pays for', async () => {
    expect(await watcherLogin(emulator, user.viewer.login, PASSWORD)).toBe(200)
    setClock('2026-10-29T00:00:00Z')
    const response = await api().post('/api/dunning/run').set('Authorization', auth.accountant)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    const fired = response.body.fired.filter((entry: any) => entry.organization === org.late.id)
    expect(fired).toEqual([
      {
        organization: org.late.id,
        invoice: invoice.id,
        stage: 'suspension',
        suspended: [org.late.id, org.branch.id],
      },
    ])

    for (const id of [org.late.id, org.branch.id]) {
      const doc = await reload('organizations', id)
      expect(doc).toMatchObject({
        status: 'suspended',
        dunningStage: 'suspension',
        dunningInvoice: invoice.id,
      })
      expect(new Date(doc.dunningSuspendedAt).toISOString()).toBe('2026-10-29T00:00:00.000Z')
      const suspended = await eventsOf(id, 'organization.suspended')
      expect(suspended.length).toBe(1)
      expect(suspended[0].data).toMatchObject({
        payer: org.late.id,
        invoice: invoice.id,
        stage: 'suspension',
        daysOverdue: 14,
      })
    }
    expect((await reload('organizations', org.fine.id)).status).toBe('active')
    // the suspension's record names the organizations it suspended, as the admin shows it
    const [suspension] = (
      await payload.find({
        collection: 'dunning-actions',
        where: {
          and: [{ organization: { equals: org.late.id } }, { action: { equals: 'suspension' } }],
        },
        depth: 0,
      })
    ).docs
    expect(suspension).toMatchObject({
      invoice: invoice.id,
      daysOverdue: 14,
      amountDue: 12_345,
      currency: 'USD',
      organizations: [org.late.id, org.branch.id],
    })
    // Watcher only through the queue
    expect((await watcherUser(user.viewer.id)).disabled).toBe(false)
  })

  it('reaches Watcher through the sync queue: viewing is off, cameras are untouched, billing flags unchanged', async () => {
    await syncUntilQuiet(payload)
    expect((await watcherUser(user.lateAdmin.id)).disabled).toBe(true)
    expect((await watcherUser(user.viewer.id)).disabled).toBe(true)
    expect((await watcherUser(user.branchUser.id)).disabled).toBe(true)
    expect((await watcherUser(user.frozen.id)).disabled).toBe(true)
    expect(await watcherLogin(emulator, user.viewer.login, PASSWORD)).toBe(401)
    // a member of an organization that is still active keeps its login, loses Late only
    expect((await watcherUser(user.multi.id)).disabled).toBe(false)
    expect(await memberPermissions(org.late.id, user.multi.id)).toEqual(NONE)
    expect(await memberPermissions(org.fine.id, user.multi.id)).toEqual({
      canViewStreams: true,
      canEditStreams: false,
      canEditUsers: false,
      canViewStats: true,
    })
    expect(await watcherLogin(emulator, user.multi.login, PASSWORD)).toBe(200)
    // billing's own settings are what they were
    for (const key of ['viewer', 'lateAdmin', 'branchUser', 'multi'] as const)
      expect((await reload('users', user[key].id)).disabled).toBe(false)
    expect((await reload('users', user.frozen.id)).disabled).toBe(true)
    expect((await reload('users', user.multi.id)).memberships[0]).toMatchObject({
      canViewStreams: true,
      canEditStreams: true,
    })
    // the sync events say what was done and why
    const events = await payload.find({
      collection: 'sync-events',
      where: {
        and: [
          { collection: { equals: 'users' } },
          { documentId: { equals: user.viewer.id } },
          { outcome: { equals: 'delivered' } },
        ],
      },
      sort: '-createdAt',
      limit: 1,
    })
    expect(events.docs[0]).toMatchObject({ cause: expect.stringMatching(/dunning suspension/) })
    expect((events.docs[0] as any).changes).toMatch(/disabled: false → true/)
  })

  it('does nothing more on later runs the same day and the following days', async () => {
    const before = (await eventsOf(org.late.id)).length
    await runAt('2026-10-29T13:00:00Z')
    await runAt('2026-10-30T00:00:00Z')
    await runAt('2026-11-20T00:00:00Z') // past +30: recording stop is off by default
    expect(await actionsOf(org.late.id)).toEqual(['reminder', 'warning', 'suspension'])
    expect((await eventsOf(org.late.id)).length).toBe(before)
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'watcher-sync' } },
        })
      ).totalDocs,
    ).toBe(0)
  })

  it('a payment restores everything within the restoration check, exactly as billing says', async () => {
    setClock('2026-11-21T09:00:00Z')
    const paid = await api()
      .post('/api/payments')
      .set('Authorization', auth.accountant)
      .send({
        organization: org.late.id,
        amount: 12_345,
        currency: 'USD',
        method: 'bank_transfer',
        reference: `wire-${tag}`,
      })
    expect(paid.status, JSON.stringify(paid.body)).toBe(201)
    expect((await reload('invoices', invoice.id)).status).toBe('paid')
    // the payment queued the restoration check at once
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'dunning-restore' } },
        })
      ).totalDocs,
    ).toBe(1)
    await runDueJobs(payload, { queue: BILLING_QUEUE })

    for (const id of [org.late.id, org.branch.id]) {
      const doc = await reload('organizations', id)
      expect(doc).toMatchObject({
        status: 'active',
        dunningStage: null,
        dunningSuspendedAt: null,
        dunningInvoice: null,
      })
      const restored = await eventsOf(id, 'organization.restored')
      expect(restored.length).toBe(1)
      expect(restored[0].data).toMatchObject({
        payer: org.late.id,
        invoice: invoice.id,
        stage: 'suspension',
      })
    }
    expect(await actionsOf(org.late.id)).toEqual([
      'reminder',
      'warning',
      'suspension',
      'restoration',
    ])

    await syncUntilQuiet(payload)
    expect((await watcherUser(user.lateAdmin.id)).disabled).toBe(false)
    expect((await watcherUser(user.viewer.id)).disabled).toBe(false)
    expect((await watcherUser(user.branchUser.id)).disabled).toBe(false)
    expect((await watcherUser(user.frozen.id)).disabled).toBe(true) // disabled in billing before: stays so
    expect(await memberPermissions(org.late.id, user.multi.id)).toEqual({
      canViewStreams: true,
      canEditStreams: true,
      canEditUsers: false,
      canViewStats: true,
    })
    expect(await watcherLogin(emulator, user.viewer.login, PASSWORD)).toBe(200)

    await runAt('2026-11-22T00:00:00Z')
    expect(await actionsOf(org.late.id)).toEqual([
      'reminder',
      'warning',
      'suspension',
      'restoration',
    ])
  })
})

describe('recording stop', () => {
  const names = { a: `${tag}-cam-a`, b: `${tag}-cam-b`, before: `${tag}-cam-off` }
  let stopper: any
  let invoice: any

  beforeAll(async () => {
    const owner = await subscriber('stopper-admin')
    stopper = await create('organizations', {
      title: `Stopper ${tag}`,
      administrator: owner.id,
      dunningPolicy: { recordingStop: 'on', recordingStopDays: 20 },
    })
    await syncUntilQuiet(payload)
    const watcherOrganization = await watcherIdOf('organizations', stopper.id)
    await watcherApi().createStream({
      name: names.a,
      organizationId: watcherOrganization,
      title: 'Gate',
    })
    await watcherApi().createStream({
      name: names.b,
      organizationId: watcherOrganization,
      title: 'Yard',
    })
    await watcherApi().createStream({
      name: names.before,
      organizationId: watcherOrganization,
      title: 'Old',
      disabled: true,
    })
  })

  const disabled = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(names).map(async ([key, name]) => [
          key,
          (await watcherApi().getStream(name)).disabled,
        ]),
      ),
    )

  it('disables the streams that were recording, remembered by camera key only', async () => {
    invoice = await issuedInvoice(stopper.id, '2026-08', 5_000, '2026-09-01T00:00:00Z') // due 09-15
    // the run missed every day until +20: each stage still fires, in order, once
    const result = await runAt('2026-10-05T00:00:00Z')
    expect(
      result.fired.filter((fired) => fired.organization === stopper.id).map((fired) => fired.stage),
    ).toEqual(['reminder', 'warning', 'suspension', 'recording_stop'])
    expect(await reload('organizations', stopper.id)).toMatchObject({
      status: 'suspended',
      dunningStage: 'recording_stop',
    })
    await syncUntilQuiet(payload)
    expect(await disabled()).toEqual({ a: true, b: true, before: true })
    const holds = await poolOf(payload).query(
      'select camera_key from dunning_stream_holds where organization_id = $1',
      [stopper.id],
    )
    expect(holds.rows.length).toBe(2)
    expect(holds.rows.every((row) => /^[0-9a-f]{64}$/.test(row.camera_key))).toBe(true)
    const orgEvents = await payload.find({
      collection: 'sync-events',
      where: {
        and: [
          { collection: { equals: 'organizations' } },
          { documentId: { equals: stopper.id } },
          { changes: { like: 'disabled (recording stop)' } },
        ],
      },
    })
    expect(orgEvents.docs.map((doc: any) => doc.changes)).toEqual([
      '2 stream(s) disabled (recording stop)',
    ])
    // no stream name in billing's log
    const log = await poolOf(payload).query(
      `select count(*)::int as n from sync_events where coalesce(changes, '') || coalesce(error, '') || coalesce(label, '') like $1`,
      [`%${tag}-cam%`],
    )
    expect(log.rows[0].n).toBe(0)
    await runAt('2026-10-06T00:00:00Z')
    expect(await actionsOf(stopper.id)).toEqual([
      'reminder',
      'warning',
      'suspension',
      'recording_stop',
    ])
  })

  it('restoration (here: the invoice voided) re-enables only the streams dunning disabled', async () => {
    setClock('2026-10-07T10:00:00Z')
    await voidInvoice(payload, invoice.id)
    const result = await runAt('2026-10-07T10:00:30Z', { stages: false }) // the restoration check
    expect(result.restored).toContain(stopper.id)
    expect(await reload('organizations', stopper.id)).toMatchObject({
      status: 'active',
      dunningStage: null,
    })
    await syncUntilQuiet(payload)
    expect(await disabled()).toEqual({ a: false, b: false, before: true })
    const holds = await poolOf(payload).query(
      'select 1 from dunning_stream_holds where organization_id = $1',
      [stopper.id],
    )
    expect(holds.rows.length).toBe(0)
  })
})

describe('Watcher down during a suspension', () => {
  it('suspends in billing at once and delivers to Watcher after recovery', async () => {
    const owner = await subscriber('outage-admin')
    const outage = await create('organizations', {
      title: `Outage ${tag}`,
      administrator: owner.id,
    })
    await syncUntilQuiet(payload)
    await issuedInvoice(outage.id, '2026-07', 900, '2026-08-01T00:00:00Z') // due 08-15
    const watcherOwner = await watcherIdOf('users', owner.id)

    emulator.faults.set({ status: 503, rate: 1 })
    await runAt('2026-08-29T00:00:00Z')
    expect((await reload('organizations', outage.id)).status).toBe('suspended')
    await syncNow(payload)
    await syncNow(payload)
    expect(emulator.state.users.get(watcherOwner)!.disabled).toBe(false)
    const attempts = await payload.find({
      collection: 'sync-events',
      where: { and: [{ collection: { equals: 'users' } }, { documentId: { equals: owner.id } }] },
      sort: 'createdAt',
      limit: 20,
    })
    expect(attempts.docs.map((doc: any) => doc.outcome)).toContain('retrying')

    emulator.faults.clear()
    await syncUntilQuiet(payload)
    expect(emulator.state.users.get(watcherOwner)!.disabled).toBe(true)
    const delivered = await payload.find({
      collection: 'sync-events',
      where: {
        and: [
          { collection: { equals: 'users' } },
          { documentId: { equals: owner.id } },
          { outcome: { equals: 'delivered' } },
        ],
      },
      sort: '-createdAt',
      limit: 1,
    })
    expect((delivered.docs[0] as any).changes).toMatch(/disabled: false → true/)
  })
})

describe('an operator suspends by hand', () => {
  it('members follow the status in Watcher, and dunning never reactivates what it did not suspend', async () => {
    const owner = await subscriber('manual-admin')
    const manual = await create('organizations', {
      title: `Manual ${tag}`,
      administrator: owner.id,
    })
    await syncUntilQuiet(payload)
    const suspend = await api()
      .patch(`/api/organizations/${manual.id}`)
      .set('Authorization', auth.admin)
      .send({ status: 'suspended' })
    expect(suspend.status, JSON.stringify(suspend.body)).toBe(200)
    await syncUntilQuiet(payload)
    expect((await watcherUser(owner.id)).disabled).toBe(true)

    // overdue while suspended by hand: dunning records its stages, then the payment clears them
    const invoice = await issuedInvoice(manual.id, '2026-04', 700, '2026-05-01T00:00:00Z') // due 05-15
    await runAt('2026-05-30T00:00:00Z')
    expect(await actionsOf(manual.id)).toEqual(['reminder', 'warning', 'suspension'])
    expect(await reload('organizations', manual.id)).toMatchObject({
      status: 'suspended',
      dunningStage: 'suspension',
      dunningSuspendedAt: null,
    })
    expect(await eventsOf(manual.id, 'organization.suspended')).toEqual([]) // it was suspended already
    setClock('2026-05-31T00:00:00Z')
    await voidInvoice(payload, invoice.id)
    await runAt('2026-05-31T00:01:00Z', { stages: false })
    expect(await reload('organizations', manual.id)).toMatchObject({
      status: 'suspended',
      dunningStage: null,
    })

    const reactivate = await api()
      .patch(`/api/organizations/${manual.id}`)
      .set('Authorization', auth.admin)
      .send({ status: 'active' })
    expect(reactivate.status).toBe(200)
    await syncUntilQuiet(payload)
    expect((await watcherUser(owner.id)).disabled).toBe(false)
  })
})

describe('never dunned', () => {
  it('trials, zero invoices, prepaid credit and exempt organizations', async () => {
    setClock('2026-06-01T00:00:00Z')
    const trial = await create('organizations', {
      title: `Trial ${tag}`,
      trialEndsAt: '2027-01-01T00:00:00Z',
    })
    const zero = await create('organizations', { title: `Zero ${tag}` })
    const prepaid = await create('organizations', { title: `Prepaid ${tag}` })
    const exempt = await create('organizations', {
      title: `Exempt ${tag}`,
      dunningPolicy: { exempt: true },
    })
    await issuedInvoice(trial.id, '2026-05', 1_000, '2026-06-01T00:00:00Z')
    const zeroInvoice = await issuedInvoice(zero.id, '2026-05', 0, '2026-06-01T00:00:00Z')
    expect(['issued', 'paid']).toContain(zeroInvoice.status)
    await create('payments', {
      organization: prepaid.id,
      amount: 5_000,
      currency: 'USD',
      method: 'card',
      date: '2026-05-20T00:00:00Z',
    })
    const prepaidInvoice = await issuedInvoice(prepaid.id, '2026-05', 3_000, '2026-06-01T00:00:00Z')
    await issuedInvoice(exempt.id, '2026-05', 1_000, '2026-06-01T00:00:00Z')
    expect((await reload('invoices', prepaidInvoice.id)).status).toBe('paid')

    const result = await runAt('2026-08-01T00:00:00Z') // 47 days after due
    const mine = [trial.id, zero.id, prepaid.id, exempt.id]
    expect(result.fired.filter((fired) => mine.includes(fired.organization))).toEqual([])
    expect(
      result.skipped
        .filter((skip) => mine.includes(skip.organization))
        .map((skip) => [skip.organization, skip.reason]),
    ).toEqual(
      expect.arrayContaining([
        [trial.id, 'trial'],
        [exempt.id, 'exempt'],
      ]),
    )
    for (const id of mine) {
      expect(await actionsOf(id)).toEqual([])
      expect((await reload('organizations', id)).status).toBe('active')
    }
  })
})

describe('who may run it and change the policy', () => {
  it('POST /api/dunning/run is for staff only', async () => {
    expect((await api().post('/api/dunning/run')).status).toBe(401)
    expect(
      (await api().post('/api/dunning/run').set('Authorization', auth.subscriber)).status,
    ).toBe(403)
    const bad = await api()
      .post('/api/dunning/run')
      .set('Authorization', auth.admin)
      .send({ at: '2030-01-01' })
    expect(bad.status).toBe(400)
  })

  it('the dunning log is staff reading; the streams held by camera key are the admin’s only', async () => {
    expect(
      (await api().get('/api/dunning-actions').set('Authorization', auth.accountant)).body
        .totalDocs,
    ).toBeGreaterThan(0)
    expect(
      (await api().get('/api/dunning-actions').set('Authorization', auth.subscriber)).status,
    ).toBe(403)
    expect(
      (await api().get('/api/dunning-stream-holds').set('Authorization', auth.accountant)).status,
    ).toBe(403)
    expect(
      (await api().get('/api/dunning-stream-holds').set('Authorization', auth.admin)).status,
    ).toBe(200)
    expect(
      (
        await api().post('/api/dunning-actions').set('Authorization', auth.admin).send({
          organization: org.fine.id,
          invoice: 1,
          action: 'reminder',
          firedAt: '2026-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(403)
  })

  it('the policy is the admin’s, validated with a 400 naming the field', async () => {
    const current = await api()
      .get('/api/globals/dunning-policy')
      .set('Authorization', auth.accountant)
    expect(current.status).toBe(200)
    expect(current.body).toMatchObject({
      reminderDays: 3,
      warningDays: 7,
      suspensionDays: 14,
      recordingStop: false,
      recordingStopDays: 30,
    })
    expect(
      (
        await api()
          .post('/api/globals/dunning-policy')
          .set('Authorization', auth.accountant)
          .send({ reminderDays: 2 })
      ).status,
    ).toBe(403)

    const order = await api()
      .post('/api/globals/dunning-policy')
      .set('Authorization', auth.admin)
      .send({ warningDays: 2 })
    expect(order.status).toBe(400)
    expect(JSON.stringify(order.body)).toMatch(/warningDays/)
    expect(JSON.stringify(order.body)).toContain(
      'The warning stage (2 days after the due date) must come after the reminder stage (3 days).',
    )
    // in the caller's language, with the stages as the language names them
    const orderInRussian = await api()
      .post('/api/globals/dunning-policy')
      .set('Authorization', auth.admin)
      .set('Accept-Language', 'ru')
      .send({ warningDays: 2 })
    expect(orderInRussian.status).toBe(400)
    expect(JSON.stringify(orderInRussian.body)).toContain(
      'Этап «Предупреждение» (через 2 дня после срока оплаты) должен наступать позже этапа «Напоминание» (через 3 дня).',
    )
    const fraction = await api()
      .post('/api/globals/dunning-policy')
      .set('Authorization', auth.admin)
      .send({ suspensionDays: 14.5 })
    expect(fraction.status).toBe(400)
    expect(JSON.stringify(fraction.body)).toMatch(/suspensionDays/)
    const late = await api()
      .post('/api/globals/dunning-policy')
      .set('Authorization', auth.admin)
      .send({ recordingStop: true, recordingStopDays: 10 })
    expect(late.status).toBe(400)
    expect(JSON.stringify(late.body)).toMatch(/recordingStopDays/)
    const ok = await api()
      .post('/api/globals/dunning-policy')
      .set('Authorization', auth.admin)
      .send({ reminderDays: 2, warningDays: 6 })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    await payload.updateGlobal({
      slug: 'dunning-policy' as never,
      data: DEFAULT_DUNNING_POLICY as never,
    })

    const override = await api()
      .patch(`/api/organizations/${org.fine.id}`)
      .set('Authorization', auth.accountant)
      .send({ dunningPolicy: { suspensionDays: 5 } })
    expect(override.status).toBe(400)
    expect(JSON.stringify(override.body)).toMatch(/dunningPolicy\.suspensionDays/)
    expect(JSON.stringify(override.body)).toContain(
      'The suspension stage (5 days after the due date) must come after the warning stage (7 days). Fields left empty take the global policy.',
    )
    const overrideInSpanish = await api()
      .patch(`/api/organizations/${org.fine.id}`)
      .set('Authorization', auth.accountant)
      .set('Accept-Language', 'es')
      .send({ dunningPolicy: { suspensionDays: 5 } })
    expect(overrideInSpanish.status).toBe(400)
    expect(JSON.stringify(overrideInSpanish.body)).toContain(
      'La etapa «Suspensión» (5 días después del vencimiento) debe llegar después de la etapa «Aviso» (7 días). Los campos vacíos toman la política general.',
    )
    const graphql = await api()
      .post('/api/graphql')
      .set('Authorization', auth.accountant)
      .send({
        query: `{ DunningPolicy { reminderDays suspensionDays recordingStop } Organization(id: ${org.fine.id}) { dunningStage dunningPolicy { exempt } } }`,
      })
    expect(graphql.status).toBe(200)
    expect(graphql.body.errors).toBeUndefined()
    expect(graphql.body.data).toMatchObject({
      DunningPolicy: { reminderDays: 3, suspensionDays: 14, recordingStop: false },
      Organization: { dunningStage: null, dunningPolicy: { exempt: false } },
    })
    const stage = await api()
      .patch(`/api/organizations/${org.fine.id}`)
      .set('Authorization', auth.admin)
      .send({ dunningStage: 'suspension' })
    expect(stage.status).toBe(200)
    expect(stage.body.doc.dunningStage ?? null).toBeNull() // set by the run only
  })
})

describe('the schedules', () => {
  it('the restoration check is due at every tick of the worker (every minute), the run daily', async () => {
    const { queueDueSchedules } = await import('../../../src/jobs/schedules')
    await payload.db.deleteMany({
      collection: 'payload-jobs',
      where: { id: { exists: true } },
      req: {},
    })
    try {
      await queueDueSchedules(payload)
      const jobs = await payload.find({
        collection: 'payload-jobs',
        where: { taskSlug: { in: ['dunning-restore', 'dunning-run'] } },
        limit: 10,
        depth: 0,
      })
      const restore = jobs.docs.find((job: any) => job.taskSlug === 'dunning-restore') as any
      const run = jobs.docs.find((job: any) => job.taskSlug === 'dunning-run') as any
      expect(restore.queue).toBe(BILLING_QUEUE)
      // due within 30 s of the tick (at once once the worker ticks every minute), never a minute later
      expect(new Date(restore.waitUntil).getTime() - Date.now()).toBeLessThanOrEqual(30_000)
      expect(new Date(run.waitUntil).getTime() - Date.now()).toBeLessThanOrEqual(86_400_000)
    } finally {
      await payload.db.deleteMany({
        collection: 'payload-jobs',
        where: { id: { exists: true } },
        req: {},
      })
    }
  })
})

describe('a payer whose notice cannot be written', () => {
  it('waits alone: the other payers of the batch get their reminders, the next run gives it its own', async () => {
    const pool = poolOf(payload)
    const admins = await Promise.all(['batch-ok', 'batch-bad'].map((login) => subscriber(login)))
    const [ok, bad] = await Promise.all(
      admins.map((admin, index) =>
        create('organizations', {
          title: `Batch ${index} ${tag}`,
          administrator: admin.id,
        }),
      ),
    )
    await issuedInvoice(ok.id, '2031-01', 5_000, '2031-02-01T00:00:00Z')
    await issuedInvoice(bad.id, '2031-01', 5_000, '2031-02-01T00:00:00Z')
    await pool.query(`create function refuse_notice() returns trigger language plpgsql as $$
      begin
        if new.organization_id = ${bad.id} then raise exception 'notice refused for the test'; end if;
        return new;
      end $$`)
    await pool.query(
      'create trigger refuse_notice before insert on dunning_actions for each row execute function refuse_notice()',
    )
    let result: Awaited<ReturnType<typeof runAt>>
    try {
      result = await runAt('2031-02-18T00:00:00Z')
    } finally {
      await pool.query('drop trigger refuse_notice on dunning_actions')
      await pool.query('drop function refuse_notice()')
    }
    expect(result.fired.filter((fired) => fired.organization === ok.id)).toHaveLength(1)
    expect(result.failed.map((failure) => failure.organization)).toContain(bad.id)
    expect(await actionsOf(ok.id)).toEqual(['reminder'])
    expect(await actionsOf(bad.id)).toEqual([])
    expect(await eventsOf(bad.id, 'dunning.reminder')).toEqual([])
    expect((await reload('organizations', bad.id)).dunningStage ?? null).toBeNull()

    const next = await runAt('2031-02-18T06:00:00Z')
    expect(next.fired.filter((fired) => fired.organization === bad.id)).toHaveLength(1)
    expect(await actionsOf(bad.id)).toEqual(['reminder'])
    expect(await actionsOf(ok.id)).toEqual(['reminder'])
  })
})

describe('a payer whose suspension or restoration cannot be written', () => {
  const syncJobsOf = async (organization: number) =>
    Number(
      (
        await poolOf(payload).query<{ n: string }>(
          `select count(*) as n from payload_jobs
            where input->>'collection' = 'organizations' and (input->>'id')::int = $1`,
          [organization],
        )
      ).rows[0]!.n,
    )
  const refuse = async (organization: number, action: string) => {
    await poolOf(payload)
      .query(`create function refuse_action() returns trigger language plpgsql as $$
      begin
        if new.organization_id = ${organization} and new.action = '${action}' then
          raise exception '${action} refused for the test';
        end if;
        return new;
      end $$`)
    await poolOf(payload).query(
      'create trigger refuse_action before insert on dunning_actions for each row execute function refuse_action()',
    )
  }
  const allow = async () => {
    await poolOf(payload).query('drop trigger refuse_action on dunning_actions')
    await poolOf(payload).query('drop function refuse_action()')
  }

  it('waits alone in its batch: the others are suspended and restored, it follows on the next run', async () => {
    const admins = await Promise.all(['susp-ok', 'susp-bad'].map((login) => subscriber(login)))
    const [ok, bad] = await Promise.all(
      admins.map((admin, index) =>
        create('organizations', { title: `Suspend ${index} ${tag}`, administrator: admin.id }),
      ),
    )
    const invoices = await Promise.all(
      [ok, bad].map((o) => issuedInvoice(o.id, '2031-05', 7_000, '2031-06-01T00:00:00Z')),
    )
    const before = { ok: await syncJobsOf(ok.id), bad: await syncJobsOf(bad.id) }

    // due 2031-06-15, 16 days overdue: reminder, warning and suspension in one run
    await refuse(bad.id, 'suspension')
    let result: Awaited<ReturnType<typeof runAt>>
    try {
      result = await runAt('2031-07-01T00:00:00Z')
    } finally {
      await allow()
    }
    expect(
      result.fired.filter((fired) => fired.organization === ok.id).map((fired) => fired.stage),
    ).toEqual(['reminder', 'warning', 'suspension'])
    expect(result.failed.map((failure) => failure.organization)).toContain(bad.id)
    expect(await actionsOf(ok.id)).toEqual(['reminder', 'warning', 'suspension'])
    expect((await reload('organizations', ok.id)).status).toBe('suspended')
    expect(await syncJobsOf(ok.id)).toBe(before.ok + 1)
    expect(await eventsOf(ok.id, 'organization.suspended')).toHaveLength(1)
    // nothing of the refused payer's run is left: no action, event, status or sync job
    expect(await actionsOf(bad.id)).toEqual([])
    expect(await eventsOf(bad.id, 'dunning.reminder')).toEqual([])
    expect(await eventsOf(bad.id, 'organization.suspended')).toEqual([])
    expect(await reload('organizations', bad.id)).toMatchObject({ status: 'active' })
    expect((await reload('organizations', bad.id)).dunningStage ?? null).toBeNull()
    expect(await syncJobsOf(bad.id)).toBe(before.bad)

    const next = await runAt('2031-07-01T06:00:00Z')
    expect(
      next.fired.filter((fired) => fired.organization === bad.id).map((fired) => fired.stage),
    ).toEqual(['reminder', 'warning', 'suspension'])
    expect((await reload('organizations', bad.id)).status).toBe('suspended')
    expect(await syncJobsOf(bad.id)).toBe(before.bad + 1)

    // both pay; the restoration of one cannot be recorded
    await poolOf(payload).query(
      `update invoices set status = 'paid', amount_paid = total, amount_due = 0 where id = any($1::int[])`,
      [invoices.map((invoice) => invoice.id)],
    )
    await refuse(bad.id, 'restoration')
    let check: Awaited<ReturnType<typeof runAt>>
    try {
      check = await runAt('2031-07-01T07:00:00Z', { stages: false })
    } finally {
      await allow()
    }
    expect(check.restored).toContain(ok.id)
    expect(check.restored).not.toContain(bad.id)
    expect(check.failed.map((failure) => failure.organization)).toContain(bad.id)
    expect(await reload('organizations', ok.id)).toMatchObject({ status: 'active' })
    expect((await reload('organizations', ok.id)).dunningStage ?? null).toBeNull()
    expect(await actionsOf(ok.id)).toEqual(['reminder', 'warning', 'suspension', 'restoration'])
    expect(await syncJobsOf(ok.id)).toBe(before.ok + 2)
    expect(await reload('organizations', bad.id)).toMatchObject({
      status: 'suspended',
      dunningStage: 'suspension',
    })
    expect(await eventsOf(bad.id, 'organization.restored')).toEqual([])

    const again = await runAt('2031-07-01T07:01:00Z', { stages: false })
    expect(again.restored).toEqual([bad.id])
    expect(await actionsOf(bad.id)).toEqual(['reminder', 'warning', 'suspension', 'restoration'])
    expect(await eventsOf(bad.id, 'organization.restored')).toHaveLength(1)
    expect(await syncJobsOf(bad.id)).toBe(before.bad + 2)
  })
})
