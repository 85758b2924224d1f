import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import { verifyPassword } from './passwords'
import type { UserRecord } from './records'
import type { WatcherState } from './state'

export interface TokenPair {
  access_token: string
  refresh_token: string
}

export interface AuthOptions {
  tokenTtlSeconds: number
  /** The v2 system API key; without one every `x-vsaas-api-key` is wrong. */
  apiKey?: string
}

/**
 * Credentials for both API generations: v3 HS256 JWT access tokens with refresh tokens,
 * HTTP Basic on any call; v2 sessions and the system API key.
 */
export class AuthService {
  private readonly secret = randomBytes(32)
  private readonly refreshTokens = new Map<string, number>()
  private readonly sessions = new Map<string, number>()

  constructor(
    private readonly state: WatcherState,
    private readonly options: AuthOptions,
  ) {}

  /** Forget every refresh token and session (on reset). */
  clear(): void {
    this.refreshTokens.clear()
    this.sessions.clear()
  }

  checkPassword(login: string, password: string): UserRecord | null {
    const user = this.state.userByName(login)
    if (!user || user.disabled) return null
    return verifyPassword(password, user.passwordHash) ? user : null
  }

  /** `Authorization: Basic ...` → the user, or null when missing or wrong. */
  basicUser(authorization: string | undefined): UserRecord | null {
    const credentials = parseBasic(authorization)
    return credentials ? this.checkPassword(credentials.login, credentials.password) : null
  }

  async issueTokens(user: UserRecord): Promise<TokenPair> {
    const refreshToken = randomUUID()
    this.refreshTokens.set(refreshToken, user.id)
    return { access_token: await this.accessToken(user), refresh_token: refreshToken }
  }

  /** A new access token for a refresh token (the refresh token stays valid). */
  async refresh(refreshToken: string): Promise<TokenPair | null> {
    const userId = this.refreshTokens.get(refreshToken)
    const user = userId === undefined ? undefined : this.state.users.get(userId)
    if (!user || user.disabled) return null
    return { access_token: await this.accessToken(user), refresh_token: refreshToken }
  }

  async accessTokenUser(token: string): Promise<UserRecord | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        currentDate: new Date(this.state.now()),
      })
      const user = this.state.users.get(Number(payload.sub))
      if (!user || user.disabled || user.name !== payload.name) return null
      return user
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null
      throw error
    }
  }

  private async accessToken(user: UserRecord): Promise<string> {
    const issuedAt = Math.floor(this.state.now() / 1000)
    return new SignJWT({ name: user.name, access_level: user.accessLevel })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.id))
      .setIssuer('watcher-emulator')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.options.tokenTtlSeconds)
      .setJti(randomUUID())
      .sign(this.secret)
  }

  // --- v2 ----------------------------------------------------------------------------

  createSession(user: UserRecord): string {
    const session = randomBytes(20).toString('base64url')
    this.sessions.set(session, user.id)
    return session
  }

  endSession(session: string): void {
    this.sessions.delete(session)
  }

  sessionUser(session: string): UserRecord | null {
    const userId = this.sessions.get(session)
    const user = userId === undefined ? undefined : this.state.users.get(userId)
    return user && !user.disabled ? user : null
  }

  apiKeyMatches(key: string): boolean {
    const expected = this.options.apiKey
    if (!expected) return false
    const a = Buffer.from(key)
    const b = Buffer.from(expected)
    return a.length === b.length && timingSafeEqual(a, b)
  }
}

export function parseBasic(
  authorization: string | undefined,
): { login: string; password: string } | null {
  if (!authorization?.startsWith('Basic ')) return null
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export function parseBearer(authorization: string | undefined): string | null {
  if (!authorization?.startsWith('Bearer ')) return null
  return authorization.slice(7).trim() || null
}
