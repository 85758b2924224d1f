/* The subscriber portal's own root layout: nothing from Payload's admin is loaded here. */
import type { Metadata, Viewport } from 'next'
import React from 'react'
import { pageLocale, portalMessages } from '../../portal'
import './portal.css'

// every page reads the signed-in user's data: never prerendered
export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const t = portalMessages(await pageLocale())
  return {
    title: { default: `${t.titles.portal} · Watcher Billing`, template: '%s · Watcher Billing' },
    robots: { index: false, follow: false },
  }
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default async function PortalRootLayout({ children }: { children: React.ReactNode }) {
  const locale = await pageLocale()
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {portalMessages(locale).skipToContent}
        </a>
        {children}
      </body>
    </html>
  )
}
