/**
 * GET /api/metrics: Prometheus text format (prom-client), behind `Authorization: Bearer
 * <METRICS_TOKEN>` (404 while METRICS_TOKEN is unset, 401 for a missing or wrong token).
 *
 * Two kinds of figures:
 * - this process's own, counted as things happen: HTTP requests by route and status, Watcher
 *   calls by operation (latency, errors), the database pool, Node's process metrics. A process
 *   keeps its own: the worker's are served by the worker itself (WORKER_METRICS_PORT).
 * - the business's, read from the database at scrape time (store.ts), so that any app replica
 *   answers the same whoever did the work: job queues, sync attempts and states, usage
 *   collections, invoices, dunning stages, the notification outbox and deliveries, the worker lock.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Config, Endpoint, PayloadHandler, PayloadRequest } from 'payload'
import type pg from 'pg'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { poolOf } from '../db/pool'
import { operation } from '../endpoints/operation'
import { leaderStatus } from '../jobs/heartbeat'
import { observeWatcherRequests, type WatcherRequestEvent } from '../plugins/watcher'
import {
  deliveryGroups,
  dunningActionCounts,
  invoiceFigures,
  jobQueueGroups,
  outboxBacklog,
  syncAttemptCounts,
  syncStatusCounts,
  usageCollectionFigures,
} from './store'
import { currentRequest, requestIdFrom, runInRequest, type RequestContext } from './requestContext'

export const METRIC_PREFIX = 'watcher_billing_'

interface ProcessMetrics {
  registry: Registry
  httpRequests: Counter<'route' | 'method' | 'status'>
  httpDuration: Histogram<'route' | 'method'>
  watcherRequests: Counter<'operation' | 'status'>
  watcherDuration: Histogram<'operation'>
  watcherErrors: Counter<'operation' | 'error'>
  pool: { current?: pg.Pool }
}

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry()
  const registers = [registry]
  const pool: ProcessMetrics['pool'] = {}
  // every metric of the process is prefixed and kept in its own registry
  const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
    new Counter<Label>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers })
  const histogram = <Label extends string>(
    name: string,
    help: string,
    labelNames: Label[],
    buckets: number[],
  ) =>
    new Histogram<Label>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, buckets, registers })
  const metrics: ProcessMetrics = {
    registry,
    pool,
    httpRequests: counter(
      'http_requests_total',
      'HTTP requests answered by this process, by route template, method and status',
      ['route', 'method', 'status'],
    ),
    httpDuration: histogram(
      'http_request_duration_seconds',
      'Time to answer an HTTP request, by route template and method',
      ['route', 'method'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    watcherRequests: counter(
      'watcher_requests_total',
      'HTTP attempts to Watcher made by this process, by operation and status (HTTP status, timeout or network_error)',
      ['operation', 'status'],
    ),
    watcherDuration: histogram(
      'watcher_request_duration_seconds',
      'Duration of one HTTP attempt to Watcher, by operation',
      ['operation'],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    watcherErrors: counter(
      'watcher_request_errors_total',
      'Failed HTTP attempts to Watcher (status 4xx/5xx, timeout, network error), by operation and error',
      ['operation', 'error'],
    ),
  }
  new Gauge({
    name: `${METRIC_PREFIX}db_pool_connections`,
    help: "Connections of this process's database pool: total, idle, and requests waiting for one",
    labelNames: ['state'],
    registers,
    collect() {
      this.reset()
      const current = pool.current
      if (!current) return
      this.set({ state: 'total' }, current.totalCount)
      this.set({ state: 'idle' }, current.idleCount)
      this.set({ state: 'waiting' }, current.waitingCount)
    },
  })
  new Gauge({
    name: `${METRIC_PREFIX}db_pool_max_connections`,
    help: "Size limit of this process's database pool",
    registers,
    collect() {
      const max = (pool.current as unknown as { options?: { max?: number } } | undefined)?.options
        ?.max
      if (max !== undefined) this.set(max)
    },
  })
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX })
  observeWatcherRequests((event: WatcherRequestEvent) => {
    const status = event.status === null ? (event.error ?? 'network_error') : String(event.status)
    metrics.watcherRequests.inc({ operation: event.operation, status })
    metrics.watcherDuration.observe({ operation: event.operation }, event.durationMs / 1_000)
    if (event.status === null || event.status >= 400)
      metrics.watcherErrors.inc({ operation: event.operation, error: status })
  })
  return metrics
}

const GLOBAL_KEY = Symbol.for('watcher-billing.process-metrics')

/** One set per process, also across module reloads (next dev): prom-client refuses a name twice. */
function processMetrics(): ProcessMetrics {
  const holder = globalThis as unknown as Record<symbol, ProcessMetrics | undefined>
  holder[GLOBAL_KEY] ??= createProcessMetrics()
  return holder[GLOBAL_KEY]
}

