/**
 * Access matrix: every role × every collection × create/read/update/delete, through REST and
 * GraphQL. The expectations live in one table (`matrix`) so a change of policy is one line here.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

type Role = 'admin' | 'accountant' | 'subscriberA' | 'parentAdmin' | 'anonymous'
type Slug = 'services' | 'subscriptions' | 'organizations' | 'users' | 'invoices'
type Transport = 'rest' | 'graphql'

const roles: Role[] = ['admin', 'accountant', 'subscriberA', 'parentAdmin', 'anonymous']
const slugs: Slug[] = ['services', 'subscriptions', 'organizations', 'users', 'invoices']
const transports: Transport[] = ['rest', 'graphql']

/** GraphQL names of each collection. */
const names: Record<Slug, { one: string; many: string }> = {
  services: { one: 'Service', many: 'Services' },
  subscriptions: { one: 'Subscription', many: 'Subscriptions' },
  organizations: { one: 'Organization', many: 'Organizations' },
  users: { one: 'User', many: 'Users' },
  invoices: { one: 'Invoice', many: 'Invoices' },
}

let world: World
let payload: Payload
let server: Server
const auth: Partial<Record<Role, string>> = {}
let counter = 0
const unique = (prefix: string) => `${prefix}-acc-${Date.now().toString(36)}-${(counter += 1)}`

/** Ids per collection that a role must see (`visible`) and must not see (`hidden`). */
function scope(role: Role, slug: Slug): { visible: number[]; hidden: number[] } {
  const { users, services, subscriptions, organizations, invoices } = world
  const all = {
    services: Object.values(services).map((d) => d.id),
    subscriptions: Object.values(subscriptions).map((d) => d.id),
    organizations: Object.values(organizations).map((d) => d.id),
    users: Object.values(users).map((d) => d.id),
    invoices: Object.values(invoices).map((d) => d.id),
  }[slug]
  const split = (visible: number[]) => ({
    visible,
    hidden: all.filter((id) => !visible.includes(id)),
  })
  if (role === 'admin' || role === 'accountant') return { visible: all, hidden: [] }
  if (role === 'anonymous') return { visible: [], hidden: all }
  if (role === 'subscriberA') {
    return split(
      {
        services: [services.archive.id], // the services of "Basic", org A's only subscription
        subscriptions: [subscriptions.basic.id],
        organizations: [organizations.organizationA.id],
        users: [users.subscriberA.id],
        invoices: [invoices.invoiceA.id],
      }[slug],
    )
  }
  // parentAdmin administers the parent, so it also sees the subsidiary and what it is offered
  return split(
    {
      services: [services.archive.id, services.faces.id],
      subscriptions: [subscriptions.basic.id, subscriptions.premium.id],
      organizations: [organizations.parent.id, organizations.subsidiary.id],
      users: [users.parentAdmin.id],
      invoices: [invoices.invoiceParent.id, invoices.invoiceSubsidiary.id],
    }[slug],
  )
}

