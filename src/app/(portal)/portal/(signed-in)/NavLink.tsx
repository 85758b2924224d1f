'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import React from 'react'

/**
 * A header link marked as the current page when the path matches: `match` entries ending in '/'
 * are prefixes, others exact paths (or their sub-paths); `section` entries match a path segment
 * anywhere ('/users' for /portal/o/3/users/9), and a path with such a segment belongs to it only.
 */
export function NavLink({
  href,
  match,
  section = [],
  otherSections = [],
  children,
}: {
  href: string
  match: string[]
  section?: string[]
  otherSections?: string[]
  children: React.ReactNode
}) {
  const pathname = usePathname() ?? ''
  const inSection = (segments: string[]) =>
    segments.some((s) => pathname.endsWith(s) || pathname.includes(`${s}/`))
  const matched = match.some((prefix) =>
    prefix.endsWith('/')
      ? pathname.startsWith(prefix)
      : pathname === prefix || (pathname.startsWith(`${prefix}/`) && prefix !== '/portal'),
  )
  const current = (matched && !inSection(otherSections)) || inSection(section)
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  )
}
