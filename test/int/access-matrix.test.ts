/**
 * The access matrix of issue 12 ("tenant and account safety"), GENERATED from the running
 * configuration: every collection of `config.collections` (ours, the Watcher plugin's, dunning's and
 * Payload's own: payload-kv, payload-jobs, payload-locked-documents, payload-preferences,
 * payload-migrations) and every global of `config.globals`, for every role, every operation, through
 * REST, GraphQL and the Local API (`overrideAccess: false` with a `user`).
 *
 * The expected policy is one table, `policy` (collections) and `globalPolicy` (globals): a grant per
 * operation and role, `all`, `own` or `none`. What `own` means for a collection is said by its probes
 * (`fixtures`): the documents each test reads and writes, each naming the roles it belongs to. A
 * collection or global missing from the table fails the test: a new collection cannot ship without
 * rules.
 *
 * Every probe is side-effect free where access is right: creates send data that fails validation
 * once access lets it through (denied 403, allowed 400); a copy (duplicate) is tried where creating
 * is refused; updates send `{}` (or the value already stored); deletes target a nonexistent id
 * (denied 403, allowed 404), a document the role may not delete (403, still there), or a throwaway
 * made for the purpose ('own' deletes); bulk writes target, by `where[id][in]`, the probes the role
 * may not write, and the rows are compared before and after. A probe a wrongly allowed delete removed
 * is put back (same id) so that the cells after it still mean something.
 *
 * GraphQL: reads, count and by-id reads in one aliased query, updates and deletes in aliased
 * mutations; creates (and copies) go through the create mutation with the schema's required fields
 * filled with values Payload's validation refuses. (Payload 3.90's `Access` query cannot be used: it
 * answers null for every non-nullable `permission` and fails.) GraphQL has no bulk writes.
 *
 * Payload 3.90's answers, which the expectations follow:
 * - access `false` → 403 Forbidden, for every operation (also for anonymous callers);
 * - a row-level `Where` that excludes the document → 404 for find by id, an empty list or count,
 *   but 403 for update and delete by id (Payload answers Forbidden when a Where policy hides the row);
 *   a nonexistent id under a Where policy is therefore 403, under `true` 404;
 * - bulk update / delete under a Where policy silently match nothing (200, `docs: []`): the policy
 *   wants them refused outright (403, the error naming `where`) for every non-staff caller.
 *
 * Each `it` is one (collection, API, role) and lists every cell that differs from the policy, so a
 * failing run shows the whole difference at once.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import { formatNames, toWords, type Payload, type SanitizedConfig } from 'payload'
import configPromise from '@payload-config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

// ---------------------------------------------------------------------------------------------
// The policy

const roles = ['anonymous', 'member', 'manager', 'other', 'accountant', 'admin'] as const
type Role = (typeof roles)[number]
const staffRoles: readonly Role[] = ['accountant', 'admin']
const isStaffRole = (role: Role) => staffRoles.includes(role)

/** `own`: what the probes of the collection say belongs to the role (see `fixtures`). */
type Grant = 'all' | 'own' | 'none'
type Rule = Record<Role, Grant>
type Op = 'read' | 'create' | 'update' | 'delete'

const rule = (grants: Partial<Rule> = {}): Rule => ({
  anonymous: 'none',
  member: 'none',
  manager: 'none',
  other: 'none',
  accountant: 'none',
  admin: 'none',
  ...grants,
})
const NOBODY = rule()
const ADMIN = rule({ admin: 'all' })
const STAFF = rule({ accountant: 'all', admin: 'all' })
/** Subscribers their own (their organizations' documents), staff everything. */
const OWN_STAFF_ALL = rule({
  member: 'own',
  manager: 'own',
  other: 'own',
  accountant: 'all',
  admin: 'all',
})
/** Every signed-in user its own, staff included; anonymous nothing. */
const SIGNED_IN_OWN = rule({
  member: 'own',
  manager: 'own',
  other: 'own',
  accountant: 'own',
  admin: 'own',
})

interface CollectionRules extends Record<Op, Rule> {
  /** Payload serves no REST routes for it (every route answers 404 / 501). */
  rest?: false
  /** Not in the GraphQL schema. */
  graphql?: false
}

const readOnly = (read: Rule): CollectionRules => ({
  read,
  create: NOBODY,
  update: NOBODY,
  delete: NOBODY,
})
const staffWritten = (read: Rule): CollectionRules => ({
  read,
  create: STAFF,
  update: STAFF,
  delete: STAFF,
})
/** Money records: read by their payer's members, entered by staff, never changed or removed. */
const immutable: CollectionRules = {
  read: OWN_STAFF_ALL,
  create: STAFF,
  update: NOBODY,
  delete: NOBODY,
}

const policy: Record<string, CollectionRules> = {
  services: staffWritten(OWN_STAFF_ALL),
  subscriptions: staffWritten(OWN_STAFF_ALL),
  organizations: staffWritten(OWN_STAFF_ALL),
  users: {
    // member/other: itself; manager: itself and the subscriber members of the organizations it manages
    read: OWN_STAFF_ALL,
    // the manager: subscribers within its organizations only
    create: rule({ manager: 'own', accountant: 'all', admin: 'all' }),
    // subscribers: their own profile; the manager also its members (their memberships only);
    // the accountant: non-admins and itself
    update: rule({ member: 'own', manager: 'own', other: 'own', accountant: 'own', admin: 'all' }),
    // the manager: members whose every membership is in organizations it manages (not itself, not
    // an administrator); the accountant: non-admins
    delete: rule({ manager: 'own', accountant: 'own', admin: 'all' }),
  },
  invoices: staffWritten(OWN_STAFF_ALL),
  'camera-usage': { read: OWN_STAFF_ALL, create: NOBODY, update: NOBODY, delete: ADMIN },
  'usage-collections': readOnly(STAFF),
  'invoice-documents': readOnly(NOBODY),
  'billing-events': readOnly(STAFF),
  'webhook-endpoints': { read: ADMIN, create: ADMIN, update: ADMIN, delete: ADMIN },
  'webhook-deliveries': readOnly(STAFF),
  'email-deliveries': readOnly(STAFF),
  payments: immutable,
  'credit-notes': immutable,
  'ledger-entries': immutable,
  'sync-events': readOnly(STAFF),
  'reconcile-reports': readOnly(STAFF),
  'dunning-actions': readOnly(STAFF),
  'price-changes': readOnly(STAFF),
  'dunning-stream-holds': readOnly(ADMIN),
  'payload-kv': readOnly(NOBODY),
  // only the worker runs jobs (behind its advisory lock); the admin reads the queue (the Watcher
  // plugin's view of it) and may delete a job; nobody creates or changes one through an API
  'payload-jobs': { read: ADMIN, create: NOBODY, update: NOBODY, delete: ADMIN },
  // staff everything; subscribers read and delete their own locks, never create or update one
  'payload-locked-documents': {
    read: OWN_STAFF_ALL,
    create: STAFF,
    update: STAFF,
    delete: OWN_STAFF_ALL,
  },
  // each signed-in user its own (a create is always in the caller's name)
  'payload-preferences': {
    read: SIGNED_IN_OWN,
    create: SIGNED_IN_OWN,
    update: SIGNED_IN_OWN,
    delete: SIGNED_IN_OWN,
  },
  // no REST or GraphQL at all; the Local API reads for the admin only
  'payload-migrations': { ...readOnly(ADMIN), rest: false, graphql: false },
}

const globalPolicy: Record<string, { read: Rule; update: Rule }> = {
  'dunning-policy': { read: STAFF, update: ADMIN },
  'payload-jobs-stats': { read: ADMIN, update: NOBODY },
}

/** System collections the matrix must cover: they come from Payload, not from our list. */
const systemCollections = [
  'payload-kv',
  'payload-jobs',
  'payload-locked-documents',
  'payload-preferences',
  'payload-migrations',
]
const systemGlobals = ['payload-jobs-stats', 'dunning-policy']

// ---------------------------------------------------------------------------------------------
// The configuration the matrix is generated from

const config: SanitizedConfig = await configPromise
const collectionSlugs: string[] = config.collections.map((collection) => collection.slug)
const globalSlugs: string[] = (config.globals ?? []).map((global) => global.slug)

// ---------------------------------------------------------------------------------------------
// Probes: the documents of each collection, and whose they are

interface Probe {
  id: number
  label: string
  /** Roles for which the document is their own, per operation; update and delete default to read. */
  own: Partial<Record<'read' | 'update' | 'delete', readonly Role[]>>
  /** payload-preferences: REST by-id routes take the key (Payload's own /:key endpoints). */
  key?: string
  /** What an update by id sends (default `{}`): a change that changes nothing. */
  patch?: Record<string, unknown>
}

