import request from 'supertest'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD as WORLD_PASSWORD } from '../helpers/world'

const PASSWORD = 'Right-Password-1'

beforeAll(async () => {
  const payload = await testPayload()
  await payload.create({
    collection: 'users',
    data: { email: 'locked@auth.test', login: 'locked', password: PASSWORD, role: 'subscriber' },
  })
  await payload.create({
    collection: 'users',
    data: {
      email: 'integration@auth.test',
      login: 'integration',
      password: PASSWORD,
      role: 'accountant',
      enableAPIKey: true,
      apiKey: 'integration-key-0123456789abcdef',
    },
  })
})

describe('authentication', () => {
  it('failed logins are rate-limited (429), not locked out, with the default limit of ten', async () => {
    const server = await testServer()
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await request(server)
        .post('/api/users/login')
        .send({ email: 'locked@auth.test', password: 'wrong' })
      expect(wrong.status).toBe(401)
    }
    const right = await request(server)
      .post('/api/users/login')
      .send({ email: 'locked@auth.test', password: PASSWORD })
    expect(right.status).toBe(429)
    expect(right.headers['retry-after']).toBeDefined()
  })

  it('refuses a disabled user at login, and accepts it again once enabled', async () => {
    const payload = await testPayload()
    const server = await testServer()
    const user = await payload.create({
      collection: 'users',
      data: {
        email: 'disabled@auth.test',
        login: 'disabled',
        password: PASSWORD,
        role: 'subscriber',
        disabled: true,
      },
    })
    const refused = await request(server)
      .post('/api/users/login')
      .send({ email: 'disabled@auth.test', password: PASSWORD })
    expect(refused.status).toBe(401)
    await payload.update({ collection: 'users', id: user.id, data: { disabled: false } })
    const accepted = await request(server)
      .post('/api/users/login')
      .send({ email: 'disabled@auth.test', password: PASSWORD })
    expect(accepted.status).toBe(200)
  })

  it('accepts an API key for integrations, with the key owner’s rights', async () => {
    const server = await testServer()
    const response = await request(server)
      .get('/api/organizations')
      .set('Authorization', 'users API-Key integration-key-0123456789abcdef')
    expect(response.status).toBe(200)
    const anonymous = await request(server).get('/api/organizations')
    expect(anonymous.status).toBe(403)
  })

  it('never returns the password hash or the API key', async () => {
    const server = await testServer()
    const response = await request(server)
      .get('/api/users/me')
      .set('Authorization', 'users API-Key integration-key-0123456789abcdef')
    expect(response.status).toBe(200)
    const body = JSON.stringify(response.body)
    expect(body).not.toContain('integration-key-0123456789abcdef')
    expect(body).not.toMatch(/"(hash|salt|password)"/)
  })
})

describe('the signed-in user', () => {
  it('is loaded with its organizations as ids on every request; /api/users/me?depth=1 populates them', async () => {
    const payload = await testPayload()
    const world = await createWorld(payload, 'auth-depth')
    const server = await testServer()
    const authorization = await loginHeader(world.users.subscriberA.email, WORLD_PASSWORD)
    const plain = await request(server).get('/api/users/me').set('Authorization', authorization)
    expect(plain.status).toBe(200)
    expect(plain.body.user.memberships[0].organization).toBe(world.organizations.organizationA.id)
    const populated = await request(server)
      .get('/api/users/me?depth=1')
      .set('Authorization', authorization)
    expect(populated.status).toBe(200)
    expect(populated.body.user.memberships[0].organization).toMatchObject({
      id: world.organizations.organizationA.id,
      title: world.organizations.organizationA.title,
    })
  })
})
