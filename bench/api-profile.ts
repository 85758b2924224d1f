/**
 * The API benchmark's routes in-process, one request at a time: SQL statements and milliseconds
 * per request, the cheap loop to run before the whole `api.bench.ts` (which needs `next build` and
 * four minutes). The same book as `api.bench.ts` (seeded by its `seedBook`), Payload's REST
 * handlers as the app serves them (`src/app/(payload)/api/[...slug]/handlers.ts`), and the portal
 * pages' data loading as their server components run it (the layout, the page, the dashboard).
 * Every statement any `pg` client sends is counted (the app's pool and Payload's adapter).
 * `npx tsx bench/api-profile.ts [--organizations 1000] [--requests 30] [--sql]` (`--sql`: print the
 * statements of one request per route). `--profile <prefix>`: a CPU profile of each route's
 * measured loop, in `<prefix>.<route>.cpuprofile`; `--only <text>`: the routes whose label has it.
 */
import fs from 'node:fs'
import { Session } from 'node:inspector/promises'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import type { Payload } from 'payload'
import { PASSWORD, seedBook } from './api.bench'
import { count, percentile, startBenchDatabase } from './billing-db'

const { values } = parseArgs({
  options: {
    organizations: { type: 'string' },
    requests: { type: 'string' },
    sql: { type: 'boolean' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
})
const organizations = Number(values.organizations ?? 1_000)
const requests = Number(values.requests ?? 30)

// every pg copy in the tree (the app's and the adapter's): count what each client sends
let statements: string[] = []
let sqlMs = 0
const require = createRequire(import.meta.url)
for (const id of [
  require.resolve('pg'),
  require.resolve('pg', {
    paths: [require.resolve('@payloadcms/db-postgres').replace(/dist\/.*$/, '')],
  }),
]) {
  const pg = require(id) as { Client: { prototype: { query: (...args: unknown[]) => unknown } } }
  const original = pg.Client.prototype.query
  if ((original as { counted?: boolean }).counted) continue
  const counted = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined
    statements.push(typeof first === 'string' ? first : (first?.text ?? '?'))
    const t0 = performance.now()
    const done = () => (sqlMs += performance.now() - t0)
    const last = args.length - 1
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...results: unknown[]) => unknown
      args[last] = (...results: unknown[]) => (done(), callback(...results))
    }
    const result = original.apply(this, args)
    if (result instanceof Promise) void result.then(done, () => undefined)
    return result
  }
  ;(counted as { counted?: boolean }).counted = true
  pg.Client.prototype.query = counted
}

const db = await startBenchDatabase('api-profile', { throwaway: true })
try {
  const book = await seedBook(db, organizations)
  const payload: Payload = db.payload
  const { restHandlers } = await import('../src/app/(payload)/api/[...slug]/handlers')
  const portal = await import('../src/portal')

  const call = async (
    method: 'GET' | 'POST',
    route: string,
    headers: HeadersInit,
    body?: object,
  ) => {
    const url = new URL(`http://localhost${route}`)
    const slug = url.pathname.slice('/api/'.length).split('/').map(decodeURIComponent)
    const request = new Request(url, {
      method,
      headers: { ...headers, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    })
    const response = await restHandlers[method](request, { params: Promise.resolve({ slug }) })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`${method} ${route}: ${response.status} ${text}`)
    return JSON.parse(text) as Record<string, unknown>
  }
  const login = async (email: string) =>
    (await call('POST', '/api/users/login', {}, { email, password: PASSWORD })).token as string
  const tokens = {
    admin: await login(book.admin.email),
    subscriber: await login(book.subscriber.email),
  }
  const api = (as: 'admin' | 'subscriber', route: string) => () =>
    call('GET', route, { authorization: `JWT ${tokens[as]}` })

  // the portal pages' server side as the signed-in layout and the pages run it
  const session = async () => {
    const headers = new Headers({ cookie: `payload-token=${tokens.subscriber}` })
    // as getSession does: the page's reads share one request as the user
    const user = await portal.signedInPage(payload, headers)
    if (!user) throw new Error('the portal session found no user')
    return { payload, user }
  }
  const layout = async (s: Awaited<ReturnType<typeof session>>) =>
    portal.managedOrganizationIds(s.payload, s.user)
  const dashboard = async () => {
    const s = await session()
    const [, organizationsRead] = await Promise.all([
      layout(s),
      portal.readableOrganizations(s.payload, s.user),
    ])
    const memberOf = (s.user.memberships ?? []).map((m) => portal.idOf(m.organization as never))
    const organization =
      organizationsRead.find((o) => memberOf.includes(o.id)) ?? organizationsRead[0]!
    await portal.Dashboard({
      payload: s.payload,
      user: s.user,
      organizations: organizationsRead,
      organization,
    })
  }
  const invoicePage = async () => {
    const s = await session()
    await Promise.all([
      layout(s),
      portal.readableInvoices(s.payload, s.user, { limit: 25, page: 1 }),
      portal.readableOrganizations(s.payload, s.user),
    ])
  }

  const routes: { label: string; run: () => Promise<unknown> }[] = [
    { label: 'floor /api/services?depth=0 (admin)', run: api('admin', '/api/services?depth=0') },
    { label: '/api/invoices?limit=10', run: api('subscriber', '/api/invoices?limit=10') },
    {
      label: '/api/invoices?limit=10&depth=0',
      run: api('subscriber', '/api/invoices?limit=10&depth=0'),
    },
    { label: '/api/users/me', run: api('subscriber', '/api/users/me') },
    { label: '/api/organizations', run: api('subscriber', '/api/organizations') },
    { label: '/portal (data)', run: dashboard },
    { label: '/portal/invoices (data)', run: invoicePage },
  ].filter((route) => !values.only || route.label.includes(values.only))

  console.log(
    `${count(organizations)} organizations, ${count(book.invoices)} invoices; ${requests} requests per route, one at a time`,
  )
  const inspector = values.profile ? new Session() : null
  if (inspector) {
    inspector.connect()
    await inspector.post('Profiler.enable')
    await inspector.post('Profiler.setSamplingInterval', { interval: 200 })
  }
  for (const route of routes) {
    for (let i = 0; i < 5; i++) await route.run() // warm
    statements = []
    await route.run()
    const perRequest = [...statements]
    if (values.sql) console.log(`--- ${route.label}\n  ${perRequest.join('\n  ')}`)
    const times: number[] = []
    sqlMs = 0
    if (inspector) await inspector.post('Profiler.start')
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now()
      await route.run()
      times.push(performance.now() - t0)
    }
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop')
      const file = `${values.profile}.${route.label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`
      fs.writeFileSync(file, JSON.stringify(profile))
      console.log(`  profile: ${file}`)
    }
    times.sort((a, b) => a - b)
    console.log(
      `${route.label.padEnd(40)} ${String(perRequest.length).padStart(3)} statements  ` +
        `median ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  ` +
        `(statements ${(sqlMs / requests).toFixed(1)} ms per request, summed)`,
    )
  }
} finally {
  await db.stop()
}
process.exit(0)
