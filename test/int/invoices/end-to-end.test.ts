/**
 * From Watcher to an issued invoice: cameras added and removed in Watcher (the emulator), pulled by
 * the usage collector, billed by the month close, exact to the cent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { testPayload } from '../../helpers/app'
import { clearQueue, startBillingWatcher, syncNow } from '../../helpers/watcher'
import { watcherApi } from '../../../src/plugins/watcher/api'
import { collectUsage } from '../../../src/plugins/watcher/usage/collect'
import { generateInvoices, issueInvoice } from '../../../src/invoicing'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

let payload: Payload
let pool: pg.Pool
let emulator: WatcherEmulator
const tag = `e2e-${Date.now().toString(36)}`
const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

/**
 * Stops the emulator's clock at an absolute time (stream created_at comes from it): a running clock
 * would put a second between two steps on a busy machine, and the bill is asserted to the second.
 */
const at = (iso: string) => {
  emulator.clock.stopAt(new Date(iso).getTime())
  return new Date(iso)
}

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  await clearQueue(payload)
  await pool.query('delete from camera_usage')
  emulator = await startBillingWatcher('v3')
})
afterAll(async () => {
  await pool?.query('delete from camera_usage')
  await emulator?.close()
})

describe('Watcher → usage → invoice', () => {
  it('bills two cameras of March 2041 to the cent: one from the 10th, one from the 10th to the 20th', async () => {
    const archive = await create('services', {
      title: `Archive ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 3100,
      currency: 'USD',
    })
    const plan = await create('subscriptions', {
      title: `Plan ${tag}`,
      currency: 'USD',
      services: [archive.id],
    })
    const organization = await create('organizations', {
      title: `Org ${tag}`,
      currency: 'USD',
      taxRateBp: 1000,
      availableSubscriptions: [plan.id],
    })
    await syncNow(payload)
    const [org, preset] = await Promise.all([
      payload.findByID({ collection: 'organizations', id: organization.id }),
      payload.findByID({ collection: 'subscriptions', id: plan.id }),
    ])
    const api = watcherApi()
    at('2041-03-10T00:00:00Z')
    await api.createStream({
      name: `${tag}-a`,
      organizationId: org.watcher!.id!,
      presetId: preset.watcher!.id!,
    })
    await api.createStream({
      name: `${tag}-b`,
      organizationId: org.watcher!.id!,
      presetId: preset.watcher!.id!,
    })
    // the first pull comes hours later: cameras count from their created_at
    expect(await collectUsage(payload, { now: at('2041-03-10T06:00:00Z') })).toMatchObject({
      opened: 2,
    })
    await api.deleteStream(`${tag}-b`)
    expect(await collectUsage(payload, { now: at('2041-03-20T00:00:00Z') })).toMatchObject({
      closed: 1,
    })

    const result = await generateInvoices(payload, {
      period: '2041-03',
      organizationId: organization.id,
    })
    expect(result.created.length).toBe(1)
    const invoice = await payload.findByID({ collection: 'invoices', id: result.created[0]! })
    // camera a: 10 Mar → 1 Apr = 22 days; camera b: 10 days; together 32 days = 2 764 800 s
    // March has 2 678 400 s: 3100 × 2 764 800 / 2 678 400 = 3200; tax 10 % = 320
    expect(
      invoice.lines!.map((line) => [line.cameraSeconds, line.cameraDays, line.amount]),
    ).toEqual([[2_764_800, 32, 3200]])
    expect(invoice).toMatchObject({ subtotal: 3200, tax: 320, total: 3520, currency: 'USD' })
    await issueInvoice(payload, invoice.id, { now: new Date('2041-04-02T09:00:00Z') })
    expect((await payload.findByID({ collection: 'invoices', id: invoice.id })).number).toBe(
      'INV-2041-000001',
    )
  })
})