/** The pool whose use the metrics report (the Payload adapter's; set at init). */
export function trackDatabasePool(pool: pg.Pool): void {
  processMetrics().pool.current = pool
}

/**
 * Counts one answered HTTP request. `route` must be a template (`/api/invoices/:id/issue`), never
 * a raw path with ids: each distinct value is a time series.
 */
export function recordHttpRequest(
  route: string,
  method: string,
  status: number,
  seconds: number,
): void {
  const metrics = processMetrics()
  const verb = method.toUpperCase()
  metrics.httpRequests.inc({ route, method: verb, status: String(status) })
  metrics.httpDuration.observe({ route, method: verb }, Math.max(0, seconds))
}

/**
 * A route template for a request path that no endpoint named: ids (numbers, UUIDs, long hex or
 * base64 tokens) become `:id`; anything answered 404 is `unmatched` (unknown paths would otherwise
 * make a time series each).
 */
export function httpRouteOf(pathname: string, status: number): string {
  if (status === 404) return 'unmatched'
  const segments = pathname.split('/').filter(Boolean).slice(0, 6)
  if (segments[0] !== 'api') return `/${segments[0] ?? ''}`
  const template = segments.map((segment) =>
    /^\d+$/.test(segment) ||
    /^[0-9a-f-]{16,}$/i.test(segment) ||
    /^[A-Za-z0-9_-]{32,}$/.test(segment)
      ? ':id'
      : segment,
  )
  return `/${template.join('/')}`
}

const statusOfThrown = (error: unknown): number => {
  const status = (error as { status?: unknown })?.status
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500
}

/**
 * Wraps a Next route handler (`export const GET = withHttpMetrics(REST_GET(config))`) so that
 * every request it answers is counted once, under the template of the endpoint that answered it
 * when it is one of Payload's configured endpoints, else under httpRouteOf(path).
 */
export function withHttpMetrics<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Promise<Response> | Response,
): (request: Request, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    const started = performance.now()
    // the request's one context (withRequestLog opens it; a bare handler gets its own here)
    const store: RequestContext = currentRequest() ?? { requestId: requestIdFrom(request.headers) }
    store.route = undefined
    store.timed = true
    const elapsed = () => (performance.now() - started) / 1_000
    let response: Response
    try {
      response = await runInRequest(store, () => handler(request, ...rest))
    } catch (error) {
      const status = statusOfThrown(error)
      recordHttpRequest(
        store.route ?? httpRouteOf(new URL(request.url).pathname, status),
        request.method,
        status,
        elapsed(),
      )
      throw error
    }
    recordHttpRequest(
      store.route ?? httpRouteOf(new URL(request.url).pathname, response.status),
      request.method,
      response.status,
      elapsed(),
    )
    return response
  }
}

function instrumentHandler(route: string, handler: PayloadHandler): PayloadHandler {
  return async (req: PayloadRequest) => {
    const outer = currentRequest()
    if (outer?.timed) {
      outer.route = route // withHttpMetrics around the route file counts it, once
      return handler(req)
    }
    const started = performance.now()
    const method = req.method ?? 'GET'
    try {
      const response = await handler(req)
      recordHttpRequest(route, method, response.status, (performance.now() - started) / 1_000)
      return response
    } catch (error) {
      recordHttpRequest(route, method, statusOfThrown(error), (performance.now() - started) / 1_000)
      throw error
    }
  }
}

const instrument = <E extends Pick<Endpoint, 'handler' | 'path'>>(
  endpoint: E,
  route: string,
): E => ({
  ...endpoint,
  handler: instrumentHandler(route, endpoint.handler),
})

/**
 * Times every endpoint configured so far (root, collection and global endpoints of the project
 * and its plugins) under its own template, e.g. `/api/invoices/:id/issue`. Payload's built-in
 * operations (find, create, login, …) are counted by withHttpMetrics around the route file.
 */
