/**
 * Rotating PAYLOAD_SECRET (README, "Rotating PAYLOAD_SECRET") with a real PostgreSQL and the Watcher
 * emulator. Cameras are collected with secret A; then billing runs as a second Payload instance
 * with PAYLOAD_SECRET=B and PAYLOAD_SECRET_PREVIOUS=A: its collections neither open nor close
 * intervals of unchanged cameras (they re-key them), a sealed webhook secret and a queued password
 * still open, a dunning hold still restores its stream; the re-seal step then leaves nothing that
 * needs A, which is checked with A unset: secrets open, the password reaches Watcher, the API key
 * signs in again, and the month's invoice equals that of the same month without a rotation.
 *
 * The same month twice: organization "steady" lives through March 2041 with secret A only (the
 * invoice without rotation), organization "rotated" through May 2041 (also 31 days, UTC) with the
 * same cameras on the same days, and the rotation in the middle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getPayload, type Payload } from 'payload'
import type pg from 'pg'
import config from '@payload-config'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import { clearQueue, startBillingWatcher, syncNow, watcherLogin } from '../../helpers/watcher'
import { payloadSecretOf } from '../../../src/config/serverSecret'
import { generateInvoices } from '../../../src/invoicing'
import { openSecret } from '../../../src/notifications/secretBox'
import {
  cameraKeyOf,
  collectUsage,
  keyIdOf,
  openPassword,
  sealedKeyId,
  watcherApi,
  type WatcherApi,
} from '../../../src/plugins/watcher'
import { newestQueuedPassword } from '../../../src/plugins/watcher/sync/passwords'
import { syncRecordingStop } from '../../../src/plugins/watcher/sync/suspension'
import { rotateSecrets } from '../../../src/secrets'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

const tag = `rot${Date.now().toString(36)}`
const SECRET_A = process.env.PAYLOAD_SECRET!
const SECRET_B = `rotation-test-secret-b-${tag}-0123456789abcdef`
const WEBHOOK_SECRET = 'whsec_rotation-test-endpoint-secret-0123456789'
const API_KEY = `rotation-key-${tag}-0123456789abcdef`
const USER_PASSWORD = 'Rotated-Password-4711'
const DAY = 86_400_000
const HOUR = 3_600_000
const saved = { previous: process.env.PAYLOAD_SECRET_PREVIOUS }

let payloadA: Payload
let payloadB: Payload | undefined
let pool: pg.Pool
let emulator: WatcherEmulator
let api: WatcherApi
const ids = {
  basic: 0,
  premium: 0,
  steady: 0,
  rotated: 0,
  holder: 0,
  accountant: 0,
  member: 0,
  endpoint: 0,
}
const remote = { basic: 0, premium: 0, steady: 0, rotated: 0, holder: 0 }

const create = (payload: Payload, collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const watcherIdOf = async (
  collection: 'organizations' | 'subscriptions',
  id: number,
): Promise<number> => {
  const doc = (await payloadA.findByID({ collection, id, depth: 0 } as never)) as {
    watcher?: { id?: number | null }
  }
  if (!doc.watcher?.id) throw new Error(`${collection} ${id} has no Watcher id`)
  return doc.watcher.id
}

/**
 * Stops Watcher's clock at `at` (what streams' created_at and last change carry): a running clock
 * would move them by a second on a busy machine, and the invoices are compared to the second.
 */
const watcherAt = (at: number) => {
  emulator.clock.stopAt(at)
}
const streamName = (org: string, camera: string) => `${tag}-${org}-${camera}`
const keyWith = (secret: string, name: string) => cameraKeyOf(name, payloadSecretOf(secret))
const cameraKeyIdWith = (secret: string) => keyIdOf(payloadSecretOf(secret))

const CAMERAS = [
  { camera: 'c1', subscription: 'basic' },
  { camera: 'c2', subscription: 'premium' },
  { camera: 'c3', subscription: 'basic' },
  { camera: 'c4', subscription: 'basic' },
] as const

interface Timeline {
  org: 'steady' | 'rotated'
  month: number
  /** Runs between two pulls: after day `day` of the month (0-based) and before its pull. */
  at?: Partial<Record<number, () => Promise<void>>>
  /** The Payload instance of each pull (secret A, or B once rotated). */
  payloadFor: (day: number) => Payload
}

/**
 * One month of the same four cameras: created on day 2, c4 disabled on day 9 and enabled again on
 * day 19; pulls on days 2, 9, 14, 20, 24, 27 and the first hour of the next month. Answers every
 * pull's result.
 */
