import type { Locale } from '../i18n'
import { statusLabel } from './format'

export function StatusBadge({ status, locale }: { status: string; locale: Locale }) {
  return <span className={`badge badge-${status}`}>{statusLabel(status, locale)}</span>
}
