import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

/**
 * The one store of a request being served: what every log line written meanwhile carries (never
 * the user's name or e-mail), and for the HTTP metrics the route template that answered it.
 */
export interface RequestContext {
  requestId: string
  userId?: number | string
  role?: string
  /** Set by an instrumented endpoint: the template the metrics count the request under. */
  route?: string
  /** withHttpMetrics times this request (an instrumented endpoint leaves the counting to it). */
  timed?: boolean
}

const storage = new AsyncLocalStorage<RequestContext>()

export const currentRequest = (): RequestContext | undefined => storage.getStore()

/** A caller's X-Request-Id when it looks like one (a load balancer's), else a new one. */
export function requestIdFrom(headers: Headers | undefined): string {
  const given = headers?.get('x-request-id')?.trim()
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID()
}

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

/** Called where Payload has authenticated the request: later log lines name the user and role. */
export function noteAuthenticatedUser(
  user: { id?: number | string; role?: unknown } | null | undefined,
): void {
  const context = storage.getStore()
  if (!context || !user) return
  context.userId = user.id
  if (typeof user.role === 'string') context.role = user.role
}