interface Fixture {
  probes: Probe[]
  /** Create data that fails validation once access lets it through (allowed → 400, denied → 403). */
  invalid: Record<string, unknown>
  /** A fresh document `role` owns, deleted for real where the role's delete grant is 'own'. */
  throwaway?: (role: Role) => Promise<Probe>
  /** REST GET/DELETE /:id of this collection are Payload's by-key preference routes. */
  restByKey?: true
  /** A create stores the caller as `user`, whatever `user` was sent. */
  createdInCallersName?: true
  /** GraphQL create: values over the schema's placeholders (which are the first enum value, '', 0). */
  graphqlCreate?: Record<string, unknown>
}

const NONEXISTENT = 2_000_000_000
const tag = `mx-${Date.now().toString(36)}`
let counter = 0
const unique = (prefix: string) => `${prefix}-${tag}-${(counter += 1)}`

let payload: Payload
let server: Server
let world: World
const auth: Partial<Record<Role, string>> = {}
const userIds = {} as Record<Exclude<Role, 'anonymous'>, number>
/** Users as the Local API wants them (`collection` set), per role. */
const localUsers: Partial<Record<Role, Record<string, unknown>>> = {}
const extra = {} as { both: number; victimA: number; victimAB: number }
let fixtures: Record<string, Fixture> = {}
/** Raw rows of the probes as first stored, to put a wrongly deleted probe back. */
const snapshots = new Map<string, Record<string, unknown>>()
/** Rows this file made outside the probes (creates that went through), removed at the end. */
const createdElsewhere: { collection: string; id: number }[] = []

const grantOf = (slug: string, op: Op, role: Role): Grant => policy[slug]![op][role]
const owns = (probe: Probe, op: 'read' | 'update' | 'delete', role: Role) =>
  (probe.own[op] ?? probe.own.read ?? []).includes(role)
const may = (slug: string, op: 'read' | 'update' | 'delete', role: Role, probe: Probe) => {
  const grant = grantOf(slug, op, role)
  return grant === 'all' || (grant === 'own' && owns(probe, op, role))
}
const denied = (role: Role) => (role === 'anonymous' ? [401, 403] : [403])

// The adapter directly (no hooks, no access): fixtures, snapshots and checks
type Row = Record<string, unknown> & { id: number }
const db = {
  create: (collection: string, data: Record<string, unknown>) =>
    payload.db.create({ collection, data, req: {} } as never) as Promise<Row>,
  findOne: (collection: string, id: number) =>
    payload.db.findOne({
      collection,
      where: { id: { equals: id } },
      req: {},
    } as never) as Promise<Row | null>,
  count: async (collection: string) =>
    ((await payload.db.count({ collection, where: {}, req: {} } as never)) as { totalDocs: number })
      .totalDocs,
  deleteIds: (collection: string, ids: number[]) =>
    payload.db.deleteMany({ collection, where: { id: { in: ids } }, req: {} } as never),
}

/** A local API without the generated types: the matrix walks slugs only known at run time. */
interface LooseLocal {
  find(args: Record<string, unknown>): Promise<{ docs: { id: number }[] }>
  findByID(args: Record<string, unknown>): Promise<{ id: number }>
  count(args: Record<string, unknown>): Promise<{ totalDocs: number }>
  create(args: Record<string, unknown>): Promise<{ id: number } & Record<string, unknown>>
  update(
    args: Record<string, unknown>,
  ): Promise<{ id?: number; docs?: { id: number }[]; errors?: unknown[] }>
  delete(
    args: Record<string, unknown>,
  ): Promise<{ id?: number; docs?: { id: number }[]; errors?: unknown[] }>
  duplicate(args: Record<string, unknown>): Promise<{ id: number }>
  findGlobal(args: Record<string, unknown>): Promise<Record<string, unknown>>
  updateGlobal(args: Record<string, unknown>): Promise<Record<string, unknown>>
}
const localApi = () => payload as unknown as LooseLocal

