/**
 * The languages billing speaks to subscribers: an organization's `locale` (its invoices, e-mails
 * and portal; `en` by default), a user's own `locale` (empty: its organization's).
 */
export const LOCALES = ['en', 'ru', 'es', 'pt'] as const

export type Locale = (typeof LOCALES)[number]

export const DEFAULT_LOCALE: Locale = 'en'

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value)

/** The locale given when it is one, else the fallback (an unknown or empty value is not an error). */
export const localeOr = (value: unknown, fallback: Locale = DEFAULT_LOCALE): Locale =>
  isLocale(value) ? value : fallback

/** Each language named in itself, for pickers. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  es: 'Español',
  pt: 'Português',
}

/**
 * The Intl locale of each language's numbers, money and dates: `dates` for the short days of
 * documents and tables (English keeps ISO days, 2026-11-01, en-CA), `longDates` for days in
 * sentences (1 November 2026). English money is written the US way (€1,234.56); Portuguese
 * follows Brazil (R$ 1.234,56).
 */
export const INTL: Record<Locale, { numbers: string; dates: string; longDates: string }> = {
  en: { numbers: 'en-US', dates: 'en-CA', longDates: 'en-GB' },
  ru: { numbers: 'ru-RU', dates: 'ru-RU', longDates: 'ru-RU' },
  es: { numbers: 'es-ES', dates: 'es-ES', longDates: 'es-ES' },
  pt: { numbers: 'pt-BR', dates: 'pt-BR', longDates: 'pt-BR' },
}
