/**
 * Money in, through the APIs: payments allocated oldest first, partial payments, credit carried
 * to the next issued invoice, currency refusals, Idempotency-Key, the signed webhook, voids,
 * credit notes, the immutable ledger and the payer balance, and who may read what.
 * Explicit dates; amounts in minor units. Issues in 2036-2037, a year no other test file uses.
 */
import request from 'supertest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setClock } from '../../../src/clock'
import { balances } from '../../../src/ledger'
import { issueInvoice, voidInvoice } from '../../../src/invoicing'
import { signWebhook } from '../../../src/payments'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'

const tag = `pay${Date.now().toString(36)}`
const SECRET = 'whsec_payments-test-secret-0123456789'

let payload: Payload
let pool: pg.Pool
const auth: Record<string, string> = {}
const users: Record<string, any> = {}
const orgs: Record<string, any> = {}
let apiKey: string

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const server = () => testServer().then((s) => request(s))
let period = 0

/** A draft for the payer (a month of its own), issued at `issuedAt` (due 14 days later). */
async function issued(
  organization: number,
  total: number,
  issuedAt: string,
  currency = 'USD',
): Promise<number> {
  period += 1
  const month = `${2100 + Math.floor(period / 12)}-${String((period % 12) + 1).padStart(2, '0')}`
  const draft = await create('invoices', {
    organization,
    period: month,
    currency,
    subtotal: total,
    tax: 0,
    total,
  })
  await issueInvoice(payload, draft.id, { now: new Date(issuedAt) })
  return draft.id
}

const invoice = (id: number) =>
  payload.findByID({ collection: 'invoices', id, depth: 0 }) as Promise<any>
const payment = (id: number) =>
  payload.findByID({ collection: 'payments', id, depth: 0 }) as Promise<any>
const countPayments = async (organization: number) =>
  (
    await payload.count({
      collection: 'payments',
      where: { organization: { equals: organization } },
    })
  ).totalDocs
const events = async (type: string, organization: number) =>
  (
    await pool.query<{ data: any }>(
      'select data from billing_events where type = $1 and organization_id = $2 order by id',
      [type, organization],
    )
  ).rows.map((row) => row.data)

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  process.env.PAYMENTS_WEBHOOK_SECRET = SECRET
  for (const [name, role] of [
    ['admin', 'admin'],
    ['accountant', 'accountant'],
    ['subA', 'subscriber'],
    ['subB', 'subscriber'],
  ] as const) {
    users[name] = await create('users', {
      email: `${name}-${tag}@example.test`,
      login: `${name}-${tag}`,
      password: PASSWORD,
      role,
    })
  }
  for (const name of [
    'three',
    'iso',
    'idem',
    'hook',
    'credit',
    'race',
    'voided',
    'zero',
    'other',
    'raceKeys',
    'several',
  ]) {
    orgs[name] = await create('organizations', {
      title: `${name} ${tag}`,
      currency: 'USD',
      paymentTermsDays: 14,
    })
  }
  orgs.euro = await create('organizations', { title: `euro ${tag}`, currency: 'EUR' })
  orgs.child = await create('organizations', {
    title: `child ${tag}`,
    currency: 'USD',
    parent: orgs.three.id,
    payer: 'parent',
  })
  await payload.update({
    collection: 'users',
    id: users.subA.id,
    data: { memberships: [{ organization: orgs.three.id }] },
  })
  await payload.update({
    collection: 'users',
    id: users.subB.id,
    data: { memberships: [{ organization: orgs.iso.id }] },
  })
  const integration = await payload.update({
    collection: 'users',
    id: users.accountant.id,
    data: { enableAPIKey: true, apiKey: `key-${tag}-0123456789abcdef` } as any,
  })
  apiKey = `users API-Key ${(integration as any).apiKey ?? `key-${tag}-0123456789abcdef`}`
  for (const name of ['admin', 'accountant', 'subA', 'subB'])
    auth[name] = await loginHeader(`${name}-${tag}@example.test`, PASSWORD)
})

afterAll(() => setClock(undefined))

