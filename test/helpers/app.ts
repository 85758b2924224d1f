/**
 * The REST and GraphQL route handlers of the Next app, served by a plain node:http server so that
 * supertest can talk to them without a Next build.
 */
import http from 'node:http'
import { getPayload, type Payload } from 'payload'
import config from '@payload-config'
import { restHandlers } from '../../src/app/(payload)/api/[...slug]/handlers'
import { POST as GRAPHQL } from '../../src/app/(payload)/api/graphql/route'

// the handlers the app serves (src/app/(payload)/api/[...slug]/route.ts), wrappers included
const rest = {
  GET: restHandlers.GET,
  POST: restHandlers.POST,
  PATCH: restHandlers.PATCH,
  DELETE: restHandlers.DELETE,
  PUT: restHandlers.PATCH,
} as const

let payloadPromise: Promise<Payload> | undefined

export function testPayload(): Promise<Payload> {
  payloadPromise ??= getPayload({ config })
  return payloadPromise
}

async function toRequest(incoming: http.IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item))
    else if (value !== undefined) headers.set(name, value)
  }
  const method = incoming.method ?? 'GET'
  return new Request(`http://localhost${incoming.url}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  })
}

async function dispatch(request: Request): Promise<Response> {
  const url = new URL(request.url)
  if (url.pathname === '/api/graphql' && request.method === 'POST') return GRAPHQL(request)
  if (!url.pathname.startsWith('/api/')) return new Response('not found', { status: 404 })
  const slug = url.pathname.slice('/api/'.length).split('/').map(decodeURIComponent)
  const handler = rest[request.method as keyof typeof rest]
  if (!handler) return new Response('method not allowed', { status: 405 })
  return handler(request, { params: Promise.resolve({ slug }) })
}

let server: http.Server | undefined

/** An http.Server for supertest: `request(await testServer()).get('/api/users')`. */
export async function testServer(): Promise<http.Server> {
  await testPayload()
  server ??= http.createServer(async (incoming, outgoing) => {
    try {
      const response = await dispatch(await toRequest(incoming))
      outgoing.statusCode = response.status
      response.headers.forEach((value, name) => outgoing.setHeader(name, value))
      outgoing.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      outgoing.statusCode = 599 // a thrown handler: never what a real server would answer
      outgoing.end(String((error as Error)?.stack ?? error))
    }
  })
  return server
}