async function liveMonth({ org, month, at = {}, payloadFor }: Timeline) {
  const day = (n: number) => month + n * DAY
  const pulls: Record<number, Awaited<ReturnType<typeof collectUsage>>> = {}
  const pull = async (n: number, offset = HOUR) => {
    await at[n]?.()
    pulls[n] = await collectUsage(payloadFor(n), { api, now: new Date(day(n) + offset) })
    expect(pulls[n]!.outcome, pulls[n]!.error ?? '').toBe('done')
  }
  watcherAt(day(2))
  for (const { camera, subscription } of CAMERAS) {
    await api.createStream({
      name: streamName(org, camera),
      organizationId: remote[org],
      presetId: remote[subscription],
      title: `${org} ${camera}`,
    })
  }
  await pull(2)
  watcherAt(day(9))
  await api.updateStream(streamName(org, 'c4'), { disabled: true })
  await pull(9)
  await pull(14)
  watcherAt(day(19))
  await api.updateStream(streamName(org, 'c4'), { disabled: false })
  await pull(20)
  await pull(24)
  await pull(27)
  const next = new Date(month)
  next.setUTCMonth(next.getUTCMonth() + 1)
  pulls[31] = await collectUsage(payloadFor(31), { api, now: new Date(next.getTime() + HOUR) })
  return pulls
}

async function invoiceOf(payload: Payload, organization: number, period: string) {
  const result = await generateInvoices(payload, { period, organizationId: organization })
  expect(result.failed).toEqual([])
  expect(result.created).toHaveLength(1)
  const invoice = (await payload.findByID({
    collection: 'invoices',
    id: result.created[0]!,
    depth: 0,
  })) as any
  return {
    lines: (invoice.lines as any[]).map((line) => ({
      subscription: line.subscription,
      cameraSeconds: line.cameraSeconds,
      cameraDays: line.cameraDays,
      unitPrice: line.unitPrice,
      amount: line.amount,
    })),
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
    currency: invoice.currency,
  }
}

const rowsOfKey = async (key: string) =>
  (
    await pool.query<{ camera_key_id: string | null }>(
      'select camera_key_id from camera_usage where camera_key = $1 order by id',
      [key],
    )
  ).rows

let steadyInvoice: Awaited<ReturnType<typeof invoiceOf>>
let rotatedInvoice: Awaited<ReturnType<typeof invoiceOf>>
const rotatedPulls: Record<number, Awaited<ReturnType<typeof collectUsage>>> = {}
const checks: Record<string, unknown> = {}

