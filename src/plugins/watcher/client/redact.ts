/**
 * Billing keeps no camera identity (DESIGN.md section 4): a stream's name is its id in Watcher's
 * paths (`/streams/{name}`, v2 `/cameras/{name}`), and errors are stored in sync events and on
 * documents that accountants read. The one place that hides names and credentials:
 * - `redactText`: every error and request record the client makes, so the name, URLs with
 *   credentials and bearer tokens never leave it (the host stays: it tells which Watcher failed);
 * - `redactSyncError`: the stricter second line for what leaves billing in an API answer (POST
 *   /api/watcher/sync), for what Watcher itself put into its answer: no URL at all, no key=value
 *   secret, no bare JWT.
 */
const CAMERA_SEGMENT = /(\/(?:streams|cameras)\/)([^/?#\s]+)/g
export const REDACTED_CAMERA = '<camera>'

/** The path with every stream or camera name replaced. */
export function redactPath(path: string): string {
  return path.replace(CAMERA_SEGMENT, `$1${REDACTED_CAMERA}`)
}

/** The stream or camera names a request path carries, as sent and decoded. */
function cameraNames(path: string): string[] {
  const names = new Set<string>()
  for (const match of path.matchAll(CAMERA_SEGMENT)) {
    const raw = match[2]!
    names.add(raw)
    try {
      names.add(decodeURIComponent(raw))
    } catch {
      // a malformed escape: the raw form is enough
    }
  }
  return [...names].filter((name) => name.length > 0)
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A message about a request to `path`, without the camera names of that path, without any URL's
 * user, password, query or camera segment, and without bearer tokens or API keys.
 */
export function redactText(text: string, path = ''): string {
  let result = text.replace(/\bhttps?:\/\/[^\s'"<>)]+/gi, (url) => {
    try {
      const parsed = new URL(url)
      return `${parsed.protocol}//${parsed.host}${redactPath(parsed.pathname)}`
    } catch {
      return '<url>'
    }
  })
  result = redactPath(result)
  for (const name of cameraNames(path)) {
    result = result.replace(new RegExp(escapeRegExp(name), 'g'), REDACTED_CAMERA)
  }
  return hideCredentialHeaders(result)
}

/** Credentials as headers carry them: `Bearer …`, `Basic …`, `JWT …`, `API-Key …`, Watcher's key and session headers. */
function hideCredentialHeaders(text: string): string {
  return text
    .replace(/\b(Bearer|Basic|JWT|API-Key)\s+[^\s,;"']+/gi, '$1 ***')
    .replace(/\b(x-vsaas-api-key|x-vsaas-session)[:\s]+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
}

const MAX_SYNC_ERROR_LENGTH = 500

/** A sync error fit to leave billing: the cause, without addresses, stream names or credentials. */
export function redactSyncError(message: string): string {
  const withoutAddresses = message
    // whole URLs: a host, maybe credentials, maybe a stream's address
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>')
    // a stream's or camera's name in an API path (names may contain '/', encoded or not)
    .replace(/(\/(?:streams|cameras)\/)[^\s:,;)"']+/gi, '$1:name')
  return (
    hideCredentialHeaders(withoutAddresses)
      .replace(
        /\b(token|access_token|api[_-]?key|password|passwd|secret|session|x-vsaas-api-key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
        '$1$2***',
      )
      // bare JWTs
      .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '***')
      .slice(0, MAX_SYNC_ERROR_LENGTH)
  )
}
