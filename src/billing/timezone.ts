const canonical = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'])

/**
 * IANA zone names only ("Europe/Berlin", "UTC"). Offsets such as "+03:00" and abbreviations such
 * as "EST" are refused: a billing month must follow the zone's own rules.
 */
export function isIanaTimeZone(name: string): boolean {
  if (canonical.has(name)) return true
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true // a non-canonical alias, such as Asia/Calcutta
  } catch {
    return false
  }
}
