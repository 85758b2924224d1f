/**
 * The API where people wait (issue 15): the production server (`next build` when .next is missing
 * or older than the sources, then `next start`, as the browser tests run it) on its own embedded
 * PostgreSQL 15 (fsync on, as `npm start` runs it), migrated and seeded in bulk with SQL:
 *   - 1,000 organizations: 800 payers, every 4th paying for one subsidiary (200), each
 *     organization with an administrator (a subscriber) and 2–4 members, 3–4 of 6 subscriptions
 *     available (the first the default);
 *   - 12 months of issued invoices per payer (the subsidiary's lines on its payer's invoice), a
 *     line per organization and subscription; the oldest 9–10 paid in full, the next one in part,
 *     the rest open (payments, allocations and ledger credits as recordPayment leaves them);
 *   - an admin, 4 services; the admin, the services and the subscriptions through the Local API.
 * Before measuring, finds through the API check the seed is what Payload reads back (counts, the
 * subscriber's memberships, organizations and balances, invoice lines and allocations, the portal
 * pages). Then autocannon, 20 connections: every route briefly to warm the server, then per route
 * a short warm-up and ~10 s measured:
 *   - the floor: `GET /api/services?depth=0` as the admin (Payload's simplest find), measured
 *     first and again after the routes (the ratios use the mean of the two runs);
 *   - as a subscriber (the administrator of a payer with a subsidiary, signed in through
 *     /api/users/login): the invoices (default depth and depth=0), /api/users/me, the
 *     organizations, the portal's dashboard and invoice pages (the payload-token cookie);
 *   - two references, not goals, that split a request's cost: `/api/health/live` (an endpoint that
 *     reads nothing: Next's and Payload's routing alone) and `/portal/login` without a session (a
 *     server-rendered portal page before any session or data);
 * and prints req/s, p50/p95/p99 for each, with its ratio to the floor against the issue's goal
 * (≥ 70 % of the floor's throughput, p95 ≤ 1.5× the floor's). A non-2xx answer (or a socket
 * error or time-out) in any run fails the benchmark: it would be measuring errors.
 * Run alone: `npx tsx bench/api.bench.ts [--organizations 1000] [--connections 20] [--duration 10] [--warmup 2] [--throwaway]`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { findFreePort } from '../src/db/embeddedPostgres'
import { ensureBuild, startNextServer, type NextServer } from '../scripts/lib/nextServer'
import { withConditionFlag } from '../scripts/lib/nodeOptions'
import {
  arrayRowId,
  count,
  percentile,
  POSTGRES_LABEL,
  seconds,
  seedInvoiceLines,
  seedIssuedInvoices,
  seedPayments,
  startBenchDatabase,
  type BenchDatabase,
  type InvoiceLineSeed,
  type PaymentSeed,
} from './billing-db'

export const PASSWORD = 'bench-password-0123456789'
const MONTHS = 12
/** The months billed: November 2025 to October 2026, issued on the 1st of the next month. */
const FIRST_MONTH = Date.UTC(2025, 10, 1)
const DAY = 86_400_000
const SUBSCRIPTIONS = 6
/** The issue's goal for every route a person waits on, against the floor measured in the same run. */
export const GOAL = { throughputShare: 0.7, p95Factor: 1.5 }

export interface RouteFigure {
  label: string
  path: string
  as: Caller
  /** One of the issue's goal routes (the others are for comparison). */
  goal: boolean
  requests: number
  durationS: number
  perSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  non2xx: number
  errors: number
  timeouts: number
  /** Mean bytes per answer. */
  bytes: number
  /** The median of 5 requests one at a time on an idle server (before the warm-up). */
  aloneMs: number
}

export interface ApiBenchSummary {
  postgres: BenchDatabase['postgres']
  organizations: number
  payers: number
  subsidiaries: number
  users: number
  invoices: number
  lines: number
  payments: number
  built: boolean
  setupMs: number
  connections: number
  durationS: number
  warmupS: number
  /** The floor as the ratios use it: the mean of its two runs (req/s, percentiles). */
  floor: RouteFigure
  /** The floor measured first and again after the routes (the machine's load may change between). */
  floorRuns: [RouteFigure, RouteFigure]
  routes: RouteFigure[]
  /** The server's output during the runs (next start's log): request lines, and the others. */
  serverLog: { requestLines: number; otherLines: string[] }
}

/** Who sends a route's requests: `anonymous` sends no credentials. */
type Caller = 'admin' | 'subscriber' | 'anonymous'

interface Route {
  label: string
  path: string
  as: Caller
  goal: boolean
  /** Pages use the payload-token cookie as a browser does; the API the Authorization header. */
  page?: boolean
}