async function buildFixtures(): Promise<Record<string, Fixture>> {
  const { organizationA: orgA, organizationB: orgB, parent } = world.organizations
  const { archive, faces, hidden } = world.services
  const { basic, premium, secret } = world.subscriptions
  const { invoiceA, invoiceB, invoiceParent, invoiceSubsidiary } = world.invoices
  const { subsidiary } = world.organizations
  const now = new Date().toISOString()
  const A: Role[] = ['member', 'manager'] // members of org A
  const B: Role[] = ['other'] // members of org B
  const ofOrganization = (owners: Role[]) => ({ read: owners })
  const staffOnly = async (
    collection: string,
    data: Record<string, unknown>,
    label = 'of org B',
  ): Promise<Probe> => ({
    id: (await db.create(collection, data)).id,
    label,
    own: {},
  })
  const paired = async (
    collection: string,
    data: (organization: number, side: 'A' | 'B') => Record<string, unknown>,
  ) => [
    {
      id: (await db.create(collection, data(orgA.id, 'A'))).id,
      label: 'of org A',
      own: ofOrganization(A),
    },
    {
      id: (await db.create(collection, data(orgB.id, 'B'))).id,
      label: 'of org B',
      own: ofOrganization(B),
    },
  ]
  const lock = async (
    owner: Exclude<Role, 'anonymous'>,
    document: { relationTo: string; value: number },
  ): Promise<Probe> => {
    const user = { relationTo: 'users', value: userIds[owner] }
    return {
      id: (await db.create('payload-locked-documents', { document, user })).id,
      label: `${owner}'s lock`,
      own: { read: [owner], delete: [owner] },
      // Payload 3.90 answers an empty update of a lock with "user: required" (400): send it unchanged
      patch: { user },
    }
  }
  const preference = async (
    owner: Exclude<Role, 'anonymous'>,
    label = `${owner}'s preference`,
  ): Promise<Probe> => {
    const key = unique(`pref-${owner}`)
    const row = await db.create('payload-preferences', {
      user: { relationTo: 'users', value: userIds[owner] },
      key,
      value: { probe: owner },
    })
    return { id: row.id, label, own: { read: [owner] }, key }
  }
  const throwawayUser = async (role: Role): Promise<Probe> => {
    const login = unique('throwaway')
    const user = await payload.create({
      collection: 'users',
      data: {
        login,
        email: `${login}@example.test`,
        password: PASSWORD,
        role: 'subscriber',
        memberships: [{ organization: orgA.id }],
      } as never,
    })
    return {
      id: user.id,
      label: 'a throwaway member of org A',
      own: { read: [role], delete: [role] },
    }
  }
  const jobTask = config.jobs.tasks?.[0]?.slug
  const fixtures: Record<string, Fixture> = {
    services: {
      probes: [
        { id: archive.id, label: 'a service offered to A and B', own: { read: [...A, ...B] } },
        { id: faces.id, label: 'a service offered to B only', own: ofOrganization(B) },
        { id: hidden.id, label: 'a service offered to nobody', own: {} },
      ],
      invalid: {},
    },
    subscriptions: {
      probes: [
        { id: basic.id, label: "org A's subscription", own: ofOrganization(A) },
        { id: premium.id, label: "org B's subscription", own: ofOrganization(B) },
        { id: secret.id, label: 'a subscription offered to nobody', own: {} },
      ],
      invalid: {},
    },
    organizations: {
      probes: [
        { id: orgA.id, label: 'org A', own: ofOrganization(A) },
        { id: orgB.id, label: 'org B', own: ofOrganization(B) },
        { id: parent.id, label: 'an unrelated organization', own: {} },
      ],
      invalid: {},
    },
    users: {
      probes: [
        {
          id: userIds.member,
          label: 'the member (A)',
          own: {
            read: ['member', 'manager'],
            update: ['member', 'manager', 'accountant'],
            delete: ['manager', 'accountant'],
          },
        },
        {
          id: userIds.manager,
          label: 'the manager (A)',
          own: { read: ['manager'], update: ['manager', 'accountant'], delete: ['accountant'] },
        },
        {
          id: userIds.other,
          label: 'the other (B)',
          own: { read: ['other'], update: ['other', 'accountant'], delete: ['accountant'] },
        },
        {
          id: extra.both,
          label: 'a member of A and B',
          own: { read: ['manager'], update: ['manager', 'accountant'], delete: ['accountant'] },
        },
        {
          id: userIds.accountant,
          label: 'the accountant',
          own: { read: ['accountant'], update: ['accountant'], delete: ['accountant'] },
        },
        { id: userIds.admin, label: 'the admin', own: { read: ['admin'], update: [], delete: [] } },
      ],
      // passes the manager's write guard (a membership in org A), then fails validation (no login,
      // e-mail, password)
      invalid: { memberships: [{ organization: orgA.id }] },
      graphqlCreate: { role: 'subscriber', memberships: [{ organization: orgA.id }] },
      throwaway: throwawayUser,
    },
    invoices: {
      probes: [
        { id: invoiceA.id, label: "org A's invoice", own: ofOrganization(A) },
        { id: invoiceB.id, label: "org B's invoice", own: ofOrganization(B) },
      ],
      invalid: {},
    },
    'camera-usage': {
      probes: await paired('camera-usage', (organization, side) => ({
        organization,
        subscription: side === 'A' ? basic.id : premium.id,
        cameraKey: unique('camera'),
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-02T00:00:00.000Z',
      })),
      invalid: {},
    },
    'usage-collections': {
      probes: [
        await staffOnly(
          'usage-collections',
          { outcome: 'done', summary: tag, cameras: 0 },
          'a collector run',
        ),
      ],
      invalid: {},
    },
    'invoice-documents': {
      probes: [
        await staffOnly('invoice-documents', {
          invoice: invoiceB.id,
          filename: `${tag}.pdf`,
          sha256: '0'.repeat(64),
          data: 'probe',
        }),
      ],
      invalid: {},
    },
    'billing-events': {
      probes: [
        await staffOnly('billing-events', {
          eventId: unique('event'),
          type: 'invoice.issued',
          organization: orgB.id,
          data: { probe: true },
          occurredAt: now,
          dispatchedAt: now, // already fanned out: no dispatcher of another test picks it up
        }),
      ],
      invalid: {},
    },
    'webhook-endpoints': {
      probes: [
        await staffOnly('webhook-endpoints', {
          title: unique('hook'),
          url: 'https://hooks.example.test/billing',
          organization: orgB.id,
          events: ['invoice.issued'],
          active: false,
        }),
      ],
      invalid: {},
    },
    'webhook-deliveries': {
      probes: [
        await staffOnly('webhook-deliveries', {
          eventId: unique('event'),
          eventType: 'invoice.issued',
          organization: orgB.id,
          status: 'delivered',
          attempts: 1,
        }),
      ],
      invalid: {},
    },
    'email-deliveries': {
      probes: [
        await staffOnly('email-deliveries', {
          eventId: unique('event'),
          eventType: 'invoice.issued',
          organization: orgB.id,
          recipient: `${tag}@example.test`,
          status: 'skipped',
          attempts: 0,
        }),
      ],
      invalid: {},
    },
    payments: {
      probes: await paired('payments', (organization, side) => ({
        organization,
        method: 'other',
        amount: 100,
        currency: 'USD',
        date: now,
        reference: unique(`payment-${side}`),
      })),
      invalid: {},
    },
    'credit-notes': {
      probes: await paired('credit-notes', (organization, side) => ({
        invoice: side === 'A' ? invoiceA.id : invoiceB.id,
        organization,
        amount: 100,
        currency: 'USD',
        reason: 'probe',
        number: unique(`CN-${side}`),
      })),
      invalid: {},
    },
    'ledger-entries': {
      probes: await paired('ledger-entries', (organization, side) => ({
        organization,
        kind: 'adjustment',
        amount: 1,
        currency: 'USD',
        reference: unique(`ledger-${side}`),
        reason: 'probe',
        occurredAt: now,
      })),
      invalid: {},
    },
    'sync-events': {
      probes: [
        await staffOnly('sync-events', {
          collection: 'organizations',
          documentId: orgB.id,
          label: tag,
          action: 'upsert',
          outcome: 'delivered',
          attempt: 1,
        }),
      ],
      invalid: {},
    },
    'reconcile-reports': {
      probes: [
        await staffOnly('reconcile-reports', { outcome: 'in_line', summary: tag }, 'a report'),
      ],
      invalid: {},
    },
    'dunning-actions': {
      probes: [
        await staffOnly('dunning-actions', {
          organization: orgB.id,
          invoice: invoiceB.id,
          action: 'reminder',
          firedAt: now,
          daysOverdue: 1,
        }),
      ],
      invalid: {},
    },
    'price-changes': {
      probes: [
        await staffOnly(
          'price-changes',
          {
            publishedAt: now,
            change: { subscriptionPrices: [], servicePrices: [], serviceSets: [] },
          },
          'a record',
        ),
      ],
      invalid: {},
    },
    'dunning-stream-holds': {
      probes: [
        await staffOnly('dunning-stream-holds', {
          organization: orgB.id,
          cameraKey: unique('hold'),
        }),
      ],
      invalid: {},
    },
    'payload-kv': {
      probes: [
        await staffOnly('payload-kv', { key: unique('kv'), data: { probe: true } }, 'a key'),
      ],
      invalid: {},
    },
    'payload-jobs': {
      probes: [
        await staffOnly(
          'payload-jobs',
          {
            taskSlug: jobTask,
            input: { probe: tag },
            queue: `${tag}-probe`, // a queue no runner serves
            completedAt: now,
            totalTried: 0,
            hasError: false,
            processing: false,
          },
          'a finished job',
        ),
      ],
      invalid: { taskSlug: 'no-such-task' },
    },
    'payload-locked-documents': {
      probes: [
        // on documents no other cell updates: a lock makes Payload refuse others' updates (423)
        await lock('member', { relationTo: 'invoices', value: invoiceParent.id }),
        await lock('manager', { relationTo: 'invoices', value: invoiceSubsidiary.id }),
        await lock('other', { relationTo: 'organizations', value: subsidiary.id }),
        await lock('admin', { relationTo: 'users', value: world.users.parentAdmin.id }),
      ],
      invalid: {}, // `user` is required
      throwaway: async (role) =>
        lock(role as Exclude<Role, 'anonymous'>, {
          relationTo: 'invoices',
          value: invoiceSubsidiary.id,
        }),
    },
    'payload-preferences': {
      probes: [
        await preference('member'),
        await preference('manager'),
        await preference('other'),
        await preference('accountant'),
        await preference('admin'),
      ],
      // nothing in a preference can be invalid: a create goes through, in the caller's name
      invalid: {
        user: { relationTo: 'users', value: userIds.admin },
        key: `${tag}-created`,
        value: { probe: 'create' },
      },
      throwaway: (role) =>
        preference(role as Exclude<Role, 'anonymous'>, `a throwaway preference of ${role}`),
      restByKey: true,
      createdInCallersName: true,
    },
    'payload-migrations': {
      probes: [
        await staffOnly(
          'payload-migrations',
          { name: `${tag}-probe`, batch: -1 },
          'a migration record',
        ),
      ],
      invalid: { batch: 'not-a-number' },
    },
  }
  for (const [slug, fixture] of Object.entries(fixtures)) {
    for (const probe of fixture.probes) {
      const row = await db.findOne(slug, probe.id)
      if (row) snapshots.set(`${slug}:${probe.id}`, row)
    }
  }
  return fixtures
}

/** The raw row (JSON) of each probe: what "unchanged" compares. */
async function rowsOf(slug: string): Promise<Map<number, string>> {
  const rows = await Promise.all(fixtures[slug]!.probes.map((probe) => db.findOne(slug, probe.id)))
  return new Map(
    fixtures[slug]!.probes.map((probe, index) => [probe.id, JSON.stringify(rows[index])]),
  )
}

/** Puts a probe that a wrongly allowed delete removed back (same id), so later cells stay meaningful. */
async function restore(slug: string, probe: Probe): Promise<void> {
  const snapshot = snapshots.get(`${slug}:${probe.id}`)
  if (!snapshot || (await db.findOne(slug, probe.id))) return
  // the adapter keeps the id it is given only with allowIDOnCreate
  const adapter = payload.db as unknown as { allowIDOnCreate?: boolean }
  const allowed = adapter.allowIDOnCreate
  adapter.allowIDOnCreate = true
  try {
    await db.create(slug, snapshot)
  } catch (error) {
    console.warn(`[access-matrix] could not put ${slug} ${probe.id} back: ${String(error)}`)
  } finally {
    adapter.allowIDOnCreate = allowed
  }
}

/**
 * Checks that a write the role may not make left every probe as it was (and puts back deleted ones);
 * answers the rows as they are now.
 */
async function expectUnchanged(
  slug: string,
  before: Map<number, string>,
  cell: string,
  problems: string[],
) {
  const after = await rowsOf(slug)
  let restored = false
  for (const probe of fixtures[slug]!.probes) {
    if (after.get(probe.id) === before.get(probe.id)) continue
    problems.push(
      `${cell}: ${probe.label} (${probe.id}) was ${after.get(probe.id) === 'null' ? 'deleted' : 'changed'}`,
    )
    await restore(slug, probe)
    restored = true
  }
  return restored ? rowsOf(slug) : after
}

async function forgetCreated(collection: string, id: unknown) {
  if (typeof id === 'number') await db.deleteIds(collection, [id]).catch(() => undefined)
}

// ---------------------------------------------------------------------------------------------
// Transports

interface Answer {
  status: number
  body: any
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))
  return text.length > 160 ? `${text.slice(0, 160)}…` : text
}

async function call(
  role: Role,
  method: 'get' | 'post' | 'patch' | 'delete',
  path: string,
  body?: Record<string, unknown>,
  authorization = auth[role],
): Promise<Answer> {
  let test = request(server)[method](path)
  if (authorization) test = test.set('Authorization', authorization)
  const res = body === undefined ? await test : await test.send(body)
  return { status: res.status, body: res.body }
}

interface GraphQLAnswer {
  status: number
  data: Record<string, any> | null
  errors: { message: string; path?: (string | number)[]; extensions?: { statusCode?: number } }[]
}

