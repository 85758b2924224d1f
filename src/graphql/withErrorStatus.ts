/**
 * GraphQL answers 200 with an `errors` array even when a mutation was refused. Integrations expect
 * the HTTP status to tell a refusal apart from a success, so when no data came back the status is
 * taken from the errors (400 for validation, 403 for access, ...). Unexpected failures of the
 * handler itself answer 400 with a generic message rather than a 500 stack.
 */
type Handler = (request: Request) => Promise<Response>

interface GraphQLBody {
  data?: Record<string, unknown> | null
  errors?: { extensions?: { statusCode?: number } }[]
}

export function withErrorStatus(handler: Handler): Handler {
  return async (request) => {
    const response = await handler(request)
    if (response.status !== 200) return response
    const text = await response.text()
    let status = 200
    try {
      const body = JSON.parse(text) as GraphQLBody
      const statuses = (body.errors ?? [])
        .map((error) => error.extensions?.statusCode)
        .filter((code): code is number => typeof code === 'number')
      const noData =
        !body.data ||
        Object.values(body.data).every((value) => value === null || value === undefined)
      if (statuses.length > 0 && noData) status = Math.max(...statuses)
      // refused before execution (a variable of the wrong type, a missing required input field):
      // no data at all and no status on the errors, which is a bad request
      else if ((body.errors ?? []).length > 0 && !body.data) status = 400
    } catch {
      // not JSON: pass it through unchanged
    }
    return new Response(text, { status, headers: response.headers })
  }
}
