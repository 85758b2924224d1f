import { messages, type Locale } from '../i18n'
import type { Organization } from '../payload-types'

/** Links to the same page of each organization; only when there is more than one. */
export function OrganizationSwitcher({
  organizations,
  current,
  path = '',
  locale,
}: {
  organizations: Pick<Organization, 'id' | 'title'>[]
  current: number
  /** The page under /portal/o/<id>, e.g. '/users'. */
  path?: string
  locale: Locale
}) {
  if (organizations.length < 2) return null
  const t = messages(locale).portal.switcher
  return (
    <nav className="switcher" aria-label={t.label}>
      <span className="muted">{t.organization}</span>
      <ul>
        {organizations.map((o) => (
          <li key={o.id}>
            <a
              href={`/portal/o/${o.id}${path}`}
              aria-current={o.id === current ? 'page' : undefined}
            >
              {o.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