const FLOOR: Route = {
  label: 'floor',
  path: '/api/services?depth=0',
  as: 'admin',
  goal: false,
}
const ROUTES: Route[] = [
  { label: 'invoices, limit=10', path: '/api/invoices?limit=10', as: 'subscriber', goal: true },
  {
    label: 'invoices, limit=10, depth=0',
    path: '/api/invoices?limit=10&depth=0',
    as: 'subscriber',
    goal: false,
  },
  { label: 'users/me', path: '/api/users/me', as: 'subscriber', goal: true },
  { label: 'organizations', path: '/api/organizations', as: 'subscriber', goal: true },
  { label: 'portal dashboard', path: '/portal', as: 'subscriber', goal: true, page: true },
  { label: 'portal invoices', path: '/portal/invoices', as: 'subscriber', goal: true, page: true },
  // references, not goals: what answering costs before any data is read
  {
    label: 'reference: an endpoint that reads nothing',
    path: '/api/health/live',
    as: 'anonymous',
    goal: false,
  },
  {
    label: 'reference: the sign-in page, no session',
    path: '/portal/login',
    as: 'anonymous',
    goal: false,
    page: true,
  },
]

// ---------------------------------------------------------------------------------------------
// the book

export interface Book {
  admin: { id: number; email: string }
  subscriber: { id: number; email: string }
  /** The subscriber's payer and its subsidiary. */
  payer: { id: number; title: string; subsidiary: number; balance: number }
  payers: number
  subsidiaries: number
  users: number
  invoices: number
  lines: number
  payments: number
  /** A number of one of the subscriber's invoices (the newest, on the portal's first page). */
  newestInvoiceNumber: string
}

const pad = (n: number, width = 6) => String(n).padStart(width, '0')
const monthStart = (m: number) => {
  const first = new Date(FIRST_MONTH)
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1))
}
const period = (m: number) => monthStart(m).toISOString().slice(0, 7)

