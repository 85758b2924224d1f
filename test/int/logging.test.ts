/**
 * Issue 13, logs: in production every event is one JSON line; those written while serving a request
 * carry its request id and the signed-in user's id and role; passwords and tokens never appear.
 */
import { Writable } from 'node:stream'
import request from 'supertest'
import type { Payload } from 'payload'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { jsonLogger, logFormat, runInRequest } from '../../src/operations'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'

const PASSWORD = 'Logged-Password-1'
const tag = `log-${Date.now().toString(36)}`
let payload: Payload

function capture() {
  const lines: Record<string, unknown>[] = []
  const raw: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line)
        lines.push(JSON.parse(line))
      }
      done()
    },
  })
  return { logger: jsonLogger(stream), lines, raw }
}

beforeAll(async () => {
  payload = await testPayload()
})
afterEach(() => {
  delete process.env.LOG_FORMAT
  delete process.env.LOG_REQUESTS
})

describe('JSON logs', () => {
  it('one JSON line per event, with the request context, secrets redacted', async () => {
    const { logger, lines, raw } = capture()
    runInRequest({ requestId: 'req-1', userId: 7, role: 'accountant' }, () => {
      logger.info(
        {
          data: { email: 'a@b.test', password: 'Hunter2-secret' },
          token: 'eyJ.secret.token',
          headers: { authorization: 'JWT abc' },
        },
        'something happened',
      )
    })
    logger.warn('outside a request')
    await new Promise((resolve) => setImmediate(resolve))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'something happened',
      requestId: 'req-1',
      userId: 7,
      role: 'accountant',
    })
    expect(typeof lines[0]!.time).toBe('string')
    expect(raw.join('\n')).not.toMatch(/Hunter2-secret|eyJ\.secret\.token|JWT abc/)
    expect(lines[1]).not.toHaveProperty('requestId')
  })

  it('production logs JSON by default, LOG_FORMAT chooses', () => {
    const previous = process.env.NODE_ENV
    try {
      ;(process.env as Record<string, string>).NODE_ENV = 'production'
      expect(logFormat()).toBe('json')
      process.env.LOG_FORMAT = 'pretty'
      expect(logFormat()).toBe('pretty')
    } finally {
      ;(process.env as Record<string, string | undefined>).NODE_ENV = previous
    }
  })

  it('a REST request: its line names the request id it answered with, the user and its role; the login line no password', async () => {
    const server = await testServer()
    const user = await payload.create({
      collection: 'users',
      data: {
        email: `${tag}@example.test`,
        login: tag,
        password: PASSWORD,
        role: 'subscriber',
      } as never,
    })
    const authorization = await loginHeader(user.email, PASSWORD)
    const { logger, lines, raw } = capture()
    const original = payload.logger
    payload.logger = logger as never
    process.env.LOG_REQUESTS = 'true'
    try {
      const res = await request(server)
        .get('/api/users/me')
        .set('Authorization', authorization)
        .set('X-Request-Id', 'lb-42')
      expect(res.status).toBe(200)
      expect(res.headers['x-request-id']).toBe('lb-42')
      await request(server)
        .post('/api/users/login')
        .send({ email: user.email, password: 'Wrong-Password-9' })
    } finally {
      payload.logger = original
    }
    await new Promise((resolve) => setImmediate(resolve))
    const line = lines.find((entry) => entry.msg === 'request' && entry.path === '/api/users/me')
    expect(line).toMatchObject({
      requestId: 'lb-42',
      userId: user.id,
      role: 'subscriber',
      status: 200,
      method: 'GET',
    })
    expect(raw.join('\n')).not.toContain('Wrong-Password-9')
    expect(raw.join('\n')).not.toContain(authorization.slice(4))
  })
})
