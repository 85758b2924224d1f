import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import {
  readableOrganization,
  readableOrganizations,
  managedOrganizationIds,
  organizationMembers,
  PERMISSION_LABELS,
  PERMISSIONS,
  OrganizationSwitcher,
  requireSession,
} from '../../../../../../../portal'
import { AddMemberForm } from './AddMemberForm'

export const metadata: Metadata = { title: 'Users' }

type Notice = {
  added?: string
  invited?: string
  unsent?: string
  updated?: string
  removed?: string
}

function noticeText(notice: Notice): string | null {
  if (notice.added) return `User ${notice.added} added. It reaches Watcher within a minute.`
  if (notice.invited)
    return `User ${notice.invited} invited: an e-mail asks them to choose a password.`
  if (notice.unsent) {
    return `User ${notice.unsent} added, but the invitation e-mail could not be sent: open the user (Edit) and use “Send password e-mail”.`
  }
  if (notice.updated) return `Permissions of ${notice.updated} saved.`
  if (notice.removed) return `${notice.removed} removed from the organization.`
  return null
}

export default async function OrganizationUsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ organizationId: string }>
  searchParams: Promise<Notice>
}) {
  const [{ organizationId }, notice] = await Promise.all([params, searchParams])
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const [managed, organizations] = await Promise.all([
    managedOrganizationIds(payload, user),
    readableOrganizations(payload, user),
  ])
  const switchable = organizations.filter((o) => managed.includes(o.id))

  if (!managed.includes(organization.id)) {
    return (
      <>
        <h1>Users</h1>
        <p>
          Only members allowed to manage users of <strong>{organization.title}</strong> see its
          users. Ask its administrator for the “Manage users” permission.
        </p>
        <p>
          <a href={`/portal/o/${organization.id}`}>Back to the dashboard</a>
        </p>
      </>
    )
  }

  const members = await organizationMembers(payload, user, organization)
  const text = noticeText(notice)
  const limit = typeof organization.userLimit === 'number' ? organization.userLimit : null
  const full = limit !== null && members.length >= limit
  return (
    <>
      <OrganizationSwitcher organizations={switchable} current={organization.id} path="/users" />
      <h1>Users</h1>
      <p className="muted">
        Members of <strong>{organization.title}</strong>, with their permissions in Watcher.
        {limit !== null ? ` ${members.length} of ${limit} users.` : null}
      </p>
      {text ? (
        <p className="notice" role="status">
          {text}
        </p>
      ) : null}

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">
              Members of {organization.title} and their permissions
            </caption>
            <thead>
              <tr>
                <th scope="col">Login</th>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Permissions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const granted = PERMISSIONS.filter((p) => member.permissions[p]).map(
                  (p) => PERMISSION_LABELS[p],
                )
                return (
                  <tr key={member.id}>
                    <th scope="row">
                      {member.login}
                      {member.administrator ? (
                        <span className="muted"> (administrator)</span>
                      ) : null}
                      {member.id === user.id ? <span className="muted"> (you)</span> : null}
                    </th>
                    <td data-label="Name">{member.name || '—'}</td>
                    <td data-label="E-mail" className="wrap">
                      {member.email}
                    </td>
                    <td data-label="Permissions">
                      {granted.length > 0 ? granted.join(', ') : 'None'}
                    </td>
                    <td>
                      {member.id === user.id ? null : (
                        <a href={`/portal/o/${organization.id}/users/${member.id}`}>
                          Edit<span className="visually-hidden"> {member.login}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a user</h2>
        {full ? (
          <p>
            The organization has reached its limit of {limit} users: remove a member first, or ask
            the operator to raise the limit.
          </p>
        ) : (
          <AddMemberForm organizationId={organization.id} />
        )}
      </section>
    </>
  )
}