export function instrumentEndpoints(config: Config): Config {
  const api = config.routes?.api ?? '/api'
  return {
    ...config,
    endpoints: (config.endpoints ?? []).map((endpoint) =>
      instrument(endpoint, `${api}${endpoint.path}`),
    ),
    collections: (config.collections ?? []).map((collection) =>
      Array.isArray(collection.endpoints)
        ? {
            ...collection,
            endpoints: collection.endpoints.map((endpoint) =>
              instrument(endpoint, `${api}/${collection.slug}${endpoint.path}`),
            ),
          }
        : collection,
    ),
    globals: (config.globals ?? []).map((global) =>
      Array.isArray(global.endpoints)
        ? {
            ...global,
            endpoints: global.endpoints.map((endpoint) =>
              instrument(endpoint, `${api}/globals/${global.slug}${endpoint.path}`),
            ),
          }
        : global,
    ),
  }
}

/** The business figures, read now from the database, in a registry of their own. */
export async function databaseMetrics(db: Pick<pg.Pool, 'query'>): Promise<Registry> {
  const registry = new Registry()
  const registers = [registry]
  const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Gauge<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers })
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers })
  const upHelp = '1 when the business figures could be read from the database at this scrape'
  const up = gauge('database_up', upHelp)

  const jobs = gauge(
    'jobs',
    'Jobs not completed, by queue, task and state (due, processing, waiting, failed)',
    ['queue', 'task', 'state'],
  )
  const jobAge = gauge(
    'jobs_oldest_due_seconds',
    'Seconds since the oldest due or processing job became due, by queue and task',
    ['queue', 'task'],
  )
  const syncAttempts = counter(
    'sync_attempts_total',
    'Attempts to deliver a change to Watcher (sync events), by collection and outcome (delivered, retrying, failed)',
    ['collection', 'outcome'],
  )
  const syncDocuments = gauge(
    'sync_documents',
    'Synced documents by collection and Watcher sync status',
    ['collection', 'status'],
  )
  const usageCollections = counter(
    'usage_collections_total',
    'Camera-usage collections, by outcome',
    ['outcome'],
  )
  const usageDuration = gauge(
    'usage_collection_duration_seconds',
    'Duration of the last successful camera-usage collection',
  )
  const usageFinished = gauge(
    'usage_collection_last_success_timestamp_seconds',
    'When the last successful camera-usage collection finished (Unix time)',
  )
  const usageCameras = gauge(
    'usage_cameras',
    'Cameras seen in Watcher by the last successful usage collection',
  )
  const unbilled = gauge(
    'usage_unbilled_cameras',
    'Cameras the last successful usage collection could not bill (no organization or preset known to billing)',
  )
  const invoices = gauge('invoices', 'Invoices by status', ['status'])
  const drafted = counter(
    'invoices_drafted_total',
    'Invoices drafted (every invoice starts as a draft)',
  )
  const issued = counter('invoices_issued_total', 'Invoices issued (numbered)')
  const dunning = counter(
    'dunning_actions_total',
    'Dunning stages fired, by stage (reminder, warning, suspension, recording_stop, restoration)',
    ['action'],
  )
  const outbox = gauge(
    'outbox_backlog',
    'Billing events not yet fanned out into e-mails and webhooks',
  )
  const outboxAge = gauge(
    'outbox_oldest_seconds',
    'Seconds the oldest billing event has waited in the outbox',
  )
  const deliveries = gauge(
    'notification_deliveries',
    'E-mail and webhook deliveries by channel and status',
    ['channel', 'status'],
  )
  const deliveryFailures = counter(
    'notification_delivery_failures_total',
    'Failed attempts of e-mail and webhook deliveries, by channel',
    ['channel'],
  )
  const leader = gauge('worker_leader', '1 when a live worker session holds the runner lock')
  const heartbeat = gauge(
    'worker_heartbeat_age_seconds',
    "Seconds since the leading worker's last heartbeat",
  )
  const absent: Gauge[] = []

  try {
    const ages = new Map<string, { queue: string; task: string; seconds: number }>()
    for (const group of await jobQueueGroups(db)) {
      jobs.set({ queue: group.queue, task: group.task, state: group.state }, group.count)
      if (group.oldestDueSeconds === null) continue
      const key = `${group.queue}\u0000${group.task}`
      const seen = ages.get(key)
      if (!seen || group.oldestDueSeconds > seen.seconds)
        ages.set(key, { queue: group.queue, task: group.task, seconds: group.oldestDueSeconds })
    }
    for (const { queue, task, seconds } of ages.values()) jobAge.set({ queue, task }, seconds)
    for (const row of await syncAttemptCounts(db))
      syncAttempts.inc({ collection: row.collection, outcome: row.outcome }, row.count)
    for (const row of await syncStatusCounts(db))
      syncDocuments.set({ collection: row.collection, status: row.status }, row.count)
    const usage = await usageCollectionFigures(db)
    for (const row of usage.byOutcome) usageCollections.inc({ outcome: row.outcome }, row.count)
    if (usage.last) {
      usageDuration.set(usage.last.durationSeconds)
      usageFinished.set(usage.last.finishedAt)
      usageCameras.set(usage.last.cameras)
      unbilled.set(usage.last.unbilled)
    } else {
      for (const gone of [usageDuration, usageFinished, usageCameras, unbilled]) absent.push(gone)
    }
    const invoiceCounts = await invoiceFigures(db)
    for (const row of invoiceCounts.byStatus) invoices.set({ status: row.status }, row.count)
    drafted.inc(invoiceCounts.drafted)
    issued.inc(invoiceCounts.issued)
    for (const row of await dunningActionCounts(db)) dunning.inc({ action: row.action }, row.count)
    const backlog = await outboxBacklog(db)
    outbox.set(backlog.backlog)
    outboxAge.set(backlog.oldestSeconds)
    const failures = { email: 0, webhook: 0 }
    for (const group of await deliveryGroups(db)) {
      deliveries.set({ channel: group.channel, status: group.status }, group.count)
      failures[group.channel] += group.failedAttempts
    }
    deliveryFailures.inc({ channel: 'email' }, failures.email)
    deliveryFailures.inc({ channel: 'webhook' }, failures.webhook)
    const lead = await leaderStatus(db)
    leader.set(lead.held ? 1 : 0)
    if (lead.heartbeatAgeSeconds !== null) heartbeat.set(lead.heartbeatAgeSeconds)
    else absent.push(heartbeat)
    up.set(1)
  } catch {
    // nothing half-read (a zero would read as "all clear"): only the failure; the process's own
    // metrics are served all the same
    const failed = new Registry()
    new Gauge({ name: `${METRIC_PREFIX}database_up`, help: upHelp, registers: [failed] }).set(0)
    return failed
  }
  // a figure that does not exist yet (no usage collection, no heartbeat) is left out, not 0
  for (const metric of absent)
    registry.removeSingleMetric((metric as unknown as { name: string }).name)
  return registry
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Constant-time check of `Authorization: Bearer <token>` (both sides hashed: equal lengths). */
export function bearerMatches(header: string | null | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  const given = digest(match?.[1] ?? '')
  return timingSafeEqual(given, digest(token)) && Boolean(match)
}

/** What a metrics request may see: 404 while METRICS_TOKEN is unset, 401 without its bearer token. */
export function metricsAccess(authorization: string | null | undefined): Response | null {
  const token = process.env.METRICS_TOKEN
  if (!token) return Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 })
  if (!bearerMatches(authorization, token)) {
    return Response.json(
      { errors: [{ message: 'A valid bearer token is required' }] },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    )
  }
  return null
}

/** This process's own metrics, in the Prometheus text format. */
export async function processMetricsText(): Promise<{ contentType: string; text: string }> {
  const { registry } = processMetrics()
  return { contentType: registry.contentType, text: await registry.metrics() }
}

/** Prometheus text behind the bearer token (its own 404/401 answers, not the operation's). */
export const metricsEndpoint: Endpoint = operation({
  path: '/metrics',
  method: 'get',
  access: 'public',
  handler: async (req) => {
    const refused = metricsAccess(req.headers.get('authorization'))
    if (refused) return refused
    const own = await processMetricsText()
    const business = await databaseMetrics(poolOf(req.payload))
    return new Response(`${own.text}\n${await business.metrics()}`, {
      status: 200,
      headers: { 'content-type': own.contentType, 'cache-control': 'no-store' },
    })
  },
})
