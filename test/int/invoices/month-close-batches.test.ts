/**
 * The month close reads payers a batch at a time (generate.ts): whatever the batch size, the
 * drafts are the ones the whole book assembled at once gives, subsidiaries whose ids lie far from
 * their payer's included, and a broken payer chain is reported once, with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { testPayload } from '../../helpers/app'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type OrganizationTerms,
  type UsageInterval,
} from '../../../src/billing/invoiceAssembly'
import {
  BilledThroughParent,
  BrokenPayerChain,
  generateInvoices,
  loadTerms,
  UnknownOrganization,
} from '../../../src/invoicing'

const PERIOD = '2037-03'
let payload: Payload
let pool: pg.Pool
const ids: Record<string, number> = {}

const insertOrganization = async (
  title: string,
  payer: 'self' | 'parent',
  timezone = 'UTC',
  extra: { taxRateBp?: number; trialEndsAt?: string } = {},
) =>
  Number(
    (
      await pool.query<{ id: number }>(
        `insert into organizations (title, payer, timezone, currency, tax_rate_bp, trial_ends_at, status, updated_at, created_at)
          values ($1, $2, $3, 'EUR', $4, $5, 'active', now(), now()) returning id`,
        [title, payer, timezone, extra.taxRateBp ?? 0, extra.trialEndsAt ?? null],
      )
    ).rows[0]!.id,
  )
const setParent = (child: number, parent: number) =>
  pool.query('update organizations set parent_id = $2 where id = $1', [child, parent])

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const create = (collection: string, data: Record<string, unknown>) =>
    (payload.create as (args: unknown) => Promise<{ id: number }>)({ collection, data, depth: 0 })
  const service = await create('services', {
    title: 'Archive batches',
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 1000,
    currency: 'EUR',
  })
  const basic = await create('subscriptions', {
    title: 'Basic batches',
    currency: 'EUR',
    services: [service.id],
  })
  // a new price from 15 March: its cameras get a line per price
  const pro = await create('subscriptions', {
    title: 'Pro batches',
    currency: 'EUR',
    services: [service.id],
    prices: [
      { from: '2037-01-01T00:00:00.000Z', amount: 2000 },
      { from: '2037-03-15T00:00:00.000Z', amount: 2600 },
    ],
  })
  // subsidiaries first, so that their ids come before their payer's and land in other batches
  ids.grandchild = await insertOrganization('Grandchild batches', 'parent', 'Europe/Berlin')
  ids.child = await insertOrganization('Child batches', 'parent', 'Asia/Tokyo', {
    trialEndsAt: '2037-03-10T00:00:00Z',
  })
  ids.ownPayer = await insertOrganization('Pays itself batches', 'self', 'Asia/Tokyo', {
    taxRateBp: 1000,
  })
  for (let i = 0; i < 7; i++)
    ids[`plain${i}`] = await insertOrganization(
      `Plain ${i} batches`,
      'self',
      ['UTC', 'Europe/Berlin', 'Asia/Tokyo'][i % 3],
      { taxRateBp: [0, 1900, 2000][i % 3] },
    )
  ids.parent = await insertOrganization('Parent batches', 'self', 'Europe/Berlin', {
    taxRateBp: 1900,
  })
  ids.idle = await insertOrganization('Idle batches', 'self')
  ids.loopA = await insertOrganization('Loop A batches', 'parent')
  ids.loopB = await insertOrganization('Loop B batches', 'parent')
  ids.underLoop = await insertOrganization('Under loop batches', 'parent')
  await setParent(ids.child, ids.parent)
  await setParent(ids.grandchild, ids.child)
  await setParent(ids.ownPayer, ids.parent)
  await setParent(ids.loopA, ids.loopB)
  await setParent(ids.loopB, ids.loopA)
  await setParent(ids.underLoop, ids.loopA)

  const usage: [number, number, string, string, string | null][] = []
  let camera = 0
  const add = (organization: number, subscription: number, from: string, to: string | null) =>
    usage.push([organization, subscription, `batches-camera-${camera++}`, from, to])
  for (const organization of [ids.parent, ids.child, ids.grandchild, ids.ownPayer]) {
    add(organization, basic.id, '2037-01-05T00:00:00Z', null)
    add(organization, pro.id, '2037-03-03T12:00:00Z', '2037-03-20T06:30:00Z')
  }
  for (let i = 0; i < 7; i++) {
    const organization = ids[`plain${i}`]!
    if (i === 3) {
      add(organization, basic.id, '2037-01-01T00:00:00Z', '2037-02-10T00:00:00Z') // before March: empty
      continue
    }
    for (let c = 0; c <= i; c++)
      add(organization, c % 2 ? pro.id : basic.id, `2037-02-${10 + c}T00:00:00Z`, null)
    add(organization, basic.id, '2037-03-31T10:00:00Z', null) // the month's last hours in every zone
  }
  add(ids.loopA, basic.id, '2037-01-01T00:00:00Z', null)
  add(ids.underLoop, basic.id, '2037-01-01T00:00:00Z', null)
  await pool.query(
    `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at)
      select *, now(), now() from unnest($1::int[], $2::int[], $3::varchar[], $4::timestamptz[], $5::timestamptz[])`,
    [0, 1, 2, 3, 4].map((column) => usage.map((row) => row[column])),
  )
})

/** What the whole book, assembled at once in memory, gives each payer (and which chains break). */
async function expectedDrafts() {
  const { organizations, subscriptions } = await loadTerms(payload)
  const { rows } = await pool.query<{
    organization_id: number
    subscription_id: number
    camera_key: string
    from: Date
    to: Date | null
  }>('select organization_id, subscription_id, camera_key, "from", "to" from camera_usage')
  const intervals: UsageInterval[] = rows.map((row) => ({
    organizationId: Number(row.organization_id),
    subscriptionId: Number(row.subscription_id),
    cameraKey: row.camera_key,
    from: row.from,
    to: row.to,
  }))
  const members = new Map<number, OrganizationTerms[]>()
  const broken = new Map<number, string>()
  for (const organization of organizations.values()) {
    try {
      const payerId = payerOf(organization, organizations)
      members.set(payerId, [...(members.get(payerId) ?? []), organization])
    } catch (error) {
      if (!(error instanceof InvoiceAssemblyError)) throw error
      broken.set(organization.id, error.message)
    }
  }
  const drafts = new Map<number, ReturnType<typeof assembleInvoice>>()
  for (const [payerId, list] of members) {
    const memberIds = new Set(list.map((member) => member.id))
    drafts.set(
      payerId,
      assembleInvoice({
        periodKey: PERIOD,
        payer: organizations.get(payerId)!,
        members: list,
        subscriptions,
        intervals: intervals.filter((interval) => memberIds.has(interval.organizationId)),
      }),
    )
  }
  return { drafts, broken }
}

