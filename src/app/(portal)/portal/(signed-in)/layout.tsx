import React from 'react'
import {
  managedOrganizationIds,
  pageLocale,
  portalMessages,
  requireSession,
  watcherWebUrl,
} from '../../../../portal'
import { NavLink } from './NavLink'

/** Every signed-in page: the header (navigation, Watcher link, sign-out) and the main landmark. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { payload, user } = await requireSession()
  const watcher = watcherWebUrl()
  const [managed, locale] = await Promise.all([managedOrganizationIds(payload, user), pageLocale()])
  const managesUsers = managed.length > 0
  const t = portalMessages(locale).header
  return (
    <>
      <header className="header">
        <div className="header-inner">
          <a className="brand" href="/portal">
            Watcher Billing <span className="visually-hidden">{t.home}</span>
          </a>
          <nav aria-label={t.navigation}>
            <ul>
              <li>
                <NavLink
                  href="/portal"
                  match={['/portal', '/portal/o/']}
                  otherSections={['/users']}
                >
                  {t.dashboard}
                </NavLink>
              </li>
              <li>
                <NavLink href="/portal/invoices" match={['/portal/invoices']}>
                  {t.invoices}
                </NavLink>
              </li>
              {managesUsers ? (
                <li>
                  <NavLink href="/portal/users" match={['/portal/users']} section={['/users']}>
                    {t.users}
                  </NavLink>
                </li>
              ) : null}
              {watcher ? (
                <li>
                  <a href={watcher} target="_blank" rel="noopener noreferrer">
                    {t.openWatcher}
                    <span className="visually-hidden"> {t.opensInNewTab}</span> ↗
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="user">
            <span>
              <span className="visually-hidden">{t.signedInAs} </span>
              {user.email}
            </span>
            <form action="/portal/logout" method="post">
              <button type="submit" className="button button-quiet">
                {t.signOut}
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="main">
        {children}
      </main>
    </>
  )
}
