/**
 * Member management by subscribers, through REST and GraphQL: a member with canEditUsers on an
 * organization (or the administrator of a parent) reads, creates, changes and removes the members
 * of the organizations it manages, and nothing else.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { createWorld, PASSWORD, type World } from '../../helpers/world'
import type { User } from '../../../src/payload-types'

const tag = `pm-${Date.now().toString(36)}`
let payload: Payload
let server: Server
let world: World
const ids: Record<string, number> = {}
const auth: Record<string, string> = {}
let counter = 0
const unique = (prefix: string) => `${prefix}-${tag}-${(counter += 1)}`

const newUser = (memberships: unknown[], extra: Record<string, unknown> = {}) => {
  const login = unique('new')
  return { login, email: `${login}@example.test`, password: PASSWORD, memberships, ...extra }
}

async function stored(id: number): Promise<User> {
  return payload.findByID({ collection: 'users', id, depth: 0 })
}

const organizationsOf = (user: Pick<User, 'memberships'>) =>
  (user.memberships ?? [])
    .map((m) => (typeof m.organization === 'object' ? m.organization.id : m.organization))
    .sort()

const as = (who: string, test: request.Test) => test.set('Authorization', auth[who]!)
const gql = (who: string, query: string, variables?: Record<string, unknown>) =>
  as(who, request(server).post('/api/graphql')).send({ query, variables })

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
  world = await createWorld(payload, tag)
  const { organizationA, organizationB, subsidiary } = world.organizations
  const create = (login: string, memberships: unknown[]) =>
    payload.create({
      collection: 'users',
      data: {
        login: `${login}-${tag}`,
        email: `${login}-${tag}@example.test`,
        password: PASSWORD,
        role: 'subscriber',
        memberships,
      } as never,
    })
  const manager = await create('manager', [
    { organization: organizationA.id, canViewStreams: true, canEditUsers: true },
  ])
  const both = await create('both', [
    { organization: organizationA.id, canViewStreams: true },
    { organization: organizationB.id, canViewStreams: true, canViewStats: true },
  ])
  const onlyA = await create('only-a', [{ organization: organizationA.id, canViewStreams: true }])
  const inSubsidiary = await create('in-sub', [
    { organization: subsidiary.id, canViewStreams: true },
  ])
  // a member with canEditUsers in B only
  const managerB = await create('manager-b', [
    { organization: organizationB.id, canEditUsers: true },
  ])
  Object.assign(ids, {
    manager: manager.id,
    both: both.id,
    onlyA: onlyA.id,
    inSubsidiary: inSubsidiary.id,
    managerB: managerB.id,
  })
  auth.manager = await loginHeader(manager.email, PASSWORD)
  auth.member = await loginHeader(world.users.subscriberA.email, PASSWORD)
  auth.parentAdmin = await loginHeader(world.users.parentAdmin.email, PASSWORD)
})

describe('reading members', () => {
  it('a manager reads the members of its organization, and nobody else', async () => {
    const res = await as('manager', request(server).get('/api/users?limit=1000&depth=0'))
    expect(res.status).toBe(200)
    const listed = res.body.docs.map((d: User) => d.id)
    expect(listed).toEqual(
      expect.arrayContaining([ids.manager, ids.both, ids.onlyA, world.users.subscriberA.id]),
    )
    for (const hidden of [
      world.users.subscriberB.id,
      world.users.admin.id,
      world.users.accountant.id,
      ids.inSubsidiary,
      ids.managerB,
    ]) {
      expect(listed).not.toContain(hidden)
    }
    const other = await as(
      'manager',
      request(server).get(`/api/users/${world.users.subscriberB.id}`),
    )
    expect([403, 404]).toContain(other.status)
    const staff = await as('manager', request(server).get(`/api/users/${world.users.admin.id}`))
    expect([403, 404]).toContain(staff.status)
  })

  it("a member's memberships in other organizations stay hidden from the manager", async () => {
    const res = await as('manager', request(server).get(`/api/users/${ids.both}?depth=0`))
    expect(res.status).toBe(200)
    expect(organizationsOf(res.body)).toEqual([world.organizations.organizationA.id])
    expect(organizationsOf(await stored(ids.both))).toHaveLength(2)
  })

  it('a plain member still reads only itself', async () => {
    const res = await as('member', request(server).get('/api/users?limit=1000&depth=0'))
    expect(res.body.docs.map((d: User) => d.id)).toEqual([world.users.subscriberA.id])
  })

  it("the parent's administrator reads the members of the subsidiary", async () => {
    const res = await as(
      'parentAdmin',
      request(server).get(`/api/users/${ids.inSubsidiary}?depth=0`),
    )
    expect(res.status).toBe(200)
  })
})

describe('creating members', () => {
  it('a manager creates a subscriber in its organization', async () => {
    const data = newUser([
      {
        organization: world.organizations.organizationA.id,
        canViewStreams: true,
        canViewStats: true,
      },
    ])
    const res = await as('manager', request(server).post('/api/users')).send(data)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const user = await stored(res.body.doc.id)
    expect(user.role).toBe('subscriber')
    expect(user.memberships).toMatchObject([
      {
        organization: world.organizations.organizationA.id,
        canViewStats: true,
        canEditUsers: false,
      },
    ])
  })

  it('refuses a membership in another organization, naming the field', async () => {
    const before = (await payload.count({ collection: 'users' })).totalDocs
    const res = await as('manager', request(server).post('/api/users')).send(
      newUser([{ organization: world.organizations.organizationB.id }]),
    )
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toContain('memberships')
    const mixed = await as('manager', request(server).post('/api/users')).send(
      newUser([
        { organization: world.organizations.organizationA.id },
        { organization: world.organizations.organizationB.id },
      ]),
    )
    expect(mixed.status).toBe(403)
    expect((await payload.count({ collection: 'users' })).totalDocs).toBe(before)
  })

  it('refuses a role, a user without membership, and operator-only fields', async () => {
    const organizationA = world.organizations.organizationA.id
    for (const [data, field] of [
      [newUser([{ organization: organizationA }], { role: 'admin' }), 'role'],
      [newUser([{ organization: organizationA }], { role: 'accountant' }), 'role'],
      [newUser([]), 'memberships'],
      [newUser([{ organization: organizationA }], { disabled: true }), 'disabled'],
      [
        newUser([{ organization: organizationA }], {
          enableAPIKey: true,
          apiKey: 'a-key-the-manager-knows-0123456789',
        }),
        'enableAPIKey',
      ],
    ] as const) {
      const res = await as('manager', request(server).post('/api/users')).send(data)
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(403)
      expect(JSON.stringify(res.body)).toContain(field)
    }
  })

  it('a plain member creates nobody', async () => {
    const res = await as('member', request(server).post('/api/users')).send(
      newUser([{ organization: world.organizations.organizationA.id }]),
    )
    expect(res.status).toBe(403)
  })

  it("the parent's administrator creates a member of the subsidiary", async () => {
    const res = await as('parentAdmin', request(server).post('/api/users')).send(
      newUser([{ organization: world.organizations.subsidiary.id, canViewStreams: true }]),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
  })

  it("a manager of B only cannot touch A's members", async () => {
    auth.managerB ??= await loginHeader(`manager-b-${tag}@example.test`, PASSWORD)
    const res = await as('managerB', request(server).patch(`/api/users/${ids.onlyA}`)).send({
      memberships: [{ organization: world.organizations.organizationA.id, canEditUsers: true }],
    })
    expect([403, 404]).toContain(res.status)
    expect((await stored(ids.onlyA)).memberships?.[0]?.canEditUsers).toBe(false)
  })

  it("respects the organization's user limit (400 naming memberships)", async () => {
    const limited = await payload.create({
      collection: 'organizations',
      data: { title: `Limited ${tag}`, userLimit: 2 } as never,
    })
    await payload.update({
      collection: 'users',
      id: ids.manager,
      data: {
        memberships: [
          {
            organization: world.organizations.organizationA.id,
            canViewStreams: true,
            canEditUsers: true,
          },
          { organization: limited.id, canEditUsers: true },
        ],
      },
    })
    auth.manager = await loginHeader(`manager-${tag}@example.test`, PASSWORD)
    const first = await as('manager', request(server).post('/api/users')).send(
      newUser([{ organization: limited.id }]),
    )
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const second = await as('manager', request(server).post('/api/users')).send(
      newUser([{ organization: limited.id }]),
    )
    expect(second.status).toBe(400)
    expect(JSON.stringify(second.body)).toContain('memberships')
    expect(JSON.stringify(second.body)).toContain('limit')
    // adding an existing member of A to the full organization is refused the same way
    const added = await as('manager', request(server).patch(`/api/users/${ids.onlyA}`)).send({
      memberships: [
        { organization: world.organizations.organizationA.id, canViewStreams: true },
        { organization: limited.id },
      ],
    })
    expect(added.status).toBe(400)
  })
})

describe('changing members', () => {
  it('a manager changes permissions in its organization; the other memberships stay as they were', async () => {
    const { organizationA, organizationB } = world.organizations
    const res = await as('manager', request(server).patch(`/api/users/${ids.both}`)).send({
      memberships: [{ organization: organizationA.id, canViewStreams: true, canEditStreams: true }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const user = await stored(ids.both)
    const byOrganization = new Map(user.memberships!.map((m) => [m.organization, m]))
    expect(byOrganization.get(organizationA.id)).toMatchObject({ canEditStreams: true })
    expect(byOrganization.get(organizationB.id)).toMatchObject({
      canViewStreams: true,
      canViewStats: true,
      canEditUsers: false,
    })
  })

  it("refuses a change to another organization's membership", async () => {
    const { organizationA, organizationB } = world.organizations
    const res = await as('manager', request(server).patch(`/api/users/${ids.both}`)).send({
      memberships: [
        { organization: organizationA.id, canViewStreams: true },
        { organization: organizationB.id, canViewStreams: true, canEditUsers: true },
      ],
    })
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toContain('memberships')
    const user = await stored(ids.both)
    expect(user.memberships!.find((m) => m.organization === organizationB.id)?.canEditUsers).toBe(
      false,
    )
  })

  it('refuses role escalation and profile changes of a member, naming the field', async () => {
    for (const [data, field] of [
      [{ role: 'admin' }, 'role'],
      [{ role: 'accountant' }, 'role'],
      [{ email: `hijack-${tag}@example.test` }, 'email'],
      [{ password: 'Chosen-By-The-Manager-1' }, 'password'],
      [{ disabled: true }, 'disabled'],
    ] as const) {
      const res = await as('manager', request(server).patch(`/api/users/${ids.onlyA}`)).send(data)
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(403)
      expect(JSON.stringify(res.body)).toContain(field)
    }
    const user = await stored(ids.onlyA)
    expect(user.role).toBe('subscriber')
    expect(user.email).toBe(`only-a-${tag}@example.test`)
  })

  it("refuses a member of another organization, staff, and the manager's own memberships", async () => {
    const { organizationA } = world.organizations
    const other = await as(
      'manager',
      request(server).patch(`/api/users/${world.users.subscriberB.id}`),
    ).send({
      memberships: [{ organization: organizationA.id }],
    })
    expect([403, 404]).toContain(other.status)
    expect(organizationsOf(await stored(world.users.subscriberB.id))).toEqual([
      world.organizations.organizationB.id,
    ])
    const staff = await as(
      'manager',
      request(server).patch(`/api/users/${world.users.accountant.id}`),
    ).send({
      memberships: [{ organization: organizationA.id }],
    })
    expect([403, 404]).toContain(staff.status)
    const own = await as('manager', request(server).patch(`/api/users/${ids.manager}`)).send({
      memberships: [
        {
          organization: organizationA.id,
          canViewStreams: true,
          canEditUsers: true,
          canEditStreams: true,
        },
      ],
    })
    expect(own.status).toBe(403)
    expect(JSON.stringify(own.body)).toContain('memberships')
  })

  it('a plain member changes no other user', async () => {
    const res = await as('member', request(server).patch(`/api/users/${ids.onlyA}`)).send({
      memberships: [{ organization: world.organizations.organizationA.id, canEditUsers: true }],
    })
    expect([403, 404]).toContain(res.status)
  })

  it("keeps the administrator's permissions: a 403 that says why", async () => {
    const { parent } = world.organizations
    const res = await as('parentAdmin', request(server).post('/api/users')).send(
      newUser([{ organization: parent.id, canViewStreams: true, canEditUsers: true }]),
    )
    expect(res.status).toBe(201)
    auth.coManager = await loginHeader(res.body.doc.email, PASSWORD)
    const demote = await as(
      'coManager',
      request(server).patch(`/api/users/${world.users.parentAdmin.id}`),
    ).send({
      memberships: [{ organization: parent.id, canViewStreams: true }],
    })
    expect(demote.status).toBe(403)
    expect(JSON.stringify(demote.body)).toContain('administer')
  })
})

describe('GraphQL', () => {
  it('answers the same refusals with 403 and the field', async () => {
    const create = await gql(
      'manager',
      'mutation ($data: mutationUserInput!) { createUser(data: $data) { id } }',
      {
        data: {
          ...newUser([{ organization: world.organizations.organizationB.id }]),
          role: 'subscriber',
        },
      },
    )
    expect(create.status).toBe(403)
    expect(JSON.stringify(create.body)).toContain('memberships')
    const escalate = await gql(
      'manager',
      'mutation ($id: Int!, $data: mutationUserUpdateInput!) { updateUser(id: $id, data: $data) { id } }',
      {
        id: ids.onlyA,
        data: { role: 'admin' },
      },
    )
    expect(escalate.status).toBe(403)
    expect(JSON.stringify(escalate.body)).toContain('role')
    const allowed = await gql(
      'manager',
      'mutation ($data: mutationUserInput!) { createUser(data: $data) { id memberships { organization { id } } } }',
      {
        data: {
          ...newUser([{ organization: world.organizations.organizationA.id }]),
          role: 'subscriber',
        },
      },
    )
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200)
    expect(allowed.body.data.createUser.id).toBeTruthy()
  })
})

describe('removing members', () => {
  it('deletes a member whose only organization it was; keeps a member of others', async () => {
    const refused = await as('manager', request(server).delete(`/api/users/${ids.both}`))
    expect([403, 404]).toContain(refused.status)
    expect(organizationsOf(await stored(ids.both))).toHaveLength(2)
    const other = await as(
      'manager',
      request(server).delete(`/api/users/${world.users.subscriberB.id}`),
    )
    expect([403, 404]).toContain(other.status)
    const own = await as('manager', request(server).delete(`/api/users/${ids.manager}`))
    expect([403, 404]).toContain(own.status)
    const removed = await as('manager', request(server).delete(`/api/users/${ids.onlyA}`))
    expect(removed.status, JSON.stringify(removed.body)).toBe(200)
    const gone = await payload.find({ collection: 'users', where: { id: { equals: ids.onlyA } } })
    expect(gone.docs).toHaveLength(0)
  })

  it('removes only the membership of a member of other organizations', async () => {
    const res = await as('manager', request(server).patch(`/api/users/${ids.both}`)).send({
      memberships: [],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(organizationsOf(await stored(ids.both))).toEqual([world.organizations.organizationB.id])
  })
})