/** The period's invoices as written, by payer, with their lines in order. */
async function writtenInvoices() {
  const invoices = (
    await pool.query<Record<string, unknown>>(
      `select id, organization_id, status, period_start, period_end, subtotal, tax, total, currency, tax_rate_bp
        from invoices where period = $1 and status <> 'void'`,
      [PERIOD],
    )
  ).rows
  const lines = (
    await pool.query<Record<string, unknown>>(
      `select l._parent_id, l.organization_id, l.subscription_id, l.description, l.segment_start, l.segment_end,
          l.camera_seconds, l.camera_days, l.average_cameras, l.unit_price, l.amount
        from invoices_lines l join invoices i on i.id = l._parent_id where i.period = $1 order by l._parent_id, l._order`,
      [PERIOD],
    )
  ).rows
  return new Map(
    invoices.map((invoice) => [
      Number(invoice.organization_id),
      {
        status: invoice.status,
        periodStart: (invoice.period_start as Date).toISOString(),
        periodEnd: (invoice.period_end as Date).toISOString(),
        subtotal: Number(invoice.subtotal),
        tax: Number(invoice.tax),
        total: Number(invoice.total),
        currency: invoice.currency,
        taxRateBp: Number(invoice.tax_rate_bp),
        lines: lines
          .filter((line) => line._parent_id === invoice.id)
          .map((line) => ({
            organization: Number(line.organization_id),
            subscription: Number(line.subscription_id),
            description: line.description,
            segmentStart: (line.segment_start as Date).toISOString(),
            segmentEnd: (line.segment_end as Date).toISOString(),
            cameraSeconds: Number(line.camera_seconds),
            cameraDays: Number(line.camera_days),
            averageCameras: Number(line.average_cameras),
            unitPrice: Number(line.unit_price),
            amount: Number(line.amount),
          })),
      },
    ]),
  )
}

const asWritten = (draft: ReturnType<typeof assembleInvoice>) => ({
  status: 'draft',
  periodStart: draft.period.start.toISOString(),
  periodEnd: draft.period.end.toISOString(),
  subtotal: draft.subtotal,
  tax: draft.tax,
  total: draft.total,
  currency: draft.currency,
  taxRateBp: draft.taxRateBp,
  lines: draft.lines.map((line) => ({
    organization: line.organizationId,
    subscription: line.subscriptionId,
    description: line.description,
    segmentStart: line.segmentStart.toISOString(),
    segmentEnd: line.segmentEnd.toISOString(),
    cameraSeconds: line.cameraSeconds,
    cameraDays: Number(line.cameraDays),
    averageCameras: Number(line.averageCameras),
    unitPrice: line.unitPrice,
    amount: line.amount,
  })),
})

