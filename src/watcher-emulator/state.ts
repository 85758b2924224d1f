import { DEFAULT_PRESET_EXPIRATION_SECONDS } from './inferred'
import { hashPassword } from './passwords'
import type {
  MemberRecord,
  OrganizationRecord,
  PresetLinkRecord,
  PresetRecord,
  StateSnapshot,
  StreamRecord,
  UserRecord,
} from './records'

export interface InitialAccounts {
  adminUser: string
  adminPassword: string
}

/**
 * The in-memory store: records plus the indexes the API needs to stay fast
 * (streams by name and in name order, counters per organization and preset).
 * It enforces no Watcher rules; `operations.ts` does.
 */
export class WatcherState {
  /** Bumped on every change; list caches are keyed by it. */
  version = 0
  nextIds = { user: 1, organization: 1, preset: 1, link: 1 }

  readonly users = new Map<number, UserRecord>()
  readonly userIdsByName = new Map<string, number>()
  readonly organizations = new Map<number, OrganizationRecord>()
  /** organization id -> user id -> membership */
  readonly members = new Map<number, Map<number, MemberRecord>>()
  /** user id -> organization ids */
  readonly organizationsOfUser = new Map<number, Set<number>>()
  readonly presets = new Map<number, PresetRecord>()
  /** organization id -> preset id -> link */
  readonly links = new Map<number, Map<number, PresetLinkRecord>>()
  readonly streams = new Map<string, StreamRecord>()
  readonly streamCountByOrganization = new Map<number, number>()
  readonly streamCountByPreset = new Map<number, number>()

  private streamNames: string[] = []
  private streamNamesSorted = true
  private sortedStreamsCache: { version: number; records: StreamRecord[] } | null = null

  constructor(
    private readonly accounts: InitialAccounts,
    readonly now: () => number,
  ) {
    this.reset()
  }

  changed(): void {
    this.version++
  }

