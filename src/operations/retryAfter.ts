/**
 * Payload renders a thrown RateLimited (src/operations/rateLimit.ts) as a 429 JSON error but has
 * no way for a hook to set a header: this wrapper of the REST and GraphQL route handlers adds
 * `Retry-After` from the error's `retryAfter`.
 */
type Handler<Args extends unknown[]> = (request: Request, ...rest: Args) => Promise<Response>

export function withRetryAfter<Args extends unknown[]>(handler: Handler<Args>): Handler<Args> {
  return async (request, ...rest) => {
    const response = await handler(request, ...rest)
    if (response.status !== 429 || response.headers.has('retry-after')) return response
    const text = await response.text()
    const seconds =
      /"retryAfter"\s*:\s*(\d+)/.exec(text)?.[1] ?? /try again in (\d+) s/.exec(text)?.[1] ?? '60'
    const headers = new Headers(response.headers)
    headers.set('Retry-After', seconds)
    return new Response(text, { status: 429, statusText: response.statusText, headers })
  }
}
