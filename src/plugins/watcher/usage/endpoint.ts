import type { Endpoint, PayloadHandler } from 'payload'
import { errorResponse, staffOnly } from '../../../endpoints/responses'
import { collectUsage, UsageCollectionBusy } from './collect'

const error = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  errorResponse(status, message, undefined, extra)

/**
 * `POST /api/usage/collect` (admin, accountant): pulls streams from Watcher now and answers
 * `{ cameras, opened, closed, unbilled }` (DESIGN.md section 5); 409 while a collection runs or
 * when open intervals carry camera keys of another PAYLOAD_SECRET (PAYLOAD_SECRET_PREVIOUS missing),
 * 502 when Watcher failed (camera usage then stays as it was).
 */
const collectNow: PayloadHandler = staffOnly(async (req) => {
  try {
    const result = await collectUsage(req.payload)
    if (result.outcome === 'failed') {
      const status = result.watcherFailed ? 502 : result.foreignCameraKeys ? 409 : 500
      return error(status, `${result.error}; camera usage is unchanged`, { report: result.report })
    }
    const { cameras, opened, closed, unbilled } = result
    return Response.json({ cameras, opened, closed, unbilled })
  } catch (caught) {
    if (caught instanceof UsageCollectionBusy) return error(409, `${caught.message}; try again when it has finished`)
    throw caught
  }
})

export const usageEndpoint: Endpoint = { path: '/usage/collect', method: 'post', handler: collectNow }
