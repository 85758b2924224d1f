import type { CollectionBeforeValidateHook } from 'payload'
import type { Subscription } from '../../../payload-types'
import { loadServices } from '../loadServices'

/** Since the beginning: usage is priced from Watcher's timestamps, whatever their age. */
export const DEFAULT_PRICE_FROM = '1970-01-01T00:00:00.000Z'

/**
 * A new subscription without prices costs the sum of its services; without a currency it takes
 * theirs. Validation then checks that everything agrees.
 */
export const applyServiceDefaults: CollectionBeforeValidateHook<Subscription> = async ({
  data,
  req,
  operation,
}) => {
  if (!data) return data
  const needsPrice = operation === 'create' && (!data.prices || data.prices.length === 0)
  const needsCurrency = !data.currency && operation === 'create'
  if (!needsPrice && !needsCurrency) return data
  const services = await loadServices(req, data.services)
  if (services.length === 0) return data
  const currencies = new Set(services.map((service) => service.currency))
  if (needsCurrency && currencies.size === 1) data.currency = services[0].currency
  if (needsPrice && currencies.size === 1 && services.every((s) => Number.isSafeInteger(s.price))) {
    const amount = services.reduce((sum, service) => sum + service.price, 0)
    data.prices = [{ from: DEFAULT_PRICE_FROM, amount }]
  }
  return data
}
