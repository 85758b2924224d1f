/**
 * Issue 12: sign-ins, forgotten-password e-mails and the payment webhook are rate-limited per
 * client address and per account, in PostgreSQL (so every app replica shares the counts), with 429
 * and Retry-After; successful sign-ins never count against an account.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { poolOf } from '../../src/db/pool'
import { testPayload, testServer } from '../helpers/app'

const PASSWORD = 'Right-Password-1'
const tag = `rl-${Date.now().toString(36)}`
let payload: Payload
let server: Server
let counter = 0

async function newUser() {
  counter += 1
  const login = `limited-${tag}-${counter}`
  return payload.create({
    collection: 'users',
    data: {
      email: `${login}@example.test`,
      login,
      password: PASSWORD,
      role: 'subscriber',
    } as never,
  })
}

const login = (email: string, password: string, address?: string) => {
  const test = request(server).post('/api/users/login')
  if (address) test.set('X-Forwarded-For', address)
  return test.send({ email, password })
}

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
})
afterEach(() => {
  for (const name of Object.keys(process.env))
    if (name.startsWith('RATE_LIMIT_')) delete process.env[name]
})

describe('failed sign-ins per account', () => {
  it('after the limit, even the right password answers 429 with Retry-After, for that account only', async () => {
    process.env.RATE_LIMIT_LOGIN_FAILURES = '3'
    const user = await newUser()
    const other = await newUser()
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await login(user.email, 'wrong')).status).toBe(401)
    const refused = await login(user.email, PASSWORD)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(900)
    expect(JSON.stringify(refused.body)).toMatch(/try again/i)
    expect((await login(other.email, PASSWORD)).status).toBe(200)
    // the counts live in PostgreSQL, for every replica
    const { rows } = await poolOf(payload).query('select hits from rate_limits where key = $1', [
      `login-failures:${user.email}`,
    ])
    expect(rows[0]?.hits).toBeGreaterThan(3)
  })

  it('an unknown account is limited the same way (no telling which accounts exist)', async () => {
    process.env.RATE_LIMIT_LOGIN_FAILURES = '2'
    const email = `nobody-${tag}@example.test`
    const answers = []
    for (let attempt = 0; attempt < 3; attempt += 1)
      answers.push((await login(email, 'wrong')).status)
    expect(answers).toEqual([401, 401, 429])
  })

  it('successful sign-ins are never counted', async () => {
    process.env.RATE_LIMIT_LOGIN_FAILURES = '2'
    const user = await newUser()
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await login(user.email, PASSWORD)).status).toBe(200)
    expect((await login(user.email, 'wrong')).status).toBe(401)
    expect((await login(user.email, PASSWORD)).status).toBe(200)
  })

  it('GraphQL loginUser answers 429 with Retry-After too', async () => {
    process.env.RATE_LIMIT_LOGIN_FAILURES = '1'
    const user = await newUser()
    const mutation = (password: string) =>
      request(server)
        .post('/api/graphql')
        .send({
          query: `mutation { loginUser(email: "${user.email}", password: "${password}") { token } }`,
        })
    await mutation('wrong')
    const refused = await mutation(PASSWORD)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
  })
})

describe('per client address', () => {
  it('sign-ins and password e-mails from one address', async () => {
    process.env.RATE_LIMIT_PER_ADDRESS = '3'
    const user = await newUser()
    const address = `203.0.113.${counter}`
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await login(user.email, PASSWORD, address)).status).toBe(200)
    const refused = await login(user.email, PASSWORD, address)
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    // another address (the nearest proxy's entry is the last one) is not affected
    expect((await login(user.email, PASSWORD, `198.51.100.7, 203.0.113.200`)).status).toBe(200)
    const forgot = () =>
      request(server)
        .post('/api/users/forgot-password')
        .set('X-Forwarded-For', address)
        .send({ email: user.email })
    for (let attempt = 0; attempt < 3; attempt += 1) await forgot()
    expect((await forgot()).status).toBe(429)
  })

  it('the payment webhook', async () => {
    process.env.RATE_LIMIT_PER_ADDRESS = '2'
    const address = `192.0.2.${counter}`
    const post = () =>
      request(server).post('/api/payments/webhook').set('X-Forwarded-For', address).send({})
    const statuses = [(await post()).status, (await post()).status]
    expect(statuses.every((status) => status !== 429)).toBe(true)
    const refused = await post()
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
  })
})

describe('password e-mails per account', () => {
  it('a few an hour, then 429', async () => {
    process.env.RATE_LIMIT_PASSWORD_EMAILS = '2'
    const user = await newUser()
    const forgot = () =>
      request(server).post('/api/users/forgot-password').send({ email: user.email })
    expect((await forgot()).status).toBe(200)
    expect((await forgot()).status).toBe(200)
    const refused = await forgot()
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
  })
})
