/**
 * What a subscriber may see is worked out in one query per request and shared by every check of
 * that request (REST, and one portal page's Local API reads), reaches subsidiaries at any depth,
 * and is never shared between users. The portal's cost estimate reads the terms of its own
 * organization tree only and prices exactly what the whole book would.
 */
import request from 'supertest'
import { createLocalReq, type Payload } from 'payload'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  administeredOrganizationIds,
  visibleOrganizationIds,
  visibleServiceIds,
  visibleSubscriptionIds,
} from '../../src/access/visibleOrganizations'
import { readByOrganizationField } from '../../src/access/scopedRead'
import { estimateCostSoFar } from '../../src/portal/costSoFar'
import { poolOf } from '../../src/db/pool'
import { loadTerms } from '../../src/invoicing'
import {
  managedOrganizationIds,
  organizationCostSoFar,
  organizationDashboard,
  readableInvoices,
  readableOrganizations,
  signedInPage,
} from '../../src/portal'
import type { Organization, User } from '../../src/payload-types'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { PASSWORD } from '../helpers/world'

const tag = `apr-${Date.now().toString(36)}`
const NOW = new Date('2026-11-16T00:00:00Z')
let payload: Payload
// root (administered by `administrator`) → child (billed to root) → grandchild (billed to child)
// → great-grandchild (pays for itself); `elsewhere` is another tree the member belongs to;
// `stranger` is a tree nobody here may see
const orgs: Record<
  'root' | 'child' | 'grandchild' | 'greatGrandchild' | 'elsewhere' | 'stranger',
  Organization
> = {} as never
const users: Record<'administrator' | 'member', User> = {} as never
const plans: Record<'flat' | 'other' | 'unoffered', number> = {} as never
const services: Record<'archive' | 'faces' | 'storage', number> = {} as never

// the text of a pool query: a string, or drizzle's query config
const textOf = (first: unknown) =>
  typeof first === 'string' ? first : String((first as { text?: string } | null)?.text ?? '')
const treeQueries = (calls: unknown[][]) =>
  calls.filter(([first]) => textOf(first).includes('with recursive tree')).length

