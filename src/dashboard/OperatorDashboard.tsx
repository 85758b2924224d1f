import type { ServerProps } from 'payload'
import type { ReactNode } from 'react'
import { currencyExponent } from '../billing/currency'
import { moneyText } from '../billing/format'
import { CamerasChart, RevenueChart } from './Charts'
import { loadDashboard, type AmountsByCurrency } from './data'
import './dashboard.scss'

const money = (amount: number, currency: string): string => moneyText(amount, currency)

function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency)
  } catch {
    return 2
  }
}

const sums = (amounts: AmountsByCurrency) =>
  amounts.totals.map((entry) => money(entry.amount, entry.currency)).join(' + ')

const outcomeLabels: Record<string, string> = {
  in_line: 'In line',
  drift: 'Drift found',
  error: 'Could not finish',
  done: 'Done',
  failed: 'Failed',
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`

function Stat({
  label,
  value,
  detail,
  href,
  tone,
}: {
  label: string
  value: number | string
  detail?: string
  href?: string
  tone?: 'warn' | 'ok'
}) {
  const className = `ops-dashboard__stat${tone ? ` ops-dashboard__stat--${tone}` : ''}`
  const body = (
    <>
      <span className="ops-dashboard__stat-value">{value}</span>
      <span className="ops-dashboard__stat-label">{label}</span>
      {detail ? <span className="ops-dashboard__stat-detail">{detail}</span> : null}
    </>
  )
  return href ? (
    <a className={className} href={href}>
      {body}
    </a>
  ) : (
    <div className={className}>{body}</div>
  )
}

const failedLabels = {
  subscriptions: 'Subscriptions',
  organizations: 'Organizations',
  users: 'Users',
} as const

/** A card of charts, or the sentence saying why it has none (`empty`, shown when `emptyWhen`). */
function ChartCard(props: {
  title: string
  emptyWhen: boolean
  empty: string
  children: ReactNode
}) {
  return (
    <div className="ops-dashboard__card">
      <h3>{props.title}</h3>
      {props.emptyWhen ? <p className="ops-dashboard__muted">{props.empty}</p> : props.children}
    </div>
  )
}

/**
 * The operator's dashboard above the collection cards: revenue, cameras, Watcher sync health and
 * invoices that need attention. Staff only: a subscriber sees nothing here. The accountant sees
 * the same figures without links to per-camera records; no camera key is ever shown.
 */
export async function OperatorDashboard({ payload, user }: ServerProps) {
  const data = await loadDashboard(payload, user)
  if (!data) return null
  const admin = payload.config.routes.admin
  const list = (slug: string, query = '') =>
    `${admin}/collections/${slug}${query ? `?${query}` : ''}`
  const camerasTotal = data.camerasNow.reduce((sum, row) => sum + row.cameras, 0)
  const { drafts, overdue } = data.invoices

  return (
    <section className="ops-dashboard" aria-labelledby="ops-dashboard-heading">
      <h2 id="ops-dashboard-heading" className="ops-dashboard__title">
        Operator dashboard
      </h2>
      <div className="ops-dashboard__grid">
        <div className="ops-dashboard__card">
          <h3>Invoices needing attention</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label="Drafts awaiting issue"
              value={drafts.count}
              detail={sums(drafts)}
              href={list('invoices', 'where[status][equals]=draft')}
              tone={drafts.count ? 'warn' : 'ok'}
            />
            <Stat
              label="Overdue (issued, past due)"
              value={overdue.count}
              detail={sums(overdue)}
              href={list(
                'invoices',
                `where[status][equals]=issued&where[dueAt][less_than]=${encodeURIComponent(data.now)}&where[amountDue][greater_than]=0`,
              )}
              tone={overdue.count ? 'warn' : 'ok'}
            />
          </div>
        </div>

        <div className="ops-dashboard__card">
          <h3>Watcher sync health</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label="Pending sync jobs"
              value={data.jobs.pendingSync}
              href={
                data.jobsReadable
                  ? list(
                      'payload-jobs',
                      'where[completedAt][exists]=false&where[hasError][not_equals]=true',
                    )
                  : list('sync-events', 'where[outcome][equals]=retrying')
              }
              tone={data.jobs.pendingSync > 50 ? 'warn' : undefined}
            />
            <Stat
              label="Failed jobs"
              value={data.jobs.failed}
              href={
                data.jobsReadable
                  ? list('payload-jobs', 'where[hasError][equals]=true')
                  : list('sync-events', 'where[outcome][equals]=failed')
              }
              tone={data.jobs.failed ? 'warn' : 'ok'}
            />
            {data.failedSyncs.map(({ collection, count }) => (
              <Stat
                key={collection}
                label={`${failedLabels[collection]} not in Watcher`}
                value={count}
                href={list(collection, 'where[watcher.status][equals]=failed')}
                tone={count ? 'warn' : 'ok'}
              />
            ))}
          </div>
          <ul className="ops-dashboard__facts">
            <li>
              Last reconciliation:{' '}
              {data.lastReconcile ? (
                <a href={`${list('reconcile-reports')}/${data.lastReconcile.id}`}>
                  {outcomeLabels[data.lastReconcile.outcome] ?? data.lastReconcile.outcome} ·{' '}
                  {when(data.lastReconcile.createdAt)}
                </a>
              ) : (
                <span className="ops-dashboard__muted">none yet</span>
              )}
              {data.lastReconcile?.summary ? (
                <span className="ops-dashboard__muted"> — {data.lastReconcile.summary}</span>
              ) : null}
            </li>
            <li>
              Last usage collection:{' '}
              {data.lastUsage ? (
                <>
                  <a href={`${list('usage-collections')}/${data.lastUsage.id}`}>
                    {outcomeLabels[data.lastUsage.outcome] ?? data.lastUsage.outcome} ·{' '}
                    {when(data.lastUsage.createdAt)}
                  </a>
                  <span
                    className={
                      data.lastUsage.unbilled ? 'ops-dashboard__warn' : 'ops-dashboard__muted'
                    }
                  >
                    {' '}
                    — {data.lastUsage.unbilled} unbilled{' '}
                    {data.lastUsage.unbilled === 1 ? 'camera' : 'cameras'}
                  </span>
                </>
              ) : (
                <span className="ops-dashboard__muted">none yet</span>
              )}
            </li>
          </ul>
        </div>
      </div>

      <ChartCard
        title="Revenue per month, last 12 months"
        emptyWhen={data.revenue.series.length === 0}
        empty="No issued or paid invoices in the last 12 months."
      >
        {data.revenue.series.map((series) => {
          const paid = series.paid.reduce((a, b) => a + b, 0)
          const issued = series.issued.reduce((a, b) => a + b, 0)
          return (
            <figure key={series.currency} className="ops-dashboard__figure" data-chart="revenue">
              <figcaption>
                {series.currency}: {money(paid + issued, series.currency)} invoiced,{' '}
                {money(paid, series.currency)} paid, by billing month
              </figcaption>
              <RevenueChart
                currency={series.currency}
                exponent={exponentOf(series.currency)}
                months={data.revenue.months}
                issued={series.issued}
                paid={series.paid}
              />
              <table className="ops-dashboard__sr-only">
                <caption>Revenue in {series.currency} per billing month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Paid</th>
                    <th scope="col">Issued, not yet paid</th>
                  </tr>
                </thead>
                <tbody>
                  {data.revenue.months.map((month, index) => (
                    <tr key={month}>
                      <th scope="row">{month}</th>
                      <td>{money(series.paid[index] ?? 0, series.currency)}</td>
                      <td>{money(series.issued[index] ?? 0, series.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
          )
        })}
      </ChartCard>

      <div className="ops-dashboard__grid ops-dashboard__grid--narrow-wide">
        <ChartCard
          title={`Cameras per subscription now · ${camerasTotal}`}
          emptyWhen={data.camerasNow.length === 0}
          empty="No camera is billable right now."
        >
          <ul className="ops-dashboard__hbars">
            {data.camerasNow.map((row) => {
              const max = Math.max(1, ...data.camerasNow.map((entry) => entry.cameras))
              const href = data.cameraDetail
                ? list(
                    'camera-usage',
                    `where[subscription][equals]=${row.subscription}&where[to][exists]=false`,
                  )
                : `${list('subscriptions')}/${row.subscription}`
              return (
                <li key={row.subscription} className="ops-dashboard__hbar">
                  <span className="ops-dashboard__hbar-label">
                    <a href={href}>{row.title}</a>
                  </span>
                  <span className="ops-dashboard__hbar-track" aria-hidden="true">
                    <span
                      className="ops-dashboard__hbar-fill"
                      style={{ width: `${(row.cameras / max) * 100}%` }}
                    />
                  </span>
                  <span className="ops-dashboard__hbar-value">{row.cameras}</span>
                </li>
              )
            })}
          </ul>
        </ChartCard>
        <ChartCard
          title="Cameras per day, last 30 days"
          emptyWhen={data.camerasDaily.series.length === 0}
          empty="No camera was billable in the last 30 days."
        >
          <figure className="ops-dashboard__figure" data-chart="cameras">
            <figcaption>Cameras billable during each UTC day, by subscription</figcaption>
            <CamerasChart days={data.camerasDaily.days} series={data.camerasDaily.series} />
          </figure>
        </ChartCard>
      </div>
    </section>
  )
}