beforeAll(async () => {
  expect(SECRET_A).toBeTruthy()
  delete process.env.PAYLOAD_SECRET_PREVIOUS
  payloadA = await testPayload()
  pool = (payloadA.db as unknown as { pool: pg.Pool }).pool
  await clearQueue(payloadA)
  await pool.query('delete from camera_usage')
  emulator = await startBillingWatcher('v3')
  api = watcherApi()

  const archive = await create(payloadA, 'services', {
    title: `Archive ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 3_100,
    currency: 'USD',
  })
  const faces = await create(payloadA, 'services', {
    title: `Faces ${tag}`,
    kind: 'analytics',
    analytics: 'faces',
    price: 1_550,
    currency: 'USD',
  })
  const basic = await create(payloadA, 'subscriptions', {
    title: `Basic ${tag}`,
    currency: 'USD',
    services: [archive.id],
  })
  const premium = await create(payloadA, 'subscriptions', {
    title: `Premium ${tag}`,
    currency: 'USD',
    services: [archive.id, faces.id],
  })
  const organization = (name: string) =>
    create(payloadA, 'organizations', {
      title: `${name} ${tag}`,
      currency: 'USD',
      taxRateBp: 2_000,
      availableSubscriptions: [basic.id, premium.id],
    })
  const steady = await organization('Steady')
  const rotated = await organization('Rotated')
  const holder = await organization('Holder')
  Object.assign(ids, {
    basic: basic.id,
    premium: premium.id,
    steady: steady.id,
    rotated: rotated.id,
    holder: holder.id,
  })
  await syncNow(payloadA)
  for (const key of ['steady', 'rotated', 'holder'] as const)
    remote[key] = await watcherIdOf('organizations', ids[key])
  for (const key of ['basic', 'premium'] as const)
    remote[key] = await watcherIdOf('subscriptions', ids[key])
})

afterAll(async () => {
  if (saved.previous === undefined) delete process.env.PAYLOAD_SECRET_PREVIOUS
  else process.env.PAYLOAD_SECRET_PREVIOUS = saved.previous
  process.env.PAYLOAD_SECRET = SECRET_A
  await pool?.query('delete from camera_usage')
  await pool?.query('delete from dunning_stream_holds where organization_id = any($1::int[])', [
    [ids.rotated, ids.holder],
  ])
  await payloadB?.destroy().catch(() => undefined)
  await emulator?.close()
})

describe('without a rotation', () => {
  it('March 2041 with secret A only: the invoice to compare with', async () => {
    const pulls = await liveMonth({
      org: 'steady',
      month: Date.UTC(2041, 2, 1),
      payloadFor: () => payloadA,
    })
    expect([
      pulls[2]!.opened,
      pulls[9]!.closed,
      pulls[14]!.opened + pulls[14]!.closed,
      pulls[20]!.opened,
    ]).toEqual([4, 1, 0, 1])
    steadyInvoice = await invoiceOf(payloadA, ids.steady, '2041-03')
    // c1, c3: days 2 to 31 (29 days); c4: days 2 to 9 (closed by the pull an hour later) and 19 to
    // 31 (19 days and an hour); c2 on premium: 29 days
    expect(steadyInvoice.lines.map((line) => [line.subscription, line.cameraSeconds])).toEqual(
      expect.arrayContaining([
        [ids.basic, (29 + 29 + 19) * 86_400 + 3_600],
        [ids.premium, 29 * 86_400],
      ]),
    )
    expect(steadyInvoice.lines).toHaveLength(2)
    // the steady cameras go: their intervals close, keyed with A for ever (history of deleted streams)
    for (const { camera } of CAMERAS) await api.deleteStream(streamName('steady', camera))
    watcherAt(Date.UTC(2041, 3, 2))
    expect(
      (await collectUsage(payloadA, { api, now: new Date(Date.UTC(2041, 3, 2)) })).closed,
    ).toBe(4)
  })
})

describe('PAYLOAD_SECRET rotated from A to B in the middle of May 2041', () => {
  it('collects with A, then with B and PAYLOAD_SECRET_PREVIOUS=A, re-seals, and finishes the month with B alone', async () => {
    const month = Date.UTC(2041, 4, 1)
    const pulls = await liveMonth({
      org: 'rotated',
      month,
      payloadFor: (day) => (day < 14 ? payloadA : payloadB!),
      at: {
        // still secret A: a webhook endpoint, a password on its way to Watcher, an API key, a dunning hold
        9: async () => {
          const endpoint = await create(payloadA, 'webhook-endpoints', {
            title: `Hook ${tag}`,
            url: 'https://receiver.example.test/hook',
            events: ['invoice.issued'],
            secret: WEBHOOK_SECRET,
          })
          ids.endpoint = endpoint.id
          const accountant = await create(payloadA, 'users', {
            email: `acc-${tag}@example.test`,
            login: `acc-${tag}`,
            password: PASSWORD,
            role: 'accountant',
          })
          ids.accountant = accountant.id
          await payloadA.update({
            collection: 'users',
            id: accountant.id,
            data: { enableAPIKey: true, apiKey: API_KEY } as never,
          })
          const signedIn = await payloadA.auth({
            headers: new Headers({ Authorization: `users API-Key ${API_KEY}` }),
          })
          expect(signedIn.user?.id).toBe(accountant.id)
          // a subscriber's password waits in a queued sync job, sealed with A
          const member = await create(payloadA, 'users', {
            email: `member-${tag}@example.test`,
            login: `member-${tag}`,
            password: USER_PASSWORD,
            role: 'subscriber',
            memberships: [{ organization: ids.holder }],
          })
          ids.member = member.id
          // the recording stop disabled a stream of "holder" and holds it by its key with A; another
          // hold (on a running stream of "rotated") is for the re-seal step to re-key
          const held = streamName('holder', 'h1')
          await api.createStream({
            name: held,
            organizationId: remote.holder,
            presetId: remote.basic,
            title: 'held',
            disabled: true,
          })
          await pool.query(
            `insert into dunning_stream_holds (organization_id, camera_key, updated_at, created_at) values ($1, $2, now(), now()), ($3, $4, now(), now())`,
            [
              ids.holder,
              keyWith(SECRET_A, held),
              ids.rotated,
              keyWith(SECRET_A, streamName('rotated', 'c1')),
            ],
          )
        },
        // the switch: every process restarts with PAYLOAD_SECRET=B and PAYLOAD_SECRET_PREVIOUS=A
        14: async () => {
          process.env.PAYLOAD_SECRET = SECRET_B
          payloadB = await getPayload({
            config: { ...(await config), secret: SECRET_B },
            key: `rotation-${tag}`,
          })
          expect(payloadB.secret).toBe(payloadSecretOf(SECRET_B))
          // B without A: the collector refuses (every camera would look new), and changes nothing
          const before = await pool.query('select * from camera_usage order by id')
          checks.withoutPrevious = await collectUsage(payloadB, {
            api,
            now: new Date(month + 14 * DAY),
          })
          checks.unchangedWithoutPrevious =
            JSON.stringify((await pool.query('select * from camera_usage order by id')).rows) ===
            JSON.stringify(before.rows)
          process.env.PAYLOAD_SECRET_PREVIOUS = SECRET_A
          const sealed = (
            await pool.query('select secret_sealed from webhook_endpoints where id = $1', [
              ids.endpoint,
            ])
          ).rows[0].secret_sealed
          checks.webhookBeforeReseal = openSecret(sealed)
          checks.passwordBeforeReseal = (await newestQueuedPassword(payloadB, ids.member))?.plain
          checks.apiKeyBeforeReindex =
            (
              await payloadB.auth({
                headers: new Headers({ Authorization: `users API-Key ${API_KEY}` }),
              })
            ).user?.id ?? null
        },
        // the restoration of a stream held with A, by the instance running with B
        20: async () => {
          const holder = (await payloadB!.findByID({
            collection: 'organizations',
            id: ids.holder,
            depth: 0,
          })) as any
          checks.restore = await syncRecordingStop(
            { payload: payloadB!, api },
            holder,
            remote.holder,
            false,
          )
          checks.heldStreamDisabled = (await api.getStream(streamName('holder', 'h1'))).disabled
          checks.holderHolds = (
            await pool.query(
              'select count(*)::int as n from dunning_stream_holds where organization_id = $1',
              [ids.holder],
            )
          ).rows[0].n
        },
        // the re-seal step, then PAYLOAD_SECRET_PREVIOUS goes
        24: async () => {
          checks.report = await rotateSecrets(payloadB!, {
            api,
            batchSize: 2,
            log: () => undefined,
          })
          delete process.env.PAYLOAD_SECRET_PREVIOUS
        },
      },
    })
    Object.assign(rotatedPulls, pulls)
    rotatedInvoice = await invoiceOf(payloadB!, ids.rotated, '2041-05')
  })

  it('with B but without PAYLOAD_SECRET_PREVIOUS the collector refuses and changes nothing', () => {
    expect(checks.withoutPrevious).toMatchObject({
      outcome: 'failed',
      foreignCameraKeys: true,
      opened: 0,
      closed: 0,
    })
    expect((checks.withoutPrevious as { error: string }).error).toMatch(
      /3 open interval\(s\) carry camera keys of another PAYLOAD_SECRET.*PAYLOAD_SECRET_PREVIOUS/,
    )
    expect(checks.unchangedWithoutPrevious).toBe(true)
  })

  it('the first pull with B opens and closes nothing: it re-keys the intervals of the streams it sees', () => {
    expect(rotatedPulls[14]).toMatchObject({ opened: 0, closed: 0, rekeyed: 4 }) // c1, c2, c3 open; c4's closed one
    // c4 again from its re-enabling, and the held stream of "holder" that the restoration enabled
    expect(rotatedPulls[20]).toMatchObject({ opened: 2, closed: 0, rekeyed: 0 })
    for (const day of [24, 27, 31])
      expect(rotatedPulls[day]).toMatchObject({ opened: 0, closed: 0, rekeyed: 0 })
  })

  it('the invoice of the rotated month equals the one without a rotation', () => {
    expect(rotatedInvoice).toEqual(steadyInvoice)
    expect(rotatedInvoice.total).toBeGreaterThan(0)
  })

  it('with B and A: the sealed webhook secret and the queued password open, the dunning hold restores its stream', () => {
    expect(checks.webhookBeforeReseal).toBe(WEBHOOK_SECRET)
    expect(checks.passwordBeforeReseal).toBe(USER_PASSWORD)
    expect(checks.heldStreamDisabled).toBe(false)
    expect(checks.holderHolds).toBe(0)
    expect(checks.restore).toEqual(['1 stream(s) re-enabled (recording stop lifted)'])
    // Payload's own API key index is under the secret: until the re-seal step re-indexes it, the key fails
    expect(checks.apiKeyBeforeReindex).toBeNull()
  })

  it('the re-seal step re-seals, re-indexes and re-keys what A made, and reports it complete', () => {
    const report = checks.report as Awaited<ReturnType<typeof rotateSecrets>>
    expect(report.previousSecret).toBe(true)
    expect(report.cameraKeyId).toEqual({
      current: cameraKeyIdWith(SECRET_B),
      previous: cameraKeyIdWith(SECRET_A),
    })
    expect(report.webhookSecrets.resealed).toBeGreaterThanOrEqual(1)
    expect(report.webhookSecrets.unreadable).toBe(0)
    expect(report.jobPasswords.resealed).toBeGreaterThanOrEqual(1)
    expect(report.jobPasswords.unreadable).toBe(0)
    expect(report.apiKeys.reindexed).toBeGreaterThanOrEqual(1)
    expect(report.apiKeys.unreadable).toBe(0)
    // the collector re-keyed the intervals already; the hold on c1 of "rotated" was left to this step
    expect(report.cameraKeys).toMatchObject({ intervalsRekeyed: 0, holdsRekeyed: 1, error: null })
    // the five intervals of the deleted steady cameras keep A's key: no stream will ever match them
    expect(report.cameraKeys).toMatchObject({ intervalsLeft: 5, openIntervalsLeft: 0 })
    expect(report).toMatchObject({ complete: true, problems: [] })
  })
})

describe('after the re-seal step, with PAYLOAD_SECRET_PREVIOUS unset', () => {
  it('nothing depends on A: keys, the webhook secret, the password and the API key', async () => {
    expect(process.env.PAYLOAD_SECRET_PREVIOUS).toBeUndefined()
    for (const { camera } of CAMERAS) {
      const name = streamName('rotated', camera)
      expect(await rowsOfKey(keyWith(SECRET_A, name))).toEqual([])
      const rows = await rowsOfKey(keyWith(SECRET_B, name))
      expect(rows.length).toBeGreaterThanOrEqual(1)
      expect(rows.every((row) => row.camera_key_id === cameraKeyIdWith(SECRET_B))).toBe(true)
    }
    const holds = await pool.query(
      'select camera_key, camera_key_id from dunning_stream_holds where organization_id = $1',
      [ids.rotated],
    )
    expect(holds.rows).toEqual([
      {
        camera_key: keyWith(SECRET_B, streamName('rotated', 'c1')),
        camera_key_id: cameraKeyIdWith(SECRET_B),
      },
    ])

    const sealed = (
      await pool.query('select secret_sealed from webhook_endpoints where id = $1', [ids.endpoint])
    ).rows[0].secret_sealed
    expect(sealedKeyId(sealed)).toBe(keyIdOf(SECRET_B))
    expect(openSecret(sealed)).toBe(WEBHOOK_SECRET)
    expect(openSecret(sealed, SECRET_A)).toBeNull()
    const endpoint = (await payloadB!.findByID({
      collection: 'webhook-endpoints',
      id: ids.endpoint,
      depth: 0,
      overrideAccess: false,
      user: { id: 0, role: 'admin', collection: 'users' },
    } as never)) as any
    expect(endpoint.secret).toBe(WEBHOOK_SECRET)

    const job = await pool.query<{ sealed: string }>(
      `select input->>'password' as sealed from payload_jobs where input->>'collection' = 'users' and input->>'id' = $1 and input ? 'password'`,
      [String(ids.member)],
    )
    expect(job.rows).toHaveLength(1)
    expect(openPassword(job.rows[0]!.sealed, payloadB!.secret)).toBe(USER_PASSWORD)
    expect(openPassword(job.rows[0]!.sealed, payloadSecretOf(SECRET_A))).toBeNull()
    await syncNow(payloadB!)
    expect(await watcherLogin(emulator, `member-${tag}`, USER_PASSWORD)).toBe(200)

    const signedIn = await payloadB!.auth({
      headers: new Headers({ Authorization: `users API-Key ${API_KEY}` }),
    })
    expect(signedIn.user?.id).toBe(ids.accountant)
  })

  it('the re-seal step is idempotent: a second run changes nothing', async () => {
    const again = await rotateSecrets(payloadB!, { api, log: () => undefined })
    expect(again.previousSecret).toBe(false)
    expect(
      again.webhookSecrets.resealed + again.jobPasswords.resealed + again.apiKeys.reindexed,
    ).toBe(0)
    expect(again.cameraKeys).toMatchObject({
      intervalsRekeyed: 0,
      holdsRekeyed: 0,
      intervalsLabelled: 0,
      holdsLabelled: 0,
      intervalsLeft: 5,
      openIntervalsLeft: 0,
    })
    expect(again.complete).toBe(true)
    const dry = await rotateSecrets(payloadB!, { api, dryRun: true, log: () => undefined })
    expect(dry).toMatchObject({ dryRun: true, complete: true })
  })
})
