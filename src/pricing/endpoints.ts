import type { Endpoint } from 'payload'
import { z } from 'zod'
import { hasRole } from '../access/roles'
import { billingPeriod } from '../billing/period'
import { now } from '../clock'
import { Invalid } from '../endpoints/errors'
import { fileResponse } from '../endpoints/fileResponse'
import { operation } from '../endpoints/operation'
import { publishBody, simulateBody } from './change'
import { simulationCsv } from './csv'
import { publishPriceChange } from './publish'
import { simulatePriceChange } from './simulate'

/** A month is closed once it has ended in every time zone (UTC+14 is the last to end it). */
function refuseOpenMonth(period: string): void {
  const end = billingPeriod(period, 'UTC').end.getTime() + 14 * 3600_000
  if (end > now().getTime())
    throw new Invalid(
      'period',
      `${period} has not ended yet: choose a closed month, e.g. the last one`,
    )
}

/**
 * `POST /api/pricing/simulate` (admin, accountant): the change replayed on a closed month's usage;
 * `?format=csv` answers the table as CSV. Nothing is stored: cancelling is not publishing.
 * `POST /api/pricing/publish` (admin): the same change made real, recorded in `price-changes`.
 */
export const pricingEndpoints: Endpoint[] = [
  operation({
    path: '/pricing/simulate',
    method: 'post',
    access: 'staff',
    body: simulateBody,
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
    handler: async (req, { body, query }) => {
      refuseOpenMonth(body.period)
      const result = await simulatePriceChange(req.payload, body)
      if (query.format === 'json') return result
      return fileResponse(simulationCsv(result), {
        contentType: 'text/csv; charset=utf-8',
        disposition: 'attachment',
        filename: `price-simulation-${body.period}.csv`,
      })
    },
  }),
  operation({
    path: '/pricing/publish',
    method: 'post',
    access: (req) => hasRole(req.user, 'admin'),
    body: publishBody,
    handler: (req, { body }) => publishPriceChange(req, body),
  }),
]
