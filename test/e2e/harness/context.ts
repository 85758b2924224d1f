/** What the global setup hands to every browser scenario. */
export type Credentials = Record<string, { email: string; password: string; role: string }>

export interface History {
  acme: number
  corner: number
  invoices: {
    id: number
    organization: number
    period: string
    status: 'draft' | 'issued' | 'paid'
  }[]
}

export interface E2EContext {
  /** The Next server, e.g. http://127.0.0.1:41234 */
  baseUrl: string
  watcherUrl: string
  watcherAdmin: { user: string; password: string }
  /** The demo logins the seed generated (what `npm start` prints), by login. */
  credentials: Credentials
  history: History
  screenshotsDir: string
  /** Server, build and seed logs of this run. */
  logDir: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext
  }
}
