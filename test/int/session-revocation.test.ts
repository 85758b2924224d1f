/**
 * Issue 12, hole 5: disabling a user, changing its role or its password (by an operator, by
 * itself, or by a reset e-mail) ends every session and removes its API key at once, through the
 * JWT and API-key strategies alike; and subscribers never issue API keys.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'

const PASSWORD = 'Right-Password-1'
const tag = `rv-${Date.now().toString(36)}`
let payload: Payload
let server: Server
let adminAuth: string
let counter = 0

async function newUser(role: 'subscriber' | 'accountant', apiKey?: string) {
  counter += 1
  const login = `${role}-${tag}-${counter}`
  const user = await payload.create({
    collection: 'users',
    data: {
      email: `${login}@example.test`,
      login,
      password: PASSWORD,
      role,
      ...(apiKey ? { enableAPIKey: true, apiKey } : {}),
    } as never,
  })
  return {
    id: user.id,
    email: user.email,
    jwt: await loginHeader(user.email, PASSWORD),
    apiKey: apiKey ? `users API-Key ${apiKey}` : undefined,
  }
}

const me = (authorization: string) =>
  request(server).get('/api/users/me').set('Authorization', authorization)
const signedIn = async (authorization: string) => (await me(authorization)).body?.user?.id ?? null
const asAdmin = (test: request.Test) => test.set('Authorization', adminAuth)

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
  const admin = await payload.create({
    collection: 'users',
    data: {
      email: `admin-${tag}@example.test`,
      login: `admin-${tag}`,
      password: PASSWORD,
      role: 'admin',
    } as never,
  })
  adminAuth = await loginHeader(admin.email, PASSWORD)
})

describe('a user loses its sessions and API key', () => {
  it('when an operator disables it (REST), and stays signed out once enabled again', async () => {
    const user = await newUser('accountant', `key-disable-${tag}-0123456789`)
    expect(await signedIn(user.jwt)).toBe(user.id)
    expect(await signedIn(user.apiKey!)).toBe(user.id)
    const res = await asAdmin(request(server).patch(`/api/users/${user.id}`)).send({
      disabled: true,
    })
    expect(res.status).toBe(200)
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
    expect(
      (await request(server).get('/api/organizations').set('Authorization', user.apiKey!)).status,
    ).toBe(403)
    await asAdmin(request(server).patch(`/api/users/${user.id}`)).send({ disabled: false })
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
  })

  it('when its role changes', async () => {
    const user = await newUser('accountant', `key-demote-${tag}-0123456789`)
    await asAdmin(request(server).patch(`/api/users/${user.id}`)).send({ role: 'subscriber' })
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
  })

  it('when an operator sets a new password, and when it changes its own', async () => {
    const byOperator = await newUser('accountant', `key-pw-${tag}-0123456789`)
    await asAdmin(request(server).patch(`/api/users/${byOperator.id}`)).send({
      password: 'Another-Password-2',
    })
    expect(await signedIn(byOperator.jwt)).toBeNull()
    expect(await signedIn(byOperator.apiKey!)).toBeNull()

    const self = await newUser('subscriber')
    const second = await loginHeader(self.email, PASSWORD)
    const res = await request(server)
      .patch(`/api/users/${self.id}`)
      .set('Authorization', self.jwt)
      .send({ password: 'Another-Password-2' })
    expect(res.status).toBe(200)
    expect(await signedIn(self.jwt)).toBeNull()
    expect(await signedIn(second)).toBeNull()
    expect(await signedIn(await loginHeader(self.email, 'Another-Password-2'))).toBe(self.id)
  })

  it('when the password is reset by e-mail', async () => {
    const user = await newUser('accountant', `key-reset-${tag}-0123456789`)
    const token = await payload.forgotPassword({
      collection: 'users',
      data: { email: user.email },
      disableEmail: true,
    })
    const res = await request(server)
      .post('/api/users/reset-password')
      .send({ token, password: 'Reset-Password-3' })
    expect(res.status).toBe(200)
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
  })

  it('when it is deleted', async () => {
    const user = await newUser('accountant', `key-delete-${tag}-0123456789`)
    expect((await asAdmin(request(server).delete(`/api/users/${user.id}`))).status).toBe(200)
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
  })

  it('a disabled user is not signed in even by a key or session left behind', async () => {
    const user = await newUser('accountant', `key-raw-${tag}-0123456789`)
    // as if revocation had been missed: the flag alone is set in the database
    await payload.db.updateOne({ collection: 'users', id: user.id, data: { disabled: true } })
    expect(await signedIn(user.jwt)).toBeNull()
    expect(await signedIn(user.apiKey!)).toBeNull()
  })

  it('other changes keep the session', async () => {
    const user = await newUser('subscriber')
    await asAdmin(request(server).patch(`/api/users/${user.id}`)).send({ name: 'Renamed' })
    expect(await signedIn(user.jwt)).toBe(user.id)
  })
})

describe('API keys come from staff only', () => {
  it('a subscriber cannot give itself an API key (REST and GraphQL), and no key it chose works', async () => {
    const user = await newUser('subscriber')
    const key = `self-made-${tag}-0123456789`
    const rest = await request(server)
      .patch(`/api/users/${user.id}`)
      .set('Authorization', user.jwt)
      .send({ enableAPIKey: true, apiKey: key })
    expect(rest.status).toBe(403)
    expect(JSON.stringify(rest.body)).toMatch(/enableAPIKey|apiKey/)
    const graphql = await request(server)
      .post('/api/graphql')
      .set('Authorization', user.jwt)
      .send({
        query: `mutation { updateUser(id: ${user.id}, data: { enableAPIKey: true, apiKey: "${key}" }) { id } }`,
      })
    expect(JSON.stringify(graphql.body.errors ?? [])).toMatch(/API keys are issued by the operator/)
    expect(await signedIn(`users API-Key ${key}`)).toBeNull()
  })

  it('an operator issues one, and it works', async () => {
    const user = await newUser('subscriber')
    const key = `issued-${tag}-0123456789`
    const res = await asAdmin(request(server).patch(`/api/users/${user.id}`)).send({
      enableAPIKey: true,
      apiKey: key,
    })
    expect(res.status).toBe(200)
    expect(await signedIn(`users API-Key ${key}`)).toBe(user.id)
  })
})
