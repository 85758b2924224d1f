/** Browser-side calls from admin components to the project's JSON endpoints (Watcher, invoices). */
import { messages, type Locale } from '../i18n'

/** What a failed call answered: Payload's `{ errors: [{ message }] }`, or the HTTP status. */
export class EndpointError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'EndpointError'
  }
}

type ErrorAnswer = { errors?: { message?: unknown }[]; message?: unknown }

function errorMessage(status: number, statusText: string, body: unknown, locale: Locale): string {
  const answer = (body ?? {}) as ErrorAnswer
  const first = Array.isArray(answer.errors) ? answer.errors[0]?.message : undefined
  if (typeof first === 'string' && first) return first
  if (typeof answer.message === 'string' && answer.message) return answer.message
  return messages(locale).admin.request.answered({
    status: `${status}${statusText ? ` ${statusText}` : ''}`,
  })
}

/**
 * GET or POST JSON with the admin's session cookie; throws EndpointError with the server's
 * message, or one of its own in `locale` (the admin's language; the server answers in it too).
 */
export async function requestJSON<T>(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; locale?: Locale } = {},
): Promise<T> {
  const locale = init.locale ?? 'en'
  let response: Response
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      credentials: 'include',
      headers: {
        Accept: 'application/json',
        'Accept-Language': locale,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  } catch {
    throw new EndpointError(messages(locale).admin.request.unreachable, 0)
  }
  const text = await response.text()
  let body: unknown = undefined
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // an HTML error page from a proxy: fall back to the status line
  }
  if (!response.ok)
    throw new EndpointError(
      errorMessage(response.status, response.statusText, body, locale),
      response.status,
    )
  return body as T
}

export function messageOf(error: unknown, locale: Locale = 'en'): string {
  return error instanceof Error && error.message
    ? error.message
    : messages(locale).admin.request.failed
}