describe('allocation', () => {
  const ids: number[] = []

  it('one payment covers three invoices oldest first; the rest stays as credit', async () => {
    ids.push(await issued(orgs.three.id, 12_000, '2036-02-05T09:00:00Z'))
    ids.push(await issued(orgs.three.id, 10_000, '2036-01-05T09:00:00Z'))
    ids.push(await issued(orgs.three.id, 9_000, '2036-03-05T09:00:00Z'))
    expect(await balances(payload, orgs.three.id)).toEqual([{ currency: 'USD', amount: 31_000 }])

    const answer = await (await server()).post('/api/payments').set('Authorization', apiKey).send({
      organization: orgs.three.id,
      amount: 35_000,
      currency: 'USD',
      date: '2036-03-20T10:00:00Z',
      method: 'bank_transfer',
      reference: 'WIRE-3',
    })
    expect(answer.status).toBe(201)
    const doc = answer.body.doc
    expect(doc.allocations.map((row: any) => [row.invoice, row.amount])).toEqual([
      [ids[1], 10_000],
      [ids[0], 12_000],
      [ids[2], 9_000],
    ])
    expect(doc.unallocated).toBe(4_000)
    for (const id of ids)
      expect(await invoice(id)).toMatchObject({
        status: 'paid',
        amountDue: 0,
        paidAt: '2036-03-20T10:00:00.000Z',
        paymentReference: 'WIRE-3',
      })
    expect(await balances(payload, orgs.three.id)).toEqual([{ currency: 'USD', amount: -4_000 }])
    expect(await events('payment.received', orgs.three.id)).toEqual([
      { paymentId: doc.id, amount: 35_000, currency: 'USD', reference: 'WIRE-3' },
    ])
    expect(
      (await events('invoice.paid', orgs.three.id)).map((data) => data.invoiceId).sort(),
    ).toEqual([...ids].sort())
  })

  it('the credit is applied to the next issued invoice, in its transaction', async () => {
    const next = await issued(orgs.three.id, 5_000, '2036-04-05T09:00:00Z')
    expect(await invoice(next)).toMatchObject({
      status: 'issued',
      amountPaid: 4_000,
      amountDue: 1_000,
      amountCredited: 0,
    })
    const issuedEvent = (await events('invoice.issued', orgs.three.id)).find(
      (data) => data.invoiceId === next,
    )
    expect(issuedEvent).toMatchObject({
      total: 5_000,
      currency: 'USD',
      dueAt: '2036-04-19T09:00:00.000Z',
    })
    expect(issuedEvent.number).toMatch(/^INV-2036-\d{6}$/)
    expect(await balances(payload, orgs.three.id)).toEqual([{ currency: 'USD', amount: 1_000 }])
    ids.push(next)
  })

  it('a partial payment lowers what is due and shows on the invoice; the invoice stays open', async () => {
    const next = ids[3]!
    const answer = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.accountant!)
      .send({
        organization: orgs.three.id,
        amount: 600,
        currency: 'USD',
        date: '2036-04-10T10:00:00Z',
        method: 'card',
        reference: 'CARD-1',
      })
    expect(answer.status).toBe(201)
    expect(answer.body.doc).toMatchObject({
      unallocated: 0,
      allocations: [expect.objectContaining({ invoice: next, amount: 600 })],
    })
    const shown = await (
      await server()
    )
      .get(`/api/invoices/${next}`)
      .set('Authorization', auth.subA!)
    expect(shown.body).toMatchObject({
      status: 'issued',
      total: 5_000,
      amountPaid: 4_600,
      amountDue: 400,
    })
    expect(shown.body.allocations.map((row: any) => [row.amount, row.reference])).toEqual([
      [4_000, 'WIRE-3'],
      [600, 'CARD-1'],
    ])
    const organization = await (
      await server()
    )
      .get(`/api/organizations/${orgs.three.id}`)
      .set('Authorization', auth.subA!)
    expect(organization.body.balance).toEqual([{ currency: 'USD', amount: 400 }])
  })

  it('a zero-total invoice is paid at issue', async () => {
    const id = await issued(orgs.zero.id, 0, '2036-05-05T09:00:00Z')
    expect(await invoice(id)).toMatchObject({
      status: 'paid',
      amountDue: 0,
      paidAt: '2036-05-05T09:00:00.000Z',
    })
    expect(await balances(payload, orgs.zero.id)).toEqual([])
  })

  it('a payment in another currency than the payer is billed in is refused, naming currency; nothing is recorded', async () => {
    const before = await countPayments(orgs.three.id)
    const answer = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .send({
        organization: orgs.three.id,
        amount: 1_000,
        currency: 'EUR',
        date: '2036-04-11T10:00:00Z',
        method: 'cash',
      })
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].data.errors[0].path).toBe('currency')
    expect(answer.body.errors[0].data.errors[0].message).toMatch(/billed in USD/)
    const child = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .send({ organization: orgs.child.id, amount: 1_000, currency: 'USD' })
    expect(child.status).toBe(400)
    expect(child.body.errors[0].data.errors[0].path).toBe('organization')
    const fraction = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .send({ organization: orgs.three.id, amount: 10.5, currency: 'USD' })
    expect(fraction.status).toBe(400)
    expect(await countPayments(orgs.three.id)).toBe(before)
  })

  it('concurrent payments for one payer never over-allocate', async () => {
    const id = await issued(orgs.race.id, 10_000, '2036-06-01T09:00:00Z')
    const pay = (reference: string) =>
      server().then((agent) =>
        agent.post('/api/payments').set('Authorization', auth.accountant!).send({
          organization: orgs.race.id,
          amount: 6_000,
          currency: 'USD',
          date: '2036-06-02T10:00:00Z',
          reference,
        }),
      )
    const answers = await Promise.all([pay('R-1'), pay('R-2'), pay('R-3')])
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201])
    expect(await invoice(id)).toMatchObject({ status: 'paid', amountPaid: 10_000, amountDue: 0 })
    const rows = (
      await payload.find({
        collection: 'payments',
        where: { organization: { equals: orgs.race.id } },
        depth: 0,
      })
    ).docs as any[]
    const allocated = rows
      .flatMap((row) => row.allocations)
      .reduce((sum: number, row: any) => sum + row.amount, 0)
    expect(allocated).toBe(10_000)
    expect(rows.reduce((sum, row) => sum + row.unallocated, 0)).toBe(8_000)
    expect(await balances(payload, orgs.race.id)).toEqual([{ currency: 'USD', amount: -8_000 }])
  })

  it('concurrent payments with Idempotency-Keys for one payer never over-allocate (the payer is locked with the key claim)', async () => {
    const id = await issued(orgs.raceKeys.id, 10_000, '2036-06-01T09:00:00Z')
    const pay = (reference: string) =>
      server().then((agent) =>
        agent
          .post('/api/payments')
          .set('Authorization', auth.accountant!)
          .set('Idempotency-Key', `race-${reference}-${tag}`)
          .send({
            organization: orgs.raceKeys.id,
            amount: 6_000,
            currency: 'USD',
            date: '2036-06-02T10:00:00Z',
            reference,
          }),
      )
    const answers = await Promise.all([pay('RK-1'), pay('RK-2'), pay('RK-3'), pay('RK-4')])
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201])
    expect(await invoice(id)).toMatchObject({ status: 'paid', amountPaid: 10_000, amountDue: 0 })
    // each answer says what its payment allocated, as stored
    for (const answer of answers) {
      const stored = await payment(answer.body.doc.id)
      expect(answer.body.doc.allocations).toEqual(stored.allocations)
      expect(answer.body.doc.unallocated).toBe(stored.unallocated)
    }
    const allocated = answers
      .flatMap((answer) => answer.body.doc.allocations)
      .reduce((sum: number, row: any) => sum + row.amount, 0)
    expect(allocated).toBe(10_000)
    expect(await balances(payload, orgs.raceKeys.id)).toEqual([
      { currency: 'USD', amount: -14_000 },
    ])
    expect(await events('payment.received', orgs.raceKeys.id)).toHaveLength(4)
    expect(await events('invoice.paid', orgs.raceKeys.id)).toEqual([
      { invoiceId: id, number: (await invoice(id)).number },
    ])
  })

  it('the credit of several payments settles an invoice oldest payment first; a payment over two invoices answers its allocations as stored', async () => {
    const pay = (amount: number, date: string, reference: string, key?: string) =>
      server().then((agent) => {
        const post = agent.post('/api/payments').set('Authorization', apiKey)
        if (key) post.set('Idempotency-Key', key)
        return post.send({
          organization: orgs.several.id,
          amount,
          currency: 'USD',
          date,
          reference,
        })
      })
    const older = (await pay(3_000, '2036-10-01T10:00:00Z', 'SEV-1')).body.doc
    const newer = (await pay(2_000, '2036-10-02T10:00:00Z', 'SEV-2')).body.doc
    expect([older.unallocated, newer.unallocated, older.allocations, newer.allocations]).toEqual([
      3_000,
      2_000,
      [],
      [],
    ])
    const first = await issued(orgs.several.id, 4_000, '2036-10-05T09:00:00Z')
    // 3,000 of the older payment and 1,000 of the newer, which completes it
    expect(await invoice(first)).toMatchObject({
      status: 'paid',
      amountPaid: 4_000,
      amountDue: 0,
      paidAt: '2036-10-02T10:00:00.000Z',
      paymentReference: 'SEV-2',
    })
    expect(
      (await payment(older.id)).allocations.map((row: any) => [row.invoice, row.amount]),
    ).toEqual([[first, 3_000]])
    expect(await payment(older.id)).toMatchObject({ unallocated: 0 })
    expect(
      (await payment(newer.id)).allocations.map((row: any) => [row.invoice, row.amount]),
    ).toEqual([[first, 1_000]])
    expect(await payment(newer.id)).toMatchObject({ unallocated: 1_000 })

    const second = await issued(orgs.several.id, 2_000, '2036-11-05T09:00:00Z')
    const third = await issued(orgs.several.id, 3_000, '2036-12-05T09:00:00Z')
    expect(await invoice(second)).toMatchObject({
      status: 'issued',
      amountPaid: 1_000,
      amountDue: 1_000,
    })
    const key = `sev-${tag}`
    const answer = await pay(3_500, '2036-12-20T10:00:00Z', 'SEV-3', key)
    expect(answer.status).toBe(201)
    const doc = answer.body.doc
    expect(doc.allocations.map((row: any) => [row.invoice, row.amount])).toEqual([
      [second, 1_000],
      [third, 2_500],
    ])
    expect(doc.unallocated).toBe(0)
    const stored = await payment(doc.id)
    expect(doc.allocations).toEqual(stored.allocations)
    expect(await invoice(second)).toMatchObject({ status: 'paid', paymentReference: 'SEV-3' })
    expect(await invoice(third)).toMatchObject({
      status: 'issued',
      amountPaid: 2_500,
      amountDue: 500,
    })
    expect((await events('invoice.paid', orgs.several.id)).map((data) => data.invoiceId)).toEqual([
      first,
      second,
    ])
    // the answer is stored with the payment, in its transaction: a replay answers exactly it
    const kept = await pool.query<{ response: any }>(
      'select response from payment_idempotency_keys where key = $1',
      [key],
    )
    expect(kept.rows[0]!.response).toEqual(answer.body)
    const again = await pay(3_500, '2036-12-20T10:00:00Z', 'SEV-3', key)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body).toEqual(answer.body)
    expect(await balances(payload, orgs.several.id)).toEqual([{ currency: 'USD', amount: 500 }])
  })

  it('GraphQL createPayment goes through the same checks and allocation', async () => {
    const id = await issued(orgs.other.id, 2_500, '2036-06-03T09:00:00Z')
    const mutation = (currency: string) =>
      server().then((agent) =>
        agent
          .post('/api/graphql')
          .set('Authorization', auth.accountant!)
          .send({
            query: `mutation { createPayment(data: { organization: ${orgs.other.id}, amount: 2500, currency: "${currency}", date: "2036-06-04T10:00:00Z", method: cash }) { id unallocated allocations { amount } } }`,
          }),
      )
    const refused = await mutation('JPY')
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body.errors)).toMatch(/currency/)
    const accepted = await mutation('USD')
    expect(accepted.body.errors).toBeUndefined()
    expect(accepted.body.data.createPayment).toMatchObject({
      unallocated: 0,
      allocations: [{ amount: 2_500 }],
    })
    expect(await invoice(id)).toMatchObject({ status: 'paid' })
  })

  it('the admin create form (multipart _payload) goes through the same path', async () => {
    const id = await issued(orgs.other.id, 1_200, '2036-06-04T12:00:00Z')
    const answer = await (
      await server()
    )
      .post('/api/payments?depth=0&fallback-locale=null')
      .set('Authorization', auth.admin!)
      .field(
        '_payload',
        JSON.stringify({
          organization: orgs.other.id,
          amount: 1_200,
          currency: 'USD',
          date: '2036-06-04T13:00:00Z',
          method: 'cash',
          reference: 'DESK-1',
        }),
      )
    expect(answer.status).toBe(201)
    expect(answer.body.doc).toMatchObject({
      reference: 'DESK-1',
      unallocated: 0,
      allocations: [{ invoice: id, amount: 1_200 }],
    })
    expect(answer.body.message).toBeTruthy()
    const refused = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .field(
        '_payload',
        JSON.stringify({
          organization: orgs.other.id,
          amount: 100,
          currency: 'GBP',
          method: 'cash',
        }),
      )
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].data.errors[0].path).toBe('currency')
  })

  it('POST /api/invoices/<id>/pay records a payment of the amount due and answers the invoice', async () => {
    const older = await issued(orgs.other.id, 700, '2036-06-05T09:00:00Z')
    const target = await issued(orgs.other.id, 900, '2036-06-06T09:00:00Z')
    const answer = await (
      await server()
    )
      .post(`/api/invoices/${target}/pay`)
      .set('Authorization', auth.accountant!)
      .send({ reference: 'BANK-9', paidAt: '2036-06-10T08:00:00Z' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      id: target,
      status: 'paid',
      amountDue: 0,
      paymentReference: 'BANK-9',
      paidAt: '2036-06-10T08:00:00.000Z',
    })
    expect(await invoice(older)).toMatchObject({ status: 'issued', amountDue: 700 })
    const again = await (
      await server()
    )
      .post(`/api/invoices/${target}/pay`)
      .set('Authorization', auth.accountant!)
      .send({})
    expect(again.status).toBe(409)
  })
})

