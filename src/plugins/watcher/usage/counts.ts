import type { Endpoint, PayloadHandler } from 'payload'
import { isStaff } from '../../../access/roles'
import { visibleOrganizationIds } from '../../../access/visibleOrganizations'
import { poolOf } from '../../../db/pool'

/**
 * `GET /api/usage/counts`: cameras counted right now (open usage intervals) per organization and
 * subscription. Counts only, never camera keys: what accountants and subscribers need (a
 * subscriber sees its own organizations, and the subsidiaries of those it administers).
 */
const counts: PayloadHandler = async (req) => {
  if (!req.user) return Response.json({ errors: [{ message: 'Log in first' }] }, { status: 401 })
  const organizations = isStaff(req.user) ? null : await visibleOrganizationIds(req)
  const pool = poolOf(req.payload)
  const { rows } = await pool.query<{ organization: number; organization_title: string; subscription: number; subscription_title: string; cameras: string }>(
    `select u.organization_id as organization, o.title as organization_title, u.subscription_id as subscription,
            s.title as subscription_title, count(*) as cameras
       from camera_usage u join organizations o on o.id = u.organization_id join subscriptions s on s.id = u.subscription_id
      where u."to" is null and ($1::int[] is null or u.organization_id = any($1::int[]))
      group by 1, 2, 3, 4 order by 2, 4`,
    [organizations],
  )
  return Response.json({
    counts: rows.map((row) => ({
      organization: { id: Number(row.organization), title: row.organization_title },
      subscription: { id: Number(row.subscription), title: row.subscription_title },
      cameras: Number(row.cameras),
    })),
  })
}

export const usageCountsEndpoint: Endpoint = { path: '/usage/counts', method: 'get', handler: counts }
