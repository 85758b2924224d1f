import { z } from 'zod/v4'
import { V3TokenAuthenticator, type Credentials } from './auth'
import { WatcherError } from './errors'
import { LIST_PAGE_SIZE, V3_STREAM_ORGANIZATION_FILTER, V3_STREAM_SELECT } from './inferred'
import {
  memberFromV3,
  organizationFromV3,
  organizationToV3,
  permissionsToV3,
  presetFromV3,
  presetToV3,
  streamFromV3,
  streamToV3,
  userFromV3,
  userToV3,
} from './mapping-v3'
import {
  v3Envelope,
  v3ErrorBody,
  v3Member,
  v3Organization,
  v3Preset,
  v3Stream,
  v3User,
} from './schemas-v3'
import { encodeName, Transport, type ParsedErrorBody, type QueryValue } from './transport'
import type {
  MemberPermissions,
  OrganizationInput,
  PresetSettings,
  StreamInput,
  StreamListOptions,
  StreamUpdate,
  UserInput,
  UserUpdate,
  WatcherApi,
  WatcherMember,
  WatcherOrganization,
  WatcherPreset,
  WatcherStream,
  WatcherUser,
} from './types'

const CLIENT = '/watcher/client-api/v3'
const ADMIN = '/watcher/admin-api/v3'
const DEFAULT_STREAM_PAGE = 1_000

export function parseV3ErrorBody(body: unknown): ParsedErrorBody {
  const parsed = v3ErrorBody.safeParse(body)
  if (!parsed.success) return {}
  const [error] = parsed.data.errors
  return {
    code: error.code ?? undefined,
    message: error.title ?? undefined,
    pointer: error.source?.pointer ?? error.source?.parameter ?? undefined,
  }
}

/** Watcher API v3 (Watcher 24.x and later). */
export class WatcherApiV3 implements WatcherApi {
  readonly version = 'v3' as const

  constructor(
    private readonly transport: Transport,
    credentials: Credentials,
  ) {
    transport.authenticator = new V3TokenAuthenticator(transport, credentials, `${CLIENT}/login`)
  }

  async checkConnection(): Promise<void> {
    await this.transport.request({
      method: 'GET',
      path: `${CLIENT}/organizations`,
      query: { limit: 1 },
      schema: v3Envelope('organizations', v3Organization),
    })
  }

  // --- organizations -----------------------------------------------------------------

  async listOrganizations(): Promise<WatcherOrganization[]> {
    return collect(
      this.pages(`${CLIENT}/organizations`, 'organizations', v3Organization),
      organizationFromV3,
    )
  }

  async getOrganization(id: number): Promise<WatcherOrganization> {
    return organizationFromV3(await this.get(`${CLIENT}/organizations/${id}`, v3Organization))
  }

  async createOrganization(input: OrganizationInput): Promise<WatcherOrganization> {
    const body = await this.send(
      'POST',
      `${CLIENT}/organizations`,
      organizationToV3(input),
      v3Organization,
    )
    return organizationFromV3(body)
  }

  async updateOrganization(
    id: number,
    input: Partial<OrganizationInput>,
  ): Promise<WatcherOrganization> {
    const body = await this.send(
      'PUT',
      `${CLIENT}/organizations/${id}`,
      organizationToV3(input),
      v3Organization,
    )
    return organizationFromV3(body)
  }

