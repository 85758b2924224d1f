import type { ServerProps } from 'payload'
import type { ReactNode } from 'react'
import { currencyExponent } from '../billing/currency'
import { moneyText } from '../billing/format'
import { messages, requestLocale, type Locale } from '../i18n'
import { CamerasChart, RevenueChart } from './Charts'
import { loadDashboard, type AmountsByCurrency } from './data'
import './dashboard.scss'

function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency)
  } catch {
    return 2
  }
}

const sums = (amounts: AmountsByCurrency, locale: Locale) =>
  amounts.totals.map((entry) => moneyText(entry.amount, entry.currency, locale)).join(' + ')

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
export async function OperatorDashboard({ payload, user, i18n }: ServerProps) {
  const data = await loadDashboard(payload, user)
  if (!data) return null
  // the admin's language: the user's own, else Payload's for this request
  const locale = requestLocale({ user: user as { locale?: string | null } | null, i18n })
  const text = messages(locale).admin.dashboard
  const money = (amount: number, currency: string) => moneyText(amount, currency, locale)
  const outcome = (value: string) => text.outcomes[value] ?? value
  const admin = payload.config.routes.admin
  const list = (slug: string, query = '') =>
    `${admin}/collections/${slug}${query ? `?${query}` : ''}`
  const camerasTotal = data.camerasNow.reduce((sum, row) => sum + row.cameras, 0)
  const { drafts, overdue } = data.invoices

  return (
    <section className="ops-dashboard" aria-labelledby="ops-dashboard-heading">
      <h2 id="ops-dashboard-heading" className="ops-dashboard__title">
        {text.title}
      </h2>
      <div className="ops-dashboard__grid">
        <div className="ops-dashboard__card">
          <h3>{text.attention}</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label={text.drafts}
              value={drafts.count}
              detail={sums(drafts, locale)}
              href={list('invoices', 'where[status][equals]=draft')}
              tone={drafts.count ? 'warn' : 'ok'}
            />
            <Stat
              label={text.overdue}
              value={overdue.count}
              detail={sums(overdue, locale)}
              href={list(
                'invoices',
                `where[status][equals]=issued&where[dueAt][less_than]=${encodeURIComponent(data.now)}&where[amountDue][greater_than]=0`,
              )}
              tone={overdue.count ? 'warn' : 'ok'}
            />
          </div>
        </div>

        <div className="ops-dashboard__card">
          <h3>{text.syncHealth}</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label={text.pendingJobs}
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
              label={text.failedJobs}
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
                label={text.notInWatcher[collection]}
                value={count}
                href={list(collection, 'where[watcher.status][equals]=failed')}
                tone={count ? 'warn' : 'ok'}
              />
            ))}
          </div>
          <ul className="ops-dashboard__facts">
            <li>
              {text.lastReconcile}{' '}
              {data.lastReconcile ? (
                <a href={`${list('reconcile-reports')}/${data.lastReconcile.id}`}>
                  {outcome(data.lastReconcile.outcome)} · {when(data.lastReconcile.createdAt)}
                </a>
              ) : (
                <span className="ops-dashboard__muted">{text.noneYet}</span>
              )}
              {data.lastReconcile?.summary ? (
                <span className="ops-dashboard__muted"> — {data.lastReconcile.summary}</span>
              ) : null}
            </li>
            <li>
              {text.lastUsage}{' '}
              {data.lastUsage ? (
                <>
                  <a href={`${list('usage-collections')}/${data.lastUsage.id}`}>
                    {outcome(data.lastUsage.outcome)} · {when(data.lastUsage.createdAt)}
                  </a>
                  <span
                    className={
                      data.lastUsage.unbilled ? 'ops-dashboard__warn' : 'ops-dashboard__muted'
                    }
                  >
                    {' '}
                    — {text.unbilled({ count: data.lastUsage.unbilled })}
                  </span>
                </>
              ) : (
                <span className="ops-dashboard__muted">{text.noneYet}</span>
              )}
            </li>
          </ul>
        </div>
      </div>

      <ChartCard
        title={text.revenueTitle}
        emptyWhen={data.revenue.series.length === 0}
        empty={text.revenueEmpty}
      >
        {data.revenue.series.map((series) => {
          const paid = series.paid.reduce((a, b) => a + b, 0)
          const issued = series.issued.reduce((a, b) => a + b, 0)
          return (
            <figure key={series.currency} className="ops-dashboard__figure" data-chart="revenue">
              <figcaption>
                {text.revenueCaption({
                  currency: series.currency,
                  invoiced: money(paid + issued, series.currency),
                  paid: money(paid, series.currency),
                })}
              </figcaption>
              <RevenueChart
                currency={series.currency}
                locale={locale}
                exponent={exponentOf(series.currency)}
                months={data.revenue.months}
                issued={series.issued}
                paid={series.paid}
              />
              <table className="ops-dashboard__sr-only">
                <caption>{text.revenueTable({ currency: series.currency })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.month}</th>
                    <th scope="col">{text.paid}</th>
                    <th scope="col">{text.issuedNotPaid}</th>
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
          title={text.camerasNow({ total: camerasTotal })}
          emptyWhen={data.camerasNow.length === 0}
          empty={text.camerasNowEmpty}
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
          title={text.camerasDaily}
          emptyWhen={data.camerasDaily.series.length === 0}
          empty={text.camerasDailyEmpty}
        >
          <figure className="ops-dashboard__figure" data-chart="cameras">
            <figcaption>{text.camerasDailyCaption}</figcaption>
            <CamerasChart
              locale={locale}
              days={data.camerasDaily.days}
              series={data.camerasDaily.series}
            />
          </figure>
        </ChartCard>
      </div>
    </section>
  )
}
