/**
 * The re-seal step of a PAYLOAD_SECRET rotation (README, "Rotating PAYLOAD_SECRET"): run once every
 * process works with the new PAYLOAD_SECRET and the old one in PAYLOAD_SECRET_PREVIOUS. It makes
 * everything that depends on the server secret depend on the current one only:
 *
 * - sealed values (webhook endpoint secrets, passwords in queued sync jobs) are sealed again with
 *   the current secret;
 * - Payload's API keys are re-encrypted and re-indexed with the current secret (Payload finds a
 *   key's user by an HMAC of the key under its secret, so without this every key stops working);
 *   a key is rewritten only when the previous secret provably made it (its decryption gives back
 *   the stored index), otherwise it is left alone and reported;
 * - camera keys (camera usage intervals and dunning's stream holds) of every stream in Watcher get
 *   the current secret's key and key id. A camera key cannot be reversed, so the streams are walked
 *   (names stay in memory) and each one's old key is looked up.
 *
 * In batches, each its own short transaction (camera batches under the usage collector's advisory
 * lock), and idempotent: a run interrupted part-way is simply run again, and a second run changes
 * nothing. Sessions are not kept: they are JWTs signed with the secret and end at the switch.
 */
import { createHmac } from 'node:crypto'
import type { Payload } from 'payload'
import { payloadSecrets, serverSecrets, type SecretRing } from '../config/serverSecret'
import { LOCK_KEYS, lockForTransaction, poolOf, withTransaction } from '../db'
import { resealSecret } from '../notifications'
import {
  cameraKeyIdOf,
  cameraKeysOf,
  labelCameraUsage,
  labelStreamHolds,
  rekeyCameraUsage,
  rekeyStreamHolds,
  resealPassword,
  watcherApi,
  type CameraKeys,
  type Resealed,
  type WatcherApi,
} from '../plugins/watcher'
import {
  cameraKeysLeft,
  cameraKeysToChange,
  nextApiKeys,
  queuedJobPasswords,
  replaceApiKey,
  webhookEndpointSecrets,
  type ApiKeyRow,
  type SealedColumn,
} from './store'

export interface RotateSecretsOptions {
  /** Count what would change, write nothing. */
  dryRun?: boolean
  /** Rows (sealed values, API keys) or streams per batch; default 500. */
  batchSize?: number
  /** Streams per Watcher request; default 1,000. */
  pageSize?: number
  /** The Watcher client; default the configured one. */
  api?: WatcherApi
  /** Leave camera keys alone (no Watcher reachable now): the rotation is then not complete. */
  skipCameraKeys?: boolean
  log?: (line: string) => void
}

export interface SealedValuesReport {
  /** Values found. */
  checked: number
  /** Sealed again with the current secret (dry run: would be). */
  resealed: number
  /** Opened by neither secret: left as they are. */
  unreadable: number
}

export interface CameraKeysReport {
  /** Streams in Watcher (each counted once). */
  streams: number
  /** Intervals and holds that took the current secret's key (dry run: would). */
  intervalsRekeyed: number
  holdsRekeyed: number
  /** Rows already keyed with the current secret that got its key id (made before key ids). */
  intervalsLabelled: number
  holdsLabelled: number
  /**
   * After the walk: rows still without the current key id. Their streams are no longer in Watcher
   * (history only: no stream will match them, whatever the secret). A dry run counts them before
   * any change, those it would re-key or label included.
   */
  intervalsLeft: number
  holdsLeft: number
  /**
   * Of `intervalsLeft`, the open ones: a usage collection run while PAYLOAD_SECRET_PREVIOUS is set
   * closes them (their cameras are gone); without it the collector refuses to run while they exist.
   */
  openIntervalsLeft: number
  /** The walk did not run (skipped) or failed part-way (batches done so far stay done). */
  error: string | null
}

export interface RotationReport {
  dryRun: boolean
  /** Whether PAYLOAD_SECRET_PREVIOUS was set (and differs from PAYLOAD_SECRET). */
  previousSecret: boolean
  /** The key id camera keys of the current secret carry (`cameraKeyId`), and that of the previous one. */
  cameraKeyId: { current: string; previous: string | null }
  webhookSecrets: SealedValuesReport
  jobPasswords: SealedValuesReport
  apiKeys: { checked: number; reindexed: number; unreadable: number }
  cameraKeys: CameraKeysReport
  /**
   * Nothing depends on the previous secret any more: PAYLOAD_SECRET_PREVIOUS can be removed.
   * (A dry run: nothing would change.)
   */
  complete: boolean
  /** What keeps it from being complete, in words. */
  problems: string[]
}

const DEFAULT_BATCH = 500
const DEFAULT_PAGE = 1_000