describe('Record payment on an invoice', () => {
  it('submitted twice at once records one payment: the other is a 409, not a second payment turned into credit', async () => {
    orgs.twice = await create('organizations', {
      title: `twice ${tag}`,
      currency: 'USD',
      paymentTermsDays: 14,
    })
    const target = await issued(orgs.twice.id, 4_200, '2036-06-07T09:00:00Z')
    const pay = () =>
      server().then((agent) =>
        agent
          .post(`/api/invoices/${target}/pay`)
          .set('Authorization', auth.accountant!)
          .send({ reference: 'DOUBLE-CLICK' }),
      )
    const answers = await Promise.all([pay(), pay()])
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
    expect(await countPayments(orgs.twice.id)).toBe(1)
    expect(await invoice(target)).toMatchObject({ status: 'paid', amountPaid: 4_200, amountDue: 0 })
    expect(await balances(payload, orgs.twice.id)).toEqual([{ currency: 'USD', amount: 0 }])
  })
})

describe('Idempotency-Key', () => {
  const body = () => ({
    organization: orgs.idem.id,
    amount: 1_500,
    currency: 'USD',
    date: '2036-07-01T10:00:00Z',
    method: 'card',
    reference: 'IDEM-1',
  })

  it('the same key and body answer the first result again and record nothing new', async () => {
    const first = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', apiKey)
      .set('Idempotency-Key', `k1-${tag}`)
      .send(body())
    expect(first.status).toBe(201)
    const again = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', apiKey)
      .set('Idempotency-Key', `k1-${tag}`)
      .send({ ...body() })
    expect(again.status).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body.doc.id).toBe(first.body.doc.id)
    expect(await countPayments(orgs.idem.id)).toBe(1)
    expect(await balances(payload, orgs.idem.id)).toEqual([{ currency: 'USD', amount: -1_500 }])
  })

  it('the same key with another body answers 409', async () => {
    const other = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', apiKey)
      .set('Idempotency-Key', `k1-${tag}`)
      .send({ ...body(), amount: 1_501 })
    expect(other.status).toBe(409)
    expect(other.body.errors[0].message).toMatch(/Idempotency-Key/)
    expect(await countPayments(orgs.idem.id)).toBe(1)
  })

  it('concurrent identical requests record exactly one payment', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        server().then((agent) =>
          agent
            .post('/api/payments')
            .set('Authorization', apiKey)
            .set('Idempotency-Key', `k2-${tag}`)
            .send({ ...body(), reference: 'IDEM-2' }),
        ),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(answers.map((answer) => answer.body.doc.id)).size).toBe(1)
    expect(await countPayments(orgs.idem.id)).toBe(2)
  })

  it('a refused request does not use up its key', async () => {
    const bad = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', apiKey)
      .set('Idempotency-Key', `k3-${tag}`)
      .send({ ...body(), currency: 'EUR' })
    expect(bad.status).toBe(400)
    const good = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', apiKey)
      .set('Idempotency-Key', `k3-${tag}`)
      .send({ ...body(), reference: 'IDEM-3' })
    expect(good.status).toBe(201)
  })
})

