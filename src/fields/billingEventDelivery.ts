import type { Field } from 'payload'
import { organizationField } from './organization'
import { statusField } from './status'

// written by the dispatcher and the delivery jobs only; a fresh object per field
const byDispatcher = () => ({ readOnly: true })

/** The billing event an e-mail or a webhook delivery carries, as the dispatcher recorded it. */
export function deliveredEventFields({ eventIdLabel }: { eventIdLabel?: string } = {}): Field[] {
  return [
    {
      name: 'billingEvent',
      type: 'relationship',
      relationTo: 'billing-events',
      index: true,
      admin: byDispatcher(),
    },
    {
      name: 'eventId',
      ...(eventIdLabel && { label: eventIdLabel }),
      type: 'text',
      required: true,
      index: true,
      admin: byDispatcher(),
    },
    { name: 'eventType', type: 'text', required: true, admin: byDispatcher() },
    organizationField({ required: false, admin: byDispatcher() }),
  ]
}

/** How far a delivery got: its status (one of `statuses`, pending at first) and the attempts made. */
export function deliveryProgressFields(statuses: readonly string[]): Field[] {
  return [
    statusField({
      defaultValue: 'pending',
      options: statuses.map((value) => ({ label: value, value })),
      admin: byDispatcher(),
    }),
    { name: 'attempts', type: 'number', required: true, defaultValue: 0, admin: byDispatcher() },
  ]
}
