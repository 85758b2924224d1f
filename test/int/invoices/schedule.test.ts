/** The scheduled month close follows each payer's timezone; drafts are issued after the grace period. */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { testPayload } from '../../helpers/app'
import { closeEndedMonths, issueDueDrafts } from '../../../src/invoicing'

let payload: Payload
const ids: Record<string, number> = {}
const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

beforeAll(async () => {
  payload = await testPayload()
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const service = await create('services', {
    title: 'Archive sched',
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 1000,
    currency: 'JPY',
  })
  const plan = await create('subscriptions', {
    title: 'Plan sched',
    currency: 'JPY',
    services: [service.id],
  })
  const tokyo = await create('organizations', {
    title: 'Tokyo sched',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
  })
  const utc = await create('organizations', {
    title: 'UTC sched',
    currency: 'JPY',
    timezone: 'UTC',
  })
  Object.assign(ids, { tokyo: tokyo.id, utc: utc.id })
  for (const organization of [tokyo.id, utc.id]) {
    await pool.query(
      `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at) values ($1, $2, $3, '2033-04-01T00:00:00Z', null, now(), now())`,
      [organization, plan.id, `sched-${organization}`],
    )
  }
})

const invoiceOf = async (organization: number, period: string) =>
  (
    await payload.find({
      collection: 'invoices',
      where: { and: [{ organization: { equals: organization } }, { period: { equals: period } }] },
    })
  ).docs[0]

describe('scheduled month close', () => {
  it('closes May for Tokyo at its midnight of 1 June, for UTC nine hours later; reruns add nothing', async () => {
    await closeEndedMonths(payload, new Date('2033-05-31T15:30:00Z')) // 00:30 on 1 June in Tokyo
    expect(await invoiceOf(ids.tokyo, '2033-05')).toMatchObject({
      status: 'draft',
      subtotal: 1000,
      total: 1000,
      currency: 'JPY',
    })
    expect(await invoiceOf(ids.utc, '2033-05')).toBeUndefined()
    await closeEndedMonths(payload, new Date('2033-06-01T00:30:00Z'))
    expect(await invoiceOf(ids.utc, '2033-05')).toMatchObject({ subtotal: 1000 })
    await closeEndedMonths(payload, new Date('2033-06-01T01:30:00Z'))
    expect(
      (
        await payload.count({
          collection: 'invoices',
          where: {
            and: [
              { period: { equals: '2033-05' } },
              { organization: { in: [ids.tokyo, ids.utc] } },
            ],
          },
        })
      ).totalDocs,
    ).toBe(2)
  })

  it('issues drafts once they are older than the grace period (3 days by default)', async () => {
    const draft = (await invoiceOf(ids.tokyo, '2033-05'))!
    expect(
      await issueDueDrafts(
        payload,
        new Date(new Date(draft.generatedAt!).getTime() + 2 * 86_400_000),
      ),
    ).not.toContain(draft.id)
    const issued = await issueDueDrafts(
      payload,
      new Date(new Date(draft.generatedAt!).getTime() + 3 * 86_400_000 + 1000),
    )
    expect(issued).toContain(draft.id)
    expect((await invoiceOf(ids.tokyo, '2033-05'))!.number).toMatch(/^INV-\d{4}-\d{6}$/)
  })
})