async function graphql(
  role: Role,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLAnswer> {
  const res = await call(role, 'post', '/api/graphql', { query, variables })
  return { status: res.status, data: res.body?.data ?? null, errors: res.body?.errors ?? [] }
}

/** The status of one aliased field of a GraphQL answer: 200 with data, else its error's status. */
function fieldStatus(answer: GraphQLAnswer, alias: string): number {
  const errors = answer.errors.filter((error) => error.path?.[0] === alias)
  if (errors.length > 0)
    return Math.max(...errors.map((error) => error.extensions?.statusCode ?? 400))
  if (answer.data?.[alias] !== null && answer.data?.[alias] !== undefined) return 200
  return answer.errors.length > 0 && !answer.data ? 400 : 0
}

/** A Local API call as `role` (overrideAccess: false): its status the way REST would answer it. */
async function local<T>(
  fn: () => Promise<T>,
): Promise<{ status: number; value?: T; text?: string }> {
  try {
    return { status: 200, value: await fn() }
  } catch (error) {
    const failure = error as { status?: number; message?: string; data?: unknown }
    return {
      status: failure.status ?? 500,
      text: `${failure.message} ${JSON.stringify(failure.data ?? '')}`,
    }
  }
}
const as = (role: Role) => ({ overrideAccess: false, user: localUsers[role] })

// GraphQL names, as @payloadcms/graphql derives them (checked against the served schema)
const schema = { query: new Set<string>(), mutation: new Set<string>() }
function collectionNames(slug: string) {
  const collection = config.collections.find((c) => c.slug === slug)!
  const graphQL = (collection.graphQL || {}) as { singularName?: string; pluralName?: string }
  const fromSlug = formatNames(slug)
  const one = graphQL.singularName ? toWords(graphQL.singularName, true) : fromSlug.singular
  let many = graphQL.pluralName ? toWords(graphQL.pluralName, true) : fromSlug.plural
  if (one === many) many = `all${one}`
  return { one, many }
}
function globalName(slug: string): string {
  const words = toWords(slug, true)
  return [words, words.replace(/s$/, '')].find((name) => schema.query.has(name)) ?? words
}

// ---------------------------------------------------------------------------------------------
// Cells

const probeIds = (slug: string) => fixtures[slug]!.probes.map((probe) => probe.id)
const visibleIds = (slug: string, role: Role) =>
  fixtures[slug]!.probes.filter((probe) => may(slug, 'read', role, probe)).map((probe) => probe.id)
const sameIds = (a: number[], b: number[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())
const namesWhere = (text: string) => text.toLowerCase().includes('where')

function expectStatus(
  problems: string[],
  cell: string,
  actual: number,
  expected: number[],
  body?: unknown,
): boolean {
  if (expected.includes(actual)) return true
  problems.push(
    `${cell}: expected ${expected.join('|')}, got ${actual} ${body === undefined ? '' : brief(body)}`,
  )
  return false
}

/** One API's answer to one operation, in REST's terms (a created document is 201). */
interface Outcome {
  status: number
  /** What came back, for the messages. */
  text: string
  /** find: the listed ids; count: [totalDocs]; by id / update / delete / create: [the document's id]. */
  ids?: number[]
  /** create: the `user` the document was stored for (preferences). */
  user?: number
}

type Api = 'REST' | 'GraphQL' | 'Local API'
type Target = Probe | 'missing'

interface Transport {
  /** What a collection with `rest: false` / `graphql: false` must look like through this API. */
  absent(slug: string, role: Role): Promise<string[]>
  reads(
    slug: string,
    role: Role,
    byId: Probe[],
  ): Promise<{ find: Outcome; count: Outcome | undefined; byId: Outcome[] }>
  create(slug: string, role: Role): Promise<Outcome>
  /** A copy of a document: another way to create one (404 where the collection disables it). */
  duplicate(slug: string, role: Role, probe: Probe): Promise<Outcome>
  updates(slug: string, role: Role, probes: Probe[]): Promise<Outcome[]>
  bulk?(
    slug: string,
    role: Role,
    op: 'update' | 'delete',
    where: { ids: number[] },
  ): Promise<Outcome>
  deletes(slug: string, role: Role, targets: Target[]): Promise<Outcome[]>
}

const relationOf = (value: unknown): number | undefined => {
  const inner = (value as { value?: unknown } | undefined)?.value
  const id = typeof inner === 'object' && inner !== null ? (inner as { id?: unknown }).id : inner
  return typeof id === 'number' ? id : undefined
}
const idsOf = (docs: unknown): number[] | undefined =>
  Array.isArray(docs) ? docs.map((doc: { id: number }) => doc.id) : undefined
const patchOf = (probe: Probe) => probe.patch ?? {}

const rest: Transport = {
  async absent(slug, role) {
    const problems: string[] = []
    const base = `/api/${slug}`
    const first = fixtures[slug]!.probes[0]!.id
    const inProbes = `where[id][in]=${probeIds(slug).join(',')}`
    const before = await rowsOf(slug)
    const answers = await Promise.all(
      (
        [
          ['find', 'get', `${base}?${inProbes}`],
          ['findByID', 'get', `${base}/${first}`],
          ['count', 'get', `${base}/count`],
          ['create', 'post', base, fixtures[slug]!.invalid],
          ['update', 'patch', `${base}/${first}`, {}],
          ['bulk update', 'patch', `${base}?${inProbes}`, {}],
          ['delete', 'delete', `${base}/${first}`],
          ['bulk delete', 'delete', `${base}?${inProbes}`],
        ] as const
      ).map(
        async ([op, method, path, body]) => [op, await call(role, method, path, body)] as const,
      ),
    )
    for (const [op, answer] of answers) {
      expectStatus(problems, `${op} (no REST endpoints)`, answer.status, [404, 501], answer.body)
    }
    await expectUnchanged(slug, before, 'writes', problems)
    return problems
  },
  async reads(slug, role, probes) {
    const base = `/api/${slug}`
    const fixture = fixtures[slug]!
    const inProbes = `where[id][in]=${probeIds(slug).join(',')}`
    const [find, count, ...byId] = await Promise.all([
      call(role, 'get', `${base}?${inProbes}&limit=100&depth=0`),
      call(role, 'get', `${base}/count?${inProbes}`),
      ...probes.map((probe) => call(role, 'get', `${restPath(slug, probe)}?depth=0`)),
    ])
    return {
      find: { status: find.status, text: brief(find.body), ids: idsOf(find.body?.docs) },
      // payload-preferences: /count is its by-key route (a preference named "count"): no count there
      count: fixture.restByKey
        ? undefined
        : { status: count.status, text: brief(count.body), ids: [count.body?.totalDocs] },
      byId: byId.map((answer) => ({
        status: answer.status,
        text: brief(answer.body),
        ids: answer.body?.id === undefined ? [] : [answer.body.id],
      })),
    }
  },
  async create(slug, role) {
    const answer = await call(role, 'post', `/api/${slug}`, fixtures[slug]!.invalid)
    const doc = answer.body?.doc
    return {
      status: answer.status,
      text: brief(answer.body),
      ids: doc?.id === undefined ? [] : [doc.id],
      user: relationOf(doc?.user),
    }
  },
  async duplicate(slug, role, probe) {
    const answer = await call(role, 'post', `/api/${slug}/${probe.id}/duplicate`, {})
    return {
      status: answer.status,
      text: brief(answer.body),
      ids: answer.body?.doc ? [answer.body.doc.id] : [],
    }
  },
  async updates(slug, role, probes) {
    const answers = await Promise.all(
      probes.map((probe) => call(role, 'patch', `/api/${slug}/${probe.id}`, patchOf(probe))),
    )
    return answers.map((answer) => ({
      status: answer.status,
      text: brief(answer.body),
      ids: answer.body?.doc ? [answer.body.doc.id] : [],
    }))
  },
  async bulk(slug, role, op, { ids }) {
    const path = `/api/${slug}?where[id][in]=${ids.join(',')}`
    const answer = await call(
      role,
      op === 'update' ? 'patch' : 'delete',
      path,
      op === 'update' ? {} : undefined,
    )
    return {
      status: answer.status,
      text: JSON.stringify(answer.body ?? ''),
      ids: idsOf(answer.body?.docs),
    }
  },
  async deletes(slug, role, targets) {
    const answers = await Promise.all(
      targets.map((target) =>
        call(
          role,
          'delete',
          target === 'missing'
            ? `/api/${slug}/${fixtures[slug]!.restByKey ? unique('no-such-key') : NONEXISTENT}`
            : restPath(slug, target),
        ),
      ),
    )
    return answers.map((answer) => ({
      status: answer.status,
      text: brief(answer.body),
      ids: answer.body?.doc ? [answer.body.doc.id] : [],
    }))
  },
}

/** REST's by-id path: the id, or the key where Payload routes /:key (payload-preferences). */
const restPath = (slug: string, probe: Probe) =>
  `/api/${slug}/${fixtures[slug]!.restByKey ? encodeURIComponent(probe.key!) : probe.id}`

const fromField = (answer: GraphQLAnswer, alias: string, success = 200): Outcome => {
  const status = fieldStatus(answer, alias)
  const value = answer.data?.[alias]
  const errors = answer.errors.filter((error) => error.path?.[0] === alias || !error.path)
  return {
    status: status === 200 ? success : status,
    text: brief(errors.length > 0 ? errors : value),
    ids:
      value?.id !== undefined
        ? [value.id]
        : value?.docs
          ? idsOf(value.docs)
          : value?.totalDocs !== undefined
            ? [value.totalDocs]
            : [],
  }
}

const graphqlTransport: Transport = {
  async absent(slug) {
    const problems: string[] = []
    const { one, many } = collectionNames(slug)
    for (const name of [one, many, `count${many}`])
      if (schema.query.has(name)) problems.push(`query ${name} exists`)
    for (const name of [`create${one}`, `update${one}`, `delete${one}`]) {
      if (schema.mutation.has(name)) problems.push(`mutation ${name} exists`)
    }
    return problems
  },
  async reads(slug, role, probes) {
    const { one, many } = collectionNames(slug)
    const anyProbe = `{ OR: [${probeIds(slug)
      .map((id) => `{ id: { equals: ${id} } }`)
      .join(', ')}] }`
    const answer = await graphql(
      role,
      `{
        find: ${many}(where: ${anyProbe}, limit: 100) { docs { id } }
        count: count${many}(where: ${anyProbe}) { totalDocs }
        ${probes.map((probe, index) => `p${index}: ${one}(id: ${probe.id}) { id }`).join('\n')}
      }`,
    )
    return {
      find: fromField(answer, 'find'),
      count: fromField(answer, 'count'),
      byId: probes.map((_, index) => fromField(answer, `p${index}`)),
    }
  },
  async create(slug, role) {
    const { one } = collectionNames(slug)
    const inputType = `mutation${one}Input`
    const answer = await graphql(
      role,
      `mutation ($data: ${inputType}!) { c: create${one}(data: $data) { id } }`,
      { data: { ...placeholder(inputType), ...fixtures[slug]!.graphqlCreate } },
    )
    const outcome = fromField(answer, 'c', 201)
    // refused by the schema itself (no statusCode): the probe is wrong, not the access rules
    if (answer.errors.some((error) => error.extensions?.statusCode === undefined))
      outcome.status = 0
    if (outcome.status === 201) {
      const row = await db.findOne(slug, outcome.ids![0]!)
      outcome.user = relationOf(row?.user)
    }
    return outcome
  },
  async duplicate(slug, role, probe) {
    const { one } = collectionNames(slug)
    if (!schema.mutation.has(`duplicate${one}`))
      return { status: 404, text: 'no duplicate mutation', ids: [] }
    const inputType = `mutation${one}Input`
    const answer = await graphql(
      role,
      `mutation ($data: ${inputType}!) { d: duplicate${one}(id: ${probe.id}, data: $data) { id } }`,
      {
        data: { ...placeholder(inputType), ...fixtures[slug]!.graphqlCreate },
      },
    )
    return fromField(answer, 'd', 201)
  },
  async updates(slug, role, probes) {
    const { one } = collectionNames(slug)
    const variables = Object.fromEntries(
      probes.map((probe, index) => [`d${index}`, patchOf(probe)]),
    )
    const answer = await graphql(
      role,
      `mutation (${probes.map((_, index) => `$d${index}: mutation${one}UpdateInput!`).join(', ')}) {
        ${probes.map((probe, index) => `u${index}: update${one}(id: ${probe.id}, data: $d${index}) { id }`).join('\n')}
      }`,
      variables,
    )
    return probes.map((_, index) => fromField(answer, `u${index}`))
  },
  async deletes(slug, role, targets) {
    const { one } = collectionNames(slug)
    const answer = await graphql(
      role,
      `mutation { ${targets
        .map(
          (target, index) =>
            `d${index}: delete${one}(id: ${target === 'missing' ? NONEXISTENT : target.id}) { id }`,
        )
        .join('\n')} }`,
    )
    return targets.map((_, index) => fromField(answer, `d${index}`))
  },
}

const localOutcome = async (fn: () => Promise<any>, success = 200): Promise<Outcome> => {
  const answer = await local(fn)
  const value = answer.value
  return {
    status: answer.status === 200 ? success : answer.status,
    text: answer.text ?? brief(value),
    ids:
      value?.id !== undefined
        ? [value.id]
        : value?.docs
          ? idsOf(value.docs)
          : value?.totalDocs !== undefined
            ? [value.totalDocs]
            : [],
    user: relationOf(value?.user),
  }
}

const localTransport: Transport = {
  async absent() {
    return [] // the Local API serves every collection
  },
  async reads(slug, role, probes) {
    const api = localApi()
    const where = { id: { in: probeIds(slug) } }
    const [find, count, ...byId] = await Promise.all([
      localOutcome(() => api.find({ collection: slug, where, depth: 0, limit: 100, ...as(role) })),
      localOutcome(() => api.count({ collection: slug, where, ...as(role) })),
      ...probes.map((probe) =>
        localOutcome(() => api.findByID({ collection: slug, id: probe.id, depth: 0, ...as(role) })),
      ),
    ])
    return { find, count, byId }
  },
  create: (slug, role) =>
    localOutcome(
      () =>
        localApi().create({
          collection: slug,
          data: fixtures[slug]!.invalid,
          depth: 0,
          ...as(role),
        }),
      201,
    ),
  duplicate: (slug, role, probe) =>
    localOutcome(
      () => localApi().duplicate({ collection: slug, id: probe.id, depth: 0, ...as(role) }),
      201,
    ),
  updates: (slug, role, probes) =>
    Promise.all(
      probes.map((probe) =>
        localOutcome(() =>
          localApi().update({
            collection: slug,
            id: probe.id,
            data: patchOf(probe),
            depth: 0,
            ...as(role),
          }),
        ),
      ),
    ),
  async bulk(slug, role, op, { ids }) {
    const args = { collection: slug, where: { id: { in: ids } }, depth: 0, ...as(role) }
    return op === 'update'
      ? localOutcome(() => localApi().update({ ...args, data: {} }))
      : localOutcome(() => localApi().delete(args))
  },
  deletes: (slug, role, targets) =>
    Promise.all(
      targets.map((target) =>
        localOutcome(() =>
          localApi().delete({
            collection: slug,
            id: target === 'missing' ? NONEXISTENT : target.id,
            depth: 0,
            ...as(role),
          }),
        ),
      ),
    ),
}

const transports: Record<Api, Transport> = {
  REST: rest,
  GraphQL: graphqlTransport,
  'Local API': localTransport,
}

/**
 * The probes read one by one: all of them where the grant is 'own' (each answer depends on the
 * document), the first where it is 'all' or 'none' (the list and count cover the others).
 */
const oneOrAll = (slug: string, op: 'read', role: Role) =>
  grantOf(slug, op, role) === 'own' ? fixtures[slug]!.probes : fixtures[slug]!.probes.slice(0, 1)

/** Every operation of one role on one collection through one API, against the policy. */
async function matrixCell(slug: string, role: Role, api: Api): Promise<string[]> {
  const rules = policy[slug]!
  const fixture = fixtures[slug]!
  const transport = transports[api]
  if ((api === 'REST' && rules.rest === false) || (api === 'GraphQL' && rules.graphql === false)) {
    return transport.absent(slug, role)
  }
  const problems: string[] = []
  const byKey = api === 'REST' && fixture.restByKey === true
  if (api === 'GraphQL') {
    const { one, many } = collectionNames(slug)
    for (const name of [one, many, `count${many}`])
      if (!schema.query.has(name)) problems.push(`no query ${name} in the schema`)
    if (problems.length > 0) return problems
  }

  // --- reads
  const readGrant = grantOf(slug, 'read', role)
  const expected = visibleIds(slug, role)
  const readProbes = oneOrAll(slug, 'read', role)
  const reads = await transport.reads(slug, role, readProbes)
  if (readGrant === 'none') {
    expectStatus(problems, 'find', reads.find.status, denied(role), reads.find.text)
    if (reads.count)
      expectStatus(problems, 'count', reads.count.status, denied(role), reads.count.text)
  } else {
    if (
      expectStatus(problems, 'find', reads.find.status, [200], reads.find.text) &&
      !sameIds(reads.find.ids ?? [], expected)
    ) {
      problems.push(`find: expected ids [${expected}], got [${reads.find.ids}]`)
    }
    if (
      reads.count &&
      expectStatus(problems, 'count', reads.count.status, [200], reads.count.text)
    ) {
      if (reads.count.ids?.[0] !== expected.length)
        problems.push(`count: expected ${expected.length}, got ${reads.count.ids?.[0]}`)
    }
  }
  readProbes.forEach((probe, index) => {
    const answer = reads.byId[index]!
    const cell = `findByID ${probe.label}`
    if (may(slug, 'read', role, probe)) {
      if (
        expectStatus(problems, cell, answer.status, [200], answer.text) &&
        answer.ids?.[0] !== probe.id
      ) {
        problems.push(`${cell}: answered ${answer.text}`)
      }
      return
    }
    if (answer.ids?.length) problems.push(`${cell}: leaked ${answer.text}`)
    // by key (preferences): the caller's own preference of that name, which does not exist
    if (!byKey)
      expectStatus(
        problems,
        cell,
        answer.status,
        readGrant === 'none' ? denied(role) : [403, 404],
        answer.text,
      )
  })
  if (api === 'REST') {
    // no collection has versions: /versions must not list documents (a refusal, or the by-id route
    // looking for a document "versions", are both fine)
    const versions = await call(role, 'get', `/api/${slug}/versions?limit=100&depth=0`)
    if (Array.isArray(versions.body?.docs) || versions.body?.id !== undefined) {
      problems.push(
        `versions: expected no documents, got ${versions.status} ${brief(versions.body)}`,
      )
    }
  }

  // --- create (data that fails validation) and update by id, together
  const before = await rowsOf(slug)
  const rows = await db.count(slug)
  const updateProbes =
    grantOf(slug, 'update', role) === 'all' ? fixture.probes.slice(0, 1) : fixture.probes
  const createGrant = grantOf(slug, 'create', role)
  const [created, updates, duplicated] = await Promise.all([
    transport.create(slug, role),
    transport.updates(slug, role, updateProbes),
    // a copy is a create too: tried where creating is refused (a copy made by an allowed role is real)
    createGrant === 'none' ? transport.duplicate(slug, role, fixture.probes[0]!) : undefined,
  ])
  if (duplicated) {
    // where the collection disables copies: REST has no route (404), GraphQL no mutation, the Local
    // API answers 400 "cannot be duplicated"
    const disabled = config.collections.find((c) => c.slug === slug)?.disableDuplicate === true
    expectStatus(
      problems,
      'duplicate',
      duplicated.status,
      [...denied(role), 404, ...(disabled ? [400] : [])],
      duplicated.text,
    )
    if (duplicated.status < 300) await forgetCreated(slug, duplicated.ids?.[0])
  }
  if (created.status === 0) {
    problems.push(`create: the probe was refused by the GraphQL schema: ${created.text}`)
  } else if (createGrant === 'none') {
    expectStatus(problems, 'create', created.status, denied(role), created.text)
    if ((await db.count(slug)) !== rows) problems.push('create: a document was stored')
  } else {
    expectStatus(problems, 'create (invalid data)', created.status, [400, 201], created.text)
    if (
      created.status === 201 &&
      fixture.createdInCallersName &&
      created.user !== userIds[role as Exclude<Role, 'anonymous'>]
    ) {
      problems.push(`create: stored for user ${created.user}, not the caller`)
    }
  }
  if (created.status === 201) await forgetCreated(slug, created.ids?.[0])
  updateProbes.forEach((probe, index) => {
    const answer = updates[index]!
    const cell = `update ${probe.label}`
    if (!may(slug, 'update', role, probe))
      expectStatus(problems, cell, answer.status, denied(role), answer.text)
    else if (
      expectStatus(problems, cell, answer.status, [200], answer.text) &&
      answer.ids?.[0] !== probe.id
    ) {
      problems.push(`${cell}: answered ${answer.text}`)
    }
  })
  const afterUpdates = await rowsOf(slug)
  for (const probe of fixture.probes.filter((p) => !may(slug, 'update', role, p))) {
    if (afterUpdates.get(probe.id) !== before.get(probe.id))
      problems.push(`update ${probe.label}: the row changed`)
  }

  // --- bulk update, bulk delete
  if (transport.bulk) {
    const afterBulkUpdate = await bulkCheck(slug, role, 'update', transport, afterUpdates, problems)
    await bulkCheck(slug, role, 'delete', transport, afterBulkUpdate, problems)
  }

  // --- delete by id: a nonexistent id, and every probe the role may not delete
  const deleteGrant = grantOf(slug, 'delete', role)
  const refused = fixture.probes.filter((probe) => !may(slug, 'delete', role, probe))
  const [missing, ...deletes] = await transport.deletes(slug, role, ['missing', ...refused])
  // by key (preferences) a DELETE removes the caller's own preference of that name: Payload 3.90
  // answers 500 when there is none, so only what stays is checked there
  if (!byKey) {
    expectStatus(
      problems,
      'delete a nonexistent id',
      missing!.status,
      deleteGrant === 'all' ? [404] : deleteGrant === 'own' ? [403, 404] : denied(role),
      missing!.text,
    )
  }
  const afterDeletes = refused.length > 0 ? await rowsOf(slug) : new Map<number, string>()
  for (const [index, probe] of refused.entries()) {
    if (!byKey)
      expectStatus(
        problems,
        `delete ${probe.label}`,
        deletes[index]!.status,
        denied(role),
        deletes[index]!.text,
      )
    if (afterDeletes.get(probe.id) === 'null') {
      problems.push(`delete ${probe.label}: it was deleted`)
      await restore(slug, probe)
    }
  }
  // an 'own' delete, for real, of a document made for it
  if (deleteGrant === 'own' && fixture.throwaway) {
    const mine = await fixture.throwaway(role)
    const [answer] = await transport.deletes(slug, role, [mine])
    expectStatus(problems, `delete ${mine.label}`, answer!.status, [200], answer!.text)
    if (await db.findOne(slug, mine.id)) {
      problems.push(`delete ${mine.label}: still there`)
      await forgetCreated(slug, mine.id)
    }
  }
  return problems
}

/**
 * Bulk update / delete (`where[id][in]=` the probes the role may not write, or a nonexistent id when
 * it may write them all): every non-staff caller is refused (403 naming `where`) and nothing changes;
 * staff are refused where their grant is none, and otherwise run one on a nonexistent id (200, no
 * documents), which changes nothing either.
 */
async function bulkCheck(
  slug: string,
  role: Role,
  op: 'update' | 'delete',
  transport: Transport,
  before: Map<number, string>,
  problems: string[],
): Promise<Map<number, string>> {
  const cell = `bulk ${op}`
  const mayRun = isStaffRole(role) && grantOf(slug, op, role) !== 'none'
  const foreign = fixtures[slug]!.probes.filter((probe) => !may(slug, op, role, probe)).map(
    (probe) => probe.id,
  )
  const answer = await transport.bulk!(slug, role, op, {
    ids: mayRun || foreign.length === 0 ? [NONEXISTENT] : foreign,
  })
  if (mayRun) {
    if (
      expectStatus(problems, `${cell} (nonexistent id)`, answer.status, [200], answer.text) &&
      answer.ids?.length !== 0
    ) {
      problems.push(`${cell}: answered ${answer.text.slice(0, 160)}`)
    }
  } else {
    expectStatus(problems, cell, answer.status, denied(role), answer.text.slice(0, 160))
    if (
      !isStaffRole(role) &&
      role !== 'anonymous' &&
      answer.status === 403 &&
      !namesWhere(answer.text)
    ) {
      problems.push(`${cell}: the refusal does not name \`where\`: ${answer.text.slice(0, 160)}`)
    }
  }
  return expectUnchanged(slug, before, cell, problems)
}

// Placeholder data for a GraphQL create: every required input field with a value of its type, which
// the schema accepts and Payload's validation refuses (empty strings, id 0, ...)
interface TypeRef {
  kind: string
  name: string | null
  ofType: TypeRef | null
}
const inputTypes = new Map<
  string,
  {
    kind: string
    inputFields: { name: string; type: TypeRef }[] | null
    enumValues: { name: string }[] | null
  }
>()
const scalarPlaceholders: Record<string, unknown> = {
  String: '',
  Int: 0,
  Float: 0,
  Boolean: false,
  ID: '0',
  EmailAddress: 'probe@example.invalid',
  DateTime: '2026-01-01T00:00:00.000Z',
  JSON: {},
  JSONObject: {},
}
function placeholderOf(type: TypeRef): unknown {
  if (type.kind === 'NON_NULL') return placeholderOf(type.ofType!)
  if (type.kind === 'LIST') return []
  if (type.kind === 'SCALAR') return scalarPlaceholders[type.name!] ?? ''
  const named = inputTypes.get(type.name!)
  if (type.kind === 'ENUM') return named?.enumValues?.[0]?.name
  return placeholder(type.name!)
}
function placeholder(typeName: string): Record<string, unknown> {
  const fields = inputTypes.get(typeName)?.inputFields ?? []
  return Object.fromEntries(
    fields
      .filter((field) => field.type.kind === 'NON_NULL')
      .map((field) => [field.name, placeholderOf(field.type)]),
  )
}

const globalProbes: Record<string, { invalid: Record<string, unknown>; field: string }> = {
  // a negative number of days: refused by validation once access lets the update through
  'dunning-policy': { invalid: { reminderDays: -1 }, field: 'reminderDays' },
  // nobody may update it; an empty update changes nothing should access wrongly let it through
  'payload-jobs-stats': { invalid: {}, field: 'updatedAt' },
}

async function globalCell(
  slug: string,
  role: Role,
  api: 'rest' | 'graphql' | 'local',
): Promise<string[]> {
  const problems: string[] = []
  const rules = globalPolicy[slug]!
  const probe = globalProbes[slug]
  if (!probe) return [`no probe for the global ${slug} in \`globalProbes\``]
  const mayRead = rules.read[role] !== 'none'
  const mayUpdate = rules.update[role] !== 'none'
  const readExpected = mayRead ? [200] : denied(role)
  const updateExpected = mayUpdate ? [400] : denied(role)
  const before = JSON.stringify(await localApi().findGlobal({ slug, depth: 0 }))
  if (api === 'rest') {
    const read = await call(role, 'get', `/api/globals/${slug}?depth=0`)
    expectStatus(problems, 'read', read.status, readExpected, read.body)
    const update = await call(role, 'post', `/api/globals/${slug}`, probe.invalid)
    expectStatus(
      problems,
      'update',
      update.status,
      mayUpdate && Object.keys(probe.invalid).length === 0 ? [200] : updateExpected,
      update.body,
    )
  } else if (api === 'graphql') {
    const name = globalName(slug)
    if (!schema.query.has(name)) return [`no query ${name} in the schema`]
    const read = await graphql(role, `{ g: ${name} { ${probe.field} } }`)
    expectStatus(problems, 'read', fieldStatus(read, 'g'), readExpected, read.errors)
    const inputType = `mutation${name}Input`
    const update = await graphql(
      role,
      `mutation ($data: ${inputType}!) { u: update${name}(data: $data) { ${probe.field} } }`,
      {
        data: { ...placeholder(inputType), ...probe.invalid },
      },
    )
    if (update.errors.some((error) => error.extensions?.statusCode === undefined)) {
      problems.push(`update: the probe was refused by the GraphQL schema: ${brief(update.errors)}`)
    } else {
      expectStatus(
        problems,
        'update',
        fieldStatus(update, 'u'),
        mayUpdate && Object.keys(probe.invalid).length === 0 ? [200] : updateExpected,
        update.errors,
      )
    }
  } else {
    const read = await local(() => localApi().findGlobal({ slug, depth: 0, ...as(role) }))
    expectStatus(problems, 'read', read.status, readExpected, read.text)
    const update = await local(() =>
      localApi().updateGlobal({ slug, data: probe.invalid, depth: 0, ...as(role) }),
    )
    expectStatus(
      problems,
      'update',
      update.status,
      mayUpdate && Object.keys(probe.invalid).length === 0 ? [200] : updateExpected,
      update.text,
    )
  }
  const after = JSON.stringify(await localApi().findGlobal({ slug, depth: 0 }))
  const withoutTime = (text: string) => text.replace(/"updatedAt":"[^"]*"/, '')
  if (withoutTime(after) !== withoutTime(before))
    problems.push(`the global changed: ${brief(after)}`)
  return problems
}

// ---------------------------------------------------------------------------------------------
// Setup

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
  // the matrix provokes thousands of refusals, each logged (GraphQL's at error level, with a stack):
  // minutes of output on this machine that the cells already report. MATRIX_LOG_LEVEL=info brings
  // them back when a cell needs a stack trace.
  payload.logger.level = process.env.MATRIX_LOG_LEVEL ?? 'fatal'
  world = await createWorld(payload, tag)
  const { organizationA, organizationB } = world.organizations
  const subscriber = (login: string, memberships: unknown[]) =>
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
  const [manager, both, victimA, victimAB] = await Promise.all([
    subscriber('manager', [
      { organization: organizationA.id, canViewStreams: true, canEditUsers: true },
    ]),
    subscriber('both', [{ organization: organizationA.id }, { organization: organizationB.id }]),
    subscriber('victim-a', [{ organization: organizationA.id }]),
    subscriber('victim-ab', [
      { organization: organizationA.id },
      { organization: organizationB.id, canViewStats: true },
    ]),
  ])
  Object.assign(userIds, {
    member: world.users.subscriberA.id,
    manager: manager.id,
    other: world.users.subscriberB.id,
    accountant: world.users.accountant.id,
    admin: world.users.admin.id,
  })
  Object.assign(extra, { both: both.id, victimA: victimA.id, victimAB: victimAB.id })
  const emails: Record<Exclude<Role, 'anonymous'>, string> = {
    member: world.users.subscriberA.email,
    manager: manager.email,
    other: world.users.subscriberB.email,
    accountant: world.users.accountant.email,
    admin: world.users.admin.email,
  }
  const signedIn = roles.filter((role): role is Exclude<Role, 'anonymous'> => role !== 'anonymous')
  const headers = await Promise.all(signedIn.map((role) => loginHeader(emails[role], PASSWORD)))
  signedIn.forEach((role, index) => (auth[role] = headers[index]))
  for (const role of signedIn) {
    const user = await payload.findByID({ collection: 'users', id: userIds[role], depth: 0 })
    localUsers[role] = { ...user, collection: 'users' }
  }
  fixtures = await buildFixtures()

  const typeRef =
    'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }'
  const introspection = await graphql(
    'admin',
    `{ __schema {
        queryType { fields { name } }
        mutationType { fields { name } }
        types { name kind enumValues { name } inputFields { name type { ${typeRef} } } }
    } }`,
  )
  const data = introspection.data as any
  for (const field of data?.__schema?.queryType?.fields ?? []) schema.query.add(field.name)
  for (const field of data?.__schema?.mutationType?.fields ?? []) schema.mutation.add(field.name)
  for (const type of data?.__schema?.types ?? []) inputTypes.set(type.name, type)
})

