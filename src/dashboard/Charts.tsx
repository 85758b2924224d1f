'use client'

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { compactMoneyText, moneyText } from '../billing/format'
import { INTL, messages, type Locale } from '../i18n'

/**
 * The dashboard's charts (recharts, so they are drawn in the browser): the server computes the
 * figures and passes them as plain props. Amounts arrive in minor units and are formatted with
 * the currency's own exponent; nothing is rounded before the tooltip.
 */

const PALETTE = [
  '#2f80ed',
  '#27ae60',
  '#f2994a',
  '#9b51e0',
  '#eb5757',
  '#56ccf2',
  '#6fcf97',
  '#bdbdbd',
]
const PAID = '#27ae60'
const ISSUED = '#f2994a'

const axisTick = { fontSize: 11, fill: 'var(--theme-elevation-600)' }
const tooltipStyle = {
  background: 'var(--theme-elevation-0)',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  fontSize: 12,
}

/** "2026-10" -> "Oct 2026" on the axis (окт. 2026 г. in Russian). */
function monthLabel(month: string, locale: Locale): string {
  const [year, index] = month.split('-').map(Number)
  return new Date(Date.UTC(year!, index! - 1, 1)).toLocaleString(INTL[locale].numbers, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** "2026-10-30" -> "30 Oct" on the axis (30 окт. in Russian). */
function dayLabel(day: string, locale: Locale): string {
  return new Date(`${day}T00:00:00Z`).toLocaleString(INTL[locale].longDates, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}

export interface RevenueChartProps {
  currency: string
  /** The admin's language: axis months, tooltips and legend. */
  locale: Locale
  /** Digits after the decimal point of the currency (USD 2, JPY 0). */
  exponent: number
  months: string[]
  /** Minor units per month, aligned with `months`. */
  issued: number[]
  paid: number[]
}

/** Paid and issued-but-unpaid invoice totals per billing month, stacked. */
export function RevenueChart({ currency, locale, months, issued, paid }: RevenueChartProps) {
  const text = messages(locale).admin.dashboard
  const money = (amount: number) => moneyText(amount, currency, locale)
  const data = months.map((month, index) => ({
    month,
    paid: paid[index] ?? 0,
    issued: issued[index] ?? 0,
  }))
  return (
    <BarChart
      responsive
      style={{ width: '100%', height: 240 }}
      data={data}
      margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
      title={text.revenueChart({ currency })}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--theme-elevation-150)" />
      <XAxis
        dataKey="month"
        tickFormatter={(month: string) => monthLabel(month, locale)}
        tick={axisTick}
        tickLine={false}
        interval="preserveStartEnd"
        minTickGap={8}
      />
      <YAxis
        width={64}
        tick={axisTick}
        tickLine={false}
        axisLine={false}
        tickFormatter={(value: number) => compactMoneyText(value, currency, locale)}
      />
      <Tooltip
        cursor={{ fill: 'var(--theme-elevation-100)' }}
        contentStyle={tooltipStyle}
        labelFormatter={(label) => text.billingMonth({ month: monthLabel(String(label), locale) })}
        formatter={(value, name) => [money(Number(value)), name]}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      <Bar
        dataKey="paid"
        name={text.paid}
        stackId="revenue"
        fill={PAID}
        isAnimationActive={false}
      />
      <Bar
        dataKey="issued"
        name={text.issuedNotPaid}
        stackId="revenue"
        fill={ISSUED}
        radius={[3, 3, 0, 0]}
        isAnimationActive={false}
      />
    </BarChart>
  )
}

export interface CamerasChartProps {
  /** The admin's language: axis days and tooltips. */
  locale: Locale
  days: string[]
  series: { subscription: number; title: string; cameras: number[] }[]
}

/** Cameras billable per day over the last 30 days, stacked by subscription. */
export function CamerasChart({ locale, days, series }: CamerasChartProps) {
  const text = messages(locale).admin.dashboard
  const data = days.map((day, index) => {
    const point: Record<string, number | string> = { day }
    for (const entry of series) point[`s${entry.subscription}`] = entry.cameras[index] ?? 0
    return point
  })
  return (
    <AreaChart
      responsive
      style={{ width: '100%', height: 240 }}
      data={data}
      margin={{ top: 8, right: 24, bottom: 0, left: 0 }}
      title={text.camerasChart}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--theme-elevation-150)" />
      <XAxis
        dataKey="day"
        // every fifth day, counted back from today so that today is labelled
        ticks={days.filter((_, index) => (days.length - 1 - index) % 5 === 0)}
        interval={0}
        tickFormatter={(day: string) => dayLabel(day, locale)}
        tick={axisTick}
        tickLine={false}
      />
      <YAxis width={40} allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} />
      <Tooltip
        contentStyle={tooltipStyle}
        labelFormatter={(label) => text.utcDay({ day: dayLabel(String(label), locale) })}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      {series.map((entry, index) => (
        <Area
          key={entry.subscription}
          type="stepAfter"
          dataKey={`s${entry.subscription}`}
          name={entry.title}
          stackId="cameras"
          stroke={PALETTE[index % PALETTE.length]}
          fill={PALETTE[index % PALETTE.length]}
          fillOpacity={0.35}
          isAnimationActive={false}
        />
      ))}
    </AreaChart>
  )
}
