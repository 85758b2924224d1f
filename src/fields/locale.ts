import type { SelectField, StaticDescription } from 'payload'
import { inEveryLanguage, LOCALE_NAMES, LOCALES } from '../i18n'

const options = LOCALES.map((locale) => ({ label: LOCALE_NAMES[locale], value: locale }))

/**
 * A language (`en`, `ru`, `es`, `pt`; src/i18n): an organization's (English by default), a
 * user's (empty: its organization's), an invoice's (the one it was issued in). Never required in
 * the APIs (a GraphQL client that does not know the field keeps working); an empty value reads as
 * the fallback (i18n's localeOr).
 */
export function localeField({
  description,
  ...rest
}: Partial<Omit<SelectField, 'type' | 'options' | 'hasMany' | 'required'>> & {
  description?: StaticDescription
} = {}): SelectField {
  return {
    name: 'locale',
    label: inEveryLanguage((admin) => admin.fields.locale),
    type: 'select',
    options,
    ...rest,
    admin: { description, width: '160px', ...rest.admin },
  } as SelectField
}