beforeAll(async () => {
  payload = await testPayload()
  const create = (collection: string, data: Record<string, unknown>) =>
    (payload.create as any)({ collection, data, depth: 0 }) as Promise<any>
  const user = (login: string) =>
    create('users', {
      login: `${login}-${tag}`,
      email: `${login}-${tag}@example.test`,
      password: PASSWORD,
      role: 'subscriber',
    })
  const service = async (title: string, kind: string, extra: Record<string, unknown>) =>
    (
      await create('services', {
        title: `${title} ${tag}`,
        kind,
        price: 100,
        currency: 'USD',
        ...extra,
      })
    ).id as number
  services.archive = await service('Archive', 'continuous_archive', { archiveDays: 7 })
  services.faces = await service('Faces', 'analytics', { analytics: 'faces' })
  services.storage = await service('Storage', 'storage', { storageGb: 10 })
  const plan = async (title: string, serviceIds: number[], amount: number) =>
    (
      await create('subscriptions', {
        title: `${title} ${tag}`,
        currency: 'USD',
        services: serviceIds,
        prices: [{ from: '2026-01-01', amount }],
      })
    ).id as number
  plans.flat = await plan('Flat', [services.archive], 3000)
  plans.other = await plan('Other', [services.archive, services.faces], 1000)
  plans.unoffered = await plan('Unoffered', [services.storage], 9000)

  const administrator = await user('administrator')
  const member = await user('member')
  const organization = (title: string, data: Record<string, unknown>) =>
    create('organizations', {
      title: `${title} ${tag}`,
      currency: 'USD',
      timezone: 'UTC',
      taxRateBp: 1000,
      availableSubscriptions: [plans.flat],
      ...data,
    })
  orgs.root = await organization('Root', { administrator: administrator.id })
  orgs.child = await organization('Child', { parent: orgs.root.id, payer: 'parent' })
  orgs.grandchild = await organization('Grandchild', {
    parent: orgs.child.id,
    payer: 'parent',
    availableSubscriptions: [plans.flat, plans.other],
  })
  orgs.greatGrandchild = await organization('Great-grandchild', {
    parent: orgs.grandchild.id,
    payer: 'self',
  })
  orgs.elsewhere = await organization('Elsewhere', {})
  orgs.stranger = await organization('Stranger', {
    availableSubscriptions: [plans.unoffered],
  })
  await organization('Stranger child', { parent: orgs.stranger.id, payer: 'parent' })
  await payload.update({
    collection: 'users',
    id: member.id,
    data: { memberships: [{ organization: orgs.elsewhere.id }, { organization: orgs.child.id }] },
  })
  // usage on every organization of the root's invoice, on the great-grandchild's own invoice
  // and on the stranger's
  const usage = [
    [orgs.root, plans.flat, '2026-11-01T00:00:00Z'],
    [orgs.child, plans.flat, '2026-11-06T00:00:00Z'],
    [orgs.grandchild, plans.other, '2026-11-11T00:00:00Z'],
    [orgs.greatGrandchild, plans.flat, '2026-11-01T00:00:00Z'],
    [orgs.stranger, plans.unoffered, '2026-11-01T00:00:00Z'],
  ] as const
  for (const [index, [org, subscription, from]] of usage.entries())
    await create('camera-usage', {
      organization: org.id,
      subscription,
      cameraKey: `${tag}-${index}`,
      from,
      to: null,
    })
  users.administrator = (await payload.findByID({
    collection: 'users',
    id: administrator.id,
    depth: 0,
  })) as User
  users.member = (await payload.findByID({ collection: 'users', id: member.id, depth: 0 })) as User
})

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b)

