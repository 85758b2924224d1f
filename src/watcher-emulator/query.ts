import { DomainError, invalid } from './errors'
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './inferred'

/**
 * The list engine behind every collection: filters, sort, select, keyset cursors (v3)
 * and offset pages (v2). Results are cached per state version, so walking a long list
 * page by page costs one filter+sort, then a binary search per page.
 */

export type FilterOp = 'eq' | 'ne' | 'gt' | 'lt' | 'gte' | 'lte' | 'like' | 'is' | 'is_not'

export interface Filter {
  param: string
  path: string
  op: FilterOp
  values: string[]
}

export interface SortKey {
  path: string
  descending: boolean
}

export interface CollectionSpec<R> {
  name: string
  /** All records, in ascending order of `key`. */
  records(): readonly R[]
  /** Path of the unique key; the final tiebreak of every sort. */
  key: string
  /** `only`: top-level fields the caller selected; a view may skip building the others. */
  view(record: R, only?: ReadonlySet<string>): Record<string, unknown>
  /** Fast accessors for hot paths, so filtering or sorting by them skips building the view. */
  fields?: Record<string, (record: R) => unknown>
  /** Filters that are not plain field comparisons (e.g. `organization_id` on users). */
  customFilters?: Record<string, (filter: Filter) => (record: R) => boolean>
  /** v2 `search`: substring match on the fields that collection searches. */
  search?: (record: R, needle: string) => boolean
}

export interface Scope<R> {
  key: string
  allows: (record: R) => boolean
}

export interface ListQuery {
  filters: Filter[]
  sort: SortKey[]
  search?: string
}

const RESERVED = new Set(['cursor', 'limit', 'select', 'sort', 'offset', 'search', 'trace'])
const SUFFIXES: [string, FilterOp][] = [
  ['_is_not', 'is_not'],
  ['_like', 'like'],
  ['_gte', 'gte'],
  ['_lte', 'lte'],
  ['_is', 'is'],
  ['_ne', 'ne'],
  ['_gt', 'gt'],
  ['_lt', 'lt'],
]

export function parseListQuery(params: URLSearchParams, extraReserved: string[] = []): ListQuery {
  const filters: Filter[] = []
  for (const [param, value] of params) {
    if (RESERVED.has(param) || extraReserved.includes(param)) continue
    const suffix = SUFFIXES.find(([text]) => param.endsWith(text) && param.length > text.length)
    const [path, op] = suffix
      ? [param.slice(0, -suffix[0].length), suffix[1]]
      : [param, 'eq' as const]
    filters.push({ param, path, op, values: value.split(',') })
  }
  const sort = (params.get('sort') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.startsWith('-')
        ? { path: part.slice(1), descending: true }
        : { path: part, descending: false },
    )
  const search = params.get('search') ?? undefined
  return { filters, sort, search: search || undefined }
}

export function parseLimit(raw: string | null, parameter = 'limit'): number {
  if (raw === null || raw === '') return DEFAULT_PAGE_LIMIT
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new DomainError(
      'validation',
      'invalid_parameter',
      `${parameter} must be an integer from 1 to ${MAX_PAGE_LIMIT}`,
      undefined,
      parameter,
    )
  }
  return limit
}

// --- values ------------------------------------------------------------------------

/** Reads a dotted path; arrays on the way are flattened (so `organizations.id` reads every id). */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value
  for (const part of path.split('.')) {
    if (Array.isArray(current)) {
      current = current.flatMap((item) => {
        const next = readPath(item, part)
        return next === undefined ? [] : [next]
      })
    } else if (current !== null && typeof current === 'object') {
      current = (current as Record<string, unknown>)[part]
    } else {
      return undefined
    }
  }
  return current
}

