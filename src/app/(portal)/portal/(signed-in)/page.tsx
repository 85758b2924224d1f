import type { Metadata } from 'next'
import { Dashboard, idOf, readableOrganizations, requireSession } from '../../../../portal'

export const metadata: Metadata = { title: 'Dashboard' }

export default async function PortalHome() {
  const { payload, user } = await requireSession()
  const organizations = await readableOrganizations(payload, user)
  if (organizations.length === 0) {
    return (
      <>
        <h1>Dashboard</h1>
        <p>Your account is not a member of any organization yet. Ask your operator to add you.</p>
      </>
    )
  }
  // the first organization the user is a member of, else the first one it can read
  const memberOf = (user.memberships ?? []).map((m) =>
    idOf(m.organization as number | { id: number } | null | undefined),
  )
  const organization = organizations.find((o) => memberOf.includes(o.id)) ?? organizations[0]
  return (
    <Dashboard
      payload={payload}
      user={user}
      organizations={organizations}
      organization={organization}
    />
  )
}