  async deleteOrganization(id: number): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${CLIENT}/organizations/${id}` })
  }

  // --- members -------------------------------------------------------------------------

  async listMembers(organizationId: number): Promise<WatcherMember[]> {
    return collect(
      this.pages(`${CLIENT}/organizations/${organizationId}/users`, 'users', v3Member),
      memberFromV3,
    )
  }

  async putMember(
    organizationId: number,
    userId: number,
    permissions: Partial<MemberPermissions>,
  ): Promise<WatcherMember> {
    const path = `${CLIENT}/organizations/${organizationId}/users/${userId}`
    return memberFromV3(await this.send('PUT', path, permissionsToV3(permissions), v3Member))
  }

  async removeMember(organizationId: number, userId: number): Promise<void> {
    await this.transport.request({
      method: 'DELETE',
      path: `${CLIENT}/organizations/${organizationId}/users/${userId}`,
    })
  }

  // --- users -----------------------------------------------------------------------------

  async listUsers(filter: { organizationId?: number } = {}): Promise<WatcherUser[]> {
    return collect(
      this.pages(`${ADMIN}/users`, 'users_list', v3User, {
        organization_id: filter.organizationId,
      }),
      userFromV3,
    )
  }

  async getUser(id: number): Promise<WatcherUser> {
    return userFromV3(await this.get(`${ADMIN}/users/${id}`, v3User))
  }

  async findUserByLogin(login: string): Promise<WatcherUser | null> {
    // A comma would mean "any of" in a filter value, so such logins are matched here instead.
    const query = login.includes(',') ? {} : { name: login }
    for await (const user of this.pages(`${ADMIN}/users`, 'users_list', v3User, query)) {
      if (user.name === login) return userFromV3(user)
    }
    return null
  }

  async createUser(input: UserInput): Promise<WatcherUser> {
    return userFromV3(await this.send('POST', `${ADMIN}/users`, userToV3(input), v3User))
  }

  async updateUser(id: number, input: UserUpdate): Promise<WatcherUser> {
    return userFromV3(await this.send('PUT', `${ADMIN}/users/${id}`, userToV3(input), v3User))
  }

  async deleteUser(id: number): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${ADMIN}/users/${id}` })
  }

  // --- presets ---------------------------------------------------------------------------

  async listPresets(filter: { organizationId?: number } = {}): Promise<WatcherPreset[]> {
    return collect(
      this.pages(`${ADMIN}/presets`, 'presets', v3Preset, {
        organization_id: filter.organizationId,
      }),
      presetFromV3,
    )
  }

  async getPreset(id: number): Promise<WatcherPreset> {
    return presetFromV3(await this.get(`${ADMIN}/presets/${id}`, v3Preset))
  }

  async createPreset(settings: PresetSettings): Promise<WatcherPreset> {
    return presetFromV3(
      await this.send('POST', `${ADMIN}/presets`, presetToV3(settings, false), v3Preset),
    )
  }

  async updatePreset(id: number, settings: PresetSettings): Promise<WatcherPreset> {
    const body = await this.send(
      'PUT',
      `${ADMIN}/presets/${id}`,
      presetToV3(settings, true),
      v3Preset,
    )
    return presetFromV3(body)
  }

  async linkPreset(organizationId: number, presetId: number): Promise<void> {
    await this.transport.request({
      method: 'PUT',
      path: `${ADMIN}/organizations/${organizationId}/presets`,
      json: { preset_id: presetId },
    })
  }

  async unlinkPreset(organizationId: number, presetId: number): Promise<void> {
    await this.transport.request({
      method: 'DELETE',
      path: `${ADMIN}/organizations/${organizationId}/presets/${presetId}`,
    })
  }

  // --- streams ---------------------------------------------------------------------------

  async *streams(options: StreamListOptions = {}): AsyncIterableIterator<WatcherStream> {
    const select = options.titles ? `${V3_STREAM_SELECT},title` : V3_STREAM_SELECT
    const query = { select, [V3_STREAM_ORGANIZATION_FILTER]: options.organizationId }
    const pages = this.pages(`${ADMIN}/streams`, 'streams', v3Stream, query, {
      pageSize: options.pageSize ?? DEFAULT_STREAM_PAGE,
      keepOnCursor: { select },
    })
    for await (const stream of pages) yield streamFromV3(stream, options.titles)
  }

  async getStream(name: string): Promise<WatcherStream> {
    const path = `${ADMIN}/streams/${encodeName(name)}`
    return streamFromV3(await this.get(path, v3Stream, { select: V3_STREAM_SELECT }))
  }

  /** PUT creates the stream, or updates it when the name is taken (Watcher's semantics). */
  async createStream(input: StreamInput): Promise<WatcherStream> {
    const path = `${ADMIN}/streams/${encodeName(input.name)}`
    return streamFromV3(await this.send('PUT', path, streamToV3(input), v3Stream))
  }

  async updateStream(name: string, update: StreamUpdate): Promise<WatcherStream> {
    const path = `${ADMIN}/streams/${encodeName(name)}`
    return streamFromV3(await this.send('PUT', path, streamToV3(update), v3Stream))
  }

  async deleteStream(name: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${ADMIN}/streams/${encodeName(name)}` })
  }

  // --- plumbing --------------------------------------------------------------------------

  private get<T>(path: string, schema: z.ZodType<T>, query?: Record<string, QueryValue>) {
    return this.transport.request({ method: 'GET', path, schema, query })
  }

  private send<T>(method: 'POST' | 'PUT', path: string, json: unknown, schema: z.ZodType<T>) {
    return this.transport.request({ method, path, json, schema })
  }

  /** Follows `next` cursors; the first request carries the filters, later ones the cursor. */
  private async *pages<K extends string, T extends z.ZodTypeAny>(
    path: string,
    key: K,
    item: T,
    query: Record<string, QueryValue> = {},
    options: { pageSize?: number; keepOnCursor?: Record<string, QueryValue> } = {},
  ): AsyncGenerator<z.infer<T>> {
    const schema = v3Envelope(key, item)
    const limit = options.pageSize ?? LIST_PAGE_SIZE
    let cursor: string | null = null
    for (;;) {
      const request: Record<string, QueryValue> = cursor
        ? { ...options.keepOnCursor, cursor, limit }
        : { ...query, limit }
      const page = await this.transport.request({ method: 'GET', path, query: request, schema })
      const items = page[key]
      for (const entry of items) yield entry
      const next = page.next ?? null
      if (!next) return
      if (next === cursor || items.length === 0) {
        throw new WatcherError({
          status: 200,
          code: 'invalid_response',
          message: `Watcher answered GET ${path} with a cursor that does not move forward`,
          pointer: '/next',
          retryable: false,
          method: 'GET',
          path,
        })
      }
      cursor = next
    }
  }
}

async function collect<S, T>(source: AsyncIterable<S>, map: (item: S) => T): Promise<T[]> {
  const result: T[] = []
  for await (const item of source) result.push(map(item))
  return result
}
