import type { Endpoint, PayloadHandler } from 'payload'
import { isStaff } from '../../../access/roles'
import { collectUsage, UsageCollectionBusy } from './collect'

const error = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ errors: [{ message }], ...extra }, { status })

/**
 * `POST /api/usage/collect` (admin, accountant): pulls streams from Watcher now and answers
 * `{ cameras, opened, closed, unbilled }` (DESIGN.md section 5); 409 while a collection runs,
 * 502 when Watcher failed (camera usage then stays as it was).
 */
const collectNow: PayloadHandler = async (req) => {
  if (!req.user) return error(401, 'Log in first')
  if (!isStaff(req.user)) return error(403, 'You are not allowed to do this')
  try {
    const result = await collectUsage(req.payload)
    if (result.outcome === 'failed') {
      return error(result.watcherFailed ? 502 : 500, `${result.error}; camera usage is unchanged`, { report: result.report })
    }
    const { cameras, opened, closed, unbilled } = result
    return Response.json({ cameras, opened, closed, unbilled })
  } catch (caught) {
    if (caught instanceof UsageCollectionBusy) return error(409, `${caught.message}; try again when it has finished`)
    throw caught
  }
}

export const usageEndpoint: Endpoint = { path: '/usage/collect', method: 'post', handler: collectNow }
