import { z } from 'zod/v4'
import { V2Authenticator, type Credentials } from './auth'
import { WatcherError } from './errors'
import { LIST_PAGE_SIZE, V2_CAMERA_ORGANIZATION_FILTER } from './inferred'
import {
  memberFromV2,
  organizationFromV2,
  organizationToV2,
  permissionsToV2,
  presetFromV2,
  presetToV2,
  streamFromV2,
  streamToV2,
  userFromV2,
  userToV2,
} from './mapping-v2'
import {
  v2Camera,
  v2ErrorBody,
  v2Member,
  v2Organization,
  v2Preset,
  v2PresetLink,
  v2User,
} from './schemas-v2'
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

const BASE = '/vsaas/api/v2'
const DEFAULT_STREAM_PAGE = 1_000

export function parseV2ErrorBody(body: unknown): ParsedErrorBody {
  const parsed = v2ErrorBody.safeParse(body)
  if (!parsed.success) return {}
  return {
    code: parsed.data.error ?? undefined,
    message: parsed.data.error_message ?? undefined,
    pointer: parsed.data.field ?? undefined,
  }
}

/** Watcher API v2 (older installations). */
export class WatcherApiV2 implements WatcherApi {
  readonly version = 'v2' as const

  constructor(
    private readonly transport: Transport,
    credentials: Credentials,
    apiKey?: string,
  ) {
    transport.authenticator = new V2Authenticator(
      transport,
      credentials,
      apiKey,
      `${BASE}/auth/login`,
    )
  }

  async checkConnection(): Promise<void> {
    await this.transport.request({ method: 'GET', path: `${BASE}/auth/whoami` })
  }

  // --- organizations -----------------------------------------------------------------

  async listOrganizations(): Promise<WatcherOrganization[]> {
    return collect(this.pages(`${BASE}/organizations`, v2Organization), organizationFromV2)
  }

  async getOrganization(id: number): Promise<WatcherOrganization> {
    return organizationFromV2(await this.get(`${BASE}/organizations/${id}`, v2Organization))
  }

  async createOrganization(input: OrganizationInput): Promise<WatcherOrganization> {
    const body = await this.send(
      'POST',
      `${BASE}/organizations`,
      organizationToV2(input),
      v2Organization,
    )
    return organizationFromV2(body)
  }

  async updateOrganization(
    id: number,
    input: Partial<OrganizationInput>,
  ): Promise<WatcherOrganization> {
    const path = `${BASE}/organizations/${id}`
    return organizationFromV2(await this.send('PUT', path, organizationToV2(input), v2Organization))
  }

