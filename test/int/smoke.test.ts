import request from 'supertest'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

let world: World
let admin: string

beforeAll(async () => {
  world = await createWorld(await testPayload(), 'smoke')
  admin = await loginHeader(world.users.admin.email, PASSWORD)
})

describe('smoke', () => {
  it('serves REST and GraphQL', async () => {
    const server = await testServer()
    const rest = await request(server).get('/api/services').set('Authorization', admin)
    expect(rest.status).toBe(200)
    expect(rest.body.docs.length).toBeGreaterThan(0)
    const graph = await request(server)
      .post('/api/graphql')
      .set('Authorization', admin)
      .send({ query: '{ Services { docs { id title price } } }' })
    expect(graph.status).toBe(200)
    expect(graph.body.data.Services.docs.length).toBeGreaterThan(0)
  })
})