describe('month close in batches of payers', () => {
  it('writes the drafts the whole book gives, whatever the batch size; broken chains reported once', async () => {
    const { drafts, broken } = await expectedDrafts()
    const billed = [...drafts].filter(([, draft]) => draft.lines.length > 0)
    // the parent's invoice carries its child and grandchild, not the subsidiary paying itself
    expect(drafts.get(ids.parent)!.lines.map((line) => line.organizationId)).toEqual(
      expect.arrayContaining([ids.parent, ids.child, ids.grandchild]),
    )
    expect(drafts.get(ids.parent)!.lines.map((line) => line.organizationId)).not.toContain(
      ids.ownPayer,
    )
    expect([...broken.keys()].sort()).toEqual([ids.loopA, ids.loopB, ids.underLoop].sort())
    for (const size of [1, 2, 3, 5, undefined]) {
      await pool.query('delete from invoices where period = $1', [PERIOD])
      const result = await generateInvoices(payload, { period: PERIOD, payersPerBatch: size })
      const written = await writtenInvoices()
      expect([...written.keys()].sort(), `batch size ${size}`).toEqual(
        billed.map(([payerId]) => payerId).sort(),
      )
      for (const [payerId, draft] of billed)
        expect(written.get(payerId), `payer ${payerId}, batch size ${size}`).toEqual(
          asWritten(draft),
        )
      expect(result.created).toHaveLength(billed.length)
      expect(result.skipped).toEqual([])
      expect([...result.empty].sort()).toEqual(
        [...drafts]
          .filter(([, draft]) => draft.lines.length === 0)
          .map(([payerId]) => payerId)
          .sort(),
      )
      expect(
        [...result.failed].sort((a, b) => a.organization - b.organization),
        `batch size ${size}`,
      ).toEqual(
        [...broken]
          .sort(([a], [b]) => a - b)
          .map(([organization, error]) => ({ organization, error })),
      )
    }
    // a rerun in small batches skips every invoice; regenerate rebuilds the drafts to the same
    const rerun = await generateInvoices(payload, { period: PERIOD, payersPerBatch: 2 })
    expect(rerun.created).toEqual([])
    expect(rerun.skipped).toHaveLength(billed.length)
    const before = await writtenInvoices()
    const rebuilt = await generateInvoices(payload, {
      period: PERIOD,
      payersPerBatch: 2,
      regenerate: true,
    })
    expect(rebuilt.created).toHaveLength(billed.length)
    expect(await writtenInvoices()).toEqual(before)
  })

  it('the schedule’s payers, a page at a time: subsidiaries and unknown ids among them are ignored', async () => {
    await pool.query('delete from invoices where period = $1', [PERIOD])
    const chosen = [ids.plain5!, ids.child!, ids.parent!, ids.plain0!, 2_000_000_000]
    const result = await generateInvoices(payload, {
      period: PERIOD,
      payerIds: chosen,
      payersPerBatch: 1,
    })
    expect([...(await writtenInvoices()).keys()].sort()).toEqual(
      [ids.plain5, ids.parent, ids.plain0].sort(),
    )
    expect(result.created).toHaveLength(3)
  })

  it('one organization: its own invoice only; a subsidiary, a broken chain or an unknown id is refused', async () => {
    await pool.query('delete from invoices where period = $1', [PERIOD])
    const { drafts } = await expectedDrafts()
    const result = await generateInvoices(payload, { period: PERIOD, organizationId: ids.parent })
    expect(result).toMatchObject({ skipped: [], empty: [], failed: [] })
    expect(result.created).toHaveLength(1)
    const written = await writtenInvoices()
    expect([...written.keys()]).toEqual([ids.parent])
    expect(written.get(ids.parent)).toEqual(asWritten(drafts.get(ids.parent)!))
    await expect(
      generateInvoices(payload, { period: PERIOD, organizationId: ids.grandchild }),
    ).rejects.toBeInstanceOf(BilledThroughParent)
    await expect(
      generateInvoices(payload, { period: PERIOD, organizationId: ids.underLoop }),
    ).rejects.toBeInstanceOf(BrokenPayerChain)
    await expect(
      generateInvoices(payload, { period: PERIOD, organizationId: 2_000_000_000 }),
    ).rejects.toBeInstanceOf(UnknownOrganization)
  })
})
