/**
 * What may leave billing of a sync error (the answer of POST /api/watcher/sync): the cause, without
 * addresses, stream names or credentials. Sync errors are written without secrets already; this is
 * the second line, for what Watcher itself put into its answer.
 */
const MAX_LENGTH = 500

export function redactSyncError(message: string): string {
  return (
    message
      // whole URLs: a host, maybe credentials, maybe a stream's address
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>')
      // a stream's or camera's name in an API path (names may contain '/', encoded or not)
      .replace(/(\/(?:streams|cameras)\/)[^\s:,;)"']+/gi, '$1:name')
      // credentials in headers or key=value form
      .replace(/\b(Bearer|Basic|JWT|API-Key)\s+[^\s,;"']+/gi, '$1 ***')
      .replace(/\b(token|access_token|api[_-]?key|password|passwd|secret|session|x-vsaas-api-key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2***')
      // bare JWTs
      .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '***')
      .slice(0, MAX_LENGTH)
  )
}
