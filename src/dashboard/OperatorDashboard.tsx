import type { ServerProps } from 'payload'
import { isStaff } from '../access/roles'
import { formatMoney } from '../billing/money'
import { BarChart, HorizontalBars } from './BarChart'
import { loadDashboard } from './data'
import './dashboard.scss'

function money(amount: number, currency: string): string {
  try {
    return formatMoney(amount, currency)
  } catch {
    return `${amount} ${currency} (minor units)`
  }
}

/** Short money for the label over a bar: "$1.2k" rather than "$1,234.56". */
function shortMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount / 100)
  } catch {
    return String(amount)
  }
}

const outcomeLabels: Record<string, string> = {
  in_line: 'In line',
  drift: 'Drift found',
  error: 'Could not finish',
  done: 'Done',
  failed: 'Failed',
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`

function Stat({ label, value, href, tone }: { label: string; value: number | string | null; href?: string; tone?: 'warn' | 'ok' }) {
  const text = value === null ? '—' : value
  const className = `ops-dashboard__stat${tone ? ` ops-dashboard__stat--${tone}` : ''}`
  const body = (
    <>
      <span className="ops-dashboard__stat-value">{text}</span>
      <span className="ops-dashboard__stat-label">{label}</span>
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

/**
 * The operator's dashboard above the collection cards: revenue, cameras, Watcher sync health and
 * invoices that need attention. Staff only (admin and accountant); a subscriber sees nothing here.
 * Counts and sums only, never a camera key.
 */
export async function OperatorDashboard({ payload, user }: ServerProps) {
  if (!user || !isStaff(user)) return null
  const data = await loadDashboard(payload, user)
  const admin = payload.config.routes.admin
  const list = (slug: string, query = '') => `${admin}/collections/${slug}${query ? `?${query}` : ''}`
  const failedLabels = { subscriptions: 'Subscriptions', organizations: 'Organizations', users: 'Users' }
  const camerasTotal = data.camerasNow.reduce((sum, row) => sum + row.cameras, 0)

  return (
    <section className="ops-dashboard" aria-label="Operator dashboard">
      <div className="ops-dashboard__grid">
        <div className="ops-dashboard__card">
          <h3>Invoices needing attention</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label="Drafts awaiting issue"
              value={data.drafts}
              href={list('invoices', 'where[status][equals]=draft')}
              tone={data.drafts ? 'warn' : 'ok'}
            />
            <Stat
              label="Overdue (issued, past due)"
              value={data.overdue}
              href={list('invoices', `where[status][equals]=issued&where[dueAt][less_than]=${encodeURIComponent(data.now)}`)}
              tone={data.overdue ? 'warn' : 'ok'}
            />
          </div>
        </div>

        <div className="ops-dashboard__card">
          <h3>Watcher sync health</h3>
          <div className="ops-dashboard__stats">
            <Stat
              label="Pending sync jobs"
              value={data.pendingSyncJobs}
              tone={data.pendingSyncJobs > 50 ? 'warn' : undefined}
            />
            {data.failed.map(({ collection, count }) => (
              <Stat
                key={collection}
                label={`${failedLabels[collection]} failed`}
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
                  {outcomeLabels[data.lastReconcile.outcome ?? ''] ?? data.lastReconcile.outcome} ·{' '}
                  {when(data.lastReconcile.createdAt)}
                </a>
              ) : (
                'none yet'
              )}
              {data.lastReconcile?.summary ? <span className="ops-dashboard__muted"> — {data.lastReconcile.summary}</span> : null}
            </li>
            <li>
              Last usage collection:{' '}
              {data.lastUsage ? (
                <a href={`${list('usage-collections')}/${data.lastUsage.id}`}>
                  {outcomeLabels[data.lastUsage.outcome ?? ''] ?? data.lastUsage.outcome} · {when(data.lastUsage.createdAt)}
                </a>
              ) : (
                'none yet'
              )}
              {data.lastUsage && (
                <span className={data.lastUsage.unbilled ? 'ops-dashboard__warn' : 'ops-dashboard__muted'}>
                  {' '}
                  — {data.lastUsage.unbilled ?? 0} unbilled {data.lastUsage.unbilled === 1 ? 'camera' : 'cameras'}
                </span>
              )}
            </li>
          </ul>
        </div>
      </div>

      <div className="ops-dashboard__card">
        <h3>Revenue per month (issued and paid invoices)</h3>
        {data.revenue.length === 0 ? (
          <p className="ops-dashboard__muted">No issued or paid invoices in the last 12 months.</p>
        ) : (
          data.revenue.map((series) => (
            <figure key={series.currency} className="ops-dashboard__figure">
              <figcaption>
                {series.currency} · total {money(series.totals.reduce((a, b) => a + b, 0), series.currency)}
              </figcaption>
              <BarChart
                caption={`Revenue in ${series.currency} per month`}
                bars={data.months.map((month, index) => ({
                  label: month,
                  value: series.totals[index],
                  title: `${month}: ${money(series.totals[index], series.currency)}`,
                }))}
                valueText={(value) => shortMoney(value, series.currency)}
              />
            </figure>
          ))
        )}
      </div>

      <div className="ops-dashboard__grid">
        <div className="ops-dashboard__card">
          <h3>Cameras per subscription now · {camerasTotal}</h3>
          {data.camerasNow.length === 0 ? (
            <p className="ops-dashboard__muted">No camera is billable right now.</p>
          ) : (
            <HorizontalBars
              rows={data.camerasNow.map((row) => ({
                key: String(row.subscription),
                label: row.title,
                value: row.cameras,
                href: list('camera-usage', `where[subscription][equals]=${row.subscription}&where[to][exists]=false`),
              }))}
            />
          )}
        </div>
        <div className="ops-dashboard__card">
          <h3>Cameras per day, last 30 days</h3>
          <BarChart
            caption="Billable cameras per day over the last 30 days"
            bars={data.camerasDaily.map((row) => ({
              label: row.day.slice(5),
              value: row.cameras,
              title: `${row.day}: ${row.cameras} ${row.cameras === 1 ? 'camera' : 'cameras'}`,
            }))}
            labelEvery={5}
          />
        </div>
      </div>
    </section>
  )
}
