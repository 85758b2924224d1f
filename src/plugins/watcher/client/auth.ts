import { z } from 'zod/v4'
import { WatcherError } from './errors'
import type { Authenticator, Transport } from './transport'

export interface Credentials {
  user: string
  password: string
}

const tokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
})
const sessionSchema = z.object({ session: z.string().min(1) })

const basic = ({ user, password }: Credentials) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/**
 * v3: log in with Basic for a JWT; on 401 log in again with the refresh token, then with Basic.
 * A Watcher without the login call (404/405) gets Basic on every request instead.
 */
export class V3TokenAuthenticator implements Authenticator {
  private accessToken: string | null = null
  private refreshToken: string | null = null
  private basicOnly = false
  private pending: Promise<void> | null = null

  constructor(
    private readonly transport: Transport,
    private readonly credentials: Credentials,
    private readonly loginPath: string,
  ) {}

  async headers(): Promise<Record<string, string>> {
    if (this.basicOnly) return { authorization: basic(this.credentials) }
    if (!this.accessToken) await this.once(() => this.loginWithPassword())
    if (this.basicOnly) return { authorization: basic(this.credentials) }
    return { authorization: `Bearer ${this.accessToken}` }
  }

  isAuthFailure(status: number): boolean {
    return status === 401
  }

  async renew(refused: Record<string, string>): Promise<boolean> {
    // Another request may have logged in again meanwhile.
    if (!this.basicOnly && refused.authorization !== `Bearer ${this.accessToken}`) return true
    if (this.basicOnly) return false
    try {
      await this.once(async () => {
        if (this.refreshToken && (await this.loginWithRefreshToken())) return
        await this.loginWithPassword()
      })
      return true
    } catch (error) {
      if (error instanceof WatcherError && error.status === 401) return false
      throw error
    }
  }

  /** Runs one login at a time; concurrent callers share it. */
  private async once(login: () => Promise<void>): Promise<void> {
    if (!this.pending) {
      this.pending = login().finally(() => {
        this.pending = null
      })
    }
    return this.pending
  }

  private async loginWithRefreshToken(): Promise<boolean> {
    try {
      this.store(await this.login(`Bearer ${this.refreshToken}`))
      return true
    } catch (error) {
      if (error instanceof WatcherError && error.status === 401) {
        this.refreshToken = null
        return false
      }
      throw error
    }
  }

  private async loginWithPassword(): Promise<void> {
    try {
      this.store(await this.login(basic(this.credentials)))
    } catch (error) {
      if (error instanceof WatcherError && (error.status === 404 || error.status === 405)) {
        this.basicOnly = true
        return
      }
      throw error
    }
  }

  private login(authorization: string) {
    return this.transport.request({
      method: 'POST',
      path: this.loginPath,
      headers: { authorization },
      authenticate: false,
      idempotent: true,
      schema: tokensSchema,
    })
  }

  private store(tokens: z.infer<typeof tokensSchema>): void {
    this.accessToken = tokens.access_token
    this.refreshToken = tokens.refresh_token ?? null
  }
}

/** v2: the system API key when given, else a session from `auth/login` (renewed once on 403). */
export class V2Authenticator implements Authenticator {
  private session: string | null = null
  private pending: Promise<void> | null = null

  constructor(
    private readonly transport: Transport,
    private readonly credentials: Credentials,
    private readonly apiKey: string | undefined,
    private readonly loginPath: string,
  ) {}

  async headers(): Promise<Record<string, string>> {
    if (this.apiKey) return { 'x-vsaas-api-key': this.apiKey }
    if (!this.session) await this.login()
    return { 'x-vsaas-session': this.session as string }
  }

  isAuthFailure(status: number): boolean {
    return status === 403
  }

  async renew(refused: Record<string, string>): Promise<boolean> {
    if (this.apiKey) return false
    if (refused['x-vsaas-session'] !== this.session) return true
    this.session = null
    try {
      await this.login()
      return true
    } catch (error) {
      if (error instanceof WatcherError && error.status === 403) return false
      throw error
    }
  }

  private async login(): Promise<void> {
    if (!this.pending) {
      this.pending = this.transport
        .request({
          method: 'POST',
          path: this.loginPath,
          json: { login: this.credentials.user, password: this.credentials.password },
          authenticate: false,
          idempotent: true,
          schema: sessionSchema,
        })
        .then((answer) => {
          this.session = answer.session
        })
        .finally(() => {
          this.pending = null
        })
    }
    return this.pending
  }
}