type Outcome = 'allow' | 'deny'
/** Create / update / delete per role and collection (reads are scoped by `scope`). */
const matrix: Record<Role, Record<Slug, { create: Outcome; update: Outcome; delete: Outcome }>> = {
  admin: {
    services: { create: 'allow', update: 'allow', delete: 'allow' },
    subscriptions: { create: 'allow', update: 'allow', delete: 'allow' },
    organizations: { create: 'allow', update: 'allow', delete: 'allow' },
    users: { create: 'allow', update: 'allow', delete: 'allow' },
    invoices: { create: 'allow', update: 'allow', delete: 'allow' },
  },
  accountant: {
    services: { create: 'allow', update: 'allow', delete: 'allow' },
    subscriptions: { create: 'allow', update: 'allow', delete: 'allow' },
    organizations: { create: 'allow', update: 'allow', delete: 'allow' },
    users: { create: 'allow', update: 'allow', delete: 'allow' }, // non-admin users; see below
    invoices: { create: 'allow', update: 'allow', delete: 'allow' },
  },
  subscriberA: {
    services: { create: 'deny', update: 'deny', delete: 'deny' },
    subscriptions: { create: 'deny', update: 'deny', delete: 'deny' },
    organizations: { create: 'deny', update: 'deny', delete: 'deny' },
    users: { create: 'deny', update: 'allow', delete: 'deny' }, // update: its own profile only
    invoices: { create: 'deny', update: 'deny', delete: 'deny' },
  },
  parentAdmin: {
    services: { create: 'deny', update: 'deny', delete: 'deny' },
    subscriptions: { create: 'deny', update: 'deny', delete: 'deny' },
    organizations: { create: 'deny', update: 'deny', delete: 'deny' },
    users: { create: 'deny', update: 'allow', delete: 'deny' },
    invoices: { create: 'deny', update: 'deny', delete: 'deny' },
  },
  anonymous: {
    services: { create: 'deny', update: 'deny', delete: 'deny' },
    subscriptions: { create: 'deny', update: 'deny', delete: 'deny' },
    organizations: { create: 'deny', update: 'deny', delete: 'deny' },
    users: { create: 'deny', update: 'deny', delete: 'deny' },
    invoices: { create: 'deny', update: 'deny', delete: 'deny' },
  },
}

let periodMonth = 0
/** Valid data for a new document (REST and GraphQL share it). */
function newData(slug: Slug): Record<string, unknown> {
  switch (slug) {
    case 'services':
      return { title: unique('svc'), kind: 'storage', storageGb: 10, price: 100, currency: 'USD' }
    case 'subscriptions':
      // GraphQL inputs make fields with defaults required, so every call sends them
      return {
        title: unique('sub'),
        services: [world.services.archive.id],
        currency: 'USD',
        status: 'active',
      }
    case 'organizations':
      return {
        title: unique('org'),
        payer: 'self',
        timezone: 'UTC',
        taxRateBp: 0,
        currency: 'USD',
        status: 'active',
      }
    case 'users': {
      const login = unique('user')
      return { email: `${login}@example.test`, login, password: PASSWORD, role: 'subscriber' }
    }
    case 'invoices': {
      // a throwaway organization, so a per-payer-and-period uniqueness never gets in the way
      periodMonth = (periodMonth % 12) + 1
      return {
        organization: world.organizations.organizationB.id,
        period: `2025-${String(periodMonth).padStart(2, '0')}`,
        status: 'draft',
        currency: 'USD',
        subtotal: 0,
        tax: 0,
        total: 0,
      }
    }
  }
}

/** A small change that every role allowed to update may make. */
function patchData(slug: Slug): Record<string, unknown> {
  if (slug === 'users') return { name: unique('name') }
  if (slug === 'invoices') return { subtotal: (counter += 1), total: counter }
  return { title: unique('renamed') }
}

/** The document each role tries to update: one it can see when it can see any. */
function updateTarget(role: Role, slug: Slug): number {
  if (slug === 'users') {
    if (role === 'subscriberA') return world.users.subscriberA.id
    if (role === 'parentAdmin') return world.users.parentAdmin.id
    return world.users.subscriberB.id
  }
  const { visible, hidden } = scope(role, slug)
  return visible[0] ?? hidden[0]
}

async function createThrowaway(slug: Slug): Promise<number> {
  const doc = await payload.create({
    collection: slug,
    data: newData(slug) as never,
    overrideAccess: true,
  })
  return doc.id as number
}

async function count(slug: Slug): Promise<number> {
  return (await payload.count({ collection: slug })).totalDocs
}

async function exists(slug: Slug, id: number): Promise<boolean> {
  const found = await payload.find({ collection: slug, where: { id: { equals: id } }, depth: 0 })
  return found.docs.length === 1
}

