/**
 * What one walk of Watcher's streams saw, kept in columns (a 32-byte camera key and a few numbers
 * per stream) instead of an object per camera: a million streams take about 60 MB, and sorted by
 * camera key they are compared with the open intervals a page at a time (collect.ts). No stream
 * name is kept, only its camera key.
 */
import type { BillableCamera, StreamVerdict } from './plan'

const KEY_BYTES = 32
/** `verdict` column: billable, disabled (counted, never reported), or the index of an unbilled group. */
const BILLABLE = -1
const DISABLED = -2

export class SeenStreams {
  /**
   * `expected`: about how many streams the walk will meet (the open intervals of the last pull):
   * the columns start at that size, so that a walk like the last one never copies them to grow.
   */
  constructor(private readonly expected = 0) {}

  private capacity = 0
  private count = 0
  private keys = Buffer.alloc(0)
  private previousKeys: Buffer | null = null
  private verdicts = new Int32Array(0)
  private organizations = new Int32Array(0)
  private subscriptions = new Int32Array(0)
  /** Epoch milliseconds; NaN for none. */
  private createdAts = new Float64Array(0)
  private lastChangeAts = new Float64Array(0)

  /**
   * One stream as met in the walk; `unbilledGroup` numbers its unbilled group when the verdict is
   * unbilled. `previousKey` is its key under the previous secret while one is being rotated out.
   */
  add(
    key: Buffer,
    previousKey: Buffer | null,
    verdict: StreamVerdict,
    unbilledGroup: number,
    stream: { createdAt: Date | null; lastChangeAt: Date | null },
  ): void {
    if (this.count === this.capacity) this.grow(previousKey !== null)
    const at = this.count++
    key.copy(this.keys, at * KEY_BYTES)
    if (previousKey && this.previousKeys) previousKey.copy(this.previousKeys, at * KEY_BYTES)
    if (verdict.kind === 'billable') {
      this.verdicts[at] = BILLABLE
      this.organizations[at] = verdict.organization
      this.subscriptions[at] = verdict.subscription
    } else this.verdicts[at] = verdict.kind === 'disabled' ? DISABLED : unbilledGroup
    this.createdAts[at] = stream.createdAt?.getTime() ?? NaN
    this.lastChangeAts[at] = stream.lastChangeAt?.getTime() ?? NaN
  }

  private grow(withPreviousKeys: boolean): void {
    const capacity = Math.max(4_096, this.capacity * 2, this.capacity === 0 ? this.expected : 0)
    const keys = Buffer.allocUnsafe(capacity * KEY_BYTES)
    this.keys.copy(keys)
    this.keys = keys
    if (withPreviousKeys || this.previousKeys) {
      const previous = Buffer.allocUnsafe(capacity * KEY_BYTES)
      this.previousKeys?.copy(previous)
      this.previousKeys = previous
    }
    const widen = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity)
      next.set(old)
      return next
    }
    this.verdicts = widen(this.verdicts, (n) => new Int32Array(n))
    this.organizations = widen(this.organizations, (n) => new Int32Array(n))
    this.subscriptions = widen(this.subscriptions, (n) => new Int32Array(n))
    this.createdAts = widen(this.createdAts, (n) => new Float64Array(n))
    this.lastChangeAts = widen(this.lastChangeAts, (n) => new Float64Array(n))
    this.capacity = capacity
  }

  /**
   * The streams in camera-key order, each camera once: a stream met twice (moved between pages
   * during the walk) counts as last seen.
   */
  sorted(): SortedStreams {
    const n = this.count
    const keys = this.keys
    // the first 8 bytes of a key decide almost every comparison without touching the buffer again
    const high = new Uint32Array(n)
    const low = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      high[i] = keys.readUInt32BE(i * KEY_BYTES)
      low[i] = keys.readUInt32BE(i * KEY_BYTES + 4)
    }
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort(
      (a, b) =>
        high[a]! - high[b]! ||
        low[a]! - low[b]! ||
        keys.compare(
          keys,
          b * KEY_BYTES,
          (b + 1) * KEY_BYTES,
          a * KEY_BYTES,
          (a + 1) * KEY_BYTES,
        ) ||
        a - b,
    )
    // of equal keys (adjacent now, in walk order) the last one stands
    const sameKey = (a: number, b: number) =>
      high[a] === high[b] &&
      low[a] === low[b] &&
      keys.compare(keys, b * KEY_BYTES, (b + 1) * KEY_BYTES, a * KEY_BYTES, (a + 1) * KEY_BYTES) ===
        0
    let unique = 0
    for (let i = 0; i < n; i++) {
      const at = order[i]!
      if (i + 1 < n && sameKey(at, order[i + 1]!)) continue
      order[unique++] = at
    }
    return new SortedStreams(this, order.subarray(0, unique))
  }

  /** @internal for SortedStreams */
  keyHex(at: number): string {
    return this.keys.toString('hex', at * KEY_BYTES, (at + 1) * KEY_BYTES)
  }

  /** @internal for SortedStreams */
  previousKeyHex(at: number): string | null {
    return this.previousKeys?.toString('hex', at * KEY_BYTES, (at + 1) * KEY_BYTES) ?? null
  }

  /** @internal for SortedStreams */
  verdict(at: number): number {
    return this.verdicts[at]!
  }

  /** @internal for SortedStreams */
  organization(at: number): number {
    return this.organizations[at]!
  }

  /** @internal for SortedStreams */
  subscription(at: number): number {
    return this.subscriptions[at]!
  }

  /** @internal for SortedStreams: epoch milliseconds, NaN for none */
  createdAtMs(at: number): number {
    return this.createdAts[at]!
  }

  /** @internal for SortedStreams: epoch milliseconds, NaN for none */
  lastChangeAtMs(at: number): number {
    return this.lastChangeAts[at]!
  }

  /** @internal for SortedStreams */
  camera(at: number): BillableCamera {
    const createdAt = this.createdAts[at]!
    const lastChangeAt = this.lastChangeAts[at]!
    return {
      organization: this.organizations[at]!,
      subscription: this.subscriptions[at]!,
      createdAt: Number.isNaN(createdAt) ? null : new Date(createdAt),
      lastChangeAt: Number.isNaN(lastChangeAt) ? null : new Date(lastChangeAt),
    }
  }
}

