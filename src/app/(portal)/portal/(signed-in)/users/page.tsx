import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import {
  managedOrganizationIds,
  pageLocale,
  portalMessages,
  readableOrganizations,
  requireSession,
} from '../../../../../portal'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.users }
}

/** The users of the first organization the signed-in member manages. */
export default async function UsersHome() {
  const { payload, user } = await requireSession()
  const [managed, organizations, locale] = await Promise.all([
    managedOrganizationIds(payload, user),
    readableOrganizations(payload, user),
    pageLocale(),
  ])
  const first = organizations.find((o) => managed.includes(o.id))
  if (first) redirect(`/portal/o/${first.id}/users`)
  const t = portalMessages(locale).users
  return (
    <>
      <h1>{t.heading}</h1>
      <p>{t.cannotManageAny}</p>
    </>
  )
}
