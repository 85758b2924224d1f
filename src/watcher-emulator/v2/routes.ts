import type { EmulatorContext } from '../context'
import type { Reply, RequestContext } from '../http'

export const V2_BASE = '/vsaas/api/v2'

const NAME_BY_STATUS: Record<number, string> = {
  400: 'ValidationError',
  403: 'Forbidden',
  404: 'NotFound',
  500: 'ApplicationError',
}

export function v2ErrorReply(status: number, code: string, message: string, field?: string): Reply {
  const body: Record<string, unknown> = {
    error: NAME_BY_STATUS[status] ?? code,
    error_message: message,
  }
  if (field) body.field = field
  return { status, body }
}

export function createV2Api(_context: EmulatorContext) {
  return async function handleV2(request: RequestContext): Promise<Reply> {
    return v2ErrorReply(404, 'NotFound', `no such endpoint: ${request.path}`)
  }
}
