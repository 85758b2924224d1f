/**
 * GET /api/metrics: the token rules (404 without METRICS_TOKEN, 401 for a wrong one), output that
 * a Prometheus parser reads, and figures that rise when work happens: HTTP requests, Watcher calls,
 * sync attempts and states, jobs, invoices, the database pool.
 */
import pg from 'pg'
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format'
import type { Payload } from 'payload'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../src/db/embeddedPostgres'
import {
  bearerMatches,
  httpRouteOf,
  recordHttpRequest,
  startMetricsServer,
} from '../../src/operations'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { clearQueue, startBillingWatcher, syncNow } from '../helpers/watcher'
import { PASSWORD } from '../helpers/world'

const TOKEN = 'metrics-test-token-0123456789'

let payload: Payload
let emulator: WatcherEmulator
let admin: string

let lastText = ''

async function scrape(): Promise<MetricFamily[]> {
  const response = await request(await testServer())
    .get('/api/metrics')
    .set('Authorization', `Bearer ${TOKEN}`)
  expect(response.status).toBe(200)
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
  lastText = response.text
  return parsePrometheusTextFormat(response.text)
}

/**
 * The `_count` of a labelled histogram in the last scrape, read from its sample lines: the parser
 * merges a histogram's label sets into one (it keys samples by their full labels, `le` included).
 */
function histogramCount(name: string, labels: Record<string, string>): number {
  let total = 0
  for (const line of lastText.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line)
    if (!match || match[1] !== `watcher_billing_${name}_count`) continue
    const found = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    )
    if (Object.entries(labels).every(([key, wanted]) => found[key] === wanted))
      total += Number(match[3])
  }
  return total
}

/** The value of one series (labels matched as a subset; summed over the rest), 0 when absent. */
function value(
  families: MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = families.find((candidate) => candidate.name === `watcher_billing_${name}`)
  if (!family) return 0
  return family.metrics
    .filter((metric) =>
      Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted),
    )
    .reduce((sum, metric) => sum + Number(metric.value ?? metric.count ?? 0), 0)
}

function family(families: MetricFamily[], name: string): MetricFamily {
  const found = families.find((candidate) => candidate.name === `watcher_billing_${name}`)
  if (!found) throw new Error(`no metric watcher_billing_${name}`)
  return found
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  await payload.create({
    collection: 'users',
    data: {
      email: 'metrics-admin@example.test',
      login: 'metrics-admin',
      password: PASSWORD,
      role: 'admin',
    } as never,
  })
  admin = await loginHeader('metrics-admin@example.test', PASSWORD)
})

afterAll(async () => {
  delete process.env.METRICS_TOKEN
  await emulator?.close()
})

describe('GET /api/metrics access', () => {
  it('is 404 while METRICS_TOKEN is unset, 401 without or with a wrong token', async () => {
    delete process.env.METRICS_TOKEN
    expect(
      (
        await request(await testServer())
          .get('/api/metrics')
          .set('Authorization', `Bearer ${TOKEN}`)
      ).status,
    ).toBe(404)
    process.env.METRICS_TOKEN = TOKEN
    expect((await request(await testServer()).get('/api/metrics')).status).toBe(401)
    const wrong = await request(await testServer())
      .get('/api/metrics')
      .set('Authorization', `Bearer ${TOKEN}x`)
    expect(wrong.status).toBe(401)
    expect(wrong.headers['www-authenticate']).toBe('Bearer')
    expect(wrong.text).not.toContain('watcher_billing_')
    // a user's login is not the metrics token
    expect(
      (
        await request(await testServer())
          .get('/api/metrics')
          .set('Authorization', admin)
      ).status,
    ).toBe(401)
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(bearerMatches(`bearer   ${TOKEN} `, TOKEN)).toBe(true)
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false)
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false)
    expect(bearerMatches(undefined, TOKEN)).toBe(false)
  })
})

