import config from '@payload-config'
import { getPayload } from 'payload'
import { logFormat } from './logger'
import { requestIdFrom, runInRequest, type RequestContext } from './requestContext'

type Handler<Args extends unknown[]> = (request: Request, ...rest: Args) => Promise<Response>

/**
 * Every API request runs with a request id (the caller's X-Request-Id, or a new one, answered in
 * the same header) that every log line written meanwhile carries, with the user's id and role once
 * signed in; and, in JSON logging (production) or with LOG_REQUESTS=true, ends with one log line:
 * method, path (no query: it may hold e-mails), status, duration.
 */
export function withRequestLog<Args extends unknown[]>(handler: Handler<Args>): Handler<Args> {
  return async (request, ...rest) => {
    const context: RequestContext = { requestId: requestIdFrom(request.headers) }
    const started = performance.now()
    return runInRequest(context, async () => {
      let status = 500
      try {
        const response = await handler(request, ...rest)
        status = response.status
        const headers = new Headers(response.headers)
        headers.set('X-Request-Id', context.requestId)
        return new Response(response.body, {
          status: response.status,
          statusText: response.statusText,
          headers,
        })
      } finally {
        if (logFormat() === 'json' || process.env.LOG_REQUESTS === 'true')
          await logRequest(request, status, started)
      }
    })
  }
}

async function logRequest(request: Request, status: number, started: number): Promise<void> {
  const payload = await getPayload({ config })
  const durationMs = Math.round(performance.now() - started)
  const line = { method: request.method, path: new URL(request.url).pathname, status, durationMs }
  if (status >= 500) payload.logger.error(line, 'request')
  else payload.logger.info(line, 'request')
}
