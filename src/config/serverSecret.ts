/** PAYLOAD_SECRET signs sessions and derives encryption keys; `npm start` writes one into .env. */
export function serverSecret(): string {
  const secret = process.env.PAYLOAD_SECRET
  if (secret) return secret
  // `next build` evaluates the config while collecting page data, but signs and encrypts nothing:
  // a release is built without the production secret (the running server needs the real one)
  if (process.env.NEXT_PHASE === 'phase-production-build') return 'watcher-billing-build-without-secret'
  if (process.env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_SECRET is not set: run `npm start` once, or set it in the environment.')
  }
  return 'watcher-billing-development-secret-not-for-production'
}
