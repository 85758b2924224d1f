import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import {
  readableOrganizations,
  managedOrganizationIds,
  requireSession,
} from '../../../../../portal'

export const metadata: Metadata = { title: 'Users' }

/** The users of the first organization the signed-in member manages. */
export default async function UsersHome() {
  const { payload, user } = await requireSession()
  const [managed, organizations] = await Promise.all([
    managedOrganizationIds(payload, user),
    readableOrganizations(payload, user),
  ])
  const first = organizations.find((o) => managed.includes(o.id))
  if (first) redirect(`/portal/o/${first.id}/users`)
  return (
    <>
      <h1>Users</h1>
      <p>
        Your account may not manage the users of any organization. Ask an organization’s
        administrator for the “Manage users” permission.
      </p>
    </>
  )
}