  /** Back to a fresh Watcher: the administrator, the Default organization and the Default preset. */
  reset(): void {
    this.users.clear()
    this.userIdsByName.clear()
    this.organizations.clear()
    this.members.clear()
    this.organizationsOfUser.clear()
    this.presets.clear()
    this.links.clear()
    this.clearStreams()
    this.nextIds = { user: 1, organization: 1, preset: 1, link: 1 }
    const now = this.now()
    const admin = this.insertUser({
      name: this.accounts.adminUser,
      passwordHash: hashPassword(this.accounts.adminPassword),
      fullname: 'Administrator',
      email: null,
      phone: null,
      locale: null,
      note: null,
      disabled: false,
      accessLevel: 'admin',
      readonly: false,
      createdAt: now,
    })
    this.insertOrganization({
      title: 'Default organization',
      createdAt: now,
      isDefault: true,
      limits: { streams: null, users: null },
      dvrLimit: null,
      ownerId: admin.id,
    })
    this.insertPreset({
      title: 'Default preset',
      dvr: { expiration: DEFAULT_PRESET_EXPIRATION_SECONDS },
      vision: {},
      isAdjustable: true,
      isDefault: true,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
    this.changed()
  }

  // --- users -----------------------------------------------------------------

  insertUser(fields: Omit<UserRecord, 'id'>): UserRecord {
    const user: UserRecord = { id: this.nextIds.user++, ...fields }
    this.users.set(user.id, user)
    this.userIdsByName.set(user.name, user.id)
    this.changed()
    return user
  }

  renameUser(user: UserRecord, name: string): void {
    this.userIdsByName.delete(user.name)
    user.name = name
    this.userIdsByName.set(name, user.id)
    this.changed()
  }

  removeUser(id: number): void {
    const user = this.users.get(id)
    if (!user) return
    for (const organizationId of [...(this.organizationsOfUser.get(id) ?? [])]) {
      this.removeMember(organizationId, id)
    }
    for (const organization of this.organizations.values()) {
      if (organization.ownerId === id) organization.ownerId = null
    }
    this.users.delete(id)
    this.userIdsByName.delete(user.name)
    this.organizationsOfUser.delete(id)
    this.changed()
  }

  userByName(name: string): UserRecord | undefined {
    const id = this.userIdsByName.get(name)
    return id === undefined ? undefined : this.users.get(id)
  }

  // --- organizations -----------------------------------------------------------

  insertOrganization(fields: Omit<OrganizationRecord, 'id'>): OrganizationRecord {
    const organization: OrganizationRecord = { id: this.nextIds.organization++, ...fields }
    this.organizations.set(organization.id, organization)
    this.changed()
    return organization
  }

  removeOrganization(id: number): void {
    for (const userId of [...(this.members.get(id)?.keys() ?? [])]) this.removeMember(id, userId)
    this.members.delete(id)
    this.links.delete(id)
    this.organizations.delete(id)
    this.streamCountByOrganization.delete(id)
    this.changed()
  }

  defaultOrganization(): OrganizationRecord | undefined {
    for (const organization of this.organizations.values()) {
      if (organization.isDefault) return organization
    }
    return undefined
  }

  // --- members -------------------------------------------------------------------

  member(organizationId: number, userId: number): MemberRecord | undefined {
    return this.members.get(organizationId)?.get(userId)
  }

  upsertMember(record: MemberRecord): void {
    let byUser = this.members.get(record.organizationId)
    if (!byUser) this.members.set(record.organizationId, (byUser = new Map()))
    byUser.set(record.userId, record)
    let organizations = this.organizationsOfUser.get(record.userId)
    if (!organizations) this.organizationsOfUser.set(record.userId, (organizations = new Set()))
    organizations.add(record.organizationId)
    this.changed()
  }

  removeMember(organizationId: number, userId: number): boolean {
    const removed = this.members.get(organizationId)?.delete(userId) ?? false
    this.organizationsOfUser.get(userId)?.delete(organizationId)
    if (removed) this.changed()
    return removed
  }

  memberCount(organizationId: number): number {
    return this.members.get(organizationId)?.size ?? 0
  }

  // --- presets and links -----------------------------------------------------------

  insertPreset(fields: Omit<PresetRecord, 'id'>): PresetRecord {
    const preset: PresetRecord = { id: this.nextIds.preset++, ...fields }
    this.presets.set(preset.id, preset)
    this.changed()
    return preset
  }

  link(organizationId: number, presetId: number): PresetLinkRecord | undefined {
    return this.links.get(organizationId)?.get(presetId)
  }

  insertLink(organizationId: number, presetId: number): PresetLinkRecord {
    const existing = this.link(organizationId, presetId)
    if (existing) return existing
    const link: PresetLinkRecord = {
      id: this.nextIds.link++,
      organizationId,
      presetId,
      createdAt: this.now(),
    }
    let byPreset = this.links.get(organizationId)
    if (!byPreset) this.links.set(organizationId, (byPreset = new Map()))
    byPreset.set(presetId, link)
    this.changed()
    return link
  }

  removeLink(organizationId: number, presetId: number): boolean {
    const removed = this.links.get(organizationId)?.delete(presetId) ?? false
    if (removed) this.changed()
    return removed
  }

  linkCount(presetId: number): number {
    let count = 0
    for (const byPreset of this.links.values()) if (byPreset.has(presetId)) count++
    return count
  }

  // --- streams -----------------------------------------------------------------------

  /** Adds or replaces a stream, keeping the name order and the counters right. */
  putStream(stream: StreamRecord): void {
    const previous = this.streams.get(stream.name)
    if (previous) {
      this.count(this.streamCountByOrganization, previous.organizationId, -1)
      this.count(this.streamCountByPreset, previous.presetId, -1)
    } else {
      const names = this.streamNames
      if (this.streamNamesSorted && names.length > 0 && names[names.length - 1] >= stream.name) {
        this.streamNamesSorted = false
      }
      names.push(stream.name)
    }
    this.streams.set(stream.name, stream)
    this.count(this.streamCountByOrganization, stream.organizationId, 1)
    this.count(this.streamCountByPreset, stream.presetId, 1)
    this.changed()
  }

  removeStream(name: string): boolean {
    const stream = this.streams.get(name)
    if (!stream) return false
    this.streams.delete(name)
    this.count(this.streamCountByOrganization, stream.organizationId, -1)
    this.count(this.streamCountByPreset, stream.presetId, -1)
    const names = this.sortedStreamNames()
    const index = lowerBound(names, name)
    if (names[index] === name) names.splice(index, 1)
    this.changed()
    return true
  }

  /** All streams in name order; rebuilt only after a change. */
  sortedStreams(): StreamRecord[] {
    if (this.sortedStreamsCache?.version === this.version) return this.sortedStreamsCache.records
    const records = this.sortedStreamNames().map((name) => this.streams.get(name) as StreamRecord)
    this.sortedStreamsCache = { version: this.version, records }
    return records
  }

  private sortedStreamNames(): string[] {
    if (!this.streamNamesSorted) {
      this.streamNames.sort()
      this.streamNamesSorted = true
    }
    return this.streamNames
  }

  private clearStreams(): void {
    this.streams.clear()
    this.streamNames = []
    this.streamNamesSorted = true
    this.sortedStreamsCache = null
    this.streamCountByOrganization.clear()
    this.streamCountByPreset.clear()
  }

  private count(counter: Map<number, number>, key: number, delta: number): void {
    counter.set(key, (counter.get(key) ?? 0) + delta)
  }

  // --- persistence ---------------------------------------------------------------------

  snapshot(): StateSnapshot {
    return {
      format: 'watcher-emulator-state/1',
      nextIds: { ...this.nextIds },
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      members: [...this.members.values()].flatMap((byUser) => [...byUser.values()]),
      presets: [...this.presets.values()],
      links: [...this.links.values()].flatMap((byPreset) => [...byPreset.values()]),
      streams: this.sortedStreams(),
    }
  }

  restore(snapshot: StateSnapshot): void {
    this.reset()
    this.users.clear()
    this.userIdsByName.clear()
    this.organizations.clear()
    this.presets.clear()
    for (const user of snapshot.users) {
      this.users.set(user.id, user)
      this.userIdsByName.set(user.name, user.id)
    }
    for (const organization of snapshot.organizations) {
      this.organizations.set(organization.id, organization)
    }
    for (const member of snapshot.members) this.upsertMember(member)
    for (const preset of snapshot.presets) this.presets.set(preset.id, preset)
    for (const link of snapshot.links) {
      let byPreset = this.links.get(link.organizationId)
      if (!byPreset) this.links.set(link.organizationId, (byPreset = new Map()))
      byPreset.set(link.presetId, link)
    }
    for (const stream of snapshot.streams) this.putStream(stream)
    this.nextIds = { ...snapshot.nextIds }
    this.changed()
  }
}

export function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle] < value) low = middle + 1
    else high = middle
  }
  return low
}
