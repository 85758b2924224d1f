'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import React from 'react'

/** A header link marked as the current page when the path matches one of `match`. */
export function NavLink({ href, match, children }: { href: string; match: string[]; children: React.ReactNode }) {
  const pathname = usePathname() ?? ''
  const current = match.some((prefix) => (prefix.endsWith('/') ? pathname.startsWith(prefix) : pathname === prefix || pathname.startsWith(`${prefix}/`) && prefix !== '/portal'))
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  )
}
