import { headers } from 'next/headers'
import type { Payload } from 'payload'
import { cache } from 'react'
import { messages, type Locale } from '../i18n'
import type { Organization, User } from '../payload-types'
import { idOf } from './data'
import { portalLocale } from './language'
import { readAs } from './reader'
import { getSession } from './session'

type PortalMessages = ReturnType<typeof messages>['portal']

/** The language of the user's first organization (its first membership), when it may read it. */
async function firstOrganizationLocale(payload: Payload, user: User): Promise<string | null> {
  const first = idOf(
    user.memberships?.[0]?.organization as number | { id: number } | null | undefined,
  )
  if (first === undefined) return null
  const found = await payload
    .findByID({
      collection: 'organizations',
      id: first,
      ...readAs(user),
      depth: 0,
      disableErrors: true,
      select: { locale: true },
    })
    .catch(() => null)
  return (found as Pick<Organization, 'locale'> | null)?.locale ?? null
}

/**
 * The language of the page being rendered, for the whole document (`<html lang>`, header,
 * titles): the signed-in user's own, else its first organization's, else the browser's; once per
 * HTTP request.
 */
export const pageLocale = cache(async (): Promise<Locale> => {
  const [{ payload, user }, incoming] = await Promise.all([getSession(), headers()])
  const organizationLocale = user ? await firstOrganizationLocale(payload, user) : null
  return portalLocale({
    user,
    organization: { locale: organizationLocale },
    acceptLanguage: incoming.get('accept-language'),
  })
})

/**
 * The language of a page (or an action) about one organization: the user's own, else that
 * organization's. The document keeps pageLocale; content in another language says so with `lang`.
 */
export async function organizationLocale(
  user: User,
  organization: Pick<Organization, 'locale'> | null | undefined,
): Promise<Locale> {
  if (!organization) return pageLocale()
  return portalLocale({
    user,
    organization,
    acceptLanguage: (await headers()).get('accept-language'),
  })
}

/** The portal's texts in `locale`. */
export const portalMessages = (locale: Locale): PortalMessages => messages(locale).portal