afterAll(async () => {
  if (!payload) return
  for (const [slug, fixture] of Object.entries(fixtures)) {
    // the ledger is immutable (a database trigger); the world's own documents stay like other files'
    if (
      [
        'ledger-entries',
        'services',
        'subscriptions',
        'organizations',
        'users',
        'invoices',
      ].includes(slug)
    )
      continue
    await db
      .deleteIds(
        slug,
        fixture.probes.map((probe) => probe.id),
      )
      .catch(() => undefined)
  }
  for (const { collection, id } of createdElsewhere)
    await db.deleteIds(collection, [id]).catch(() => undefined)
})

// ---------------------------------------------------------------------------------------------
// The matrix

describe('the policy table covers the configuration', () => {
  it('has rules for every collection and global, and none for what no longer exists', () => {
    const missing = [
      ...collectionSlugs.filter((slug) => !policy[slug]).map((slug) => `collection ${slug}`),
      ...globalSlugs.filter((slug) => !globalPolicy[slug]).map((slug) => `global ${slug}`),
    ]
    expect(
      missing,
      'a new collection or global needs its line in `policy` / `globalPolicy`',
    ).toEqual([])
    const stale = [
      ...Object.keys(policy).filter((slug) => !collectionSlugs.includes(slug)),
      ...Object.keys(globalPolicy).filter((slug) => !globalSlugs.includes(slug)),
    ]
    expect(stale, 'rules for slugs the configuration no longer has').toEqual([])
  })

  it("covers Payload's system collections and globals", () => {
    expect(collectionSlugs).toEqual(expect.arrayContaining(systemCollections))
    expect(globalSlugs).toEqual(expect.arrayContaining(systemGlobals))
  })

  it('has probes for every collection', () => {
    expect(
      collectionSlugs.filter((slug) => !fixtures[slug] || fixtures[slug]!.probes.length === 0),
    ).toEqual([])
  })

  it('has no versioned collection or global (the matrix has no rules for versions)', () => {
    expect(
      config.collections.filter((collection) => collection.versions).map((c) => c.slug),
    ).toEqual([])
    expect((config.globals ?? []).filter((global) => global.versions).map((g) => g.slug)).toEqual(
      [],
    )
  })
})