async function resealColumn(
  payload: Payload,
  column: SealedColumn,
  reseal: (sealed: string) => Resealed,
  options: { batchSize: number; dryRun: boolean; log: (line: string) => void },
): Promise<SealedValuesReport> {
  const sql = poolOf(payload)
  const report: SealedValuesReport = { checked: 0, resealed: 0, unreadable: 0 }
  let afterId = 0
  for (;;) {
    const rows = await column.next(sql, afterId, options.batchSize)
    if (rows.length === 0) break
    for (const row of rows) {
      report.checked++
      const outcome = reseal(row.sealed)
      if (outcome.outcome === 'unreadable') report.unreadable++
      else if (
        outcome.outcome === 'resealed' &&
        (options.dryRun || (await column.replace(sql, row.id, row.sealed, outcome.value)))
      )
        report.resealed++
    }
    afterId = rows[rows.length - 1]!.id
  }
  options.log(
    `${column.what}: ${report.checked} checked, ${report.resealed} ${options.dryRun ? 'to re-seal' : 're-sealed'}, ${report.unreadable} unreadable`,
  )
  return report
}

const indexOf = (secret: string, key: string, algorithm: 'sha256' | 'sha1') =>
  createHmac(algorithm, secret).update(key).digest('hex')

/** The plain API key when `secret` made this row (Payload's own decryption, checked against the index). */
function apiKeyUnder(payload: Payload, secret: string, row: ApiKeyRow): string | null {
  if (!row.encrypted) return null
  let key: string
  try {
    key = payload.decrypt.call({ secret }, row.encrypted)
  } catch {
    return null
  }
  // aes-256-ctr decrypts anything: only the index (an HMAC under the same secret) proves the key
  return indexOf(secret, key, 'sha256') === row.index || indexOf(secret, key, 'sha1') === row.index
    ? key
    : null
}

async function reindexApiKeys(
  payload: Payload,
  secrets: SecretRing,
  options: { batchSize: number; dryRun: boolean; log: (line: string) => void },
): Promise<RotationReport['apiKeys']> {
  const sql = poolOf(payload)
  const report = { checked: 0, reindexed: 0, unreadable: 0 }
  let afterId = 0
  for (;;) {
    const rows = await nextApiKeys(sql, afterId, options.batchSize)
    if (rows.length === 0) break
    for (const row of rows) {
      report.checked++
      if (apiKeyUnder(payload, secrets.current, row) !== null) continue
      const key = secrets.previous ? apiKeyUnder(payload, secrets.previous, row) : null
      if (key === null) {
        report.unreadable++
        continue
      }
      // Payload's encrypt() under payload.secret (the current secret), as Payload itself stores keys
      if (
        options.dryRun ||
        (await replaceApiKey(
          sql,
          row,
          payload.encrypt(key),
          indexOf(secrets.current, key, 'sha256'),
        ))
      )
        report.reindexed++
    }
    afterId = rows[rows.length - 1]!.id
  }
  options.log(
    `API keys: ${report.checked} checked, ${report.reindexed} ${options.dryRun ? 'to re-index' : 're-indexed'}, ${report.unreadable} unreadable`,
  )
  return report
}

/** A camera keys report before anything is counted; `error` says why nothing will be. */
function noCameraKeysChanged(error: string | null): CameraKeysReport {
  return {
    streams: 0,
    intervalsRekeyed: 0,
    holdsRekeyed: 0,
    intervalsLabelled: 0,
    holdsLabelled: 0,
    intervalsLeft: 0,
    holdsLeft: 0,
    openIntervalsLeft: 0,
    error,
  }
}

async function rekeyCameras(
  payload: Payload,
  secrets: SecretRing,
  options: {
    api?: WatcherApi
    batchSize: number
    pageSize: number
    dryRun: boolean
    log: (line: string) => void
  },
): Promise<CameraKeysReport> {
  const keyId = cameraKeyIdOf(secrets.current)
  const report = noCameraKeysChanged(null)
  const flush = async (batch: CameraKeys[]) => {
    if (batch.length === 0) return
    const pairs = batch.flatMap((keys) =>
      keys.previous === null ? [] : [{ previous: keys.previous, current: keys.current }],
    )
    const current = batch.map((keys) => keys.current)
    await withTransaction(payload, async ({ sql }) => {
      // never between a usage collection's read of the open intervals and its writes
      await lockForTransaction(sql, LOCK_KEYS.usageCollection)
      if (options.dryRun) {
        const counts = await cameraKeysToChange(
          sql,
          pairs.map((pair) => pair.previous),
          current,
          keyId,
        )
        report.intervalsRekeyed += counts.intervalsRekeyed
        report.intervalsLabelled += counts.intervalsLabelled
        report.holdsRekeyed += counts.holdsRekeyed
        report.holdsLabelled += counts.holdsLabelled
      } else {
        if (pairs.length > 0) {
          report.intervalsRekeyed += await rekeyCameraUsage(sql, pairs, keyId)
          report.holdsRekeyed += await rekeyStreamHolds(sql, pairs, keyId)
        }
        report.intervalsLabelled += await labelCameraUsage(sql, current, keyId)
        report.holdsLabelled += await labelStreamHolds(sql, current, keyId)
      }
    })
  }

  const seen = new Set<string>()
  let batch: CameraKeys[] = []
  try {
    const api = options.api ?? watcherApi() // throws when Watcher is not configured: reported
    for await (const stream of api.streams({ pageSize: options.pageSize })) {
      const keys = cameraKeysOf(stream.name, secrets)
      if (seen.has(keys.current)) continue
      seen.add(keys.current)
      batch.push(keys)
      if (batch.length >= options.batchSize) {
        await flush(batch)
        batch = []
      }
    }
    await flush(batch)
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error)
  }
  report.streams = seen.size
  const left = await cameraKeysLeft(poolOf(payload), keyId)
  report.intervalsLeft = left.intervals
  report.openIntervalsLeft = left.openIntervals
  report.holdsLeft = left.holds
  const [rekey, label] = options.dryRun ? ['to re-key', 'to label'] : ['re-keyed', 'labelled']
  const left_ = options.dryRun
    ? `${report.intervalsLeft} intervals and ${report.holdsLeft} holds do not carry the current key id yet`
    : `${report.intervalsLeft} intervals (${report.openIntervalsLeft} open) and ${report.holdsLeft} holds match no stream in Watcher and keep their key`
  options.log(
    `camera keys: ${report.streams} streams in Watcher; intervals ${report.intervalsRekeyed} ${rekey}, ${report.intervalsLabelled} ${label}; ` +
      `stream holds ${report.holdsRekeyed} ${rekey}, ${report.holdsLabelled} ${label}; ${left_}` +
      (report.error ? `; stopped: ${report.error}` : ''),
  )
  return report
}