describe('GET /api/metrics figures', () => {
  it('parses, and rises when work happens', async () => {
    process.env.METRICS_TOKEN = TOKEN
    const before = await scrape()
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'db_pool_connections',
      'db_pool_max_connections',
      'database_up',
      'jobs',
      'sync_attempts_total',
      'sync_documents',
      'usage_collections_total',
      'invoices',
      'invoices_drafted_total',
      'invoices_issued_total',
      'dunning_actions_total',
      'outbox_backlog',
      'outbox_oldest_seconds',
      'notification_deliveries',
      'notification_delivery_failures_total',
      'worker_leader',
      'process_resident_memory_bytes',
    ]) {
      expect(families(before), name).toContain(`watcher_billing_${name}`)
    }
    expect(family(before, 'sync_attempts_total').type).toBe('COUNTER')
    expect(family(before, 'jobs').type).toBe('GAUGE')
    expect(value(before, 'database_up')).toBe(1)
    expect(value(before, 'db_pool_connections', { state: 'total' })).toBeGreaterThan(0)

    // a change queues a sync job: the queue shows it, due
    const title = `Metrics org ${Date.now()}`
    const organization = await (payload.create as any)({
      collection: 'organizations',
      data: { title },
    })
    const queued = await scrape()
    expect(
      value(queued, 'jobs', { queue: 'watcher', task: 'watcher-sync', state: 'due' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value(queued, 'jobs_oldest_due_seconds', { queue: 'watcher', task: 'watcher-sync' }),
    ).toBeGreaterThanOrEqual(0)
    expect(
      value(queued, 'sync_documents', { collection: 'organizations', status: 'pending' }),
    ).toBeGreaterThanOrEqual(1)

    // the operator's sync now delivers it: a sync attempt, Watcher calls, the endpoint's request
    const sync = await request(await testServer())
      .post('/api/watcher/sync')
      .set('Authorization', admin)
    expect(sync.status).toBe(200)
    const delivered = await scrape()
    expect(
      value(delivered, 'sync_attempts_total', {
        collection: 'organizations',
        outcome: 'delivered',
      }),
    ).toBe(
      value(before, 'sync_attempts_total', { collection: 'organizations', outcome: 'delivered' }) +
        1,
    )
    expect(value(delivered, 'jobs', { queue: 'watcher', task: 'watcher-sync', state: 'due' })).toBe(
      0,
    )
    expect(
      value(delivered, 'sync_documents', { collection: 'organizations', status: 'synced' }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value(delivered, 'http_requests_total', {
        route: '/api/watcher/sync',
        method: 'POST',
        status: '200',
      }),
    ).toBe(
      value(before, 'http_requests_total', {
        route: '/api/watcher/sync',
        method: 'POST',
        status: '200',
      }) + 1,
    )
    expect(
      histogramCount('http_request_duration_seconds', {
        route: '/api/watcher/sync',
        method: 'POST',
      }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      value(delivered, 'watcher_requests_total', {
        operation: 'POST client-v3/organizations',
        status: '201',
      }) +
        value(delivered, 'watcher_requests_total', {
          operation: 'POST client-v3/organizations',
          status: '200',
        }),
    ).toBeGreaterThanOrEqual(1)
    expect(
      histogramCount('watcher_request_duration_seconds', {
        operation: 'POST client-v3/organizations',
      }),
    ).toBeGreaterThanOrEqual(1)
    // no id or camera in any label
    for (const metric of family(delivered, 'watcher_requests_total').metrics)
      expect(metric.labels?.operation).not.toMatch(/\/\d+/)

    // Watcher failing: errors by operation
    emulator.faults.set({ status: 503 })
    await (payload.update as any)({
      collection: 'organizations',
      id: organization.id,
      data: { title: `${title} renamed` },
    })
    await syncNow(payload)
    emulator.faults.clear()
    const failing = await scrape()
    expect(value(failing, 'watcher_request_errors_total', { error: '503' })).toBeGreaterThan(
      value(delivered, 'watcher_request_errors_total', { error: '503' }),
    )
    expect(
      value(failing, 'sync_attempts_total', { collection: 'organizations', outcome: 'retrying' }),
    ).toBe(
      value(delivered, 'sync_attempts_total', {
        collection: 'organizations',
        outcome: 'retrying',
      }) + 1,
    )
    expect(
      value(failing, 'jobs', { queue: 'watcher', task: 'watcher-sync', state: 'waiting' }),
    ).toBeGreaterThanOrEqual(1)

    // an invoice drafted
    await (payload.create as any)({
      collection: 'invoices',
      data: {
        organization: organization.id,
        period: '2026-01',
        currency: 'USD',
        subtotal: 1000,
        tax: 0,
        total: 1000,
      },
    })
    const invoiced = await scrape()
    expect(value(invoiced, 'invoices_drafted_total')).toBe(
      value(before, 'invoices_drafted_total') + 1,
    )
    expect(value(invoiced, 'invoices', { status: 'draft' })).toBe(
      value(before, 'invoices', { status: 'draft' }) + 1,
    )

    // each scrape is itself a request of the metrics route
    expect(
      value(invoiced, 'http_requests_total', { route: '/api/metrics', status: '200' }),
    ).toBeGreaterThan(
      value(before, 'http_requests_total', { route: '/api/metrics', status: '200' }),
    )
  })
})

describe('GET /api/metrics without the database', () => {
  it('still answers with the process metrics, and database_up 0 instead of figures it could not read', async () => {
    process.env.METRICS_TOKEN = TOKEN
    const adapter = payload.db as unknown as { pool: pg.Pool }
    const real = adapter.pool
    const unreachable = new pg.Pool({
      host: '127.0.0.1',
      port: await findFreePort(),
      user: 'nobody',
      database: 'none',
    })
    unreachable.on('error', () => undefined)
    adapter.pool = unreachable
    try {
      const families = await scrape()
      expect(value(families, 'database_up')).toBe(0)
      expect(families.map((entry) => entry.name)).not.toContain('watcher_billing_outbox_backlog')
      expect(families.map((entry) => entry.name)).toContain('watcher_billing_http_requests_total')
    } finally {
      adapter.pool = real
      await unreachable.end()
    }
    // no worker runs in this file: without a heartbeat row (other files' workers left theirs), its age is absent, not 0
    await real.query('delete from worker_heartbeats')
    const back = await scrape()
    expect(value(back, 'database_up')).toBe(1)
    expect(back.map((entry) => entry.name)).not.toContain(
      'watcher_billing_worker_heartbeat_age_seconds',
    )
    expect(value(back, 'worker_leader')).toBe(0)
  })
})

describe("the worker's metrics server (WORKER_METRICS_PORT)", () => {
  it("serves this process's own metrics with the same token rules, without the business figures", async () => {
    process.env.METRICS_TOKEN = TOKEN
    const server = await startMetricsServer({ port: 0, host: '127.0.0.1' })
    try {
      const url = `http://127.0.0.1:${server.port}/metrics`
      expect((await fetch(url)).status).toBe(401)
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
      const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(response.status).toBe(200)
      const parsed = parsePrometheusTextFormat(await response.text())
      const names = parsed.map((entry) => entry.name)
      expect(names).toContain('watcher_billing_watcher_requests_total')
      expect(names).toContain('watcher_billing_db_pool_connections')
      expect(names).not.toContain('watcher_billing_jobs')
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404)
      delete process.env.METRICS_TOKEN
      expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
    } finally {
      await server.close()
    }
  })
})

describe('HTTP request metrics for the route file', () => {
  it('the REST route handlers (withHttpMetrics) count a request once, under its endpoint template', async () => {
    process.env.METRICS_TOKEN = TOKEN
    recordHttpRequest('/api/custom-probe', 'get', 204, 0.01)
    const server = await testServer()
    const route = { route: '/api/organizations/:id', method: 'GET' }
    const before = value(await scrape(), 'http_requests_total', route) ?? 0
    await request(server).get('/api/organizations/123')
    const families = await scrape()
    expect(
      value(families, 'http_requests_total', {
        route: '/api/custom-probe',
        method: 'GET',
        status: '204',
      }),
    ).toBe(1)
    expect(value(families, 'http_requests_total', route)).toBe(before + 1)
    expect(httpRouteOf('/api/invoices/42/pdf', 200)).toBe('/api/invoices/:id/pdf')
    expect(httpRouteOf('/api/no-such-thing/abc', 404)).toBe('unmatched')
    expect(httpRouteOf('/admin/collections/users', 200)).toBe('/admin')
  })
})

function families(parsed: MetricFamily[]): string[] {
  return parsed.map((entry) => entry.name)
}
