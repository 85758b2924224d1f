import { messages, type Messages } from './catalogue'
import { isLocale, localeOr, type Locale } from './locales'

/** What a request carries that says its language (Payload's request and its user). */
interface LanguageOfRequest {
  user?: { locale?: string | null } | null
  i18n?: { language?: string } | null
}

/**
 * The language to answer a request in: the signed-in user's own language when it chose one,
 * else the one Payload took from the request (the admin's language setting, else
 * Accept-Language), else English.
 */
export function requestLocale(req: LanguageOfRequest | undefined | null): Locale {
  const own = req?.user?.locale
  return isLocale(own) ? own : localeOr(req?.i18n?.language)
}

/** The catalogue in the request's language (requestLocale). */
export const requestMessages = (req: LanguageOfRequest | undefined | null): Messages =>
  messages(requestLocale(req))
