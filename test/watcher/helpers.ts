import { startWatcherEmulator, type WatcherEmulator } from '../../src/watcher-emulator'
import { createWatcherApi, type WatcherApiOptions } from '../../src/plugins/watcher/client'

export const ADMIN = { user: 'admin', password: 'admin-secret' }
export const API_KEY = 'test-system-key'

export const V3_CLIENT = '/watcher/client-api/v3'
export const V3_ADMIN = '/watcher/admin-api/v3'
export const V2 = '/vsaas/api/v2'

export function startTestEmulator(options: { tokenTtlSeconds?: number; stateFile?: string } = {}) {
  return startWatcherEmulator({
    port: 0,
    adminUser: ADMIN.user,
    adminPassword: ADMIN.password,
    apiKey: API_KEY,
    ...options,
  })
}

export function clientFor(
  emulator: WatcherEmulator,
  api: 'v3' | 'v2',
  extra: Partial<WatcherApiOptions> = {},
) {
  return createWatcherApi({
    url: emulator.url,
    user: ADMIN.user,
    password: ADMIN.password,
    api,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  })
}

export const basicHeader = (user = ADMIN.user, password = ADMIN.password) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
})

export interface HttpAnswer<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Raw HTTP for what the client hides. */
export async function http<T = any>(
  emulator: WatcherEmulator,
  method: string,
  path: string,
  options: {
    headers?: Record<string, string>
    json?: unknown
    auth?: 'basic' | 'none' | 'key'
  } = {},
): Promise<HttpAnswer<T>> {
  const auth = options.auth ?? 'basic'
  const headers: Record<string, string> = {
    ...(auth === 'basic' ? basicHeader() : {}),
    ...(auth === 'key' ? { 'x-vsaas-api-key': API_KEY } : {}),
    ...options.headers,
  }
  if (options.json !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  }
}

export const control = (emulator: WatcherEmulator, path: string, json?: unknown) =>
  http(emulator, 'POST', `/_emulator${path}`, { json: json ?? {}, auth: 'none' })
