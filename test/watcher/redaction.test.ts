/**
 * Issue 12, hole 7: a failed stream call must not put the stream's name (the camera's identity in
 * Watcher) into an error or a request record, which billing stores in sync events and on documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { isWatcherError, type WatcherRequestEvent } from '../../src/plugins/watcher/client'
import { redactText } from '../../src/plugins/watcher/client/redact'
import { clientFor, startTestEmulator } from './helpers'

const STREAM = 'lobby-cam-7f3a'
let emulator: WatcherEmulator

beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.close())

async function failedUpdate(api: 'v3' | 'v2', fault?: { status: number }) {
  const events: WatcherRequestEvent[] = []
  const client = clientFor(emulator, api, {
    onRequest: (event) => events.push(event),
    timeoutMs: 2000,
  })
  if (fault) {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...fault,
        paths: api === 'v3' ? '/watcher/admin-api/v3/streams' : '/vsaas/api/v2/cameras',
      }),
    })
  }
  try {
    await client.updateStream(STREAM, { disabled: true })
    throw new Error('the update should have failed')
  } catch (error) {
    if (!isWatcherError(error)) throw error
    return { error, events }
  } finally {
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })
  }
}

describe('errors of stream calls carry no stream name', () => {
  for (const api of ['v3', 'v2'] as const) {
    it(`${api}: a refused update and a Watcher failure`, async () => {
      // v3's PUT creates a stream it does not know; v2 answers 404 for an unknown camera
      for (const fault of [api === 'v2' ? undefined : { status: 400 }, { status: 503 }]) {
        const { error, events } = await failedUpdate(api, fault)
        const stored = JSON.stringify({
          message: error.message,
          path: error.path,
          stack: error.stack,
          events,
        })
        expect(stored).not.toContain(STREAM)
        expect(error.path).toMatch(/\/(streams|cameras)\/<camera>$/)
        expect(events.length).toBeGreaterThan(0)
      }
    })
  }

  it('an unreachable Watcher: the network error names no stream either', async () => {
    const client = clientFor(emulator, 'v3', {
      url: 'http://127.0.0.1:9',
      retry: { baseDelayMs: 1, maxDelayMs: 2, attempts: 1 },
    } as never)
    const error = await client.updateStream(STREAM, { disabled: true }).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(isWatcherError(error)).toBe(true)
    expect(
      JSON.stringify({
        m: (error as Error).message,
        s: (error as Error).stack,
        c: (error as Error).cause,
      }),
    ).not.toContain(STREAM)
  })
})

describe('redactText', () => {
  it('removes camera names, URL credentials and queries, and tokens', () => {
    const text = redactText(
      'PUT /streams/cam%201 failed at https://user:pw@watcher.example/watcher/admin-api/v3/streams/cam%201?token=abc: stream cam 1 busy; Bearer eyJhbGci.x.y',
      '/watcher/admin-api/v3/streams/cam%201',
    )
    expect(text).not.toMatch(/cam%201|cam 1|user:pw|token=abc|eyJhbGci/)
    expect(text).toContain('https://watcher.example/watcher/admin-api/v3/streams/<camera>')
  })
})
