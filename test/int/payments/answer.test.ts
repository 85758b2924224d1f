/**
 * POST /api/payments answers the payment populated exactly as Payload populates it (issue 15:
 * the payer and `createdBy` come from one query of ours at depth 1 and 2, not two Payload finds):
 * at every depth, with and without an Idempotency-Key, the answer's payer (with its parent at
 * depth 2) and recorder equal GET /api/payments/<id> at the same depth, key order included.
 */
import request from 'supertest'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { poolOf } from '../../../src/db/pool'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'

const tag = `ans${Date.now().toString(36)}`

let payload: Payload
const auth: Record<string, string> = {}
let payer: { id: number }
let plainPayer: { id: number }
let sequence = 0

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const server = () => testServer().then((s) => request(s))

beforeAll(async () => {
  payload = await testPayload()
  for (const [name, role, extra] of [
    ['admin', 'admin', {}],
    ['accountant', 'accountant', { name: 'Ana Accountant', locale: 'pt' }],
  ] as const) {
    await create('users', {
      email: `${name}-${tag}@example.test`,
      login: `${name}-${tag}`,
      password: PASSWORD,
      role,
      ...extra,
    })
    auth[name] = await loginHeader(`${name}-${tag}@example.test`, PASSWORD)
  }
  // a payer with a parent that has a parent of its own: depth 2 populates one level of it
  const top = await create('organizations', { title: `top ${tag}`, currency: 'USD' })
  const middle = await create('organizations', {
    title: `middle ${tag}`,
    currency: 'USD',
    parent: top.id,
    locale: 'es',
    timezone: 'Europe/Madrid',
  })
  payer = await create('organizations', {
    title: `payer ${tag}`,
    currency: 'USD',
    parent: middle.id,
    payer: 'self',
    locale: 'ru',
  })
  plainPayer = await create('organizations', { title: `plain ${tag}`, currency: 'USD' })
})

const depths = [undefined, 0, 1, 2, 3] as const

describe('the answer of POST /api/payments', () => {
  for (const as of ['accountant', 'admin'] as const)
    for (const depth of depths)
      for (const keyed of [true, false])
        it(`as the ${as}, depth ${depth ?? 'default'}, ${keyed ? 'with' : 'without'} an Idempotency-Key: populated as Payload populates it`, async () => {
          for (const organization of [payer.id, plainPayer.id]) {
            const query = depth === undefined ? '' : `?depth=${depth}`
            let post = (await server())
              .post(`/api/payments${query}`)
              .set('Authorization', auth[as]!)
            if (keyed) post = post.set('Idempotency-Key', `${tag}-${++sequence}`)
            const answer = await post.send({
              organization,
              amount: 1_000,
              currency: 'USD',
              reference: `${tag}-${sequence}`,
            })
            expect(answer.status, JSON.stringify(answer.body)).toBe(201)
            const doc = answer.body.doc
            const read = await (
              await server()
            )
              .get(`/api/payments/${doc.id}${query}`)
              .set('Authorization', auth[as]!)
            expect(read.status).toBe(200)
            // key order too: the same JSON as Payload's own population
            expect(JSON.stringify(doc.organization)).toBe(JSON.stringify(read.body.organization))
            expect(JSON.stringify(doc.createdBy)).toBe(JSON.stringify(read.body.createdBy))
            const { allocations: _a, updatedAt: _u, ...rest } = doc
            const { allocations: _b, updatedAt: _v, ...restRead } = read.body
            expect(rest).toEqual(restRead)
            if (depth === undefined || depth >= 1) {
              expect(doc.organization.id).toBe(organization)
              expect(typeof doc.createdBy).toBe('object')
            } else expect(doc.organization).toBe(organization)
          }
        })
})

describe('the statements of a payment', () => {
  it('one keyed payment at default depth is 8 round trips with nothing to cover, begin and commit included (issue 15)', async () => {
    // begin; the claim with the payer lock and the answer's relations; the payer checks (with the
    // dunning stage); Payload's insert and its read-back; the settlement's read (with the ledger
    // credit and payment.received); the stored answer; commit. A payer with open invoices adds
    // one: the settlement's write, with invoice.paid (bench/payments: 9.0 per payment)
    type Query = (...args: unknown[]) => unknown
    const { prototype } = (
      poolOf(payload) as unknown as { Client: { prototype: { query: Query } } }
    ).Client
    const sent: string[] = []
    const original = prototype.query
    const spy = vi.spyOn(prototype, 'query').mockImplementation(function (
      this: unknown,
      ...args: unknown[]
    ) {
      const first = args[0] as string | { text?: string }
      sent.push(typeof first === 'string' ? first : (first.text ?? ''))
      return original.apply(this, args)
    })
    try {
      const answer = await (
        await server()
      )
        .post('/api/payments')
        .set('Authorization', auth.accountant!)
        .set('Idempotency-Key', `${tag}-statements`)
        .send({ organization: plainPayer.id, amount: 500, currency: 'USD' })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
    } finally {
      spy.mockRestore()
    }
    // the request's own authentication reads the user first; everything after is the payment's
    const begin = sent.findIndex((text) => /^\s*begin/i.test(text))
    const commit = sent.findIndex((text, index) => index > begin && /^\s*commit/i.test(text))
    expect(begin).toBeGreaterThanOrEqual(0)
    const payment = sent.slice(begin, commit + 1)
    expect(payment, sent.join('\n---\n')).toHaveLength(8)
    // the ledger credit and the event travel with the settlement's read, not on their own
    expect(payment.filter((text) => /insert into ledger_entries/.test(text))).toHaveLength(1)
    expect(payment.find((text) => /insert into ledger_entries/.test(text))).toMatch(
      /insert into billing_events[\s\S]*open_invoices/,
    )
  })
})
