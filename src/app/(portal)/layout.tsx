/* The subscriber portal's own root layout: nothing from Payload's admin is loaded here. */
import type { Metadata, Viewport } from 'next'
import React from 'react'
import './portal.css'

// every page reads the signed-in user's data: never prerendered
export const dynamic = 'force-dynamic'

export const metadata: Metadata = {
  title: { default: 'Subscriber portal · Watcher Billing', template: '%s · Watcher Billing' },
  robots: { index: false, follow: false },
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default function PortalRootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  )
}