export function compareValues(left: unknown, right: unknown): number {
  const a = Array.isArray(left) ? left[0] : left
  const b = Array.isArray(right) ? right[0] : right
  const aMissing = a === null || a === undefined
  const bMissing = b === null || b === undefined
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

function coerce(text: string, like: unknown): unknown {
  if (typeof like === 'number') {
    const number = Number(text)
    return Number.isNaN(number) ? text : number
  }
  if (typeof like === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

function matchesOne(actual: unknown, op: FilterOp, text: string): boolean {
  if (Array.isArray(actual)) return actual.some((item) => matchesOne(item, op, text))
  switch (op) {
    case 'eq':
      return actual !== undefined && actual !== null && coerce(text, actual) === actual
    case 'ne':
      return !(actual !== undefined && actual !== null && coerce(text, actual) === actual)
    case 'like':
      return (
        actual !== undefined &&
        actual !== null &&
        String(actual).toLowerCase().includes(text.toLowerCase())
      )
    case 'is':
      return text === 'null' ? actual === null || actual === undefined : String(actual) === text
    case 'is_not':
      return text === 'null' ? actual !== null && actual !== undefined : String(actual) !== text
    default: {
      if (actual === undefined || actual === null) return false
      const order = compareValues(actual, coerce(text, actual))
      if (op === 'gt') return order > 0
      if (op === 'gte') return order >= 0
      if (op === 'lt') return order < 0
      return order <= 0
    }
  }
}

function matchesFilter(actual: unknown, filter: Filter): boolean {
  // `field=a,b` means any of; `field_ne=a,b` means none of.
  if (filter.op === 'ne') return filter.values.every((text) => matchesOne(actual, 'ne', text))
  return filter.values.some((text) => matchesOne(actual, filter.op, text))
}

// --- the engine --------------------------------------------------------------------

interface CachedResult {
  version: number
  records: readonly unknown[]
}

export interface ResolvedList<R> {
  records: readonly R[]
  /** The sort tuple of a record (sort keys then the unique key). */
  keyOf: (record: R) => unknown[]
  compareKeys: (a: unknown[], b: unknown[]) => number
}

export class ListEngine {
  private readonly cache = new Map<string, CachedResult>()

  constructor(private readonly version: () => number) {}

  resolve<R>(spec: CollectionSpec<R>, query: ListQuery, scope?: Scope<R>): ResolvedList<R> {
    const sort = withKey(query.sort, spec.key)
    const accessor = makeAccessor(spec)
    const keyOf = (record: R) => sort.map((key) => accessor(record, key.path))
    const compareKeys = (a: unknown[], b: unknown[]) => {
      for (let index = 0; index < sort.length; index++) {
        const order = compareValues(a[index], b[index])
        if (order !== 0) return sort[index].descending ? -order : order
      }
      return 0
    }

    const cacheKey = JSON.stringify([spec.name, scope?.key, query.filters, sort, query.search])
    const version = this.version()
    const cached = this.cache.get(cacheKey)
    if (cached && cached.version === version) {
      return { records: cached.records as R[], keyOf, compareKeys }
    }

    let records: readonly R[] = spec.records()
    const predicates = this.predicates(spec, query, scope, accessor)
    if (predicates.length > 0) {
      records = records.filter((record) => predicates.every((predicate) => predicate(record)))
    }
    const isKeyOrder = sort.length === 1 && !sort[0].descending
    if (!isKeyOrder) {
      const decorated = records.map((record) => ({ record, keys: keyOf(record) }))
      decorated.sort((a, b) => compareKeys(a.keys, b.keys))
      records = decorated.map((entry) => entry.record)
    }
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(cacheKey, { version, records })
    return { records, keyOf, compareKeys }
  }

  private predicates<R>(
    spec: CollectionSpec<R>,
    query: ListQuery,
    scope: Scope<R> | undefined,
    accessor: (record: R, path: string) => unknown,
  ): ((record: R) => boolean)[] {
    const predicates: ((record: R) => boolean)[] = []
    if (scope) predicates.push(scope.allows)
    for (const filter of query.filters) {
      const custom = spec.customFilters?.[filter.param]
      predicates.push(
        custom ? custom(filter) : (record) => matchesFilter(accessor(record, filter.path), filter),
      )
    }
    if (query.search && spec.search) {
      const needle = query.search.toLowerCase()
      const search = spec.search
      predicates.push((record) => search(record, needle))
    }
    return predicates
  }
}

function withKey(sort: SortKey[], key: string): SortKey[] {
  return sort.some((entry) => entry.path === key)
    ? sort
    : [...sort, { path: key, descending: false }]
}

function makeAccessor<R>(spec: CollectionSpec<R>): (record: R, path: string) => unknown {
  // Views are built at most once per record per query.
  const views = new WeakMap<object, Record<string, unknown>>()
  return (record, path) => {
    const fast = spec.fields?.[path]
    if (fast) return fast(record)
    let view = views.get(record as object)
    if (!view) views.set(record as object, (view = spec.view(record)))
    return readPath(view, path)
  }
}

// --- pages -------------------------------------------------------------------------

export interface KeysetPage<R> {
  items: readonly R[]
  next: unknown[] | null
  prev: unknown[] | null
}

/** Index of the first record whose key is greater than (or, with `inclusive`, equal to) `keys`. */
function bound<R>(list: ResolvedList<R>, keys: unknown[], inclusive: boolean): number {
  let low = 0
  let high = list.records.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const order = list.compareKeys(list.keyOf(list.records[middle]), keys)
    if (order < 0 || (order === 0 && !inclusive)) low = middle + 1
    else high = middle
  }
  return low
}

export function keysetPage<R>(
  list: ResolvedList<R>,
  position: { after?: unknown[]; before?: unknown[] },
  limit: number,
): KeysetPage<R> {
  const total = list.records.length
  let start: number
  let end: number
  if (position.before) {
    end = bound(list, position.before, true)
    start = Math.max(0, end - limit)
  } else {
    start = position.after ? bound(list, position.after, false) : 0
    end = Math.min(total, start + limit)
  }
  const items = list.records.slice(start, end)
  return {
    items,
    next: end < total && items.length > 0 ? list.keyOf(items[items.length - 1]) : null,
    prev: start > 0 && items.length > 0 ? list.keyOf(items[0]) : null,
  }
}

// --- cursors -----------------------------------------------------------------------

interface CursorBody {
  /** The query that continues the scan (filters, sort, select). */
  q: string
  a?: unknown[]
  b?: unknown[]
}

export function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url')
}

export function decodeCursor(cursor: string): CursorBody {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody
    if (typeof body.q !== 'string') throw new Error('no query')
    if (body.a !== undefined && !Array.isArray(body.a)) throw new Error('bad position')
    if (body.b !== undefined && !Array.isArray(body.b)) throw new Error('bad position')
    return body
  } catch {
    throw new DomainError(
      'validation',
      'invalid_cursor',
      'cursor is not valid',
      undefined,
      'cursor',
    )
  }
}

// --- select ------------------------------------------------------------------------

/** Keeps only the selected (dotted) fields of a view. */
export function selectFields(
  view: Record<string, unknown>,
  select: string[] | null,
): Record<string, unknown> {
  if (!select) return view
  const result: Record<string, unknown> = {}
  for (const path of select) {
    const parts = path.split('.')
    let source: unknown = view
    let target = result
    for (let index = 0; index < parts.length; index++) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) break
      const part = parts[index]
      if (!(part in (source as object))) break
      const value = (source as Record<string, unknown>)[part]
      if (index === parts.length - 1) {
        target[part] = value
      } else {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          target[part] = value
          break
        }
        let child = target[part] as Record<string, unknown> | undefined
        if (!child) target[part] = child = {}
        target = child
        source = value
      }
    }
  }
  return result
}

export function parseSelect(raw: string | null): string[] | null {
  if (!raw) return null
  const fields = raw
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
  return fields.length > 0 ? fields : null
}

export { invalid }
