import type { PayloadRequest } from 'payload'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  Busy,
  Conflict,
  Invalid,
  NotFound,
  RateLimited,
  Unavailable,
  WatcherFailed,
} from '../../src/endpoints/errors'
import { operation } from '../../src/endpoints/operation'

const staff = { id: 1, role: 'admin' }
const subscriber = { id: 2, role: 'subscriber' }

function request({
  user,
  id,
  body,
  url = 'http://localhost/api/x',
}: {
  user?: object
  id?: string
  body?: unknown
  url?: string
}): PayloadRequest {
  return {
    user: user ?? null,
    routeParams: id === undefined ? {} : { id },
    url,
    json: async () => {
      if (body === undefined) throw new SyntaxError('no body')
      return body
    },
  } as unknown as PayloadRequest
}

async function answer(endpoint: ReturnType<typeof operation>, req: PayloadRequest) {
  const response = await endpoint.handler(req)
  return { status: response.status, body: await response.json(), headers: response.headers }
}

describe('operation(): one wrapper and one status table for custom endpoints', () => {
  const echo = operation({
    path: '/:id/thing',
    method: 'post',
    access: 'staff',
    idOf: 'invoice',
    body: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'a month written YYYY-MM') }),
    handler: async (_req, { body, id }) => ({ id, period: body.period }),
  })

  it('answers 401 without a user and 403 for a subscriber, before reading anything', async () => {
    expect((await answer(echo, request({ id: 'x' }))).status).toBe(401)
    expect(
      (await answer(echo, request({ user: subscriber, id: '1', body: { period: '2026-10' } })))
        .status,
    ).toBe(403)
  })

  it('answers 404 for a malformed or out-of-range id, naming what was not found', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
      const { status, body } = await answer(
        echo,
        request({ user: staff, id, body: { period: '2026-10' } }),
      )
      expect(status).toBe(404)
      expect(body.errors[0]).toMatchObject({ field: 'id', message: `invoice ${id} not found` })
    }
  })

  it('answers 400 naming the field for a bad or missing body', async () => {
    const bad = await answer(echo, request({ user: staff, id: '7', body: { period: 'October' } }))
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]).toMatchObject({
      field: 'period',
      message: 'period: a month written YYYY-MM',
    })
    const missing = await answer(echo, request({ user: staff, id: '7' }))
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].field).toBe('period')
  })

  it('hands the handler the parsed body and id, and answers its result as JSON', async () => {
    const ok = await answer(echo, request({ user: staff, id: '7', body: { period: '2026-10' } }))
    expect(ok).toMatchObject({ status: 200, body: { id: 7, period: '2026-10' } })
  })

  it('maps each typed error to its row of the table', async () => {
    const cases: [Error, number][] = [
      [new Invalid('amount', 'amount: a whole number'), 400],
      [new NotFound('payment 5 not found', 'id'), 404],
      [new Conflict('invoice 5 is void'), 409],
      [new Busy('a dunning run is in progress'), 409],
      [new RateLimited('too many attempts', 30), 429],
      [new WatcherFailed('Watcher answered 500'), 502],
      [new Unavailable('PAYMENTS_WEBHOOK_SECRET is not set'), 503],
    ]
    for (const [error, status] of cases) {
      const failing = operation({
        path: '/x',
        method: 'post',
        access: 'public',
        handler: async () => {
          throw error
        },
      })
      const { status: got, body, headers } = await answer(failing, request({}))
      expect(got).toBe(status)
      expect(body.errors[0].message).toBe(error.message)
      if (error instanceof RateLimited) expect(headers.get('retry-after')).toBe('30')
    }
  })

  it('reads the query string through its schema', async () => {
    const list = operation({
      path: '/export.csv',
      method: 'get',
      access: 'signedIn',
      query: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'a month written YYYY-MM') }),
      handler: async (_req, { query }) => new Response(`period ${query.period}`),
    })
    const ok = await list.handler(
      request({ user: subscriber, url: 'http://localhost/api/invoices/export.csv?period=2026-10' }),
    )
    expect(await ok.text()).toBe('period 2026-10')
    const bad = await answer(
      list,
      request({ user: subscriber, url: 'http://localhost/api/invoices/export.csv?period=10' }),
    )
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('period')
  })

  it('leaves other errors to Payload (a 500 is a bug, not an answer)', async () => {
    const broken = operation({
      path: '/x',
      method: 'get',
      access: 'public',
      handler: async () => {
        throw new TypeError('bug')
      },
    })
    await expect(broken.handler(request({}))).rejects.toThrow('bug')
  })
})
