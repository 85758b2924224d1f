import type { RelationshipFieldManyValidation } from 'payload'
import { missingRelationIds } from '../../fields/relationExists'
import { loadServices } from './loadServices'

/** One service per kind (a preset has one archive depth, one algorithm), all in one currency. */
export const validateServices: RelationshipFieldManyValidation = async (
  value,
  { req, siblingData },
) => {
  if (!Array.isArray(value) || value.length === 0) return 'Choose at least one service.'
  const missing = await missingRelationIds(req, 'services', value)
  if (missing.length > 0) return `No service with id ${missing.join(', ')}.`
  const services = await loadServices(req, value)
  const analytics = services.filter((service) => service.kind === 'analytics')
  if (analytics.length > 1) {
    return `A subscription can have at most one analytics algorithm (Watcher runs one per preset); found ${analytics
      .map((service) => service.analytics)
      .join(' and ')}.`
  }
  const kinds = new Map<string, string[]>()
  for (const service of services) {
    kinds.set(service.kind, [...(kinds.get(service.kind) ?? []), service.title])
  }
  for (const [kind, titles] of kinds) {
    if (titles.length > 1)
      return `Only one ${kind.replace('_', ' ')} service per subscription: ${titles.join(', ')}.`
  }
  const currency = (siblingData as { currency?: string }).currency
  const other = services.find((service) => currency && service.currency !== currency)
  if (other) {
    return `The service "${other.title}" is priced in ${other.currency}, the subscription in ${currency}: a subscription's services share its currency.`
  }
  return true
}
