import type { DateField } from 'payload'

/**
 * `createdAt` and `updatedAt` as Payload adds them (the same columns: `timestamp(3) with time
 * zone`, default now(), not null), but without their two indexes. For tables that grow by the
 * million through set-based SQL and are never sorted or filtered by these times (the collection
 * sets its own `defaultSort`): every index is written on each insert, and these two answer no
 * query. Payload adds its own only when a collection has none of these fields.
 */
export function unindexedTimestamps(): DateField[] {
  const timestamp = (name: 'createdAt' | 'updatedAt', label: string): DateField => ({
    name,
    type: 'date',
    index: false,
    label: ({ t }) => t(label as Parameters<typeof t>[0]),
    admin: { disableBulkEdit: true, hidden: true },
  })
  return [timestamp('updatedAt', 'general:updatedAt'), timestamp('createdAt', 'general:createdAt')]
}
