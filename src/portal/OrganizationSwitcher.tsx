import type { Organization } from '../payload-types'

/** Links to the same page of each organization; only when there is more than one. */
export function OrganizationSwitcher({
  organizations,
  current,
  path = '',
}: {
  organizations: Pick<Organization, 'id' | 'title'>[]
  current: number
  /** The page under /portal/o/<id>, e.g. '/users'. */
  path?: string
}) {
  if (organizations.length < 2) return null
  return (
    <nav className="switcher" aria-label="Organizations">
      <span className="muted">Organization:</span>
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
