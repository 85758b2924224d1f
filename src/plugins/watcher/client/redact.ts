/**
 * Billing keeps no camera identity (DESIGN.md section 4): a stream's name is its id in Watcher's
 * paths (`/streams/{name}`, v2 `/cameras/{name}`), and errors are stored in sync events and on
 * documents that accountants read. Every error and request record the client makes goes through
 * here, so the name, URLs with credentials and bearer tokens never leave it.
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
  return result
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>')
    .replace(/\b(API-Key|x-vsaas-api-key|x-vsaas-session)[:\s]+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>')
}
