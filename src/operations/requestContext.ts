import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

/** What every log line written while serving a request carries (never the user's name or e-mail). */
export interface RequestContext {
  requestId: string
  userId?: number | string
  role?: string
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
export function noteAuthenticatedUser(user: { id?: number | string; role?: unknown } | null | undefined): void {
  const context = storage.getStore()
  if (!context || !user) return
  context.userId = user.id
  if (typeof user.role === 'string') context.role = user.role
}