/** Every camera of a walk once, in camera-key order (the byte order of the keys, as their hex sorts). */
export class SortedStreams {
  /** The billable cameras, in key order. */
  readonly billable: Uint32Array

  constructor(
    private readonly seen: SeenStreams,
    private readonly order: Uint32Array,
  ) {
    let billable = 0
    for (const at of order) if (seen.verdict(at) === BILLABLE) billable++
    this.billable = new Uint32Array(billable)
    let next = 0
    for (const at of order) if (seen.verdict(at) === BILLABLE) this.billable[next++] = at
  }

  /** Distinct cameras seen. */
  get cameras(): number {
    return this.order.length
  }

  /** Cameras per unbilled group index. */
  unbilledCounts(): Map<number, number> {
    const counts = new Map<number, number>()
    for (const at of this.order) {
      const verdict = this.seen.verdict(at)
      if (verdict >= 0) counts.set(verdict, (counts.get(verdict) ?? 0) + 1)
    }
    return counts
  }

  /** The hex camera key of the billable camera at `index` of `billable`. */
  billableKey(index: number): string {
    return this.seen.keyHex(this.billable[index]!)
  }

  billableCamera(index: number): BillableCamera {
    return this.seen.camera(this.billable[index]!)
  }

  /** The billable camera at `index`, column by column (no object per camera). */
  billableOrganization(index: number): number {
    return this.seen.organization(this.billable[index]!)
  }

  billableSubscription(index: number): number {
    return this.seen.subscription(this.billable[index]!)
  }

  /** Epoch milliseconds, NaN for none. */
  billableCreatedAtMs(index: number): number {
    return this.seen.createdAtMs(this.billable[index]!)
  }

  /** Epoch milliseconds, NaN for none. */
  billableLastChangeAtMs(index: number): number {
    return this.seen.lastChangeAtMs(this.billable[index]!)
  }

  /** While a secret is rotated out: every camera's previous and current key, `size` at a time. */
  *keyPairs(size: number): Generator<{ previous: string; current: string }[]> {
    let pairs: { previous: string; current: string }[] = []
    for (const at of this.order) {
      const previous = this.seen.previousKeyHex(at)
      if (previous === null) return
      pairs.push({ previous, current: this.seen.keyHex(at) })
      if (pairs.length === size) {
        yield pairs
        pairs = []
      }
    }
    if (pairs.length > 0) yield pairs
  }
}
