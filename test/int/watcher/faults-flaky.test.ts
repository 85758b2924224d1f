/**
 * Nothing lost, nothing twice, with a flaky and slow Watcher: 200 changes made while a third of
 * Watcher's answers are 503 and every answer is late all arrive once it recovers. (The same storm
 * with Watcher down is in faults.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import { testPayload } from '../../helpers/app'
import {
  clearQueue,
  startBillingWatcher,
  syncUntilQuiet,
  watcherDrift,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'
import { makeChanges } from './changeStorm'

let payload: Payload
let emulator: WatcherEmulator

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
})
afterAll(() => emulator?.close())
beforeEach(() => emulator.faults.clear())

describe('Watcher flaky and slow', () => {
  it('the same with 30 % random 503s and 100 ms latency', async () => {
    const tag = `flaky-${Date.now().toString(36)}`
    // every answer late (100 ms: still ~100 times a request's own time here, and two-thirds of
    // the file's minute was spent waiting out 500 ms) and a third of them failing
    emulator.faults.set({ status: 503, rate: 0.3, latency_ms: 100 })
    await makeChanges(payload, tag)
    await syncUntilQuiet(payload, 40)
    emulator.faults.clear()
    await syncUntilQuiet(payload)
    expect(await watcherDrift(payload, tag)).toEqual([])
  }, 600_000)
})
