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

const money = (amount: number, currency: string): string => moneyText(amount, currency)

/** "2026-10" -> "Oct 2026" on the axis. */
function monthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number)
  return new Date(Date.UTC(year!, index! - 1, 1)).toLocaleString('en-US', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** "2026-10-30" -> "30 Oct" on the axis. */
function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}

export interface RevenueChartProps {
  currency: string
  /** Digits after the decimal point of the currency (USD 2, JPY 0). */
  exponent: number
  months: string[]
  /** Minor units per month, aligned with `months`. */
  issued: number[]
  paid: number[]
}

/** Paid and issued-but-unpaid invoice totals per billing month, stacked. */
export function RevenueChart({ currency, months, issued, paid }: RevenueChartProps) {
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
      title={`Revenue in ${currency} per month`}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--theme-elevation-150)" />
      <XAxis
        dataKey="month"
        tickFormatter={monthLabel}
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
        tickFormatter={(value: number) => compactMoneyText(value, currency)}
      />
      <Tooltip
        cursor={{ fill: 'var(--theme-elevation-100)' }}
        contentStyle={tooltipStyle}
        labelFormatter={(label) => `Billing month ${monthLabel(String(label))}`}
        formatter={(value, name) => [money(Number(value), currency), name]}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      <Bar dataKey="paid" name="Paid" stackId="revenue" fill={PAID} isAnimationActive={false} />
      <Bar
        dataKey="issued"
        name="Issued, not yet paid"
        stackId="revenue"
        fill={ISSUED}
        radius={[3, 3, 0, 0]}
        isAnimationActive={false}
      />
    </BarChart>
  )
}

export interface CamerasChartProps {
  days: string[]
  series: { subscription: number; title: string; cameras: number[] }[]
}

/** Cameras billable per day over the last 30 days, stacked by subscription. */
export function CamerasChart({ days, series }: CamerasChartProps) {
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
      title="Billable cameras per day over the last 30 days"
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--theme-elevation-150)" />
      <XAxis
        dataKey="day"
        // every fifth day, counted back from today so that today is labelled
        ticks={days.filter((_, index) => (days.length - 1 - index) % 5 === 0)}
        interval={0}
        tickFormatter={dayLabel}
        tick={axisTick}
        tickLine={false}
      />
      <YAxis width={40} allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} />
      <Tooltip
        contentStyle={tooltipStyle}
        labelFormatter={(label) => `${dayLabel(String(label))} (UTC day)`}
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
