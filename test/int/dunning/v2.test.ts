/**
 * Suspension against a v2 Watcher, which has no "can view streams" flag: a member of a suspended
 * organization who still belongs to an active one loses that membership until restoration; a user
 * whose every organization is suspended is disabled.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import { clearQueue, startBillingWatcher, syncUntilQuiet } from '../../helpers/watcher'
import { setClock } from '../../../src/clock'
import { poolOf } from '../../../src/db/pool'
import { DEFAULT_DUNNING_POLICY } from '../../../src/billing/dunningPolicy'
import { runDunning } from '../../../src/dunning'
import { issueInvoice, voidInvoice } from '../../../src/invoicing'
import { watcherApi } from '../../../src/plugins/watcher/api'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `dun2-${Date.now().toString(36)}`
let payload: Payload
let emulator: WatcherEmulator

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data, depth: 0 }) as Promise<any>
const watcherId = async (collection: 'users' | 'organizations', id: number) =>
  (await (payload.findByID as any)({ collection, id, depth: 0 })).watcher.id as number

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v2')
  await poolOf(payload).query('update organizations set dunning_policy_exempt = true')
  await payload.updateGlobal({
    slug: 'dunning-policy' as never,
    data: DEFAULT_DUNNING_POLICY as never,
  })
})
afterAll(async () => {
  setClock(undefined)
  await emulator?.close()
})

describe('suspension on a v2 Watcher', () => {
  it('removes the membership where suspended, disables when suspended everywhere, restores both', async () => {
    setClock('2026-03-01T00:00:00Z')
    const both = await create('users', {
      email: `both-${tag}@example.test`,
      login: `both-${tag}`,
      password: PASSWORD,
      role: 'subscriber',
    })
    const late = await create('organizations', { title: `Late v2 ${tag}` })
    const fine = await create('organizations', { title: `Fine v2 ${tag}` })
    await payload.update({
      collection: 'users',
      id: both.id,
      data: {
        memberships: [{ organization: late.id }, { organization: fine.id, canViewStats: true }],
      } as never,
    })
    await syncUntilQuiet(payload)
    const user = await watcherId('users', both.id)
    const memberOf = async () => (await watcherApi().getUser(user)).organizationIds.sort()
    const lateW = await watcherId('organizations', late.id)
    const fineW = await watcherId('organizations', fine.id)
    expect(await memberOf()).toEqual([lateW, fineW].sort())

    const draft = await create('invoices', {
      organization: late.id,
      period: '2026-02',
      currency: 'USD',
      subtotal: 100,
      tax: 0,
      total: 100,
    })
    await issueInvoice(payload, draft.id, { now: new Date('2026-03-01T00:00:00Z') }) // due 03-15
    setClock('2026-03-29T00:00:00Z')
    await runDunning(payload)
    await syncUntilQuiet(payload)
    expect(await memberOf()).toEqual([fineW])
    expect((await watcherApi().getUser(user)).disabled).toBe(false)

    // the other organization suspended by hand too: now every one is suspended
    await payload.update({
      collection: 'organizations',
      id: fine.id,
      data: { status: 'suspended' } as never,
    })
    await syncUntilQuiet(payload)
    expect((await watcherApi().getUser(user)).disabled).toBe(true)
    await payload.update({
      collection: 'organizations',
      id: fine.id,
      data: { status: 'active' } as never,
    })

    await voidInvoice(payload, draft.id)
    await runDunning(payload, { stages: false })
    await syncUntilQuiet(payload)
    expect((await watcherApi().getUser(user)).disabled).toBe(false)
    expect(await memberOf()).toEqual([lateW, fineW].sort())
    const members = await watcherApi().listMembers(fineW)
    expect(members.find((member) => member.userId === user)?.permissions.canViewStats).toBe(true)
  })
})
