import type { AdminMessages } from './messages/admin/en'
import { messages } from './catalogue'
import { LOCALES, type Locale } from './locales'

/**
 * An admin text in every language, as Payload takes a label, description, group or option label
 * (`{ en: 'Title', ru: 'Название', … }`), so collection configs stay declarative:
 * `label: inEveryLanguage((admin) => admin.fields.title)`.
 */
export function inEveryLanguage(pick: (admin: AdminMessages) => string): Record<Locale, string> {
  return Object.fromEntries(
    LOCALES.map((locale) => [locale, pick(messages(locale).admin)]),
  ) as Record<Locale, string>
}

/** Select options whose labels are in every language: `optionsInEveryLanguage(['a', 'b'], (admin) => admin.options.x)`. */
export function optionsInEveryLanguage<Value extends string>(
  values: readonly Value[],
  pick: (admin: AdminMessages) => Record<Value, string>,
): { label: Record<Locale, string>; value: Value }[] {
  return values.map((value) => ({ value, label: inEveryLanguage((admin) => pick(admin)[value]) }))
}
