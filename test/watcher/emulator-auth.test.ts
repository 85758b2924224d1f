import { decodeJwt } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import {
  API_KEY,
  basicHeader,
  control,
  http,
  startTestEmulator,
  V2,
  V3_ADMIN,
  V3_CLIENT,
} from './helpers'

let emulator: WatcherEmulator

beforeAll(async () => {
  emulator = await startTestEmulator({ tokenTtlSeconds: 60 })
})
afterAll(() => emulator.close())
beforeEach(() => control(emulator, '/reset'))

const login = async (headers = basicHeader()) =>
  http(emulator, 'POST', `${V3_CLIENT}/login`, { headers, auth: 'none' })

describe('v3 authentication', () => {
  it('logs in with Basic and answers a JWT naming the user with an expiry in the future', async () => {
    const answer = await login()
    expect(answer.status).toBe(200)
    expect(answer.body.refresh_token).toEqual(expect.any(String))
    const claims = decodeJwt(answer.body.access_token)
    expect(claims.name).toBe('admin')
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000)
    expect(claims.exp).toBeLessThanOrEqual(Date.now() / 1000 + 61)

    const bearer = { authorization: `Bearer ${answer.body.access_token}` }
    const listed = await http(emulator, 'GET', `${V3_ADMIN}/presets`, {
      headers: bearer,
      auth: 'none',
    })
    expect(listed.status).toBe(200)
  })

  it('answers 401 with the errors envelope for a missing, wrong or forged credential', async () => {
    for (const headers of [
      {},
      basicHeader('admin', 'wrong'),
      basicHeader('nobody', 'x'),
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
    ]) {
      const answer = await http(emulator, 'GET', `${V3_CLIENT}/organizations`, {
        headers,
        auth: 'none',
      })
      expect(answer.status).toBe(401)
      expect(answer.body.errors[0]).toMatchObject({ status: '401', code: 'unauthorized' })
    }
    expect((await login(basicHeader('admin', 'wrong'))).status).toBe(401)
  })

  it('expires access tokens, and refreshes them with the refresh token', async () => {
    const { body } = await login()
    await control(emulator, '/clock', { advance_ms: 61_000 })
    const expired = await http(emulator, 'GET', `${V3_CLIENT}/organizations`, {
      headers: { authorization: `Bearer ${body.access_token}` },
      auth: 'none',
    })
    expect(expired.status).toBe(401)

    const refreshed = await login({ authorization: `Bearer ${body.refresh_token}` })
    expect(refreshed.status).toBe(200)
    const again = await http(emulator, 'GET', `${V3_CLIENT}/organizations`, {
      headers: { authorization: `Bearer ${refreshed.body.access_token}` },
      auth: 'none',
    })
    expect(again.status).toBe(200)
    expect((await login({ authorization: 'Bearer unknown-refresh' })).status).toBe(401)
  })

  it('accepts Basic on every call and refuses the Admin API to a non-admin with 403', async () => {
    const created = await http(emulator, 'POST', `${V3_ADMIN}/users`, {
      json: { name: 'viewer', password: 'viewer-pass' },
    })
    expect(created.status).toBe(200)
    expect(created.body).not.toHaveProperty('password')
    const asViewer = basicHeader('viewer', 'viewer-pass')
    const admin = await http(emulator, 'GET', `${V3_ADMIN}/presets`, {
      headers: asViewer,
      auth: 'none',
    })
    expect(admin.status).toBe(403)
    expect(admin.body.errors[0].status).toBe('403')
    const client = await http(emulator, 'GET', `${V3_CLIENT}/organizations`, {
      headers: asViewer,
      auth: 'none',
    })
    expect(client.status).toBe(200)
    // The new user joined the Default organization, and sees only that one.
    expect(client.body.organizations.map((o: { is_default: boolean }) => o.is_default)).toEqual([
      true,
    ])
  })

  it('stores passwords hashed and checks them at login', async () => {
    await http(emulator, 'POST', `${V3_ADMIN}/users`, {
      json: { name: 'hashed', password: 'p4ss' },
    })
    const stored = emulator.state.userByName('hashed')
    expect(stored?.passwordHash).not.toContain('p4ss')
    expect((await login(basicHeader('hashed', 'p4ss'))).status).toBe(200)
    await http(emulator, 'PUT', `${V3_ADMIN}/users/${stored?.id}`, { json: { password: 'n3w' } })
    expect((await login(basicHeader('hashed', 'p4ss'))).status).toBe(401)
    expect((await login(basicHeader('hashed', 'n3w'))).status).toBe(200)
  })
})

describe('v2 authentication', () => {
  it('accepts the system key and sessions, and answers 403 to anything else', async () => {
    expect((await http(emulator, 'GET', `${V2}/organizations`, { auth: 'key' })).status).toBe(200)
    const none = await http(emulator, 'GET', `${V2}/organizations`, { auth: 'none' })
    expect(none.status).toBe(403)
    expect(none.body).toMatchObject({ error: 'Forbidden', error_message: expect.any(String) })
    const wrongKey = await http(emulator, 'GET', `${V2}/organizations`, {
      auth: 'none',
      headers: { 'x-vsaas-api-key': `${API_KEY}-wrong` },
    })
    expect(wrongKey.status).toBe(403)
    expect(wrongKey.body.error).toBe('WrongApikey')

    const wrongLogin = await http(emulator, 'POST', `${V2}/auth/login`, {
      auth: 'none',
      json: { login: 'admin', password: 'nope' },
    })
    expect(wrongLogin.status).toBe(403)
    const session = await http(emulator, 'POST', `${V2}/auth/login`, {
      auth: 'none',
      json: { login: 'admin', password: 'admin-secret' },
    })
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({
      login: 'admin',
      is_admin: true,
      session: expect.any(String),
    })
    const whoami = await http(emulator, 'GET', `${V2}/auth/whoami`, {
      auth: 'none',
      headers: { 'x-vsaas-session': session.body.session },
    })
    expect(whoami.body).toMatchObject({ login: 'admin', is_admin: true })
    // A v3 credential is no v2 credential.
    expect((await http(emulator, 'GET', `${V2}/users`)).status).toBe(403)
  })
})