const apis = ['REST', 'GraphQL', 'Local API'] as const
const cells = apis.flatMap((api) => roles.map((role) => [api, role] as const))

describe.each(collectionSlugs)('collection %s', (slug) => {
  if (!policy[slug]) {
    it('has rules in the policy table', () => {
      throw new Error(
        `${slug} has no line in \`policy\`: a new collection without rules fails the matrix`,
      )
    })
    return
  }
  it.each(cells)('%s as %s', async (api, role) => {
    if (!fixtures[slug]) throw new Error(`${slug} has no probes in buildFixtures()`)
    expect(await matrixCell(slug, role, api)).toEqual([])
  })
})

describe.each(globalSlugs)('global %s', (slug) => {
  if (!globalPolicy[slug]) {
    it('has rules in the policy table', () => {
      throw new Error(
        `${slug} has no line in \`globalPolicy\`: a new global without rules fails the matrix`,
      )
    })
    return
  }
  it.each(cells)('%s as %s', async (api, role) => {
    const problems = await globalCell(
      slug,
      role,
      api === 'REST' ? 'rest' : api === 'GraphQL' ? 'graphql' : 'local',
    )
    expect(problems).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// Endpoints outside the collection routes

describe('job and auth endpoints', () => {
  it.each(roles)(
    '/api/payload-jobs/run and /handle-schedules refuse %s (only the worker runs jobs)',
    async (role) => {
      const problems: string[] = []
      for (const path of ['/api/payload-jobs/run', '/api/payload-jobs/handle-schedules']) {
        const get = await call(role, 'get', `${path}?queue=${tag}-probe`)
        // Payload's handler of these endpoints answers 401 for a refusal, whoever asks
        expectStatus(problems, `GET ${path}`, get.status, [...denied(role), 401], get.body)
        // Payload routes only GET there: a POST must not run anything either
        const post = await call(role, 'post', `${path}?queue=${tag}-probe`, {})
        expectStatus(problems, `POST ${path}`, post.status, [...denied(role), 404], post.body)
      }
      expect(problems).toEqual([])
    },
  )

  it.each(roles)('POST /api/users/unlock is for the admin only (%s)', async (role) => {
    const victim = `victim-a-${tag}@example.test`
    const answer = await call(role, 'post', '/api/users/unlock', { email: victim })
    expect(role === 'admin' ? [200] : denied(role), brief(answer.body)).toContain(answer.status)
  })

  it.each(roles)('GET /api/users/me answers the caller only (%s)', async (role) => {
    const answer = await call(role, 'get', '/api/users/me')
    expect(answer.status).toBe(200)
    if (role === 'anonymous') expect(answer.body?.user ?? null).toBeNull()
    else expect(answer.body?.user?.id).toBe(userIds[role])
  })

  it.each(roles)(
    'POST /api/users/first-register is refused once users exist (%s)',
    async (role) => {
      const login = unique('first')
      const before = await db.count('users')
      const answer = await call(role, 'post', '/api/users/first-register', {
        email: `${login}@example.test`,
        login,
        password: PASSWORD,
        role: 'admin',
      })
      expect([401, 403], brief(answer.body)).toContain(answer.status)
      expect(await db.count('users')).toBe(before)
    },
  )
})

// ---------------------------------------------------------------------------------------------
// Issue 12's holes, one regression each

describe('issue 12 regressions', () => {
  const apiKeyWorks = async (key: string) => {
    const me = await call('anonymous', 'get', '/api/users/me', undefined, `users API-Key ${key}`)
    return me.body?.user?.id as number | undefined
  }

  it("(1) a manager's bulk PATCH cannot give a member an API key or a new e-mail, also a member of org B", async () => {
    for (const id of [extra.victimA, extra.victimAB]) {
      const before = (await db.findOne('users', id))!
      const email = before.email as string
      const whereEmail = `where[email][equals]=${encodeURIComponent(email)}`
      const key = `mx-${tag}-${id}-0123456789abcdef0123456789`
      const keyed = await call('manager', 'patch', `/api/users?${whereEmail}`, {
        enableAPIKey: true,
        apiKey: key,
      })
      expect.soft(keyed.status, `API key for ${email}: ${brief(keyed.body)}`).toBe(403)
      expect.soft(namesWhere(JSON.stringify(keyed.body)), 'the refusal names `where`').toBe(true)
      const renamed = await call('manager', 'patch', `/api/users?${whereEmail}`, {
        email: `renamed-${id}-${tag}@example.test`,
      })
      expect.soft(renamed.status, `new e-mail for ${email}: ${brief(renamed.body)}`).toBe(403)
      // the same through the by-id route
      const byId = await call('manager', 'patch', `/api/users/${id}`, {
        enableAPIKey: true,
        apiKey: key,
      })
      expect.soft(byId.status, `API key by id for ${email}: ${brief(byId.body)}`).toBe(403)
      const after = (await db.findOne('users', id))!
      expect.soft(after.email).toBe(email)
      expect.soft(Boolean(after.enableAPIKey)).toBe(false)
      expect.soft(after.apiKeyIndex ?? null).toBe(before.apiKeyIndex ?? null)
      expect.soft(await apiKeyWorks(key), 'the key does not authenticate').toBeUndefined()
    }
  })

  it("(4) a subscriber's POST /api/users/unlock on the admin's e-mail is refused", async () => {
    for (const role of ['member', 'manager', 'other'] as const) {
      const answer = await call(role, 'post', '/api/users/unlock', {
        email: world.users.admin.email,
      })
      expect.soft(answer.status, `${role}: ${brief(answer.body)}`).toBe(403)
    }
  })

  it('(5) a subscriber cannot give itself an API key (REST, GraphQL, Local API); staff can', async () => {
    for (const role of ['member', 'manager'] as const) {
      const id = userIds[role]
      const keys = [1, 2, 3].map((n) => `mx-${tag}-${role}-${n}-0123456789abcdef0123456789`)
      const rest = await call(role, 'patch', `/api/users/${id}`, {
        enableAPIKey: true,
        apiKey: keys[0],
      })
      const gql = await graphql(
        role,
        `
          mutation ($id: Int!, $data: mutationUserUpdateInput!) {
            updateUser(id: $id, data: $data) {
              id
            }
          }
        `,
        { id, data: { enableAPIKey: true, apiKey: keys[1] } },
      )
      const viaLocal = await local(() =>
        localApi().update({
          collection: 'users',
          id,
          data: { enableAPIKey: true, apiKey: keys[2] },
          ...as(role),
        }),
      )
      const stored = (await db.findOne('users', id))!
      const statuses = `REST ${rest.status}, GraphQL ${gql.status}, Local ${viaLocal.status}`
      expect
        .soft(Boolean(stored.enableAPIKey), `${role} enabled its own API key (${statuses})`)
        .toBe(false)
      expect.soft(stored.apiKeyIndex ?? null, `${role} stored an API key (${statuses})`).toBeNull()
      for (const key of keys)
        expect.soft(await apiKeyWorks(key), `${role}'s key authenticates`).toBeUndefined()
      for (const status of [rest.status, gql.status, viaLocal.status])
        expect.soft([200, 403]).toContain(status)
      if (stored.enableAPIKey || stored.apiKeyIndex) {
        await payload.update({
          collection: 'users',
          id,
          data: { enableAPIKey: false, apiKey: null } as never,
        })
      }
    }
    // the control: the admin gives the victim a key, and that key works
    const key = `mx-${tag}-staff-0123456789abcdef0123456789`
    const given = await call('admin', 'patch', `/api/users/${extra.victimA}`, {
      enableAPIKey: true,
      apiKey: key,
    })
    expect(given.status, brief(given.body)).toBe(200)
    expect(await apiKeyWorks(key)).toBe(extra.victimA)
    await payload.update({
      collection: 'users',
      id: extra.victimA,
      data: { enableAPIKey: false, apiKey: null } as never,
    })
  })

  it("(6) a subscriber neither lists other users' locks nor creates a lock, in anyone's name", async () => {
    const slug = 'payload-locked-documents'
    const lockIds = fixtures[slug]!.probes.map((probe) => probe.id)
    const listed = await call('member', 'get', `/api/${slug}?limit=1000&depth=0`)
    const docs: { id: number; user?: { value?: number } }[] = listed.body?.docs ?? []
    expect
      .soft(
        docs.filter((doc) => doc.user?.value !== userIds.member).map((doc) => doc.id),
        'locks of others listed',
      )
      .toEqual([])
    expect
      .soft(docs.map((doc) => doc.id).filter((id) => lockIds.includes(id)))
      .toEqual([fixtures[slug]!.probes[0]!.id])

    const allLocks = async () =>
      (await localApi().find({ collection: slug, limit: 0, pagination: false, depth: 0 })).docs.map(
        (doc) => doc.id,
      )
    const before = await allLocks()
    const lockAs = (user: number, document: { relationTo: string; value: number }) =>
      call('member', 'post', `/api/${slug}`, {
        document,
        user: { relationTo: 'users', value: user },
      })
    const { invoiceA, invoiceB } = world.invoices
    const inAdminsName = await lockAs(userIds.admin, { relationTo: 'invoices', value: invoiceA.id })
    expect.soft(inAdminsName.status, `in the admin's name: ${brief(inAdminsName.body)}`).toBe(403)
    const onHidden = await lockAs(userIds.member, { relationTo: 'invoices', value: invoiceB.id })
    expect.soft(onHidden.status, `on org B's invoice: ${brief(onHidden.body)}`).toBe(403)
    const onStaffOnly = await lockAs(userIds.member, {
      relationTo: 'webhook-endpoints',
      value: fixtures['webhook-endpoints']!.probes[0]!.id,
    })
    expect.soft(onStaffOnly.status, `on a webhook endpoint: ${brief(onStaffOnly.body)}`).toBe(403)
    const gql = await graphql(
      'member',
      `
        mutation ($data: mutationPayloadLockedDocumentInput!) {
          createPayloadLockedDocument(data: $data) {
            id
          }
        }
      `,
      {
        data: {
          document: { relationTo: 'invoices', value: invoiceB.id },
          user: { relationTo: 'users', value: userIds.other },
        },
      },
    )
    expect.soft(gql.status, `GraphQL, in the other's name: ${brief(gql.errors)}`).toBe(403)
    const stored = (await allLocks()).filter((id) => !before.includes(id))
    expect.soft(stored, 'no lock was stored').toEqual([])
    stored.forEach((id) => createdElsewhere.push({ collection: slug, id }))
  })
})