describe('webhook', () => {
  const NOW = '2036-08-01T12:00:00Z'
  const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000)
  const send = async (
    raw: string,
    {
      secret = SECRET,
      at = seconds(NOW),
      signature,
    }: { secret?: string; at?: number; signature?: string } = {},
  ) =>
    (await server())
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('X-Timestamp', String(at))
      .set('X-Signature', signature ?? signWebhook(secret, at, raw))
      .send(raw)
  const event = (id: string, amount = 2_000) =>
    JSON.stringify({
      id,
      organization: orgs.hook.id,
      amount,
      currency: 'USD',
      date: '2036-08-01T11:59:00Z',
      method: 'card',
      reference: `PSP-${id}`,
    })

  beforeAll(() => setClock(NOW))
  afterAll(() => setClock(undefined))

  it('a valid signature records the payment through the same path; the same event again records nothing', async () => {
    const id = await issued(orgs.hook.id, 2_000, '2036-07-20T09:00:00Z')
    const first = await send(event(`evt-1-${tag}`))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ received: true, duplicate: false })
    expect(await invoice(id)).toMatchObject({
      status: 'paid',
      paymentReference: `PSP-evt-1-${tag}`,
    })
    const again = await send(event(`evt-1-${tag}`), { at: seconds(NOW) + 30 })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ duplicate: true, payment: first.body.payment })
    expect(await countPayments(orgs.hook.id)).toBe(1)
    const conflicting = await send(event(`evt-1-${tag}`, 2_001))
    expect(conflicting.status).toBe(409)
  })

  it('a wrong secret, a replay older than 5 minutes and an altered body are refused', async () => {
    const raw = event(`evt-2-${tag}`)
    expect((await send(raw, { secret: 'whsec_someone-else' })).status).toBe(401)
    const old = seconds(NOW) - 6 * 60
    const replayed = await send(raw, { at: old })
    expect(replayed.status).toBe(401)
    expect(replayed.body.errors[0].message).toMatch(/5 minutes/)
    const altered = await send(raw.replace('2000', '200000'), {
      signature: signWebhook(SECRET, seconds(NOW), raw),
    })
    expect(altered.status).toBe(401)
    expect(altered.body.errors[0].field).toBe('X-Signature')
    expect(await countPayments(orgs.hook.id)).toBe(1)
    expect((await send(raw)).status).toBe(200)
    expect(await countPayments(orgs.hook.id)).toBe(2)
  })
})