// ---------------------------------------------------------------------------------------------
// One client that speaks REST or GraphQL and answers { status, id?, ids? }

interface Answer {
  status: number
  id?: number
  ids?: number[]
  body: unknown
}

function withAuth(test: request.Test, role: Role): request.Test {
  const header = auth[role]
  return header ? test.set('Authorization', header) : test
}

async function graphql(role: Role, query: string, variables?: Record<string, unknown>) {
  return withAuth(request(server).post('/api/graphql'), role).send({ query, variables })
}

const client = {
  async list(transport: Transport, role: Role, slug: Slug): Promise<Answer> {
    if (transport === 'rest') {
      const res = await withAuth(request(server).get(`/api/${slug}?limit=1000&depth=0`), role)
      return {
        status: res.status,
        ids: res.body?.docs?.map((d: { id: number }) => d.id),
        body: res.body,
      }
    }
    const res = await graphql(role, `{ ${names[slug].many}(limit: 1000) { docs { id } } }`)
    const docs = res.body?.data?.[names[slug].many]?.docs
    return { status: res.status, ids: docs?.map((d: { id: number }) => d.id), body: res.body }
  },
  async read(transport: Transport, role: Role, slug: Slug, id: number): Promise<Answer> {
    if (transport === 'rest') {
      const res = await withAuth(request(server).get(`/api/${slug}/${id}?depth=0`), role)
      return { status: res.status, id: res.body?.id, body: res.body }
    }
    const res = await graphql(role, `{ ${names[slug].one}(id: ${id}) { id } }`)
    return { status: res.status, id: res.body?.data?.[names[slug].one]?.id, body: res.body }
  },
  async create(
    transport: Transport,
    role: Role,
    slug: Slug,
    data: Record<string, unknown>,
  ): Promise<Answer> {
    if (transport === 'rest') {
      const res = await withAuth(request(server).post(`/api/${slug}`), role).send(data)
      return { status: res.status, id: res.body?.doc?.id, body: res.body }
    }
    const { one } = names[slug]
    const res = await graphql(
      role,
      `mutation ($data: mutation${one}Input!) { create${one}(data: $data) { id } }`,
      { data },
    )
    return { status: res.status, id: res.body?.data?.[`create${one}`]?.id, body: res.body }
  },
  async update(
    transport: Transport,
    role: Role,
    slug: Slug,
    id: number,
    data: Record<string, unknown>,
  ): Promise<Answer> {
    if (transport === 'rest') {
      const res = await withAuth(request(server).patch(`/api/${slug}/${id}`), role).send(data)
      return { status: res.status, id: res.body?.doc?.id, body: res.body }
    }
    const { one } = names[slug]
    const res = await graphql(
      role,
      `mutation ($id: Int!, $data: mutation${one}UpdateInput!) { update${one}(id: $id, data: $data) { id } }`,
      { id, data },
    )
    return { status: res.status, id: res.body?.data?.[`update${one}`]?.id, body: res.body }
  },
  async remove(transport: Transport, role: Role, slug: Slug, id: number): Promise<Answer> {
    if (transport === 'rest') {
      const res = await withAuth(request(server).delete(`/api/${slug}/${id}`), role)
      return { status: res.status, id: res.body?.doc?.id, body: res.body }
    }
    const { one } = names[slug]
    const res = await graphql(role, `mutation { delete${one}(id: ${id}) { id } }`)
    return { status: res.status, id: res.body?.data?.[`delete${one}`]?.id, body: res.body }
  },
}

const denied = (role: Role) => (role === 'anonymous' ? [401, 403] : [403])
const show = (answer: Answer) => JSON.stringify(answer.body).slice(0, 400)

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
  world = await createWorld(payload, 'access')
  const { users } = world
  const [admin, accountant, subscriberA, parentAdmin] = await Promise.all([
    loginHeader(users.admin.email, PASSWORD),
    loginHeader(users.accountant.email, PASSWORD),
    loginHeader(users.subscriberA.email, PASSWORD),
    loginHeader(users.parentAdmin.email, PASSWORD),
  ])
  Object.assign(auth, { admin, accountant, subscriberA, parentAdmin })
})

