import type { DateField } from 'payload'

type DateTimeOptions = Omit<DateField, 'type'>

/** A date field edited with day and time (the admin's picker shows the date only by default). */
export function dateTimeField({ admin, ...field }: DateTimeOptions): DateField {
  return {
    ...field,
    type: 'date',
    admin: { ...admin, date: { pickerAppearance: 'dayAndTime', ...admin?.date } },
  } as DateField
}
