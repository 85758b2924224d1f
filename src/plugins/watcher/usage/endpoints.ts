import type { Endpoint } from 'payload'
import { isStaff } from '../../../access/roles'
import { visibleOrganizationIds } from '../../../access/visibleOrganizations'
import { poolOf } from '../../../db'
import { Busy, Conflict, Unavailable, WatcherFailed } from '../../../endpoints/errors'
import { operation } from '../../../endpoints/operation'
import { errorResponse } from '../../../endpoints/responses'
import type { ResolvedWatcherOptions } from '../options'
import { countOpenIntervals } from '../store'
import { collectUsage, UsageCollectionBusy } from './collect'

/**
 * `POST /api/usage/collect` (admin, accountant): pulls streams from Watcher now and answers
 * `{ cameras, opened, closed, unbilled }` (DESIGN.md section 5); 409 while a collection runs or
 * when open intervals carry camera keys of another PAYLOAD_SECRET (PAYLOAD_SECRET_PREVIOUS missing),
 * 502 when Watcher failed, 503 when it is not configured (camera usage then stays as it was).
 */
const collectNow = (options: ResolvedWatcherOptions): Endpoint =>
  operation({
    path: '/usage/collect',
    method: 'post',
    access: 'staff',
    handler: async (req) => {
      let result
      try {
        result = await collectUsage(req.payload, { api: options.api })
      } catch (caught) {
        if (caught instanceof UsageCollectionBusy)
          throw new Busy(`${caught.message}; try again when it has finished`)
        throw caught
      }
      if (result.outcome === 'failed') {
        const message = `${result.error}; camera usage is unchanged`
        const extra = { report: result.report }
        if (result.watcherFailed) throw new WatcherFailed(message, undefined, extra)
        if (result.foreignCameraKeys) throw new Conflict(message, undefined, extra)
        if (result.watcherNotConfigured) throw new Unavailable(message, undefined, extra)
        return errorResponse(500, message, undefined, extra)
      }
      const { cameras, opened, closed, unbilled } = result
      return { cameras, opened, closed, unbilled }
    },
  })

/**
 * `GET /api/usage/counts`: cameras counted right now (open usage intervals) per organization and
 * subscription. Counts only, never camera keys: what accountants and subscribers need (a
 * subscriber sees its own organizations, and the subsidiaries of those it administers).
 */
const counts: Endpoint = operation({
  path: '/usage/counts',
  method: 'get',
  access: 'signedIn',
  handler: async (req) => {
    const organizations = isStaff(req.user) ? null : await visibleOrganizationIds(req)
    return { counts: await countOpenIntervals(poolOf(req.payload), organizations) }
  },
})

export const usageEndpoints = (options: ResolvedWatcherOptions): Endpoint[] => [
  collectNow(options),
  counts,
]