export async function seedBook(db: BenchDatabase, organizations: number): Promise<Book> {
  const { payload, pool } = db
  const create = payload.create as (args: unknown) => Promise<{ id: number }>

  // --- through the Local API: the admin, the services and subscriptions -----------------------
  const adminEmail = 'bench-admin@example.test'
  const admin = await create({
    collection: 'users',
    data: { email: adminEmail, login: 'bench-admin', password: PASSWORD, role: 'admin' },
    depth: 0,
  })
  const services = []
  for (const data of [
    { title: 'Archive 14 days', kind: 'continuous_archive', archiveDays: 14, price: 300 },
    { title: 'Event archive 30 days', kind: 'event_archive', eventArchiveDays: 30, price: 150 },
    { title: 'Face recognition', kind: 'analytics', analytics: 'faces', price: 500 },
    { title: 'Storage 100 GB', kind: 'storage', storageGb: 100, price: 200 },
  ])
    services.push(await create({ collection: 'services', data: { ...data, currency: 'EUR' } }))
  const plans: { id: number; title: string; price: number }[] = []
  for (let p = 0; p < SUBSCRIPTIONS; p++) {
    const chosen = services.filter((_, s) => s === 0 || (p + s) % 2 === 0)
    const price = 500 + p * 250
    const title = `Bench plan ${p + 1}`
    const plan = await create({
      collection: 'subscriptions',
      data: {
        title,
        services: chosen.map((s) => s.id),
        prices: [{ from: '2025-01-01T00:00:00.000Z', amount: price }],
        currency: 'EUR',
        status: 'active',
      },
      depth: 0,
    })
    plans.push({ id: plan.id, title, price })
  }
  // every seeded user signs in with the same password: the admin's hash and salt
  const { rows: secret } = await pool.query<{ salt: string; hash: string }>(
    'select salt, hash from users where id = $1',
    [admin.id],
  )

  // --- organizations: payers, every 4th with a subsidiary ---------------------------------------
  const payers = Math.round(organizations * 0.8)
  const subsidiaries = organizations - payers
  const layout = Array.from({ length: payers }, (_, i) => ({
    n: i + 1,
    subsidiary: i % Math.max(1, Math.floor(payers / Math.max(1, subsidiaries))) === 0,
  }))
  let remaining = subsidiaries
  for (const entry of layout) {
    if (remaining === 0) entry.subsidiary = false
    else if (entry.subsidiary) remaining--
  }
  const orgs: {
    key: string
    title: string
    parentKey: string | null
    plans: number[]
    members: number
  }[] = []
  for (const { n, subsidiary } of layout) {
    const planCount = 3 + (n % 2)
    const planIds = Array.from({ length: planCount }, (_, k) => (n + k) % SUBSCRIPTIONS)
    orgs.push({
      key: `p${n}`,
      title: `Bench payer ${pad(n)}`,
      parentKey: null,
      plans: planIds,
      members: 2 + (n % 3),
    })
    if (subsidiary)
      orgs.push({
        key: `s${n}`,
        title: `Bench payer ${pad(n)} subsidiary`,
        parentKey: `p${n}`,
        plans: planIds.slice(0, 3),
        members: 2 + ((n + 1) % 3),
      })
  }

  // users: one administrator and 2–4 members per organization
  const userRows = orgs.flatMap((org, o) => [
    { login: `bench-${org.key}-admin`, org: o, administrator: true },
    ...Array.from({ length: org.members }, (_, m) => ({
      login: `bench-${org.key}-member-${m + 1}`,
      org: o,
      administrator: false,
    })),
  ])
  const { rows: users } = await pool.query<{ id: number }>(
    `insert into users (login, name, role, email, salt, hash, disabled, adopt_watcher_user, watcher_remote_id, watcher_status, watcher_synced_at, updated_at, created_at)
      select u.login, initcap(replace(u.login, '-', ' ')), 'subscriber', u.login || '@example.test', $2, $3, false, false,
             100000 + u.ord, 'synced', now(), now(), now()
        from unnest($1::varchar[]) with ordinality as u(login, ord)
       order by u.ord
      returning id`,
    [userRows.map((u) => u.login), secret[0]!.salt, secret[0]!.hash],
  )
  const userIds = users.map((u) => Number(u.id))
  const administratorOf = new Map<number, number>()
  userRows.forEach((u, i) => u.administrator && administratorOf.set(u.org, userIds[i]!))

  // the payers first, then the subsidiaries (their parent ids known)
  const insertOrgs = async (indexes: number[], parents: (number | null)[]) => {
    const { rows } = await pool.query<{ id: number }>(
      `insert into organizations (title, parent_id, payer, administrator_id, default_subscription_id, timezone, tax_rate_bp, currency,
          payment_terms_days, status, watcher_remote_id, watcher_status, watcher_synced_at, updated_at, created_at)
        select o.title, o.parent, case when o.parent is null then 'self' else 'parent' end::enum_organizations_payer, o.administrator,
               o.default_subscription, 'Europe/Berlin', 0, 'EUR', 14, 'active', 200000 + o.ord, 'synced', now(), now(), now()
          from unnest($1::varchar[], $2::int[], $3::int[], $4::int[]) with ordinality as o(title, parent, administrator, default_subscription, ord)
         order by o.ord
        returning id`,
      [
        indexes.map((o) => orgs[o]!.title),
        parents,
        indexes.map((o) => administratorOf.get(o)!),
        indexes.map((o) => plans[orgs[o]!.plans[0]!]!.id),
      ],
    )
    return rows.map((row) => Number(row.id))
  }
  const orgIds = new Array<number>(orgs.length)
  const payerIndexes = orgs.flatMap((org, o) => (org.parentKey === null ? [o] : []))
  const byKey = new Map(orgs.map((org, o) => [org.key, o]))
  ;(
    await insertOrgs(
      payerIndexes,
      payerIndexes.map(() => null),
    )
  ).forEach((id, i) => (orgIds[payerIndexes[i]!] = id))
  const subsidiaryIndexes = orgs.flatMap((org, o) => (org.parentKey === null ? [] : [o]))
  ;(
    await insertOrgs(
      subsidiaryIndexes,
      subsidiaryIndexes.map((o) => orgIds[byKey.get(orgs[o]!.parentKey!)!]!),
    )
  ).forEach((id, i) => (orgIds[subsidiaryIndexes[i]!] = id))

  // available subscriptions, memberships (the administrator with every permission), a billing contact each
  const rels = orgs.flatMap((org, o) =>
    org.plans.map((p, k) => ({ parent: orgIds[o]!, order: k + 1, plan: plans[p]!.id })),
  )
  await pool.query(
    `insert into organizations_rels ("order", parent_id, path, subscriptions_id)
      select r.ord, r.parent, 'availableSubscriptions', r.plan from unnest($1::int[], $2::int[], $3::int[]) as r(ord, parent, plan)`,
    [rels.map((r) => r.order), rels.map((r) => r.parent), rels.map((r) => r.plan)],
  )
  await pool.query(
    `insert into users_memberships (_order, _parent_id, id, organization_id, can_view_streams, can_edit_streams, can_edit_users, can_view_stats)
      select 1, m.usr, m.id, m.org, true, m.admin, m.admin, m.admin
        from unnest($1::int[], $2::varchar[], $3::int[], $4::boolean[]) as m(usr, id, org, admin)`,
    [
      userIds,
      userIds.map(() => arrayRowId()),
      userRows.map((u) => orgIds[u.org]!),
      userRows.map((u) => u.administrator),
    ],
  )
  await pool.query(
    `insert into organizations_billing_contacts (_order, _parent_id, id, email)
      select 1, c.org, c.id, 'accounts+' || c.org || '@example.test' from unnest($1::int[], $2::varchar[]) as c(org, id)`,
    [orgIds, orgIds.map(() => arrayRowId())],
  )

  // --- 12 months of issued invoices per payer, with lines ---------------------------------------
  const billed = new Map<number, number[]>() // payer index → organizations on its invoice
  orgs.forEach((org, o) => {
    const payer = org.parentKey === null ? o : byKey.get(org.parentKey)!
    billed.set(payer, [...(billed.get(payer) ?? []), o])
  })
  type Draft = { payer: number; month: number; lines: Omit<InvoiceLineSeed, 'invoice'>[] }
  const drafts: Draft[] = []
  for (const payer of payerIndexes) {
    for (let month = 0; month < MONTHS; month++) {
      const start = monthStart(month)
      const end = monthStart(month + 1)
      const monthSeconds = (end.getTime() - start.getTime()) / 1000
      const lines = billed.get(payer)!.flatMap((o) =>
        orgs[o]!.plans.map((p) => {
          const plan = plans[p]!
          const cameras = 1 + ((o * 7 + p * 3 + month) % 9)
          const cameraSeconds = cameras * monthSeconds
          const label = start.toLocaleDateString('en-GB', {
            month: 'short',
            year: 'numeric',
            timeZone: 'UTC',
          })
          return {
            organization: orgIds[o]!,
            subscription: plan.id,
            description: `${plan.title}${o === payer ? '' : ` — ${orgs[o]!.title}`}, 1–${new Date(end.getTime() - DAY).getUTCDate()} ${label}`,
            segmentStart: start,
            segmentEnd: end,
            cameraSeconds,
            cameraDays: (cameraSeconds / 86_400).toFixed(2),
            averageCameras: cameras.toFixed(2),
            unitPrice: plan.price,
            amount: cameras * plan.price,
          }
        }),
      )
      drafts.push({ payer, month, lines })
    }
  }
  const totalOf = (draft: Draft) => draft.lines.reduce((sum, line) => sum + line.amount, 0)
  const invoiceIds = await seedIssuedInvoices(
    pool,
    drafts.map((draft) => ({
      organization: orgIds[draft.payer]!,
      period: period(draft.month),
      total: totalOf(draft),
      currency: 'EUR',
      issuedAt: monthStart(draft.month + 1),
      dueAt: new Date(monthStart(draft.month + 1).getTime() + 14 * DAY),
    })),
    'BENCH-API',
  )
  const lines = drafts.flatMap((draft, d) =>
    draft.lines.map((line) => ({ ...line, invoice: invoiceIds[d]! })),
  )
  await seedInvoiceLines(pool, lines)

  // --- payments: the oldest 9–10 in full, the next in part, the rest open -----------------------
  const payments: PaymentSeed[] = []
  drafts.forEach((draft, d) => {
    const n = draft.payer
    const paidInFull = 9 + (n % 3 === 0 ? 1 : 0)
    if (draft.month > paidInFull) return
    const total = totalOf(draft)
    const amount = draft.month < paidInFull ? total : Math.floor(total / 2)
    const dueAt = monthStart(draft.month + 1).getTime() + 14 * DAY
    payments.push({
      organization: orgIds[n]!,
      amount,
      currency: 'EUR',
      date: new Date(dueAt - ((n + draft.month) % 10) * DAY),
      reference: `BANK-${pad(orgIds[n]!)}-${period(draft.month)}`,
      createdBy: admin.id,
      allocations: [{ invoice: invoiceIds[d]!, amount }],
    })
  })
  await seedPayments(pool, payments)
  await pool.query('analyze')

  // the subscriber: the administrator of a payer in the middle of the book that has a subsidiary
  const middle = payerIndexes[Math.floor(payerIndexes.length / 2)]!
  const chosen =
    payerIndexes.slice(payerIndexes.indexOf(middle)).find((o) => billed.get(o)!.length > 1) ??
    middle
  const subsidiary = billed.get(chosen)!.find((o) => o !== chosen) ?? chosen
  const balance =
    drafts.filter((d) => d.payer === chosen).reduce((sum, d) => sum + totalOf(d), 0) -
    payments.filter((p) => p.organization === orgIds[chosen]).reduce((sum, p) => sum + p.amount, 0)
  const newest = invoiceIds[drafts.findIndex((d) => d.payer === chosen && d.month === MONTHS - 1)]!
  const { rows: numbered } = await pool.query<{ number: string }>(
    'select number from invoices where id = $1',
    [newest],
  )
  const subscriberLogin = `bench-${orgs[chosen]!.key}-admin`
  return {
    admin: { id: admin.id, email: adminEmail },
    subscriber: {
      id: userIds[userRows.findIndex((u) => u.login === subscriberLogin)]!,
      email: `${subscriberLogin}@example.test`,
    },
    payer: {
      id: orgIds[chosen]!,
      title: orgs[chosen]!.title,
      subsidiary: orgIds[subsidiary]!,
      balance,
    },
    payers,
    subsidiaries: subsidiaryIndexes.length,
    users: userRows.length + 1,
    invoices: invoiceIds.length,
    lines: lines.length,
    payments: payments.length,
    newestInvoiceNumber: numbered[0]!.number,
  }
}

