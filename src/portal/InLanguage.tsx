import type { ReactNode } from 'react'
import type { Locale } from '../i18n'

/**
 * A page's content in `locale`: marked with `lang` when it differs from the document's language
 * (an organization whose language is not the one of the user's first organization).
 */
export function InLanguage({
  locale,
  documentLocale,
  children,
}: {
  locale: Locale
  documentLocale: Locale
  children: ReactNode
}) {
  return locale === documentLocale ? <>{children}</> : <div lang={locale}>{children}</div>
}
