import type { Payload } from 'payload'

/**
 * The e-mail to sign in with, from what a subscriber typed: an e-mail as is, or the login they use
 * in Watcher (the same account), looked up here. An unknown login is answered unchanged, so that
 * sign-in fails with the same message as a wrong password and tells nothing about who exists.
 */
export async function signInEmail(payload: Payload, typed: string): Promise<string> {
  const name = typed.trim()
  if (name.includes('@')) return name
  const found = await payload.find({
    collection: 'users',
    where: { login: { equals: name } },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true, // before sign-in there is no user: only the e-mail is read
    select: { email: true },
  })
  return found.docs[0]?.email ?? name
}