// ---------------------------------------------------------------------------------------------
// the server, checked through the API

async function login(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`login of ${email}: ${response.status} ${text.slice(0, 500)}`)
  return (JSON.parse(text) as { token: string }).token
}

const headersFor = (token: string, page = false): Record<string, string> =>
  token === ''
    ? {}
    : page
      ? { cookie: `payload-token=${token}` }
      : { authorization: `JWT ${token}` }

async function get<T>(baseUrl: string, token: string, route: string, page = false) {
  const response = await fetch(`${baseUrl}${route}`, {
    headers: headersFor(token, page),
    redirect: 'manual',
  })
  const text = await response.text()
  if (response.status !== 200)
    throw new Error(`GET ${route}: ${response.status} ${text.slice(0, 500)}`)
  return (page ? text : JSON.parse(text)) as T
}

function expect(ok: boolean, what: string) {
  if (!ok) throw new Error(`the seeded book is not what Payload reads back: ${what}`)
}

interface Found<T> {
  docs: T[]
  totalDocs: number
}
type Line = { organization: unknown; subscription: unknown; amount: number }
type InvoiceDoc = {
  id: number
  organization: number | { id: number }
  total: number
  amountPaid: number
  amountDue: number
  status: string
  lines: Line[]
  allocations: { amount: number }[]
}