/** Re-seals and re-keys everything with the current PAYLOAD_SECRET (see the top of this file). */
export async function rotateSecrets(
  payload: Payload,
  options: RotateSecretsOptions = {},
): Promise<RotationReport> {
  const dryRun = options.dryRun ?? false
  const batchSize = options.batchSize ?? DEFAULT_BATCH
  const log = options.log ?? ((line: string) => payload.logger.info(`secrets: ${line}`))
  // webhook endpoint secrets are sealed with PAYLOAD_SECRET itself, passwords and camera keys with
  // what Payload derives from it (payload.secret)
  const raw = serverSecrets(payload.config.secret)
  const derived = payloadSecrets(payload)
  if (!raw.previous)
    log('PAYLOAD_SECRET_PREVIOUS is not set: only what the current secret made is recognised')

  const common = { batchSize, dryRun, log }
  const webhookSecrets = await resealColumn(
    payload,
    webhookEndpointSecrets,
    (sealed) => resealSecret(sealed, raw),
    common,
  )
  const jobPasswords = await resealColumn(
    payload,
    queuedJobPasswords,
    (sealed) => resealPassword(sealed, derived),
    common,
  )
  const apiKeys = await reindexApiKeys(payload, derived, common)
  const cameraKeys = options.skipCameraKeys
    ? noCameraKeysChanged('skipped')
    : await rekeyCameras(payload, derived, {
        ...common,
        api: options.api,
        pageSize: options.pageSize ?? DEFAULT_PAGE,
      })

  const problems: string[] = []
  if (webhookSecrets.unreadable)
    problems.push(
      `${webhookSecrets.unreadable} webhook endpoint secret(s) open with neither secret: set a new secret on those endpoints`,
    )
  if (jobPasswords.unreadable)
    problems.push(
      `${jobPasswords.unreadable} queued password(s) open with neither secret: set those users' passwords again`,
    )
  if (apiKeys.unreadable)
    problems.push(
      `${apiKeys.unreadable} API key(s) made with neither secret: issue new keys to those users`,
    )
  if (cameraKeys.error)
    problems.push(
      `camera keys: ${cameraKeys.error === 'skipped' ? 'skipped' : `the Watcher walk failed (${cameraKeys.error})`}: run again`,
    )
  else if (!dryRun && cameraKeys.openIntervalsLeft > 0) {
    problems.push(
      `${cameraKeys.openIntervalsLeft} open usage interval(s) match no stream in Watcher under either secret: run a usage collection ` +
        '(POST /api/usage/collect) while PAYLOAD_SECRET_PREVIOUS is still set, which closes those of deleted cameras, then run this again; ' +
        'if their cameras do exist, PAYLOAD_SECRET_PREVIOUS is not the secret that made their keys',
    )
  }
  if (!raw.previous && problems.length > 0) {
    problems.unshift(
      'PAYLOAD_SECRET_PREVIOUS is not set: if PAYLOAD_SECRET was changed, set PAYLOAD_SECRET_PREVIOUS to the old secret and run this again',
    )
  }
  const pending =
    webhookSecrets.resealed +
    jobPasswords.resealed +
    apiKeys.reindexed +
    cameraKeys.intervalsRekeyed +
    cameraKeys.holdsRekeyed
  if (dryRun && pending > 0)
    problems.push(`${pending} value(s) to re-seal, re-index or re-key (dry run: nothing written)`)
  return {
    dryRun,
    previousSecret: raw.previous !== null,
    cameraKeyId: {
      current: cameraKeyIdOf(derived.current),
      previous: derived.previous ? cameraKeyIdOf(derived.previous) : null,
    },
    webhookSecrets,
    jobPasswords,
    apiKeys,
    cameraKeys,
    complete: problems.length === 0,
    problems,
  }
}
