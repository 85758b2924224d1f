'use client'

import { useTranslation } from '@payloadcms/ui'
import { localeOr, messages, type AdminMessages, type Locale } from '../i18n'

/**
 * The admin's language for this project's own components: Payload's (the user's choice in the
 * admin, else the browser's), with the admin catalogue in it. Dates and money go through `locale`.
 */
export function useAdminLanguage(): {
  locale: Locale
  text: AdminMessages
  /** A config label or description as written (a string, or a record per language) in this language. */
  inLanguage: (value: unknown) => string | null
} {
  const { i18n } = useTranslation()
  const locale = localeOr(i18n.language)
  const inLanguage = (value: unknown): string | null => {
    if (typeof value === 'string') return value || null
    if (!value || typeof value !== 'object') return null
    const record = value as Record<string, unknown>
    const text = record[locale] ?? record.en
    return typeof text === 'string' && text ? text : null
  }
  return { locale, text: messages(locale).admin, inLanguage }
}