/** Finds through the REST API (and the portal pages) that the seed reads back as seeded. */
async function checkBook(
  baseUrl: string,
  tokens: Record<'admin' | 'subscriber', string>,
  book: Book,
) {
  const admin = (route: string) => get<Found<unknown>>(baseUrl, tokens.admin, route)
  const sub = <T>(route: string) => get<T>(baseUrl, tokens.subscriber, route)
  expect((await admin('/api/services?depth=0')).totalDocs === 4, 'services')
  expect(
    (await admin('/api/organizations?limit=1&depth=0')).totalDocs ===
      book.payers + book.subsidiaries,
    'organizations (admin)',
  )
  expect((await admin('/api/users?limit=1&depth=0')).totalDocs === book.users, 'users (admin)')
  expect(
    (await admin('/api/invoices?limit=1&depth=0')).totalDocs === book.invoices,
    'invoices (admin)',
  )
  expect(
    (await admin('/api/payments?limit=1&depth=0')).totalDocs === book.payments,
    'payments (admin)',
  )

  const me = await sub<{ user: { id: number; memberships: { organization: unknown }[] } }>(
    '/api/users/me',
  )
  expect(me.user?.id === book.subscriber.id, 'users/me answers the subscriber')
  const memberOf = me.user.memberships.map((m) =>
    typeof m.organization === 'object' ? (m.organization as { id: number }).id : m.organization,
  )
  expect(memberOf.includes(book.payer.id), 'the subscriber is a member of its payer')

  const organizations =
    await sub<Found<{ id: number; balance: { currency: string; amount: number }[] }>>(
      '/api/organizations',
    )
  const ids = organizations.docs.map((o) => o.id).sort((a, b) => a - b)
  expect(
    JSON.stringify(ids) ===
      JSON.stringify([...new Set([book.payer.id, book.payer.subsidiary])].sort((a, b) => a - b)),
    `the subscriber sees its payer and subsidiary (saw ${ids.join(', ')})`,
  )
  const payer = organizations.docs.find((o) => o.id === book.payer.id)!
  expect(
    payer.balance.length === 1 &&
      payer.balance[0]!.currency === 'EUR' &&
      payer.balance[0]!.amount === book.payer.balance,
    `the payer's balance (${JSON.stringify(payer.balance)}, expected ${book.payer.balance})`,
  )

  const invoices = await sub<Found<InvoiceDoc>>('/api/invoices?limit=100')
  expect(invoices.totalDocs === MONTHS, `the subscriber's invoices (${invoices.totalDocs})`)
  for (const invoice of invoices.docs) {
    const lineSum = invoice.lines.reduce((sum, line) => sum + line.amount, 0)
    const allocated = (invoice.allocations ?? []).reduce((sum, a) => sum + a.amount, 0)
    expect(
      lineSum === invoice.total &&
        allocated === invoice.amountPaid &&
        invoice.amountDue === invoice.total - invoice.amountPaid &&
        (invoice.status === 'paid') === (invoice.amountDue === 0) &&
        invoice.lines.every(
          (line) => typeof line.organization === 'object' && typeof line.subscription === 'object',
        ),
      `invoice ${invoice.id}: lines, allocations and amounts`,
    )
  }
  expect(
    invoices.docs.some((i) => i.status === 'paid') &&
      invoices.docs.some((i) => i.status === 'issued' && i.amountPaid > 0),
    'paid and part-paid invoices',
  )
  const dashboard = await get<string>(baseUrl, tokens.subscriber, '/portal', true)
  expect(dashboard.includes(book.payer.title), 'the portal dashboard shows the payer')
  const invoicePage = await get<string>(baseUrl, tokens.subscriber, '/portal/invoices', true)
  expect(
    invoicePage.includes(book.newestInvoiceNumber),
    'the portal invoices page lists the newest invoice',
  )
}

