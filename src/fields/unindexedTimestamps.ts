import type { DateField } from 'payload'

/**
 * `createdAt` and `updatedAt` as Payload adds them (the same columns: `timestamp(3) with time
 * zone`, default now(), not null), but without their two indexes. For tables that grow by the
 * million through set-based SQL and are never sorted or filtered by these times (the collection
 * sets its own `defaultSort`): every index is written on each insert, and these two answer no
 * query. Payload adds its own only when a collection has none of these fields.
 */
export function unindexedTimestamps(): DateField[] {
  const admin = { disableBulkEdit: true, hidden: true }
  return [
    {
      name: 'updatedAt',
      type: 'date',
      index: false,
      label: ({ t }) => t('general:updatedAt'),
      admin,
    },
    {
      name: 'createdAt',
      type: 'date',
      index: false,
      label: ({ t }) => t('general:createdAt'),
      admin,
    },
  ]
}
