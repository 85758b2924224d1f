import type { Payload } from 'payload'
import { DEFAULT_LOCALE, messages, type Locale } from '../i18n'
import type { User } from '../payload-types'
import { now as clockNow } from '../clock'
import {
  dashboardPeriod,
  idOf,
  organizationDashboard,
  readableInvoices,
  type PortalOrganization,
} from './data'
import { formatDate, formatDateTime, formatPeriod, money, twoDecimals } from './format'
import { InvoiceTable } from './InvoiceTable'
import { organizationCostSoFar } from './costSoFar'
import { managedOrganizationIds } from './members'
import { OrganizationSwitcher } from './OrganizationSwitcher'

/** The organization switcher and the chosen organization's dashboard. */
export async function Dashboard({
  payload,
  user,
  organizations,
  organization,
  locale = DEFAULT_LOCALE,
}: {
  payload: Payload
  user: User
  /** Every organization the user may read (readableOrganizations): the estimate counts on it. */
  organizations: PortalOrganization[]
  organization: PortalOrganization
  /** The language of the page (the user's, else this organization's). */
  locale?: Locale
}) {
  // the month's camera usage is read once, for the estimate and the dashboard's own figures
  const now = clockNow()
  const [invoices, managed, cost] = await Promise.all([
    readableInvoices(payload, user, { organization: organization.id, limit: 5, count: false }),
    managedOrganizationIds(payload, user),
    organizationCostSoFar(payload, user, organization, now, {
      readable: organizations.map((o) => o.id),
      alsoSince: dashboardPeriod(organization, now).start,
    }),
  ])
  const dashboard = await organizationDashboard(payload, user, organization, cost.usage)
  const titles = new Map(organizations.map((o) => [o.id, o.title]))
  const parentId = idOf(organization.parent as number | { id: number } | null | undefined)
  const billedToParent = organization.payer === 'parent' && parentId !== undefined
  const t = messages(locale).portal.dashboard
  const month = formatPeriod(dashboard.period, locale)
  return (
    <>
      <OrganizationSwitcher
        organizations={organizations}
        current={organization.id}
        locale={locale}
      />

      <h1>{organization.title}</h1>
      <p className="muted">
        {organization.status === 'suspended' ? <strong>{t.suspended} </strong> : null}
        {billedToParent ? (
          <>{t.billedTo({ payer: titles.get(parentId) ?? t.theParentOrganization })} </>
        ) : null}
        {t.billingMonth({ month, timeZone: dashboard.timeZone })}
        {organization.trialEndsAt && new Date(organization.trialEndsAt) > dashboard.now ? (
          <>
            {' '}
            {t.onTrial({ day: formatDate(organization.trialEndsAt, dashboard.timeZone, locale) })}
          </>
        ) : null}
      </p>
      {managed.includes(organization.id) ? (
        <p>
          <a href={`/portal/o/${organization.id}/users`}>
            {t.manageUsers({ organization: organization.title })}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading" className="visually-hidden">
          {t.usage}
        </h2>
        <dl className="stats">
          <div className="stat">
            <dt>{t.camerasNow}</dt>
            <dd aria-describedby="cameras-now-count">{dashboard.camerasNow}</dd>
          </div>
          <div className="stat">
            <dt>{t.cameraDaysSoFar({ month })}</dt>
            <dd>{twoDecimals(dashboard.cameraDays, locale)}</dd>
          </div>
          <div className="stat estimate">
            <dt>
              {t.costSoFar} <span className="muted">{t.estimate}</span>
            </dt>
            {cost.estimate ? (
              <dd aria-describedby="cost-note">
                {money(cost.estimate.total, cost.estimate.currency, locale)}
                <small>
                  {cost.estimate.basis === 'invoice'
                    ? t.taxIncluded
                    : t.onPayersInvoice({
                        payer: titles.get(cost.estimate.payerId) ?? t.theParent,
                      })}
                </small>
              </dd>
            ) : (
              <dd aria-describedby="cost-note">
                —<small>{t.noEstimate}</small>
              </dd>
            )}
          </div>
        </dl>
        <p className="note" id="cost-note">
          {t.estimateNote({
            month: formatPeriod(cost.estimate?.period ?? dashboard.period, locale),
            asOf: formatDateTime(cost.estimate?.asOf ?? dashboard.now, dashboard.timeZone, locale),
          })}
          {cost.estimate && cost.hiddenOrganizations > 0
            ? ` ${t.hiddenOrganizations({ count: cost.hiddenOrganizations })}`
            : null}
        </p>
      </section>

      <section className="card" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">{t.subscriptions}</h2>
        {dashboard.rows.length === 0 ? (
          <p className="muted">{t.noSubscriptions}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t.subscriptionsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.subscription}</th>
                  <th scope="col" className="num">
                    {t.camerasNow}
                  </th>
                  <th scope="col" className="num">
                    {t.cameraDaysThisMonth}
                  </th>
                  <th scope="col" className="num">
                    {t.monthlyPricePerCamera}
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.rows.map((row) => (
                  <tr key={row.subscription.id}>
                    <th scope="row">
                      {row.subscription.title}
                      {!row.available ? <span className="muted"> {t.noLongerOffered}</span> : null}
                    </th>
                    <td className="num">{row.camerasNow}</td>
                    <td className="num">{twoDecimals(row.cameraDays, locale)}</td>
                    <td className="num">{money(row.price, row.subscription.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="note">
          <span id="cameras-now-count">{t.camerasNowCount({ count: dashboard.camerasNow })}</span>{' '}
          {t.cameraDaysNote}
        </p>
      </section>

      <section className="card" aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">{t.latestInvoices}</h2>
        {billedToParent && invoices.docs.length === 0 ? (
          <p className="muted">{t.billedOnParent}</p>
        ) : (
          <InvoiceTable
            invoices={invoices.docs}
            caption={t.latestInvoices}
            timeZone={dashboard.timeZone}
            locale={locale}
          />
        )}
        <p className="note">
          <a href="/portal/invoices">{t.allInvoices}</a>
        </p>
      </section>
    </>
  )
}