describe('what a subscriber may see', () => {
  it('reaches every subsidiary of an administered organization, at any depth, and no other tree', async () => {
    const req = await createLocalReq(
      { user: { ...users.administrator, collection: 'users' } },
      payload,
    )
    expect(sorted(await administeredOrganizationIds(req))).toEqual(
      sorted([orgs.root.id, orgs.child.id, orgs.grandchild.id, orgs.greatGrandchild.id]),
    )
    expect(sorted(await visibleOrganizationIds(req))).toEqual(
      sorted([orgs.root.id, orgs.child.id, orgs.grandchild.id, orgs.greatGrandchild.id]),
    )
    expect(sorted(await visibleSubscriptionIds(req))).toEqual(sorted([plans.flat, plans.other]))
    expect(sorted(await visibleServiceIds(req))).toEqual(sorted([services.archive, services.faces]))
  })

  it('a plain member sees the organizations of its memberships only, not their subsidiaries', async () => {
    const req = await createLocalReq({ user: { ...users.member, collection: 'users' } }, payload)
    expect(await administeredOrganizationIds(req)).toEqual([])
    expect(sorted(await visibleOrganizationIds(req))).toEqual(
      sorted([orgs.elsewhere.id, orgs.child.id]),
    )
    expect(sorted(await visibleServiceIds(req))).toEqual([services.archive])
  })

  it('is worked out per user: a request whose user changes does not keep the first set', async () => {
    const req = await createLocalReq(
      { user: { ...users.administrator, collection: 'users' } },
      payload,
    )
    expect(await visibleOrganizationIds(req)).toContain(orgs.root.id)
    req.user = { ...users.member, collection: 'users' } as never
    expect(sorted(await visibleOrganizationIds(req))).toEqual(
      sorted([orgs.elsewhere.id, orgs.child.id]),
    )
    req.user = null
    expect(await visibleOrganizationIds(req)).toEqual([])
  })

  it('one tree query per REST request, however many checks (the populated relations too)', async () => {
    const server = await testServer()
    const authorization = await loginHeader(users.administrator.email, PASSWORD)
    const query = vi.spyOn(poolOf(payload), 'query')
    try {
      for (const route of ['/api/organizations', '/api/invoices?limit=10', '/api/users/me']) {
        query.mockClear()
        const response = await request(server).get(route).set('Authorization', authorization)
        expect(response.status, route).toBe(200)
        expect(treeQueries(query.mock.calls), route).toBeLessThanOrEqual(1)
      }
      // the available subscriptions come with the tree: the lines' subscriptions need no query of their own
      query.mockClear()
      const invoices = await request(server)
        .get('/api/invoices?limit=10')
        .set('Authorization', authorization)
      expect(invoices.status).toBe(200)
      expect(
        query.mock.calls.filter(
          ([first]) =>
            textOf(first).includes('organizations_rels') &&
            !textOf(first).includes('with recursive tree'),
        ).length,
      ).toBe(0)
      // reading itself by id: no tree at all
      query.mockClear()
      const me = await request(server).get('/api/users/me').set('Authorization', authorization)
      expect(me.body.user.id).toBe(users.administrator.id)
      expect(treeQueries(query.mock.calls)).toBe(0)
      query.mockClear()
      const organizations = await request(server)
        .get('/api/organizations?limit=100&depth=2')
        .set('Authorization', authorization)
      expect(treeQueries(query.mock.calls)).toBe(1)
      expect(sorted(organizations.body.docs.map((doc: { id: number }) => doc.id))).toEqual(
        sorted([orgs.root.id, orgs.child.id, orgs.grandchild.id, orgs.greatGrandchild.id]),
      )
    } finally {
      query.mockRestore()
    }
  })

  it("one tree query for all of a portal page's reads, and the page sees what REST does", async () => {
    const authorization = await loginHeader(users.administrator.email, PASSWORD)
    const headers = new Headers({ authorization })
    const query = vi.spyOn(poolOf(payload), 'query')
    try {
      const user = await signedInPage(payload, headers)
      expect(user?.id).toBe(users.administrator.id)
      const organizations = await readableOrganizations(payload, user!)
      const root = organizations.find((o) => o.id === orgs.root.id)!
      const [invoices, managed] = await Promise.all([
        readableInvoices(payload, user!, { limit: 25 }),
        managedOrganizationIds(payload, user!),
        organizationDashboard(payload, user!, root),
        organizationCostSoFar(payload, user!, root, NOW),
      ])
      expect(treeQueries(query.mock.calls)).toBe(1)
      expect(sorted(organizations.map((o) => o.id))).toEqual(
        sorted([orgs.root.id, orgs.child.id, orgs.grandchild.id, orgs.greatGrandchild.id]),
      )
      expect(sorted(managed)).toEqual(sorted(organizations.map((o) => o.id)))
      expect(invoices.docs).toEqual([])
    } finally {
      query.mockRestore()
    }
  })

  it("a subscriber's documents by organization: equalities PostgreSQL estimates right, the same rows", async () => {
    const req = await createLocalReq(
      { user: { ...users.administrator, collection: 'users' } },
      payload,
    )
    const where = await readByOrganizationField({ req } as never)
    expect(where).toEqual({
      or: sorted(await visibleOrganizationIds(req)).map((id) => ({
        organization: { equals: id },
      })),
    })
    // the camera usage the administrator reads: its tree's, not the stranger's
    const usage = await payload.find({
      collection: 'camera-usage',
      req,
      overrideAccess: false,
      depth: 0,
      limit: 0,
      pagination: false,
    })
    expect(sorted([...new Set(usage.docs.map((doc) => doc.organization as number))])).toEqual(
      sorted([orgs.root.id, orgs.child.id, orgs.grandchild.id, orgs.greatGrandchild.id]),
    )
    const nobody = await createLocalReq(
      { user: { ...users.member, id: 999_999_999, memberships: [], collection: 'users' } },
      payload,
    )
    expect(await readByOrganizationField({ req: nobody } as never)).toEqual({
      organization: { in: [-1] },
    })
  })

  it('no user from a request without credentials', async () => {
    expect(await signedInPage(payload, new Headers())).toBeNull()
  })
})

