'use client'

import { useTranslation } from '@payloadcms/ui'
import { localeOr, messages, type AdminMessages, type Locale } from '../i18n'

/**
 * The admin's language for this project's own components: Payload's (the user's choice in the
 * admin, else the browser's), with the admin catalogue in it. Dates and money go through `locale`.
 */
export function useAdminLanguage(): { locale: Locale; text: AdminMessages } {
  const { i18n } = useTranslation()
  const locale = localeOr(i18n.language)
  return { locale, text: messages(locale).admin }
}
