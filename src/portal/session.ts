import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { getPayload, type Payload } from 'payload'
import { cache } from 'react'
import type { User } from '../payload-types'
import { signedInPage } from './reader'

export interface PortalSession {
  payload: Payload
  user: User | null
}

/** The Payload instance and the user of the `payload-token` cookie; once per HTTP request. */
export const getSession = cache(async (): Promise<PortalSession> => {
  const incoming = await headers() // first: marks the page dynamic before Payload connects
  const payload = await getPayload({ config })
  // the page's reads share one request as this user (reader.ts)
  return { payload, user: await signedInPage(payload, incoming) }
})

/** The signed-in user, or a redirect to the portal's sign-in page. */
export async function requireSession(): Promise<{ payload: Payload; user: User }> {
  const { payload, user } = await getSession()
  if (!user) redirect('/portal/login')
  return { payload, user }
}

/** The operator's Watcher web interface, for the header link. */
export function watcherWebUrl(): string | undefined {
  const url = process.env.WATCHER_WEB_URL || process.env.WATCHER_URL
  return url && /^https?:\/\//i.test(url) ? url : undefined
}

/** Only portal paths are accepted as a place to return to after signing in. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/portal(\/[\w\-/]*)?$/.test(next) ? next : '/portal'
}
