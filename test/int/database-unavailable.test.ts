/**
 * A request the database could not answer (a failover, a restart) gets 503 with Retry-After and
 * says so, not Payload's 500: REST finds, custom endpoints and writes alike. Only a lost connection
 * is mapped (SQLSTATE 08xxx/57P0x, a terminated socket, also as the cause of drizzle's error); any
 * other failure stays a 500.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  causedByConnectionLoss,
  DATABASE_RETRY_AFTER_SECONDS,
} from '../../src/operations/databaseUnavailable'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

let payload: Payload
let server: Server
let world: World
let admin: string

/** What pg throws when PostgreSQL ends the session (pg_terminate_backend, a failover), wrapped as drizzle wraps it. */
const terminated = () => {
  const cause = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  })
  return new Error('Failed query: select … from "services"', { cause })
}

beforeAll(async () => {
  payload = await testPayload()
  world = await createWorld(payload, 'db-unavailable')
  server = await testServer()
  admin = await loginHeader(world.users.admin.email, PASSWORD)
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a request the database cannot answer', () => {
  it('answers 503 with Retry-After for a REST find whose query lost its connection', async () => {
    vi.spyOn(payload.db, 'find').mockRejectedValueOnce(terminated())
    const response = await request(server).get('/api/services').set('Authorization', admin)
    expect(response.status).toBe(503)
    expect(response.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS))
    expect(response.body.errors[0].message).toMatch(/database is unavailable.*retry/i)
    // and the next request, the database back, is answered as usual
    const again = await request(server).get('/api/services').set('Authorization', admin)
    expect(again.status).toBe(200)
  })

  it('answers 503 for a write whose connection was refused', async () => {
    vi.spyOn(payload.db, 'create').mockRejectedValueOnce(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    )
    const response = await request(server)
      .post('/api/services')
      .set('Authorization', admin)
      .send({ title: 'Unreachable', kind: 'storage', storageGb: 10, price: 100, currency: 'USD' })
    expect(response.status).toBe(503)
    expect(response.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS))
  })

  it('leaves any other failure a 500', async () => {
    vi.spyOn(payload.db, 'find').mockRejectedValueOnce(new Error('something else broke'))
    const response = await request(server).get('/api/services').set('Authorization', admin)
    expect(response.status).toBe(500)
    expect(response.headers['retry-after']).toBeUndefined()
  })
})

describe('causedByConnectionLoss', () => {
  it('finds the lost connection in the error or its causes, and nothing else', () => {
    expect(causedByConnectionLoss(terminated())).toBe(true)
    expect(causedByConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(
      causedByConnectionLoss(
        Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      ),
    ).toBe(true)
    expect(
      causedByConnectionLoss(Object.assign(new Error('duplicate key value'), { code: '23505' })),
    ).toBe(false)
    expect(causedByConnectionLoss(new Error('outer', { cause: new Error('inner') }))).toBe(false)
    expect(causedByConnectionLoss('not an error')).toBe(false)
  })
})