  async deleteOrganization(id: number): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${BASE}/organizations/${id}` })
  }

  // --- members -------------------------------------------------------------------------

  async listMembers(organizationId: number): Promise<WatcherMember[]> {
    return collect(
      this.pages(`${BASE}/organizations/${organizationId}/users`, v2Member),
      memberFromV2,
    )
  }

  /** Updates an existing member; adds the user with POST when it is not one yet. */
  async putMember(
    organizationId: number,
    userId: number,
    permissions: Partial<MemberPermissions>,
  ): Promise<WatcherMember> {
    const body = permissionsToV2(permissions)
    try {
      const path = `${BASE}/organizations/${organizationId}/users/${userId}`
      return memberFromV2(await this.send('PUT', path, body, v2Member))
    } catch (error) {
      if (!(error instanceof WatcherError && error.status === 404)) throw error
    }
    const path = `${BASE}/organizations/${organizationId}/users`
    return memberFromV2(await this.send('POST', path, { user_id: userId, ...body }, v2Member))
  }

  async removeMember(organizationId: number, userId: number): Promise<void> {
    await this.transport.request({
      method: 'DELETE',
      path: `${BASE}/organizations/${organizationId}/users/${userId}`,
    })
  }

  // --- users ---------------------------------------------------------------------------

  async listUsers(filter: { organizationId?: number } = {}): Promise<WatcherUser[]> {
    const users = await collect(this.pages(`${BASE}/users`, v2User), userFromV2)
    const { organizationId } = filter
    return organizationId === undefined
      ? users
      : users.filter((user) => user.organizationIds.includes(organizationId))
  }

  async getUser(id: number): Promise<WatcherUser> {
    return userFromV2(await this.get(`${BASE}/users/${id}`, v2User))
  }

  async findUserByLogin(login: string): Promise<WatcherUser | null> {
    // `search` is a substring match on several fields; keep the exact login only.
    for await (const user of this.pages(`${BASE}/users`, v2User, { search: login })) {
      if (user.login === login) return userFromV2(user)
    }
    return null
  }

  async createUser(input: UserInput): Promise<WatcherUser> {
    return userFromV2(await this.send('POST', `${BASE}/users`, userToV2(input), v2User))
  }

  async updateUser(id: number, input: UserUpdate): Promise<WatcherUser> {
    return userFromV2(await this.send('PUT', `${BASE}/users/${id}`, userToV2(input), v2User))
  }

  async deleteUser(id: number): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${BASE}/users/${id}` })
  }

  // --- presets -------------------------------------------------------------------------

  async listPresets(filter: { organizationId?: number } = {}): Promise<WatcherPreset[]> {
    const all = await collect(this.pages(`${BASE}/presets`, v2Preset), presetFromV2)
    if (filter.organizationId === undefined) return all
    // The presets a camera of that organization may use: its links plus the default presets.
    const links = this.pages(`${BASE}/organizations/${filter.organizationId}/presets`, v2PresetLink)
    const linked = new Set<number>()
    for await (const link of links) {
      const presetId = link.preset?.id ?? link.preset_id
      if (presetId != null) linked.add(presetId)
    }
    return all.filter((preset) => !preset.deleted && (preset.isDefault || linked.has(preset.id)))
  }

  async getPreset(id: number): Promise<WatcherPreset> {
    return presetFromV2(await this.get(`${BASE}/presets/${id}`, v2Preset))
  }

  async createPreset(settings: PresetSettings): Promise<WatcherPreset> {
    return presetFromV2(
      await this.send('POST', `${BASE}/presets`, presetToV2(settings, false), v2Preset),
    )
  }

  async updatePreset(id: number, settings: PresetSettings): Promise<WatcherPreset> {
    const body = await this.send(
      'PUT',
      `${BASE}/presets/${id}`,
      presetToV2(settings, true),
      v2Preset,
    )
    return presetFromV2(body)
  }

  async linkPreset(organizationId: number, presetId: number): Promise<void> {
    await this.transport.request({
      method: 'POST',
      path: `${BASE}/organizations/${organizationId}/presets`,
      json: { preset_id: presetId },
      // Linking twice is harmless, so a lost answer may be retried.
      idempotent: true,
    })
  }

  async unlinkPreset(organizationId: number, presetId: number): Promise<void> {
    await this.transport.request({
      method: 'DELETE',
      path: `${BASE}/organizations/${organizationId}/presets/${presetId}`,
    })
  }

  // --- cameras -------------------------------------------------------------------------

  async *streams(options: StreamListOptions = {}): AsyncIterableIterator<WatcherStream> {
    const query = { [V2_CAMERA_ORGANIZATION_FILTER]: options.organizationId }
    const pages = this.pages(
      `${BASE}/cameras`,
      v2Camera,
      query,
      options.pageSize ?? DEFAULT_STREAM_PAGE,
    )
    for await (const camera of pages) yield streamFromV2(camera, options.titles)
  }

  async getStream(name: string): Promise<WatcherStream> {
    return streamFromV2(await this.get(`${BASE}/cameras/${encodeName(name)}`, v2Camera))
  }

  async createStream(input: StreamInput): Promise<WatcherStream> {
    return streamFromV2(await this.send('POST', `${BASE}/cameras`, streamToV2(input), v2Camera))
  }

  async updateStream(name: string, update: StreamUpdate): Promise<WatcherStream> {
    const path = `${BASE}/cameras/${encodeName(name)}`
    return streamFromV2(await this.send('PUT', path, streamToV2(update), v2Camera))
  }

  async deleteStream(name: string): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: `${BASE}/cameras/${encodeName(name)}` })
  }

  // --- plumbing --------------------------------------------------------------------------

  private get<T>(path: string, schema: z.ZodType<T>) {
    return this.transport.request({ method: 'GET', path, schema })
  }

  private send<T>(method: 'POST' | 'PUT', path: string, json: unknown, schema: z.ZodType<T>) {
    return this.transport.request({ method, path, json, schema })
  }

  /** Offset pages until a short one; a Watcher that ignores `limit` ends the walk in one page. */
  private async *pages<T extends z.ZodTypeAny>(
    path: string,
    item: T,
    query: Record<string, QueryValue> = {},
    limit = LIST_PAGE_SIZE,
  ): AsyncGenerator<z.infer<T>> {
    const schema = z.array(item)
    let offset = 0
    for (;;) {
      const page = await this.transport.request({
        method: 'GET',
        path,
        query: { ...query, limit, offset },
        schema,
      })
      for (const entry of page) yield entry
      if (page.length !== limit) return
      offset += page.length
    }
  }
}

async function collect<S, T>(source: AsyncIterable<S>, map: (item: S) => T): Promise<T[]> {
  const result: T[] = []
  for await (const item of source) result.push(map(item))
  return result
}
