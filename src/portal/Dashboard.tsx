import type { Payload } from 'payload'
import type { User } from '../payload-types'
import { idOf, organizationDashboard, readableInvoices, type PortalOrganization } from './data'
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
}: {
  payload: Payload
  user: User
  organizations: PortalOrganization[]
  organization: PortalOrganization
}) {
  const [dashboard, invoices, managed, cost] = await Promise.all([
    organizationDashboard(payload, user, organization),
    readableInvoices(payload, user, { organization: organization.id, limit: 5, count: false }),
    managedOrganizationIds(payload, user),
    organizationCostSoFar(payload, user, organization),
  ])
  const titles = new Map(organizations.map((o) => [o.id, o.title]))
  const parentId = idOf(organization.parent as number | { id: number } | null | undefined)
  const billedToParent = organization.payer === 'parent' && parentId !== undefined
  return (
    <>
      <OrganizationSwitcher organizations={organizations} current={organization.id} />

      <h1>{organization.title}</h1>
      <p className="muted">
        {organization.status === 'suspended' ? <strong>Suspended. </strong> : null}
        {billedToParent ? (
          <>Billed to {titles.get(parentId) ?? 'the parent organization'}. </>
        ) : null}
        Billing month {formatPeriod(dashboard.period)} in {dashboard.timeZone}.
        {organization.trialEndsAt && new Date(organization.trialEndsAt) > dashboard.now ? (
          <> On trial until {formatDate(organization.trialEndsAt, dashboard.timeZone)}.</>
        ) : null}
      </p>
      {managed.includes(organization.id) ? (
        <p>
          <a href={`/portal/o/${organization.id}/users`}>
            Manage the users of {organization.title}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading" className="visually-hidden">
          Usage
        </h2>
        <dl className="stats">
          <div className="stat">
            <dt>Cameras now</dt>
            <dd>{dashboard.camerasNow}</dd>
          </div>
          <div className="stat">
            <dt>Camera-days in {formatPeriod(dashboard.period)} so far</dt>
            <dd>{twoDecimals(dashboard.cameraDays)}</dd>
          </div>
          <div className="stat estimate">
            <dt>
              Cost so far this month <span className="muted">(estimate)</span>
            </dt>
            {cost.estimate ? (
              <dd aria-describedby="cost-note">
                {money(cost.estimate.total, cost.estimate.currency)}
                <small>
                  {cost.estimate.basis === 'invoice'
                    ? 'tax included'
                    : `before tax, on ${titles.get(cost.estimate.payerId) ?? 'the parent'}’s invoice`}
                </small>
              </dd>
            ) : (
              <dd aria-describedby="cost-note">
                —<small>{cost.problem}</small>
              </dd>
            )}
          </div>
        </dl>
        <p className="note" id="cost-note">
          The estimate prices the camera time from the start of{' '}
          {formatPeriod(cost.estimate?.period ?? dashboard.period)} up to{' '}
          {formatDateTime(cost.estimate?.asOf ?? dashboard.now, dashboard.timeZone)} with the same
          rules as the invoice. It is not an invoice: the month’s invoice also counts the camera
          time from now to the end of the month.
          {cost.estimate && cost.hiddenOrganizations > 0
            ? ` It leaves out ${cost.hiddenOrganizations} organization(s) billed on the same invoice that your account cannot see.`
            : null}
        </p>
      </section>

      <section className="card" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions</h2>
        {dashboard.rows.length === 0 ? (
          <p className="muted">No subscriptions are available to this organization.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Subscriptions, cameras and prices</caption>
              <thead>
                <tr>
                  <th scope="col">Subscription</th>
                  <th scope="col" className="num">
                    Cameras now
                  </th>
                  <th scope="col" className="num">
                    Camera-days this month
                  </th>
                  <th scope="col" className="num">
                    Monthly price per camera
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.rows.map((row) => (
                  <tr key={row.subscription.id}>
                    <th scope="row">
                      {row.subscription.title}
                      {!row.available ? <span className="muted"> (no longer offered)</span> : null}
                    </th>
                    <td className="num">{row.camerasNow}</td>
                    <td className="num">{twoDecimals(row.cameraDays)}</td>
                    <td className="num">{money(row.price, row.subscription.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="note">
          Camera-days are camera time since the start of the month up to now, divided by 24 hours;
          the invoice for the month is computed from the same usage.
        </p>
      </section>

      <section className="card" aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">Latest invoices</h2>
        {billedToParent && invoices.docs.length === 0 ? (
          <p className="muted">
            This organization&apos;s cameras are billed on its parent&apos;s invoices.
          </p>
        ) : (
          <InvoiceTable
            invoices={invoices.docs}
            caption="Latest invoices"
            timeZone={dashboard.timeZone}
          />
        )}
        <p className="note">
          <a href="/portal/invoices">All invoices</a>
        </p>
      </section>
    </>
  )
}
