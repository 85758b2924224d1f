export interface Bar {
  label: string
  value: number
  /** Tooltip and accessible text, e.g. "2026-10: $1,234.00". */
  title: string
}

const WIDTH = 640
const HEIGHT = 180
const AXIS = 22 // room for the labels under the bars
const TOP = 16 // room for the value over the tallest bar

/**
 * Simple vertical bars in SVG, rendered on the server (no chart library, no client JavaScript).
 * Every `labelEvery`-th label is written under its bar.
 */
export function BarChart({
  bars,
  valueText,
  labelEvery = 1,
  caption,
}: {
  bars: Bar[]
  valueText?: (value: number) => string
  labelEvery?: number
  caption: string
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value))
  const slot = WIDTH / Math.max(1, bars.length)
  const barWidth = Math.max(2, slot * 0.7)
  const plot = HEIGHT - AXIS - TOP
  return (
    <svg
      className="ops-dashboard__chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={caption}
    >
      <title>{caption}</title>
      <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} className="ops-dashboard__axis" />
      {bars.map((bar, index) => {
        const height = (bar.value / max) * plot
        const x = index * slot + (slot - barWidth) / 2
        const y = HEIGHT - AXIS - height
        return (
          <g key={bar.label}>
            <rect x={x} y={y} width={barWidth} height={Math.max(height, bar.value > 0 ? 1 : 0)} className="ops-dashboard__bar">
              <title>{bar.title}</title>
            </rect>
            {valueText && bar.value > 0 && (
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="ops-dashboard__value">
                {valueText(bar.value)}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text x={x + barWidth / 2} y={HEIGHT - 6} textAnchor="middle" className="ops-dashboard__label">
                {bar.label}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}

/** Horizontal bars as plain HTML: one row per named item (cameras per subscription). */
export function HorizontalBars({ rows }: { rows: { key: string; label: string; value: number; href?: string }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.value))
  return (
    <ul className="ops-dashboard__hbars">
      {rows.map((row) => (
        <li key={row.key} className="ops-dashboard__hbar">
          <span className="ops-dashboard__hbar-label">
            {row.href ? <a href={row.href}>{row.label}</a> : row.label}
          </span>
          <span className="ops-dashboard__hbar-track">
            <span className="ops-dashboard__hbar-fill" style={{ width: `${(row.value / max) * 100}%` }} />
          </span>
          <span className="ops-dashboard__hbar-value">{row.value}</span>
        </li>
      ))}
    </ul>
  )
}
