import { describe, expect, it } from 'vitest'
import {
  planFanOut,
  recipientAddresses,
  type EndpointSubscription,
  type OutboxEvent,
} from '../../../src/notifications/fanOut'

const event = (id: number, type: OutboxEvent['type'], organizationId: number | null = 7) => ({
  id,
  eventId: `evt-${id}`,
  type,
  organizationId,
})
const none = { emails: new Set<string>(), webhooks: new Set<string>() }
const recipients = new Map([
  [7, ['admin@seven.test', 'books@seven.test']],
  [8, ['admin@eight.test']],
])
const endpoints: EndpointSubscription[] = [
  { id: 30, organizationId: 7, events: ['invoice.issued'] },
  { id: 10, organizationId: null, events: ['invoice.issued', 'invoice.paid'] },
  { id: 20, organizationId: 8, events: ['invoice.issued', 'invoice.paid'] },
]

describe('recipientAddresses', () => {
  it('the administrator first, then the contacts, trimmed, lower-cased, once each; non-addresses dropped', () => {
    expect(
      recipientAddresses(' Admin@Example.TEST ', [
        'books@example.test',
        'admin@example.test',
        'not an address',
        null,
        '',
        'a@b',
      ]),
    ).toEqual(['admin@example.test', 'books@example.test'])
  })

  it('no administrator e-mail: the contacts alone', () => {
    expect(recipientAddresses(null, ['x@y.test'])).toEqual(['x@y.test'])
  })
})

describe('planFanOut', () => {
  it('an issued invoice: an e-mail per recipient of its organization, a webhook per endpoint of its organization or global, by endpoint id', () => {
    const plan = planFanOut([event(1, 'invoice.issued')], recipients, endpoints, none)
    expect(plan.emails.map((email) => email.recipient)).toEqual([
      'admin@seven.test',
      'books@seven.test',
    ])
    expect(plan.webhooks.map((webhook) => webhook.endpoint)).toEqual([10, 30])
  })

  it('invoice.paid sends no e-mail (the receipt says it) and reaches only endpoints subscribed to it', () => {
    const plan = planFanOut([event(2, 'invoice.paid', 8)], recipients, endpoints, none)
    expect(plan.emails).toEqual([])
    expect(plan.webhooks.map((webhook) => webhook.endpoint)).toEqual([10, 20])
  })

  it('a dunning reminder is e-mailed and never a webhook', () => {
    const plan = planFanOut([event(3, 'dunning.reminder')], recipients, endpoints, none)
    expect(plan.emails).toHaveLength(2)
    expect(plan.webhooks).toEqual([])
  })

  it('leaves out deliveries that exist already (an event put back after a partial run)', () => {
    const plan = planFanOut([event(4, 'invoice.issued')], recipients, endpoints, {
      emails: new Set(['4 admin@seven.test']),
      webhooks: new Set(['4 10']),
    })
    expect(plan.emails.map((email) => email.recipient)).toEqual(['books@seven.test'])
    expect(plan.webhooks.map((webhook) => webhook.endpoint)).toEqual([30])
  })

  it('keeps event order, and an organization without recipients gets webhooks only', () => {
    const plan = planFanOut(
      [event(5, 'invoice.issued', 9), event(6, 'invoice.issued', 8)],
      recipients,
      endpoints,
      none,
    )
    expect(plan.emails.map((email) => [email.event.id, email.recipient])).toEqual([
      [6, 'admin@eight.test'],
    ])
    expect(plan.webhooks.map((webhook) => [webhook.event.id, webhook.endpoint])).toEqual([
      [5, 10],
      [6, 10],
      [6, 20],
    ])
  })
})
