import type { Metadata } from 'next'
import {
  Dashboard,
  idOf,
  InLanguage,
  organizationLocale,
  pageLocale,
  portalMessages,
  readableOrganizations,
  requireSession,
} from '../../../../portal'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.dashboard }
}

export default async function PortalHome() {
  const { payload, user } = await requireSession()
  const [organizations, locale] = await Promise.all([
    readableOrganizations(payload, user),
    pageLocale(),
  ])
  if (organizations.length === 0) {
    const t = portalMessages(locale)
    return (
      <>
        <h1>{t.titles.dashboard}</h1>
        <p>{t.dashboard.noOrganization}</p>
      </>
    )
  }
  // the first organization the user is a member of, else the first one it can read
  const memberOf = (user.memberships ?? []).map((m) =>
    idOf(m.organization as number | { id: number } | null | undefined),
  )
  const organization = organizations.find((o) => memberOf.includes(o.id)) ?? organizations[0]
  const language = await organizationLocale(user, organization)
  return (
    <InLanguage locale={language} documentLocale={locale}>
      <Dashboard
        payload={payload}
        user={user}
        organizations={organizations}
        organization={organization}
        locale={language}
      />
    </InLanguage>
  )
}