describe("the portal's lists read what the pages show", () => {
  it('organizations: the fields the dashboard and switchers use, without the ledger sum', async () => {
    const query = vi.spyOn(poolOf(payload), 'query')
    try {
      const organizations = await readableOrganizations(payload, users.administrator)
      const calls = query.mock.calls.map(([first]) => textOf(first))
      expect(calls.some((text) => text.includes('ledger_entries'))).toBe(false)
      const grandchild = organizations.find((o) => o.id === orgs.grandchild.id)!
      expect(grandchild).toMatchObject({
        title: orgs.grandchild.title,
        parent: orgs.child.id,
        payer: 'parent',
        status: 'active',
        timezone: 'UTC',
        availableSubscriptions: [plans.flat, plans.other],
      })
      expect(grandchild).not.toHaveProperty('balance')
    } finally {
      query.mockRestore()
    }
  })

  it("the dashboard's latest invoices: no count query; the invoice list still counts", async () => {
    const query = vi.spyOn(poolOf(payload), 'query')
    const counts = () =>
      query.mock.calls.filter(([first]) => textOf(first).startsWith('select count')).length
    try {
      await readableInvoices(payload, users.administrator, { limit: 5, count: false })
      expect(counts()).toBe(0)
      const page = await readableInvoices(payload, users.administrator, { limit: 25 })
      expect(counts()).toBe(1)
      expect(page.totalDocs).toBe(0)
    } finally {
      query.mockRestore()
    }
  })
})

describe("the portal's cost estimate on its own tree", () => {
  // the same estimate from the whole book's terms (what the month close loads) and the usage the
  // user may read: loading only the organization's tree must change nothing
  const fromWholeBook = async (user: User, organization: Organization) => {
    const { organizations, subscriptions } = await loadTerms(payload)
    const usage = await payload.find({
      collection: 'camera-usage',
      where: { organization: { in: [...organizations.keys()] } },
      user,
      overrideAccess: false,
      depth: 0,
      limit: 0,
      pagination: false,
    })
    return estimateCostSoFar({
      organizationId: organization.id,
      now: NOW,
      organizations,
      subscriptions,
      intervals: usage.docs.map((doc) => ({
        organizationId: doc.organization as number,
        subscriptionId: doc.subscription as number,
        cameraKey: doc.id.toString(),
        from: new Date(doc.from),
        to: doc.to ? new Date(doc.to) : null,
      })),
    })
  }

  it.each([
    ['administrator', 'root'],
    ['administrator', 'grandchild'],
    ['administrator', 'greatGrandchild'],
    ['member', 'child'],
  ] as const)('%s, %s: the same figures as from the whole book', async (who, which) => {
    const user = users[who]
    const organization = orgs[which]
    const result = await organizationCostSoFar(payload, user, organization, NOW)
    expect(result.estimate).not.toBeNull()
    const expected = await fromWholeBook(user, organization)
    const { asOf: _asOf, ...figures } = result.estimate!
    const { asOf: _expectedAsOf, ...expectedFigures } = expected
    expect(figures).toEqual(expectedFigures)
  })

  it("the root's invoice so far, worked out: root, child and grandchild on it, not the great-grandchild", async () => {
    const result = await organizationCostSoFar(payload, users.administrator, orgs.root, NOW)
    // November has 2 592 000 s; up to the 16th: root 15 days of Flat (3000 × 15/30 = 1500),
    // child 10 days of Flat (1000), grandchild 5 days of Other (1000 × 5/30 = 166.67 → 167)
    expect(result.estimate).toMatchObject({
      basis: 'invoice',
      payerId: orgs.root.id,
      subtotal: 2667,
      tax: 267,
      total: 2934,
    })
  })
})
