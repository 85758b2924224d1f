import type { PayloadHandler, PayloadRequest } from 'payload'
import type { z } from 'zod'
import { isStaff } from '../access/roles'

/**
 * The small kit every custom endpoint shares: errors in Payload's own shape
 * (`{ errors: [{ message, field? }] }`), a JSON body that never throws, zod issues as a 400
 * naming the field, and the staff gate (401 without a user, 403 for subscribers).
 */
export const errorResponse = (
  status: number,
  message: string,
  field?: string,
  extra: Record<string, unknown> = {},
) => Response.json({ errors: [{ message, ...(field ? { field } : {}) }], ...extra }, { status })

/** The request's JSON body, or `{}` when there is none or it does not parse (zod then names what is missing). */
export async function readJsonBody(req: PayloadRequest): Promise<unknown> {
  try {
    return req.json ? await req.json() : {}
  } catch {
    return {}
  }
}

export function zodErrorResponse(issues: z.ZodIssue[]): Response {
  const issue = issues[0]!
  const field = issue.path.join('.')
  return errorResponse(400, `${field || 'body'}: ${issue.message}`, field || undefined)
}

/** Admin and accountant only. */
export const staffOnly =
  (handler: PayloadHandler): PayloadHandler =>
  async (req) => {
    if (!req.user) return errorResponse(401, 'Log in first')
    if (!isStaff(req.user)) return errorResponse(403, 'You are not allowed to do this')
    return handler(req)
  }
