export { messages, type Messages } from './catalogue'
export { formatDay, formatDecimal } from './format'
export { inEveryLanguage, optionsInEveryLanguage } from './inEveryLanguage'
export {
  DEFAULT_LOCALE,
  INTL,
  isLocale,
  LOCALE_NAMES,
  LOCALES,
  localeOr,
  type Locale,
} from './locales'
export { plural, type PluralForms } from './plural'
export { requestLocale, requestMessages } from './request'
export type { AdminMessages } from './messages/admin/en'
