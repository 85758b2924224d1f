import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import {
  InLanguage,
  managedOrganizationIds,
  organizationLocale,
  pageLocale,
  permissionsOf,
  portalMessages,
  readableMember,
  readableOrganization,
  requireSession,
} from '../../../../../../../../portal'
import { MemberForms } from './MemberForms'

type Params = { params: Promise<{ organizationId: string; userId: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { organizationId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  return { title: portalMessages(await organizationLocale(user, organization)).titles.member }
}

export default async function MemberPage({ params }: Params) {
  const { organizationId, userId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const managed = await managedOrganizationIds(payload, user)
  const member = managed.includes(organization.id)
    ? await readableMember(payload, user, organization.id, userId)
    : null
  if (!member) notFound()
  const [locale, documentLocale] = await Promise.all([
    organizationLocale(user, organization),
    pageLocale(),
  ])
  const t = portalMessages(locale).member
  const permissions = permissionsOf(member, organization.id)!
  const administrator =
    (typeof organization.administrator === 'object'
      ? organization.administrator?.id
      : organization.administrator) === member.id
  return (
    <InLanguage locale={locale} documentLocale={documentLocale}>
      <p>
        <a href={`/portal/o/${organization.id}/users`}>
          {t.backToUsers({ organization: organization.title })}
        </a>
      </p>
      <h1>{t.heading({ login: member.login })}</h1>
      <div className="card">
        <dl className="meta">
          <dt>{t.name}</dt>
          <dd>{member.name || '—'}</dd>
          <dt>{t.email}</dt>
          <dd className="wrap">{member.email}</dd>
          <dt>{t.organization}</dt>
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
        locale={locale}
      />
    </InLanguage>
  )
}
