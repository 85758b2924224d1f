import React from 'react'
import { managedOrganizationIds, requireSession, watcherWebUrl } from '../../../../portal'
import { NavLink } from './NavLink'

/** Every signed-in page: the header (navigation, Watcher link, sign-out) and the main landmark. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { payload, user } = await requireSession()
  const watcher = watcherWebUrl()
  const managesUsers = (await managedOrganizationIds(payload, user)).length > 0
  return (
    <>
      <header className="header">
        <div className="header-inner">
          <a className="brand" href="/portal">
            Watcher Billing <span className="visually-hidden">subscriber portal home</span>
          </a>
          <nav aria-label="Portal">
            <ul>
              <li>
                <NavLink
                  href="/portal"
                  match={['/portal', '/portal/o/']}
                  otherSections={['/users']}
                >
                  Dashboard
                </NavLink>
              </li>
              <li>
                <NavLink href="/portal/invoices" match={['/portal/invoices']}>
                  Invoices
                </NavLink>
              </li>
              {managesUsers ? (
                <li>
                  <NavLink href="/portal/users" match={['/portal/users']} section={['/users']}>
                    Users
                  </NavLink>
                </li>
              ) : null}
              {watcher ? (
                <li>
                  <a href={watcher} target="_blank" rel="noopener noreferrer">
                    Open Watcher<span className="visually-hidden"> (opens in a new tab)</span> ↗
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="user">
            <span>
              <span className="visually-hidden">Signed in as </span>
              {user.email}
            </span>
            <form action="/portal/logout" method="post">
              <button type="submit" className="button button-quiet">
                Sign out
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
