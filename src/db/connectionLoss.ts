/**
 * Whether an error means the database could not be reached (the server went away, a failover, a
 * connection ended), as opposed to a refusal of one statement. Work that retries a batch row by row
 * to isolate a bad row must not do so for this: every row would fail the same way.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now)
    if (code.startsWith('08') || /^57P0[123]$/.test(code)) return true
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code))
      return true
  }
  return /connection terminated|connection error|not queryable|cannot begin transaction/i.test(
    error.message,
  )
}
