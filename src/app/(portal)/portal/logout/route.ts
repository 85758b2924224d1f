import config from '@payload-config'
import { createLocalReq, getPayload, logoutOperation } from 'payload'

/** Ends the Payload session (when sessions are on) and clears the cookie; then the sign-in page. */
export async function POST(request: Request): Promise<Response> {
  const payload = await getPayload({ config })
  const cookieName = `${payload.config.cookiePrefix || 'payload'}-token`
  try {
    const { user } = await payload.auth({ headers: request.headers })
    if (user) {
      const req = await createLocalReq({ user }, payload)
      await logoutOperation({ collection: payload.collections.users, req })
    }
  } catch (caught) {
    payload.logger.warn({ err: caught }, 'portal sign-out: the session could not be ended')
  }
  const response = new Response(null, { status: 303, headers: { Location: '/portal/login' } })
  response.headers.append('Set-Cookie', `${cookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`)
  return response
}

export function GET(): Response {
  return new Response(null, { status: 303, headers: { Location: '/portal' } })
}
