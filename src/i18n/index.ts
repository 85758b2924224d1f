export { messages, type Messages } from './catalogue'
export { formatDay, formatDecimal } from './format'
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
