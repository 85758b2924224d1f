import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import {
  Dashboard,
  readableOrganization,
  readableOrganizations,
  requireSession,
} from '../../../../../../portal'

export const metadata: Metadata = { title: 'Organization' }

export default async function OrganizationPage({
  params,
}: {
  params: Promise<{ organizationId: string }>
}) {
  const { organizationId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const organizations = await readableOrganizations(payload, user)
  return (
    <Dashboard
      payload={payload}
      user={user}
      organizations={organizations}
      organization={organization}
    />
  )
}