describe.each(transports)('access matrix through %s', (transport) => {
  describe.each(roles)('%s', (role) => {
    it.each(slugs)('reads %s: its own, never others', async (slug) => {
      const { visible, hidden } = scope(role, slug)
      const list = await client.list(transport, role, slug)
      if (role === 'anonymous') {
        expect(denied(role), show(list)).toContain(list.status)
        expect(list.ids ?? []).toEqual([])
      } else {
        expect(list.status, show(list)).toBe(200)
        expect(list.ids).toEqual(expect.arrayContaining(visible))
        for (const id of hidden) expect(list.ids, `${slug} ${id} listed`).not.toContain(id)
      }
      for (const id of visible) {
        const one = await client.read(transport, role, slug, id)
        expect(one.status, show(one)).toBe(200)
        expect(Number(one.id)).toBe(id)
      }
      for (const id of hidden) {
        const one = await client.read(transport, role, slug, id)
        expect([401, 403, 404], `${slug} ${id}: ${show(one)}`).toContain(one.status)
        expect(one.id).toBeUndefined()
      }
    })

    it.each(slugs)('creates %s per the matrix', async (slug) => {
      const before = await count(slug)
      const answer = await client.create(transport, role, slug, newData(slug))
      if (matrix[role][slug].create === 'allow') {
        expect(answer.status, show(answer)).toBe(transport === 'rest' ? 201 : 200)
        expect(await exists(slug, Number(answer.id))).toBe(true)
      } else {
        expect(denied(role), show(answer)).toContain(answer.status)
        expect(await count(slug)).toBe(before)
      }
    })

    it.each(slugs)('updates %s per the matrix', async (slug) => {
      const id = updateTarget(role, slug)
      const data = patchData(slug)
      const answer = await client.update(transport, role, slug, id, data)
      const stored = (await payload.findByID({
        collection: slug,
        id,
        depth: 0,
      })) as unknown as Record<string, unknown>
      const [field, value] = Object.entries(data)[0]
      if (matrix[role][slug].update === 'allow') {
        expect(answer.status, show(answer)).toBe(200)
        expect(stored[field]).toEqual(value)
      } else {
        expect(denied(role), show(answer)).toContain(answer.status)
        expect(stored[field]).not.toEqual(value)
      }
    })

    it.each(slugs)('deletes %s per the matrix', async (slug) => {
      if (matrix[role][slug].delete === 'allow') {
        const id = await createThrowaway(slug)
        const answer = await client.remove(transport, role, slug, id)
        expect(answer.status, show(answer)).toBe(200)
        expect(await exists(slug, id)).toBe(false)
      } else {
        const id = updateTarget(role, slug)
        const answer = await client.remove(transport, role, slug, id)
        expect(denied(role), show(answer)).toContain(answer.status)
        expect(await exists(slug, id)).toBe(true)
      }
    })
  })
})

