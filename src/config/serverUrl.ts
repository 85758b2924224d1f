/**
 * The public base URL of billing, from which every link in an e-mail is built (DESIGN.md section
 * 5). Never from the request's Host or X-Forwarded-Host: whoever asks for a password e-mail
 * chooses those, and would receive the victim's reset token. Production requires SERVER_URL
 * (`npm run serve` refuses to start without it); the demo and the tests use the local address.
 */
export function publicServerUrl(): string {
  const configured = (process.env.SERVER_URL ?? '').trim().replace(/\/+$/, '')
  if (configured) return configured
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'SERVER_URL is not set: set it to the public address of billing (e.g. https://billing.example.com)',
    )
  }
  return `http://localhost:${process.env.PORT ?? 3000}`
}