describe('ids beyond the database range', () => {
  it('are a 400 naming the field (or a 404), never a 500, and record nothing', async () => {
    const huge = 30_000_000_000
    const field = (response: request.Response) => response.body.errors[0].data.errors[0].path
    const before = (
      await pool.query(
        'select (select count(*) from payments) as p, (select count(*) from credit_notes) as c, (select count(*) from ledger_entries) as l',
      )
    ).rows[0]
    const payment = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.accountant!)
      .send({ organization: huge, amount: 100, currency: 'USD' })
    expect(payment.status).toBe(400)
    expect(field(payment)).toBe('organization')
    const creditNote = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.accountant!)
      .send({ invoice: huge, amount: 100, reason: 'x' })
    expect(creditNote.status).toBe(400)
    expect(field(creditNote)).toBe('invoice')
    const entry = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.accountant!)
      .send({ organization: huge, amount: 100, reason: 'x', currency: 'USD' })
    expect(entry.status).toBe(400)
    expect(field(entry)).toBe('organization')
    const reversing = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.accountant!)
      .send({
        organization: orgs.other.id,
        amount: 100,
        reason: 'x',
        currency: 'USD',
        reverses: huge,
      })
    expect(reversing.status).toBe(400)
    expect(field(reversing)).toBe('reverses')
    expect(
      (
        await (
          await server()
        )
          .get(`/api/credit-notes/${huge}/pdf`)
          .set('Authorization', auth.accountant!)
      ).status,
    ).toBe(404)
    setClock('2036-08-01T12:00:00Z')
    try {
      const raw = JSON.stringify({
        id: `evt-huge-${tag}`,
        organization: huge,
        amount: 100,
        currency: 'USD',
      })
      const at = Math.floor(new Date('2036-08-01T12:00:00Z').getTime() / 1000)
      const hook = await (
        await server()
      )
        .post('/api/payments/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Timestamp', String(at))
        .set('X-Signature', signWebhook(SECRET, at, raw))
        .send(raw)
      expect(hook.status).toBe(400)
      expect(JSON.stringify(hook.body)).toMatch(/organization/)
    } finally {
      setClock(undefined)
    }
    expect(
      (
        await pool.query(
          'select (select count(*) from payments) as p, (select count(*) from credit_notes) as c, (select count(*) from ledger_entries) as l',
        )
      ).rows[0],
    ).toEqual(before)
  })
})