describe.each(transports)('sensitive cases through %s', (transport) => {
  it('subscriber A cannot read an invoice of B by id, nor find it in the list', async () => {
    const { invoiceB } = world.invoices
    const one = await client.read(transport, 'subscriberA', 'invoices', invoiceB.id)
    expect([403, 404], show(one)).toContain(one.status)
    expect(one.id).toBeUndefined()
    const list = await client.list(transport, 'subscriberA', 'invoices')
    expect(list.ids).not.toContain(invoiceB.id)
    expect(list.ids).toEqual([world.invoices.invoiceA.id])
  })

  it('the parent administrator reads the subsidiary and its invoice', async () => {
    const { subsidiary } = world.organizations
    const organization = await client.read(transport, 'parentAdmin', 'organizations', subsidiary.id)
    expect(organization.status, show(organization)).toBe(200)
    const invoice = await client.read(
      transport,
      'parentAdmin',
      'invoices',
      world.invoices.invoiceSubsidiary.id,
    )
    expect(invoice.status, show(invoice)).toBe(200)
  })

  it('subscriber A cannot promote itself to admin', async () => {
    const id = world.users.subscriberA.id
    const answer = await client.update(transport, 'subscriberA', 'users', id, { role: 'admin' })
    expect(answer.status, show(answer)).toBe(403)
    const stored = await payload.findByID({ collection: 'users', id, depth: 0 })
    expect(stored.role).toBe('subscriber')
  })

  it('subscriber A cannot edit its own memberships', async () => {
    const id = world.users.subscriberA.id
    const { organizationA, organizationB } = world.organizations
    const answer = await client.update(transport, 'subscriberA', 'users', id, {
      memberships: [{ organization: organizationA.id }, { organization: organizationB.id }],
    })
    expect(answer.status, show(answer)).toBe(403)
    const stored = await payload.findByID({ collection: 'users', id, depth: 0 })
    expect(stored.memberships?.map((m) => m.organization)).toEqual([organizationA.id])
  })

  it('the accountant cannot create an admin, but creates a subscriber', async () => {
    const before = await count('users')
    const admin = newData('users')
    const refused = await client.create(transport, 'accountant', 'users', {
      ...admin,
      role: 'admin',
    })
    expect(refused.status, show(refused)).toBe(403)
    expect(await count('users')).toBe(before)
    const allowed = await client.create(transport, 'accountant', 'users', newData('users'))
    expect(allowed.status, show(allowed)).toBe(transport === 'rest' ? 201 : 200)
    const created = await payload.findByID({
      collection: 'users',
      id: Number(allowed.id),
      depth: 0,
    })
    expect(created.role).toBe('subscriber')
  })

  it('the accountant cannot edit an admin nor grant the admin role', async () => {
    const adminId = world.users.admin.id
    const name = unique('hijack')
    const edit = await client.update(transport, 'accountant', 'users', adminId, { name })
    expect([403, 404], show(edit)).toContain(edit.status)
    expect((await payload.findByID({ collection: 'users', id: adminId, depth: 0 })).name).not.toBe(
      name,
    )
    const subscriberB = world.users.subscriberB.id
    const promote = await client.update(transport, 'accountant', 'users', subscriberB, {
      role: 'admin',
    })
    expect(promote.status, show(promote)).toBe(403)
    expect((await payload.findByID({ collection: 'users', id: subscriberB, depth: 0 })).role).toBe(
      'subscriber',
    )
    const accountant = world.users.accountant.id
    const self = await client.update(transport, 'accountant', 'users', accountant, {
      role: 'admin',
    })
    expect(self.status, show(self)).toBe(403)
    expect((await payload.findByID({ collection: 'users', id: accountant, depth: 0 })).role).toBe(
      'accountant',
    )
    const remove = await client.remove(transport, 'accountant', 'users', adminId)
    expect([403, 404], show(remove)).toContain(remove.status)
    expect(await exists('users', adminId)).toBe(true)
  })

  it('a subscriber reads only its own user record', async () => {
    const list = await client.list(transport, 'subscriberA', 'users')
    expect(list.ids).toEqual([world.users.subscriberA.id])
  })

  it('a subscriber reads only the subscriptions available to its organizations', async () => {
    const list = await client.list(transport, 'subscriberA', 'subscriptions')
    expect(list.ids).toEqual([world.subscriptions.basic.id])
    const parent = await client.list(transport, 'parentAdmin', 'subscriptions')
    expect([...(parent.ids ?? [])].sort()).toEqual(
      [world.subscriptions.basic.id, world.subscriptions.premium.id].sort(),
    )
  })
})
