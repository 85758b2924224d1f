import config from '@payload-config'
import { getPayload, type Payload } from 'payload'

/**
 * Two of Payload 3.90's own REST routes answer 500 on a PostgreSQL database; this wrapper answers
 * them the way DESIGN.md's error table says, before Payload's handler sees the request:
 * - `/api/<collection>/versions…` and `/api/globals/<global>/versions…` of a collection or global
 *   without versions (every one of ours): Payload reads the missing versions config and throws →
 *   404, as for any route that does not exist;
 * - `DELETE /api/payload-preferences/<key>`: Payload's delete runs `db.deleteOne` with a `where`
 *   through the preferences' polymorphic `user` relationship, and the adapter leaves that join out
 *   of the statement ("missing FROM-clause entry") → the caller's own preference is found and
 *   deleted through the Local API with the caller's access (the same rows Payload's delete means:
 *   this key, this user), 404 when it has none, 401 when nobody is signed in.
 */
type Handler<Args extends unknown[]> = (request: Request, ...rest: Args) => Promise<Response>

const errors = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

/** `/api/a/b` → ['a', 'b'] (percent-decoded). */
const segmentsOf = (request: Request): string[] =>
  new URL(request.url).pathname
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })

function versionsOfNothing(payload: Payload, segments: string[]): boolean {
  if (segments[0] === 'globals') {
    if (segments[2] !== 'versions') return false
    const global = payload.config.globals.find((item) => item.slug === segments[1])
    return Boolean(global && !global.versions)
  }
  if (segments[1] !== 'versions') return false
  const collection = payload.collections[segments[0] as keyof Payload['collections']]
  return Boolean(collection && !collection.config.versions)
}

async function deleteOwnPreference(payload: Payload, request: Request, key: string) {
  const { user } = await payload.auth({ headers: request.headers })
  if (!user) return errors(401, 'You are not allowed to perform this action.')
  const found = await payload.find({
    collection: 'payload-preferences',
    where: {
      and: [
        { key: { equals: key } },
        { 'user.value': { equals: user.id } },
        { 'user.relationTo': { equals: user.collection } },
      ],
    },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: false,
    user,
  })
  const preference = found.docs[0]
  if (!preference) return errors(404, 'Not Found')
  await payload.delete({
    collection: 'payload-preferences',
    id: preference.id,
    depth: 0,
    overrideAccess: false,
    user,
  })
  return Response.json({ key, message: 'Deleted successfully.' })
}

export function withPayloadRouteMends<Args extends unknown[]>(
  handler: Handler<Args>,
): Handler<Args> {
  return async (request, ...rest) => {
    const segments = segmentsOf(request)
    const payload = await getPayload({ config })
    if (versionsOfNothing(payload, segments)) return errors(404, 'Not Found')
    if (
      request.method === 'DELETE' &&
      segments[0] === 'payload-preferences' &&
      segments.length === 2
    ) {
      return deleteOwnPreference(payload, request, segments[1]!)
    }
    return handler(request, ...rest)
  }
}
