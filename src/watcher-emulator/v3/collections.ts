import type { EmulatorContext } from '../context'
import type { Filter, CollectionSpec } from '../query'
import type {
  MemberRecord,
  OrganizationRecord,
  PresetRecord,
  StreamRecord,
  UserRecord,
} from '../records'
import { memberView, organizationView, presetView, streamView, userView } from './views'

/** v3 collections for the list engine: views, fast fields and the non-field filters. */

const ids = (filter: Filter) => filter.values.map(Number)

export function organizationsCollection(
  context: EmulatorContext,
): CollectionSpec<OrganizationRecord> {
  return {
    name: 'v3.organizations',
    records: () => [...context.state.organizations.values()],
    key: 'id',
    view: (organization) => organizationView(context, organization),
    fields: { id: (organization) => organization.id, title: (organization) => organization.title },
  }
}

export function membersCollection(
  context: EmulatorContext,
  organizationId: number,
): CollectionSpec<MemberRecord> {
  return {
    name: `v3.members.${organizationId}`,
    records: () =>
      [...(context.state.members.get(organizationId)?.values() ?? [])].sort(
        (a, b) => a.userId - b.userId,
      ),
    key: 'id',
    view: (member) => memberView(context, member),
    fields: { id: (member) => member.userId },
  }
}

export function usersCollection(context: EmulatorContext): CollectionSpec<UserRecord> {
  const { state } = context
  return {
    name: 'v3.users',
    records: () => [...state.users.values()],
    key: 'id',
    view: (user) => userView(context, user),
    fields: { id: (user) => user.id, name: (user) => user.name },
    customFilters: {
      organization_id: (filter) => (user) =>
        ids(filter).some((id) => state.organizationsOfUser.get(user.id)?.has(id) ?? false),
    },
  }
}

export function presetsCollection(context: EmulatorContext): CollectionSpec<PresetRecord> {
  const { state, ops } = context
  return {
    name: 'v3.presets',
    records: () => [...state.presets.values()],
    key: 'id',
    view: (preset) => presetView(context, preset),
    fields: { id: (preset) => preset.id },
    customFilters: {
      // The presets a stream of that organization may use.
      organization_id: (filter) => (preset) =>
        ids(filter).some((id) => ops.presetAllowed(id, preset)),
    },
  }
}

export function streamsCollection(context: EmulatorContext): CollectionSpec<StreamRecord> {
  return {
    name: 'v3.streams',
    records: () => context.state.sortedStreams(),
    key: 'name',
    view: (stream, only) => streamView(context, stream, only),
    fields: {
      name: (stream) => stream.name,
      disabled: (stream) => stream.disabled,
      created_at: (stream) => stream.createdAt,
      organization_id: (stream) => stream.organizationId,
      'organization.id': (stream) => stream.organizationId,
      preset_id: (stream) => stream.presetId,
      'preset.id': (stream) => stream.presetId,
    },
  }
}