describe('void', () => {
  it('voiding a partly paid invoice reverses its debit and returns the payment to credit', async () => {
    const id = await issued(orgs.voided.id, 8_000, '2036-09-01T09:00:00Z')
    await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .send({
        organization: orgs.voided.id,
        amount: 3_000,
        currency: 'USD',
        date: '2036-09-02T10:00:00Z',
      })
      .expect(201)
    await voidInvoice(payload, id, { now: new Date('2036-09-03T09:00:00Z') })
    expect(await invoice(id)).toMatchObject({ status: 'void', amountPaid: 0, allocations: [] })
    const entries = (
      await payload.find({
        collection: 'ledger-entries',
        where: { organization: { equals: orgs.voided.id } },
        sort: 'id',
        depth: 0,
      })
    ).docs
    expect(entries.map((entry) => [entry.kind, entry.amount])).toEqual([
      ['invoice', 8_000],
      ['payment', -3_000],
      ['invoice', -8_000],
    ])
    expect(entries[2]!.reverses).toBe(entries[0]!.id)
    expect(await balances(payload, orgs.voided.id)).toEqual([{ currency: 'USD', amount: -3_000 }])
    const next = await issued(orgs.voided.id, 2_000, '2036-09-05T09:00:00Z')
    expect(await invoice(next)).toMatchObject({ status: 'paid', amountPaid: 2_000 })
  })
})

describe('credit notes', () => {
  let invoiceId: number
  let first: any

  it('are numbered CN-<year>-000001 on, lower what is due and credit the ledger; a PDF for members', async () => {
    setClock('2037-01-10T09:00:00Z')
    invoiceId = await issued(orgs.credit.id, 10_000, '2037-01-02T09:00:00Z')
    const answer = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.accountant!)
      .send({ invoice: invoiceId, amount: 3_000, reason: 'Camera offline for 9 days' })
    expect(answer.status).toBe(201)
    first = answer.body.doc
    expect(first).toMatchObject({
      number: 'CN-2037-000001',
      amount: 3_000,
      currency: 'USD',
      appliedToInvoice: 3_000,
      toCredit: 0,
    })
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'issued',
      total: 10_000,
      amountCredited: 3_000,
      amountDue: 7_000,
    })
    expect(await balances(payload, orgs.credit.id)).toEqual([{ currency: 'USD', amount: 7_000 }])
    expect(await events('credit_note.issued', orgs.credit.id)).toEqual([
      { creditNoteId: first.id, number: 'CN-2037-000001', invoiceId, amount: 3_000 },
    ])
    const entry = (
      await payload.find({
        collection: 'ledger-entries',
        where: { creditNote: { equals: first.id } },
        depth: 0,
      })
    ).docs[0]!
    expect(entry).toMatchObject({
      kind: 'credit_note',
      amount: -3_000,
      reference: 'CN-2037-000001',
    })

    await payload.update({
      collection: 'users',
      id: users.subB.id,
      data: { memberships: [{ organization: orgs.iso.id }, { organization: orgs.credit.id }] },
    })
    auth.subB = await loginHeader(`subB-${tag}@example.test`, PASSWORD)
    const pdf = await (
      await server()
    )
      .get(`/api/credit-notes/${first.id}/pdf`)
      .set('Authorization', auth.subB)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = (await new PDFParse({ data: new Uint8Array(pdf.body as Buffer) }).getText()).text
    expect(text).toContain('CN-2037-000001')
    expect(text).toContain('Camera offline for 9 days')
    expect(text).toContain('$30.00')
    expect(
      (
        await (
          await server()
        )
          .get(`/api/credit-notes/${first.id}/pdf`)
          .set('Authorization', auth.subA!)
      ).status,
    ).toBe(404)
  })

  it('never more than is left uncredited; drafts cannot be credited; a refused note uses no number', async () => {
    const tooMuch = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.accountant!)
      .send({ invoice: invoiceId, amount: 7_001, reason: 'too much' })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.errors[0].data.errors[0].path).toBe('amount')
    const draft = await create('invoices', {
      organization: orgs.credit.id,
      period: '2099-01',
      currency: 'USD',
      subtotal: 100,
      tax: 0,
      total: 100,
    })
    const onDraft = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.accountant!)
      .send({ invoice: draft.id, amount: 50, reason: 'no' })
    expect(onDraft.status).toBe(400)
    expect(onDraft.body.errors[0].data.errors[0].path).toBe('invoice')
    const noReason = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.accountant!)
      .send({ invoice: invoiceId, amount: 10 })
    expect(noReason.status).toBe(400)
    const subscriber = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.subB!)
      .send({ invoice: invoiceId, amount: 10, reason: 'me' })
    expect(subscriber.status).toBe(403)
    const rest = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.admin!)
      .send({ invoice: invoiceId, amount: 7_000, reason: 'Service credit' })
    expect(rest.body.doc.number).toBe('CN-2037-000002')
    expect(await invoice(invoiceId)).toMatchObject({
      status: 'paid',
      amountDue: 0,
      amountCredited: 10_000,
    })
    expect(await balances(payload, orgs.credit.id)).toEqual([{ currency: 'USD', amount: 0 }])
  })

  it('on a paid invoice, the credit beyond what is due becomes the payer’s credit', async () => {
    const paid = await issued(orgs.credit.id, 5_000, '2037-01-12T09:00:00Z')
    const pay = await (
      await server()
    )
      .post('/api/payments')
      .set('Authorization', auth.admin!)
      .send({
        organization: orgs.credit.id,
        amount: 5_000,
        currency: 'USD',
        date: '2037-01-13T10:00:00Z',
      })
    const note = await (
      await server()
    )
      .post('/api/credit-notes')
      .set('Authorization', auth.admin!)
      .send({ invoice: paid, amount: 2_000, reason: 'Goodwill' })
    expect(note.body.doc).toMatchObject({
      number: 'CN-2037-000003',
      appliedToInvoice: 0,
      toCredit: 2_000,
    })
    expect(await invoice(paid)).toMatchObject({
      status: 'paid',
      amountPaid: 3_000,
      amountCredited: 2_000,
      amountDue: 0,
    })
    expect(await payment(pay.body.doc.id)).toMatchObject({ unallocated: 2_000 })
    expect(await balances(payload, orgs.credit.id)).toEqual([{ currency: 'USD', amount: -2_000 }])
  })

  it('an issued invoice is never edited by hand, nor a credit note', async () => {
    expect(
      (
        await (
          await server()
        )
          .patch(`/api/invoices/${invoiceId}`)
          .set('Authorization', auth.admin!)
          .send({ total: 1 })
      ).status,
    ).toBe(409)
    expect(
      (
        await (
          await server()
        )
          .patch(`/api/credit-notes/${first.id}`)
          .set('Authorization', auth.admin!)
          .send({ amount: 1 })
      ).status,
    ).toBe(403)
    expect(
      (
        await (
          await server()
        )
          .delete(`/api/credit-notes/${first.id}`)
          .set('Authorization', auth.admin!)
      ).status,
    ).toBe(403)
    setClock(undefined)
  })
})

