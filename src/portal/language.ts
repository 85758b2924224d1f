/**
 * The portal's language, decided in one place (pure: the pages and actions pass what they know).
 * A subscriber reads the portal in its own language when it chose one, else in the language of
 * the organization it is looking at (or of its first organization), else in the browser's
 * (Accept-Language, among those billing speaks), else in English. Before sign-in only the
 * browser's language is known.
 */
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n'

/**
 * The language Accept-Language prefers among those billing speaks ("pt-BR,pt;q=0.9,en;q=0.8"
 * -> 'pt'); undefined when it names none of them. Regional variants count as their language.
 */
export function acceptedLocale(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((entry, position) => {
      const [tag = '', ...parameters] = entry.trim().split(';')
      const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean)
      const quality = q === undefined ? 1 : Number(q)
      return {
        language: tag.trim().toLowerCase().split('-')[0],
        quality: Number.isFinite(quality) ? quality : 0,
        position,
      }
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position)
  return ranked.map((entry) => entry.language).find(isLocale)
}

export interface PortalLanguageSources {
  /** The signed-in user (null before sign-in); its `locale` is empty when it follows its organization. */
  user?: { locale?: string | null } | null
  /** The organization the page is about, else the user's first membership's organization. */
  organization?: { locale?: string | null } | null
  /** The browser's Accept-Language header. */
  acceptLanguage?: string | null
}

/** The language of a portal page or of a portal action's answer. */
export function portalLocale({
  user,
  organization,
  acceptLanguage,
}: PortalLanguageSources): Locale {
  if (isLocale(user?.locale)) return user.locale
  if (user && isLocale(organization?.locale)) return organization.locale
  return acceptedLocale(acceptLanguage) ?? DEFAULT_LOCALE
}
