import { z } from 'zod'
import { findCurrency } from '../billing/currency'

/**
 * A price change as staff write it (the body of /api/pricing/simulate and /publish), checked with
 * zod at the boundary so that a bad field is a 400 naming it.
 */

const PERIOD_HINT = 'a closed month written YYYY-MM, e.g. 2026-10'
const DAY_HINT = 'a day written YYYY-MM-DD, e.g. 2026-11-01'
const AMOUNT_HINT = 'a whole number of minor units, at least 0 (e.g. 400 for 4.00)'
const ID_HINT = 'a document id (a positive whole number)'

const id = z.coerce
  .number({ invalid_type_error: ID_HINT })
  .int(ID_HINT)
  .positive(ID_HINT)
  .max(2_147_483_647, ID_HINT)
const amount = z
  .number({ required_error: AMOUNT_HINT, invalid_type_error: AMOUNT_HINT })
  .int(AMOUNT_HINT)
  .min(0, AMOUNT_HINT)
  .max(Number.MAX_SAFE_INTEGER, AMOUNT_HINT)
const day = z
  .string({ required_error: DAY_HINT, invalid_type_error: DAY_HINT })
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, DAY_HINT)
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), DAY_HINT)

export const periodSchema = z
  .string({ required_error: PERIOD_HINT, invalid_type_error: PERIOD_HINT })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, PERIOD_HINT)

export const priceChangeSchema = z.object({
  /** New effective-dated prices of subscriptions. */
  subscriptionPrices: z
    .array(z.object({ subscription: id, amount, from: day }))
    .max(1000)
    .default([]),
  /** New prices of services (followed by the subscriptions priced at the sum of their services). */
  servicePrices: z
    .array(z.object({ service: id, amount, from: day }))
    .max(1000)
    .default([]),
  /** A different set of services for a subscription, from a day. */
  serviceSets: z
    .array(z.object({ subscription: id, services: z.array(id).min(1).max(100), from: day }))
    .max(1000)
    .default([]),
})

const CHANGE_HINT = 'name at least one change: subscriptionPrices, servicePrices or serviceSets'
const hasChange = (change: z.infer<typeof priceChangeSchema>) =>
  change.subscriptionPrices.length + change.servicePrices.length + change.serviceSets.length > 0

const THRESHOLD_HINT = 'an amount per currency in minor units, e.g. { "USD": 10000 }'
const thresholds = z
  .record(
    z.string().refine((code) => findCurrency(code) !== undefined, 'an ISO 4217 currency code'),
    z.number({ invalid_type_error: THRESHOLD_HINT }).int(THRESHOLD_HINT).min(0, THRESHOLD_HINT),
    { invalid_type_error: THRESHOLD_HINT },
  )
  .default({})

export const simulateBody = priceChangeSchema
  .extend({ period: periodSchema, thresholds })
  .refine(hasChange, { message: CHANGE_HINT, path: ['subscriptionPrices'] })

export const publishBody = priceChangeSchema.refine(hasChange, {
  message: CHANGE_HINT,
  path: ['subscriptionPrices'],
})

export type PriceChange = z.infer<typeof priceChangeSchema>
export type SimulateInput = z.infer<typeof simulateBody>
