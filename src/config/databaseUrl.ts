/**
 * DATABASE_URL, set by the user or by the embedded-database bootstrap (`npm start`, `npm run dev`,
 * the test setup). Empty while building, when nothing connects.
 */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? ''
}
