import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createWatcherApi,
  watcherApiOptionsFromEnv,
  WatcherError,
  type WatcherRequestEvent,
} from '../../src/plugins/watcher/client'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { ADMIN, clientFor, control, startTestEmulator } from './helpers'

let emulator: WatcherEmulator

beforeAll(async () => {
  emulator = await startTestEmulator({ tokenTtlSeconds: 60 })
})
afterAll(() => emulator.close())
beforeEach(() => control(emulator, '/reset'))

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a WatcherError')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(WatcherError)
      return error as WatcherError
    },
  )

describe('Watcher client transport', () => {
  it('retries idempotent calls on 5xx and 429 with backoff, then succeeds', async () => {
    const events: WatcherRequestEvent[] = []
    const api = clientFor(emulator, 'v3', { onRequest: (event) => events.push(event) })
    await api.checkConnection()
    events.length = 0
    await control(emulator, '/faults', { status: 503, count: 2 })
    expect((await api.listPresets()).length).toBe(1)
    expect(events.map((event) => [event.status, event.attempt])).toEqual([
      [503, 1],
      [503, 2],
      [200, 3],
    ])
    await control(emulator, '/faults', { status: 429, count: 1 })
    expect((await api.listOrganizations()).length).toBe(1)
  })

  it('does not retry a POST, and gives up on a persistent 5xx with a retryable error', async () => {
    const events: WatcherRequestEvent[] = []
    const api = clientFor(emulator, 'v3', {
      onRequest: (event) => events.push(event),
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 },
    })
    await api.checkConnection()
    events.length = 0
    await control(emulator, '/faults', {
      status: 500,
      paths: '/watcher/client-api/v3/organizations',
    })
    const created = await failure(api.createOrganization({ title: 'Once' }))
    expect(created).toMatchObject({ status: 500, retryable: true, code: 'injected_fault' })
    expect(events).toHaveLength(1)
    events.length = 0
    const listed = await failure(api.listOrganizations())
    expect(listed.retryable).toBe(true)
    expect(events).toHaveLength(3)
  })

  it('logs in again after the token expires, without the caller noticing', async () => {
    const events: WatcherRequestEvent[] = []
    const api = clientFor(emulator, 'v3', { onRequest: (event) => events.push(event) })
    await api.listOrganizations()
    await control(emulator, '/clock', { advance_ms: 120_000 })
    events.length = 0
    expect(await api.listOrganizations()).toHaveLength(1)
    expect(events.map((event) => `${event.method} ${event.path} ${event.status}`)).toEqual([
      'GET /watcher/client-api/v3/organizations 401',
      'POST /watcher/client-api/v3/login 200',
      'GET /watcher/client-api/v3/organizations 200',
    ])
  })

  it('falls back to the password when the refresh token is refused (emulator restarted state)', async () => {
    const api = clientFor(emulator, 'v3')
    await api.listOrganizations()
    await control(emulator, '/reset')
    await control(emulator, '/clock', { advance_ms: 120_000 })
    expect(await api.listOrganizations()).toHaveLength(1)
  })

  it('re-opens an expired v2 session once', async () => {
    const events: WatcherRequestEvent[] = []
    const api = clientFor(emulator, 'v2', { onRequest: (event) => events.push(event) })
    await api.listOrganizations()
    await control(emulator, '/reset')
    events.length = 0
    expect(await api.listOrganizations()).toHaveLength(1)
    expect(events.map((event) => event.status)).toEqual([403, 200, 200])
  })

  it('turns a timeout into a retryable WatcherError', async () => {
    const api = clientFor(emulator, 'v3', { timeoutMs: 50, retry: { limit: 0 } })
    await control(emulator, '/faults', { latency_ms: 300 })
    const error = await failure(api.checkConnection())
    expect(error).toMatchObject({ status: null, code: 'timeout', retryable: true })
  })

  it('turns an unreachable Watcher into a retryable network error', async () => {
    const api = createWatcherApi({
      url: 'http://127.0.0.1:9',
      user: 'a',
      password: 'b',
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 },
    })
    const error = await failure(api.checkConnection())
    expect(error).toMatchObject({ status: null, code: 'network_error', retryable: true })
  })

  it('names the path and field of an answer that breaks the schema', async () => {
    const fakeFetch: typeof fetch = async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      if (url.pathname.endsWith('/login')) {
        return Response.json({ access_token: 'token', refresh_token: 'refresh' })
      }
      return Response.json({ organizations: [{ id: 'seven', title: 'Broken' }], next: null })
    }
    const api = createWatcherApi({ url: 'http://watcher.test', ...ADMIN, fetch: fakeFetch })
    const error = await failure(api.listOrganizations())
    expect(error).toMatchObject({
      code: 'invalid_response',
      pointer: '/organizations/0/id',
      retryable: false,
    })
    expect(error.message).toContain('GET /watcher/client-api/v3/organizations')
    expect(error.message).toContain('/organizations/0/id')
  })

  it('stops on a cursor that does not move', async () => {
    const fakeFetch: typeof fetch = async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      if (url.pathname.endsWith('/login')) return Response.json({ access_token: 't' })
      return Response.json({ streams: [{ name: 'a' }], next: 'same' })
    }
    const api = createWatcherApi({ url: 'http://watcher.test', ...ADMIN, fetch: fakeFetch })
    const names: string[] = []
    const error = await failure(
      (async () => {
        for await (const stream of api.streams()) names.push(stream.name)
      })(),
    )
    expect(error.pointer).toBe('/next')
    expect(names).toEqual(['a', 'a'])
  })

  it('sends a User-Agent and keeps credentials and bodies out of request events', async () => {
    const seen: Headers[] = []
    const events: WatcherRequestEvent[] = []
    const api = createWatcherApi({
      url: emulator.url,
      ...ADMIN,
      onRequest: (event) => events.push(event),
      fetch: async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init)
        seen.push(request.headers)
        return fetch(request)
      },
    })
    await api.createUser({ login: 'secretive', password: 'TopSecret-1' })
    expect(seen[0].get('user-agent')).toMatch(/^watcher-billing\//)
    const serialized = JSON.stringify(events)
    expect(serialized).not.toContain('TopSecret-1')
    expect(serialized).not.toContain(ADMIN.password)
    expect(serialized).not.toMatch(/Bearer|Basic/)
  })

  it('reads its options from the environment', () => {
    expect(
      watcherApiOptionsFromEnv({
        WATCHER_URL: 'http://w',
        WATCHER_USER: 'u',
        WATCHER_PASSWORD: 'p',
        WATCHER_API: 'v2',
        WATCHER_API_KEY: 'k',
      }),
    ).toEqual({ url: 'http://w', user: 'u', password: 'p', api: 'v2', apiKey: 'k' })
    expect(() => watcherApiOptionsFromEnv({ WATCHER_URL: 'http://w', WATCHER_API: 'v4' })).toThrow(
      /v3 or v2/,
    )
  })
})
