import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import {
  Dashboard,
  InLanguage,
  organizationLocale,
  pageLocale,
  portalMessages,
  readableOrganization,
  readableOrganizations,
  requireSession,
} from '../../../../../../portal'

type Params = { params: Promise<{ organizationId: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { organizationId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  const locale = await organizationLocale(user, organization)
  return { title: organization?.title ?? portalMessages(locale).titles.organization }
}

export default async function OrganizationPage({ params }: Params) {
  const { organizationId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const [organizations, locale, documentLocale] = await Promise.all([
    readableOrganizations(payload, user),
    organizationLocale(user, organization),
    pageLocale(),
  ])
  return (
    <InLanguage locale={locale} documentLocale={documentLocale}>
      <Dashboard
        payload={payload}
        user={user}
        organizations={organizations}
        organization={organization}
        locale={locale}
      />
    </InLanguage>
  )
}