describe('ledger', () => {
  it('entries cannot be changed or deleted by anyone, nor in the database', async () => {
    const entry = (
      await payload.find({
        collection: 'ledger-entries',
        where: { organization: { equals: orgs.three.id } },
        limit: 1,
        depth: 0,
      })
    ).docs[0]!
    expect(
      (
        await (
          await server()
        )
          .patch(`/api/ledger-entries/${entry.id}`)
          .set('Authorization', auth.admin!)
          .send({ amount: 1 })
      ).status,
    ).toBe(403)
    expect(
      (
        await (
          await server()
        )
          .delete(`/api/ledger-entries/${entry.id}`)
          .set('Authorization', auth.admin!)
      ).status,
    ).toBe(403)
    expect(
      (
        await (
          await server()
        )
          .patch(
            `/api/payments/${(await payload.find({ collection: 'payments', limit: 1 })).docs[0]!.id}`,
          )
          .set('Authorization', auth.admin!)
          .send({ amount: 1 })
      ).status,
    ).toBe(403)
    await expect(
      pool.query('update ledger_entries set amount = 1 where id = $1', [entry.id]),
    ).rejects.toThrow(/immutable/)
    await expect(
      pool.query('delete from ledger_entries where id = $1', [entry.id]),
    ).rejects.toThrow(/immutable/)
  })

  it('staff add adjustments (with a reason) and refunds (out of credit); other kinds come only from operations', async () => {
    const before = (await balances(payload, orgs.race.id))[0]!.amount // -8000 of credit
    const noReason = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.accountant!)
      .send({ organization: orgs.race.id, kind: 'adjustment', amount: -500, currency: 'USD' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.errors[0].data.errors[0].path).toBe('reason')
    const fake = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.accountant!)
      .send({
        organization: orgs.race.id,
        kind: 'payment',
        amount: -500,
        currency: 'USD',
        reason: 'x',
      })
    expect(fake.status).toBe(400)
    expect(fake.body.errors[0].data.errors[0].path).toBe('kind')
    const adjustment = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.accountant!)
      .send({
        organization: orgs.race.id,
        kind: 'adjustment',
        amount: 250,
        currency: 'USD',
        reason: 'Bank fee',
      })
    expect(adjustment.status).toBe(201)
    const tooMuch = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.admin!)
      .send({
        organization: orgs.race.id,
        kind: 'refund',
        amount: 8_001,
        currency: 'USD',
        reason: 'Closing',
      })
    expect(tooMuch.status).toBe(400)
    const refund = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.admin!)
      .send({
        organization: orgs.race.id,
        kind: 'refund',
        amount: 3_000,
        currency: 'USD',
        reason: 'Paid back',
      })
    expect(refund.status).toBe(201)
    expect(await balances(payload, orgs.race.id)).toEqual([
      { currency: 'USD', amount: before + 250 + 3_000 },
    ])
    const rows = (
      await payload.find({
        collection: 'payments',
        where: { organization: { equals: orgs.race.id } },
        depth: 0,
      })
    ).docs as any[]
    expect(rows.reduce((sum, row) => sum + row.unallocated, 0)).toBe(5_000)
    expect(rows.reduce((sum, row) => sum + (row.refunded ?? 0), 0)).toBe(3_000)
    const subscriber = await (
      await server()
    )
      .post('/api/ledger-entries')
      .set('Authorization', auth.subA!)
      .send({
        organization: orgs.three.id,
        kind: 'adjustment',
        amount: -100,
        currency: 'USD',
        reason: 'me',
      })
    expect(subscriber.status).toBe(403)
  })
})

