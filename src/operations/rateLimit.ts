/**
 * Rate limits that hold across app replicas: one row per key in PostgreSQL (`rate_limits`), a fixed
 * window per key. Counted on the pool, outside the request's transaction, so that a refused login
 * (whose transaction rolls back) still counts. Limits come from the environment; the defaults are
 * far above what a person or an integration does in normal use.
 */
import { APIError, type Payload, type PayloadRequest } from 'payload'
import { poolOf } from '../db/pool'

export interface RateLimit {
  /** What is limited, for the error message. */
  name: string
  limit: number
  windowSeconds: number
}

const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback
}

/** Read at each call, so that tests and operators can change them without a restart of the code path. */
export const rateLimits = {
  /** Logins, forgotten-password requests and payment webhooks from one client address. */
  perAddress: (): RateLimit => ({
    name: 'requests from your address',
    limit: envNumber('RATE_LIMIT_PER_ADDRESS', 300),
    windowSeconds: envNumber('RATE_LIMIT_PER_ADDRESS_WINDOW_S', 60),
  }),
  /** Failed logins of one account (by the e-mail or login given, whether or not it exists). */
  loginFailures: (): RateLimit => ({
    name: 'failed sign-ins for this account',
    limit: envNumber('RATE_LIMIT_LOGIN_FAILURES', 10),
    windowSeconds: envNumber('RATE_LIMIT_LOGIN_FAILURES_WINDOW_S', 900),
  }),
  /** Forgotten-password e-mails asked for one account. */
  passwordEmails: (): RateLimit => ({
    name: 'password e-mails for this account',
    limit: envNumber('RATE_LIMIT_PASSWORD_EMAILS', 5),
    windowSeconds: envNumber('RATE_LIMIT_PASSWORD_EMAILS_WINDOW_S', 3600),
  }),
}

/** 429 with the seconds to wait; REST and GraphQL turn `retryAfter` into a Retry-After header. */
export class RateLimited extends APIError {
  readonly retryAfter: number
  constructor(limit: RateLimit, retryAfter: number) {
    const message = `Too many ${limit.name}: try again in ${retryAfter} s.`
    super(message, 429, { retryAfter }, true)
    this.name = 'RateLimited'
    this.retryAfter = retryAfter
  }
}

/** Counts one hit on `key`; answers the seconds to wait when the limit is passed, else null. */
export async function hit(payload: Payload, key: string, limit: RateLimit): Promise<number | null> {
  const { rows } = await poolOf(payload).query<{ hits: number; remaining: number }>(
    `insert into rate_limits (key, window_start, hits) values ($1, now(), 1)
     on conflict (key) do update set
       hits = case when rate_limits.window_start <= now() - make_interval(secs => $2) then 1 else rate_limits.hits + 1 end,
       window_start = case when rate_limits.window_start <= now() - make_interval(secs => $2) then now() else rate_limits.window_start end
     returning hits, extract(epoch from (window_start + make_interval(secs => $2) - now()))::float8 as remaining`,
    [key, limit.windowSeconds],
  )
  const row = rows[0]!
  if (Math.random() < 0.01) void forgetExpired(payload).catch(() => undefined)
  return row.hits > limit.limit ? Math.max(1, Math.ceil(row.remaining)) : null
}

/** Takes one hit back (a login that succeeded after all). */
export async function unhit(payload: Payload, key: string): Promise<void> {
  await poolOf(payload).query(
    'update rate_limits set hits = greatest(hits - 1, 0) where key = $1',
    [key],
  )
}

/** Throws RateLimited when `key` is over `limit` after this hit. */
export async function enforce(payload: Payload, key: string, limit: RateLimit): Promise<void> {
  const wait = await hit(payload, key, limit)
  if (wait !== null) throw new RateLimited(limit, wait)
}

async function forgetExpired(payload: Payload): Promise<void> {
  await poolOf(payload).query(
    `delete from rate_limits where window_start < now() - interval '1 day'`,
  )
}

/** Context key: the client address a Local API caller (the portal's server actions) saw. */
export const CLIENT_ADDRESS = 'clientAddress'

/**
 * The client's address: the last X-Forwarded-For entry, which is the one the nearest proxy (or
 * Next itself, when none) appended; behind N trusted proxies, RATE_LIMIT_PROXY_HOPS=N takes the
 * entry that many places from the right. Put billing behind a proxy that sets X-Forwarded-For.
 */
export function clientAddress(headers: Headers | undefined | null): string | undefined {
  const forwarded = headers?.get('x-forwarded-for')
  const entries = (forwarded ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const hops = Math.max(1, envNumber('RATE_LIMIT_PROXY_HOPS', 1))
  return entries[entries.length - hops] ?? entries[0] ?? headers?.get('x-real-ip') ?? undefined
}

export function requestAddress(req: PayloadRequest): string | undefined {
  const given = req.context?.[CLIENT_ADDRESS]
  return typeof given === 'string' && given ? given : clientAddress(req.headers)
}
