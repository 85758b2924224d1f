import type { RelationshipFieldManyValidation } from 'payload'
import { missingRelationIds } from '../../fields/relationExists'
import { INTL, requestLocale, messages } from '../../i18n'
import { loadServices } from './loadServices'

/**
 * One service per kind (a preset has one archive depth, one algorithm), all in one currency; why
 * not in the request's language.
 */
export const validateServices: RelationshipFieldManyValidation = async (
  value,
  { req, siblingData },
) => {
  const locale = requestLocale(req)
  const { validation: text, admin } = messages(locale)
  if (!Array.isArray(value) || value.length === 0) return text.chooseService
  const missing = await missingRelationIds(req, 'services', value)
  if (missing.length > 0) return text.noService({ ids: missing.join(', ') })
  const services = await loadServices(req, value)
  const list = new Intl.ListFormat(INTL[locale].numbers, { type: 'conjunction' })
  const analytics = services.filter((service) => service.kind === 'analytics')
  if (analytics.length > 1) {
    const algorithms = analytics.map((service) =>
      service.analytics === 'faces' || service.analytics === 'plates'
        ? admin.options.analytics[service.analytics]
        : String(service.analytics),
    )
    return text.oneAnalytics({ found: list.format(algorithms) })
  }
  const kinds = new Map<string, string[]>()
  for (const service of services) {
    kinds.set(service.kind, [...(kinds.get(service.kind) ?? []), service.title])
  }
  for (const [kind, titles] of kinds) {
    if (titles.length > 1) {
      const label = admin.options.serviceKinds[kind as keyof typeof admin.options.serviceKinds]
      return text.oneServicePerKind({ kind: label ?? kind, titles: titles.join(', ') })
    }
  }
  const currency = (siblingData as { currency?: string }).currency
  const other = services.find((service) => currency && service.currency !== currency)
  if (other && currency) {
    return text.serviceCurrency({
      service: other.title,
      serviceCurrency: other.currency,
      currency,
    })
  }
  return true
}
