import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { DomainError } from './errors'

export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export interface RequestContext {
  method: string
  /** Path below the API base, without a trailing slash. */
  path: string
  params: Record<string, string>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: unknown
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body })
export const noContent = (): Reply => ({ status: 204 })

const MAX_BODY_BYTES = 50 * 1024 * 1024

export async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) {
      throw new DomainError('validation', 'body_too_large', 'request body is too large')
    }
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return undefined
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new DomainError('validation', 'invalid_json', 'request body is not valid JSON')
  }
}

export function sendReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers }
  if (reply.body === undefined || reply.status === 204) {
    response.writeHead(reply.status, headers)
    response.end()
    return
  }
  const payload = JSON.stringify(reply.body)
  headers['content-type'] = 'application/json; charset=utf-8'
  headers['content-length'] = String(Buffer.byteLength(payload))
  response.writeHead(reply.status, headers)
  response.end(payload)
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

// --- routing -----------------------------------------------------------------------

export type Handler<C> = (context: C) => Reply | Promise<Reply>

interface Route<C> {
  method: string
  segments: string[]
  handler: Handler<C>
}

export type RouteMatch<C> =
  | { kind: 'found'; handler: Handler<C>; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' }

/** Patterns: `/organizations/:id`, `/streams/*name` (the rest of the path, slashes included). */
export class Router<C> {
  private readonly routes: Route<C>[] = []

  add(method: string, pattern: string, handler: Handler<C>): this {
    this.routes.push({ method, segments: splitPath(pattern), handler })
    return this
  }

  match(method: string, path: string): RouteMatch<C> {
    const segments = splitPath(path)
    const allowed: string[] = []
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      if (route.method === method) return { kind: 'found', handler: route.handler, params }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' }
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean)
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | null {
  const params: Record<string, string> = {}
  for (let index = 0; index < pattern.length; index++) {
    const part = pattern[index]
    if (part.startsWith('*')) {
      if (index >= segments.length) return null
      params[part.slice(1)] = segments.slice(index).map(safeDecode).join('/')
      return params
    }
    const segment = segments[index]
    if (segment === undefined) return null
    if (part.startsWith(':')) params[part.slice(1)] = safeDecode(segment)
    else if (part !== segment) return null
  }
  return segments.length === pattern.length ? params : null
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** Parses an integer path parameter; anything else is a 404 like an unknown id. */
export function idParam(params: Record<string, string>, name: string, what: string): number {
  const raw = params[name]
  const id = Number(raw)
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new DomainError('not_found', 'not_found', `${what} ${raw} not found`)
  }
  return id
}
