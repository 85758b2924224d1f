import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import type { Locale } from '../../../../../../../i18n'
import {
  InLanguage,
  managedOrganizationIds,
  organizationLocale,
  organizationMembers,
  OrganizationSwitcher,
  pageLocale,
  PERMISSIONS,
  portalMessages,
  readableOrganization,
  readableOrganizations,
  requireSession,
} from '../../../../../../../portal'
import { AddMemberForm } from './AddMemberForm'

type Params = { params: Promise<{ organizationId: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { organizationId } = await params
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  return { title: portalMessages(await organizationLocale(user, organization)).titles.users }
}

type Notice = {
  added?: string
  invited?: string
  unsent?: string
  updated?: string
  removed?: string
}

function noticeText(notice: Notice, locale: Locale): string | null {
  const t = portalMessages(locale).users
  if (notice.added) return t.added({ login: notice.added })
  if (notice.invited) return t.invited({ login: notice.invited })
  if (notice.unsent) return t.unsent({ login: notice.unsent })
  if (notice.updated) return t.updated({ login: notice.updated })
  if (notice.removed) return t.removed({ login: notice.removed })
  return null
}

export default async function OrganizationUsersPage({
  params,
  searchParams,
}: Params & { searchParams: Promise<Notice> }) {
  const [{ organizationId }, notice] = await Promise.all([params, searchParams])
  const { payload, user } = await requireSession()
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) notFound()
  const [managed, organizations, locale, documentLocale] = await Promise.all([
    managedOrganizationIds(payload, user),
    readableOrganizations(payload, user),
    organizationLocale(user, organization),
    pageLocale(),
  ])
  const t = portalMessages(locale).users
  const permissionLabels = portalMessages(locale).permissions
  const switchable = organizations.filter((o) => managed.includes(o.id))

  if (!managed.includes(organization.id)) {
    return (
      <InLanguage locale={locale} documentLocale={documentLocale}>
        <h1>{t.heading}</h1>
        <p>{t.cannotManage({ organization: organization.title })}</p>
        <p>
          <a href={`/portal/o/${organization.id}`}>{t.backToDashboard}</a>
        </p>
      </InLanguage>
    )
  }

  const members = await organizationMembers(payload, user, organization)
  const text = noticeText(notice, locale)
  const limit = typeof organization.userLimit === 'number' ? organization.userLimit : null
  const full = limit !== null && members.length >= limit
  return (
    <InLanguage locale={locale} documentLocale={documentLocale}>
      <OrganizationSwitcher
        organizations={switchable}
        current={organization.id}
        path="/users"
        locale={locale}
      />
      <h1>{t.heading}</h1>
      <p className="muted">
        {t.intro({ organization: organization.title })}
        {limit !== null ? ` ${t.userCount({ count: members.length, limit })}` : null}
      </p>
      {text ? (
        <p className="notice" role="status">
          {text}
        </p>
      ) : null}

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t.members}</h2>
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">
              {t.membersCaption({ organization: organization.title })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.login}</th>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.permissions}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const granted = PERMISSIONS.filter((p) => member.permissions[p]).map(
                  (p) => permissionLabels[p],
                )
                return (
                  <tr key={member.id}>
                    <th scope="row">
                      {member.login}
                      {member.administrator ? (
                        <span className="muted"> {t.administrator}</span>
                      ) : null}
                      {member.id === user.id ? <span className="muted"> {t.you}</span> : null}
                    </th>
                    <td data-label={t.name}>{member.name || '—'}</td>
                    <td data-label={t.email} className="wrap">
                      {member.email}
                    </td>
                    <td data-label={t.permissions}>
                      {granted.length > 0 ? granted.join(', ') : t.none}
                    </td>
                    <td>
                      {member.id === user.id ? null : (
                        <a href={`/portal/o/${organization.id}/users/${member.id}`}>
                          {t.edit}
                          <span className="visually-hidden"> {member.login}</span>
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
        <h2 id="add-heading">{t.addUser}</h2>
        {full ? (
          <p>{t.limitReached({ limit })}</p>
        ) : (
          <AddMemberForm organizationId={organization.id} locale={locale} />
        )}
      </section>
    </InLanguage>
  )
}
