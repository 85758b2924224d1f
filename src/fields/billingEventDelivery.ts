import type { Field, StaticLabel } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage, type AdminMessages } from '../i18n'
import { organizationField } from './organization'
import { statusField } from './status'

// written by the dispatcher and the delivery jobs only; a fresh object per field
const byDispatcher = () => ({ readOnly: true })

/** The billing event an e-mail or a webhook delivery carries, as the dispatcher recorded it. */
export function deliveredEventFields({
  eventIdLabel,
}: { eventIdLabel?: StaticLabel } = {}): Field[] {
  return [
    {
      name: 'billingEvent',
      label: inEveryLanguage((admin) => admin.fields.billingEvent),
      type: 'relationship',
      relationTo: 'billing-events',
      index: true,
      admin: byDispatcher(),
    },
    {
      name: 'eventId',
      label: eventIdLabel ?? inEveryLanguage((admin) => admin.fields.eventId),
      type: 'text',
      required: true,
      index: true,
      admin: byDispatcher(),
    },
    {
      name: 'eventType',
      label: inEveryLanguage((admin) => admin.fields.eventType),
      type: 'text',
      required: true,
      admin: byDispatcher(),
    },
    organizationField({ required: false, admin: byDispatcher() }),
  ]
}

/** How far a delivery got: its status (one of `statuses`, pending at first) and the attempts made. */
export function deliveryProgressFields(
  statuses: readonly (keyof AdminMessages['options']['deliveryStatus'])[],
): Field[] {
  return [
    statusField({
      defaultValue: 'pending',
      options: optionsInEveryLanguage(statuses, (admin) => admin.options.deliveryStatus),
      admin: byDispatcher(),
    }),
    {
      name: 'attempts',
      label: inEveryLanguage((admin) => admin.fields.attempts),
      type: 'number',
      required: true,
      defaultValue: 0,
      admin: byDispatcher(),
    },
  ]
}