// ---------------------------------------------------------------------------------------------
// load

async function load(
  baseUrl: string,
  route: Route,
  token: string,
  connections: number,
  durationS: number,
): Promise<RouteFigure> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${baseUrl}${route.path}`,
        connections,
        duration: durationS,
        headers: headersFor(token, route.page),
        timeout: 30,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    )
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime)
    })
  })
  latencies.sort((a, b) => a - b)
  const durationSeconds = result.duration
  return {
    label: route.label,
    path: route.path,
    as: route.as,
    goal: route.goal,
    requests: latencies.length,
    durationS: durationSeconds,
    perSecond: latencies.length / durationSeconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytes: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    aloneMs: 0,
  }
}

/** One request, timed; anything but 200 fails. */
async function timedGet(baseUrl: string, route: Route, token: string): Promise<number> {
  const t0 = performance.now()
  const response = await fetch(`${baseUrl}${route.path}`, {
    headers: headersFor(token, route.page),
    redirect: 'manual',
  })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`GET ${route.path}: ${response.status}`)
  return performance.now() - t0
}

/**
 * Waits until the server is idle again: autocannon drops the requests in flight when a run ends,
 * but the server goes on with them. Idle: the floor route alone answers within 3× its idle time (150 ms at least)
 * twice in a row (at most 60 s).
 */
async function settle(baseUrl: string, token: string, floorAloneMs: number) {
  const deadline = Date.now() + 60_000
  let quick = 0
  while (quick < 2 && Date.now() < deadline) {
    const ms = await timedGet(baseUrl, FLOOR, token)
    quick = ms <= Math.max(3 * floorAloneMs, 150) ? quick + 1 : 0
    if (quick < 2) await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function refuseFailures(figure: RouteFigure, phase: string, logFile: string) {
  if (figure.non2xx === 0 && figure.errors === 0 && figure.timeouts === 0) return
  const tail = fs.existsSync(logFile)
    ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')
    : ''
  throw new Error(
    `${figure.label} (${figure.path}), ${phase}: ${figure.non2xx} non-2xx answers, ${figure.errors} errors, ` +
      `${figure.timeouts} time-outs of ${figure.requests}; the benchmark would measure errors. Server log:\n${tail}`,
  )
}

export async function runApiBench({
  organizations = 1_000,
  connections = 20,
  duration = 10,
  warmup = 2,
  throwaway = false,
  log = (line: string) => console.error(`[api-bench] ${line}`),
} = {}): Promise<ApiBenchSummary> {
  const started = performance.now()
  const db = await startBenchDatabase('api', { throwaway })
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-api-'))
  const logFile = path.join(workDir, 'next.log')
  let server: NextServer | undefined
  try {
    const port = await findFreePort()
    const env: NodeJS.ProcessEnv = {
      ...process.env, // DATABASE_URL and PAYLOAD_SECRET of the bench database
      NODE_ENV: 'production',
      NODE_OPTIONS: withConditionFlag('--no-deprecation'),
      NEXT_TELEMETRY_DISABLED: '1',
      SERVER_URL: `http://127.0.0.1:${port}`,
      SERVER_URL_IS_DEFAULT: 'true',
    }
    for (const name of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_HOST', 'BILLING_CLOCK'] as const)
      delete env[name]
    // the build (when the sources changed) while the book is seeded: the seed is PostgreSQL's work
    log('next build unless .next is current; seeding')
    const building = ensureBuild(env, path.join(workDir, 'build.log'))
    const seeding = seedBook(db, organizations)
    const [built, seeded] = await Promise.allSettled([building, seeding])
    if (built.status === 'rejected') throw built.reason
    if (seeded.status === 'rejected') throw seeded.reason
    const book = seeded.value
    log(
      `${built.value ? 'built; ' : ''}seeded ${count(book.payers + book.subsidiaries)} organizations, ${count(book.users)} users, ` +
        `${count(book.invoices)} invoices, ${count(book.lines)} lines, ${count(book.payments)} payments (${seconds(performance.now() - started)})`,
    )
    server = await startNextServer({ port, env, logFile })
    const tokens = {
      admin: await login(server.baseUrl, book.admin.email),
      subscriber: await login(server.baseUrl, book.subscriber.email),
      anonymous: '',
    }
    await checkBook(server.baseUrl, tokens, book)
    const setupMs = performance.now() - started
    log(`server up and the book checked through the API (${seconds(setupMs)})`)
    // whole lines only: the log counted in lines, not bytes (a line may be half written now)
    const linesBefore = fs.readFileSync(logFile, 'utf8').split('\n').length - 1

    const alone = async (route: Route) => {
      const times: number[] = []
      for (let i = 0; i < 5; i++)
        times.push(await timedGet(server!.baseUrl, route, tokens[route.as]))
      return percentile(
        times.sort((a, b) => a - b),
        50,
      )
    }
    const floorAloneMs = await alone(FLOOR)
    const measure = async (route: Route) => {
      const token = tokens[route.as]
      const baseUrl = server!.baseUrl
      await settle(baseUrl, tokens.admin, floorAloneMs)
      const aloneMs = route === FLOOR ? floorAloneMs : await alone(route)
      if (warmup > 0) {
        refuseFailures(await load(baseUrl, route, token, connections, warmup), 'warm-up', logFile)
        await settle(baseUrl, tokens.admin, floorAloneMs)
      }
      let figure = await load(baseUrl, route, token, connections, duration)
      refuseFailures(figure, 'measured run', logFile)
      // too slow for the window (under 3 answers per connection): once more, long enough for that
      const enough = 3 * connections
      if (figure.requests < enough) {
        const rate = Math.max(figure.perSecond, 1_000 / Math.max(1, aloneMs))
        const longer = Math.min(120, Math.ceil((1.3 * enough) / rate) + 2)
        log(`${route.label}: ${figure.requests} answers in ${duration} s; again for ${longer} s`)
        await settle(baseUrl, tokens.admin, floorAloneMs)
        figure = await load(baseUrl, route, token, connections, Math.max(longer, duration))
        refuseFailures(figure, 'measured run (longer)', logFile)
      }
      figure.aloneMs = aloneMs
      log(
        `${route.label}: ${figure.perSecond.toFixed(1)} req/s, p50 ${figure.p50Ms.toFixed(0)} ms, ` +
          `p95 ${figure.p95Ms.toFixed(0)} ms (alone ${aloneMs.toFixed(0)} ms)`,
      )
      return figure
    }
    // the whole server warm before the first figure (JIT, the pages' chunks): every route once
    // under load, so the first floor run is not the server's first load
    for (const route of [FLOOR, ...ROUTES]) {
      refuseFailures(
        await load(server.baseUrl, route, tokens[route.as], connections, Math.max(warmup, 1)),
        'server warm-up',
        logFile,
      )
      await settle(server.baseUrl, tokens.admin, floorAloneMs)
    }
    const floorFirst = await measure(FLOOR)
    const routes: RouteFigure[] = []
    for (const route of ROUTES) routes.push(await measure(route))
    const floorLast = { ...(await measure(FLOOR)), label: 'floor, again after the routes' }
    floorFirst.label = 'floor, first'
    const mean = (pick: (r: RouteFigure) => number) => (pick(floorFirst) + pick(floorLast)) / 2
    const floor: RouteFigure = {
      ...floorFirst,
      label: 'floor, mean of the two runs',
      requests: floorFirst.requests + floorLast.requests,
      durationS: floorFirst.durationS + floorLast.durationS,
      perSecond: mean((r) => r.perSecond),
      p50Ms: mean((r) => r.p50Ms),
      p95Ms: mean((r) => r.p95Ms),
      p99Ms: mean((r) => r.p99Ms),
      maxMs: Math.max(floorFirst.maxMs, floorLast.maxMs),
      aloneMs: mean((r) => r.aloneMs),
    }

    const serverLines = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(linesBefore)
      .filter((line) => line.trim() !== '')
    const isRequestLine = (line: string) =>
      /"msg":"request"/.test(line) && /"level":"info"/.test(line)
    return {
      postgres: db.postgres,
      organizations: book.payers + book.subsidiaries,
      payers: book.payers,
      subsidiaries: book.subsidiaries,
      users: book.users,
      invoices: book.invoices,
      lines: book.lines,
      payments: book.payments,
      built: built.value,
      setupMs,
      connections,
      durationS: duration,
      warmupS: warmup,
      floor,
      floorRuns: [floorFirst, floorLast],
      routes,
      serverLog: {
        requestLines: serverLines.filter(isRequestLine).length,
        otherLines: serverLines.filter((line) => !isRequestLine(line)).slice(-15),
      },
    }
  } finally {
    await server?.stop()
    await db.stop()
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// the table

const throughputShare = (route: RouteFigure, floor: RouteFigure) =>
  floor.perSecond > 0 ? route.perSecond / floor.perSecond : 0
const p95Factor = (route: RouteFigure, floor: RouteFigure) =>
  floor.p95Ms > 0 ? route.p95Ms / floor.p95Ms : Infinity
export const meetsGoal = (route: RouteFigure, floor: RouteFigure) =>
  throughputShare(route, floor) >= GOAL.throughputShare && p95Factor(route, floor) <= GOAL.p95Factor

export function formatApiBench(s: ApiBenchSummary): string {
  const header = [
    'Route',
    'As',
    'Req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'Non-2xx',
    'Alone ms',
    '% of floor req/s',
    'p95 × floor',
    'Goal',
  ]
  const row = (r: RouteFigure, isFloor: boolean) => [
    `${r.label}  ${r.path}`,
    r.as,
    r.perSecond.toFixed(1),
    r.p50Ms.toFixed(0),
    r.p95Ms.toFixed(0),
    r.p99Ms.toFixed(0),
    String(r.non2xx),
    r.aloneMs.toFixed(0),
    `${(throughputShare(r, s.floor) * 100).toFixed(0)} %`,
    p95Factor(r, s.floor).toFixed(2),
    isFloor ? 'floor' : !r.goal ? '(not a goal route)' : meetsGoal(r, s.floor) ? 'met' : 'NOT met',
  ]
  const rows = [
    header,
    ...s.floorRuns.map((r) => row(r, true)),
    row(s.floor, true),
    ...s.routes.map((r) => row(r, false)),
  ]
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
  const goals = s.routes.filter((r) => r.goal)
  const met = goals.filter((r) => meetsGoal(r, s.floor)).length
  return [
    `production server (next start${s.built ? ', built in this run' : ''}), PostgreSQL ${POSTGRES_LABEL[s.postgres]}; ` +
      `${count(s.organizations)} organizations (${count(s.payers)} payers, ${count(s.subsidiaries)} subsidiaries), ${count(s.users)} users, ` +
      `${count(s.invoices)} invoices, ${count(s.lines)} lines, ${count(s.payments)} payments; set-up ${seconds(s.setupMs)}`,
    `autocannon, ${s.connections} connections, ${s.warmupS} s warm-up then ${s.durationS} s per route (longer where that gave under 3 answers per connection: ` +
      `${
        s.routes
          .filter((r) => r.durationS > s.durationS + 1)
          .map((r) => `${r.label} ${r.durationS.toFixed(0)} s`)
          .join(', ') || 'none'
      }); ` +
      `"alone": the median of 5 requests one at a time on the idle server; ` +
      `goal: ≥ ${GOAL.throughputShare * 100} % of the floor's req/s and p95 ≤ ${GOAL.p95Factor}× the floor's`,
    line(header),
    ...rows.slice(1).map(line),
    `goal met on ${met} of ${goals.length} routes; no non-2xx answer in any run` +
      `\nserver output during the runs: ${count(s.serverLog.requestLines)} request log lines` +
      (s.serverLog.otherLines.length > 0
        ? `; other lines (last ${s.serverLog.otherLines.length}):\n  ${s.serverLog.otherLines.join('\n  ')}`
        : ', nothing else'),
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      throwaway: { type: 'boolean' },
    },
  })
  console.log(
    formatApiBench(
      await runApiBench({
        organizations: Number(values.organizations ?? 1_000),
        connections: Number(values.connections ?? 20),
        duration: Number(values.duration ?? 10),
        warmup: Number(values.warmup ?? 2),
        throwaway: values.throwaway ?? false,
      }),
    ),
  )
  process.exit(0)
}
