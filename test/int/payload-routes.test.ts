/**
 * Payload's own REST routes that answered 500 on PostgreSQL (src/app/(payload)/api/[...slug]/
 * payloadRouteMends.ts): versions of collections and globals that keep none are 404; a signed-in
 * user deletes its own preference by key (and nobody else's), anonymous callers get 401.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

let server: Server
let world: World
let admin: string
let member: string
let other: string

beforeAll(async () => {
  world = await createWorld(await testPayload(), 'routes')
  server = await testServer()
  admin = await loginHeader(world.users.admin.email, PASSWORD)
  member = await loginHeader(world.users.subscriberA.email, PASSWORD)
  other = await loginHeader(world.users.subscriberB.email, PASSWORD)
})

describe('versions of what keeps no versions', () => {
  it.each([
    '/api/invoices/versions',
    '/api/organizations/versions',
    '/api/users/versions',
    '/api/invoices/versions/1',
    '/api/payload-preferences/versions',
  ])('GET %s is 404 for staff, members and anonymous callers', async (path) => {
    for (const auth of [admin, member, undefined]) {
      const call = request(server).get(path)
      const response = auth ? await call.set('Authorization', auth) : await call
      expect(response.status, `${path} as ${auth ? 'signed in' : 'anonymous'}`).toBe(404)
      expect(response.body.errors[0].message).toBeTruthy()
    }
  })

  it('restoring a version is 404 too', async () => {
    const response = await request(server)
      .post('/api/invoices/versions/1')
      .set('Authorization', admin)
    expect(response.status).toBe(404)
  })

  it('globals without versions: 404', async () => {
    const payload = await testPayload()
    const slugs = payload.config.globals.filter((g) => !g.versions).map((g) => g.slug)
    expect(slugs.length).toBeGreaterThan(0)
    for (const slug of slugs) {
      const response = await request(server)
        .get(`/api/globals/${slug}/versions`)
        .set('Authorization', admin)
      expect(response.status, slug).toBe(404)
    }
  })
})

describe('deleting a preference', () => {
  const save = (auth: string, key: string, value: unknown) =>
    request(server)
      .post(`/api/payload-preferences/${key}`)
      .set('Authorization', auth)
      .send({ value })
  const read = (auth: string, key: string) =>
    request(server).get(`/api/payload-preferences/${key}`).set('Authorization', auth)

  it('deletes the caller’s own preference and leaves another user’s of the same key', async () => {
    expect((await save(member, 'invoices-list', { columns: ['number'] })).status).toBe(200)
    expect((await save(other, 'invoices-list', { columns: ['total'] })).status).toBe(200)

    const deleted = await request(server)
      .delete('/api/payload-preferences/invoices-list')
      .set('Authorization', member)
    expect(deleted.status).toBe(200)
    expect((await read(member, 'invoices-list')).body.value ?? null).toBeNull()
    expect((await read(other, 'invoices-list')).body.value).toEqual({ columns: ['total'] })
  })

  it('a key the caller has no preference for is 404', async () => {
    const response = await request(server)
      .delete('/api/payload-preferences/never-saved')
      .set('Authorization', admin)
    expect(response.status).toBe(404)
  })

  it('anonymous callers get 401 and delete nothing', async () => {
    expect((await save(admin, 'nav', { open: true })).status).toBe(200)
    const response = await request(server).delete('/api/payload-preferences/nav')
    expect(response.status).toBe(401)
    expect((await read(admin, 'nav')).body.value).toEqual({ open: true })
  })
})