describe('manual ledger entries', () => {
  it('are refused on a subsidiary billed through its parent and in a currency the payer is not billed in, naming the field', async () => {
    const post = (data: Record<string, unknown>) =>
      server().then((agent) =>
        agent
          .post('/api/ledger-entries')
          .set('Authorization', auth.accountant!)
          .send({ kind: 'adjustment', reason: 'Goodwill', ...data }),
      )
    orgs.adjusted = await create('organizations', { title: `adjusted ${tag}`, currency: 'USD' })
    const before = (await pool.query('select count(*)::int as n from ledger_entries')).rows[0].n
    const subsidiary = await post({ organization: orgs.child.id, amount: -500, currency: 'USD' })
    expect(subsidiary.status).toBe(400)
    expect(subsidiary.body.errors[0].data.errors[0].path).toBe('organization')
    const foreign = await post({ organization: orgs.adjusted.id, amount: -500, currency: 'EUR' })
    expect(foreign.status).toBe(400)
    expect(foreign.body.errors[0].data.errors[0].path).toBe('currency')
    expect((await pool.query('select count(*)::int as n from ledger_entries')).rows[0].n).toBe(
      before,
    )
    expect(
      (await post({ organization: orgs.adjusted.id, amount: -500, currency: 'USD' })).status,
    ).toBe(201)
    expect(await balances(payload, orgs.adjusted.id)).toEqual([{ currency: 'USD', amount: -500 }])
  })
})

describe('who reads what', () => {
  it('a subscriber reads only its organizations’ payments, ledger entries and credit notes (REST)', async () => {
    for (const collection of ['payments', 'ledger-entries', 'credit-notes']) {
      const staff = await (
        await server()
      )
        .get(`/api/${collection}?limit=0&depth=0`)
        .set('Authorization', auth.accountant!)
      const mine = await (
        await server()
      )
        .get(`/api/${collection}?limit=0&depth=0`)
        .set('Authorization', auth.subA!)
      expect(mine.status).toBe(200)
      expect(mine.body.docs.every((doc: any) => doc.organization === orgs.three.id)).toBe(true)
      expect(staff.body.totalDocs).toBeGreaterThan(mine.body.totalDocs)
    }
    const mine = await (
      await server()
    )
      .get('/api/payments?depth=0')
      .set('Authorization', auth.subA!)
    expect(mine.body.totalDocs).toBeGreaterThan(0)
    const other = (
      await payload.find({
        collection: 'payments',
        where: { organization: { equals: orgs.idem.id } },
        limit: 1,
      })
    ).docs[0]!
    expect(
      (await (await server()).get(`/api/payments/${other.id}`).set('Authorization', auth.subA!))
        .status,
    ).toBe(404)
    expect(
      (
        await (
          await server()
        )
          .post('/api/payments')
          .set('Authorization', auth.subA!)
          .send({ organization: orgs.three.id, amount: 1, currency: 'USD' })
      ).status,
    ).toBe(403)
    expect((await (await server()).get('/api/payments')).status).toBe(403)
  })

  it('and the same through GraphQL', async () => {
    const query = `{ Payments(limit: 0) { docs { organization { id } } } LedgerEntries(limit: 0) { docs { organization { id } } } CreditNotes(limit: 0) { docs { organization { id } } } }`
    const answer = await (
      await server()
    )
      .post('/api/graphql')
      .set('Authorization', auth.subA!)
      .send({ query })
    expect(answer.body.errors).toBeUndefined()
    const all = [
      ...answer.body.data.Payments.docs,
      ...answer.body.data.LedgerEntries.docs,
      ...answer.body.data.CreditNotes.docs,
    ]
    expect(all.length).toBeGreaterThan(0)
    expect(all.every((doc: any) => doc.organization.id === orgs.three.id)).toBe(true)
    const theirs = await (
      await server()
    )
      .post('/api/graphql')
      .set('Authorization', auth.subB!)
      .send({ query: '{ CreditNotes { docs { number organization { id } } } }' })
    expect(
      theirs.body.data.CreditNotes.docs.every((doc: any) => doc.organization.id === orgs.credit.id),
    ).toBe(true)
    expect(theirs.body.data.CreditNotes.docs.length).toBe(3)
  })
})

describe('the books balance', () => {
  it('for every payer without manual entries: balance = what open invoices still owe − unallocated credit', async () => {
    for (const name of ['three', 'iso', 'idem', 'hook', 'credit', 'voided', 'zero', 'other']) {
      const id = orgs[name].id
      const due = await pool.query<{ sum: string }>(
        `select coalesce(sum(amount_due), 0) as sum from invoices where organization_id = $1 and status = 'issued'`,
        [id],
      )
      const credit = await pool.query<{ sum: string }>(
        'select coalesce(sum(unallocated), 0) as sum from payments where organization_id = $1',
        [id],
      )
      const allocated = await pool.query<{ bad: string }>(
        `select count(*) as bad from invoices i where i.organization_id = $1 and i.status in ('issued', 'paid')
           and i.amount_paid <> (select coalesce(sum(a.amount), 0) from payments_allocations a where a.invoice_id = i.id)`,
        [id],
      )
      const balance = (await balances(payload, id)).reduce((sum, row) => sum + row.amount, 0)
      expect({ name, balance }).toEqual({
        name,
        balance: Number(due.rows[0]!.sum) - Number(credit.rows[0]!.sum),
      })
      expect({ name, mismatched: Number(allocated.rows[0]!.bad) }).toEqual({ name, mismatched: 0 })
    }
  })
})
