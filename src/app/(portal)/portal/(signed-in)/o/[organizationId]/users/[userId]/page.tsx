import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import {
  readableOrganization,
  managedOrganizationIds,
  permissionsOf,
  readableMember,
  requireSession,
} from '../../../../../../../../portal'
import { MemberForms } from './MemberForms'

export const metadata: Metadata = { title: 'Member' }

export default async function MemberPage({
  params,
}: {
  params: Promise<{ organizationId: string; userId: string }>
}) {
  const { organizationId, userId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const managed = await managedOrganizationIds(payload, user)
  const member = managed.includes(organization.id)
    ? await readableMember(payload, user, organization.id, userId)
    : null
  if (!member) notFound()
  const permissions = permissionsOf(member, organization.id)!
  const administrator =
    (typeof organization.administrator === 'object'
      ? organization.administrator?.id
      : organization.administrator) === member.id
  return (
    <>
      <p>
        <a href={`/portal/o/${organization.id}/users`}>← Users of {organization.title}</a>
      </p>
      <h1>Member {member.login}</h1>
      <div className="card">
        <dl className="meta">
          <dt>Name</dt>
          <dd>{member.name || '—'}</dd>
          <dt>E-mail</dt>
          <dd className="wrap">{member.email}</dd>
          <dt>Organization</dt>
          <dd>{organization.title}</dd>
        </dl>
      </div>
      <MemberForms
        organizationId={organization.id}
        organizationTitle={organization.title}
        member={{ id: member.id, login: member.login, email: member.email }}
        permissions={permissions}
        administrator={administrator}
        self={member.id === user.id}
      />
    </>
  )
}
