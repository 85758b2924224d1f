import type { Endpoint, PayloadRequest } from 'payload'
import { z } from 'zod'
import { isStaff } from '../access/roles'
import { isRowId } from '../db'
import { requestMessages } from '../i18n'
import { Forbidden, Invalid, NotFound, OperationError, RateLimited, Unauthorized } from './errors'
import { errorResponse, readJsonBody } from './responses'

/** Who may call an operation: staff (admin, accountant), anyone signed in, anyone, or a rule of its own. */
export type OperationAccess =
  'staff' | 'signedIn' | 'public' | ((req: PayloadRequest) => boolean | Promise<boolean>)

type Schema = z.ZodTypeAny

export interface OperationInput<Body extends Schema, Query extends Schema> {
  body: z.infer<Body>
  query: z.infer<Query>
  /** The `:id` route parameter, a valid row id (a malformed one is answered 404 before the handler runs). */
  id: number
}

export interface OperationSpec<Body extends Schema, Query extends Schema> {
  path: string
  method: Endpoint['method']
  access: OperationAccess
  /** The JSON body, checked with zod: an issue is a 400 naming its field. */
  body?: Body
  /** The query string's parameters, checked the same way. */
  query?: Query
  /** What `:id` names, for the 404 of a malformed id (e.g. `invoice`). */
  idOf?: string
  /** Answers a Response as it is, anything else as JSON with 200. */
  handler: (req: PayloadRequest, input: OperationInput<Body, Query>) => Promise<unknown>
}

async function allowed(req: PayloadRequest, access: OperationAccess): Promise<void> {
  if (access === 'public') return
  if (!req.user) throw new Unauthorized()
  if (access === 'signedIn') return
  if (access === 'staff' ? !isStaff(req.user) : !(await access(req))) throw new Forbidden()
}

function parsed<S extends Schema>(
  schema: S | undefined,
  value: unknown,
  where: 'body' | 'query',
): z.infer<S> {
  if (!schema) return undefined
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const field = issue.path.join('.')
  throw new Invalid(field || where, `${field || where}: ${issue.message}`)
}

/**
 * An operation's error as the table of DESIGN.md section 5 answers it, in the caller's language
 * when the error has its message in every language (OperationError.inLanguage).
 */
export function operationErrorResponse(error: OperationError, req?: PayloadRequest): Response {
  const message = error.translated && req ? error.translated(requestMessages(req)) : error.message
  const response = errorResponse(error.status, message, error.field, error.extra)
  if (error instanceof RateLimited)
    response.headers.set('retry-after', String(error.retryAfterSeconds))
  return response
}

/**
 * A custom endpoint written once: access first (401/403), then `:id` (404 when malformed), the body
 * and the query through zod (400 naming the field), then the handler; an OperationError it throws
 * becomes its row of the status table, anything else is left to Payload (a 500 is a bug).
 */
export function operation<
  Body extends Schema = z.ZodUndefined,
  Query extends Schema = z.ZodUndefined,
>(spec: OperationSpec<Body, Query>): Endpoint {
  return {
    path: spec.path,
    method: spec.method,
    handler: async (req) => {
      try {
        await allowed(req, spec.access)
        let id = Number.NaN
        if (spec.path.includes(':id')) {
          id = Number(req.routeParams?.id)
          if (!isRowId(id))
            throw new NotFound(
              `${spec.idOf ?? 'document'} ${String(req.routeParams?.id)} not found`,
              'id',
            )
        }
        const body = parsed(
          spec.body,
          spec.body ? ((await readJsonBody(req)) ?? {}) : undefined,
          'body',
        )
        const query = parsed(
          spec.query,
          spec.query
            ? Object.fromEntries(new URL(req.url ?? 'http://localhost').searchParams)
            : undefined,
          'query',
        )
        const result = await spec.handler(req, { body, query, id })
        return result instanceof Response ? result : Response.json(result)
      } catch (error) {
        if (error instanceof OperationError) return operationErrorResponse(error, req)
        throw error
      }
    },
  }
}
