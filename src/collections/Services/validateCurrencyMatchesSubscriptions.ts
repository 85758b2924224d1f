import type { TextFieldSingleValidation } from 'payload'
import { requestMessages } from '../../i18n'

/** A service used by subscriptions keeps their currency: prices of one plan never mix currencies. */
export const validateCurrencyMatchesSubscriptions: TextFieldSingleValidation = async (
  value,
  { id, req },
) => {
  if (id === undefined) return true
  const conflicting = await req.payload.find({
    collection: 'subscriptions',
    where: { and: [{ services: { contains: id } }, { currency: { not_equals: value } }] },
    depth: 0,
    limit: 1,
    select: { title: true, currency: true },
    req,
  })
  const subscription = conflicting.docs[0]
  return subscription
    ? requestMessages(req).validation.subscriptionUsesService({
        subscription: subscription.title,
        currency: subscription.currency,
      })
    : true
}
