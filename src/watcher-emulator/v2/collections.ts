import type { EmulatorContext } from '../context'
import type { CollectionSpec } from '../query'
import type {
  MemberRecord,
  OrganizationRecord,
  PresetLinkRecord,
  PresetRecord,
  StreamRecord,
  UserRecord,
} from '../records'
import {
  cameraViewV2,
  memberViewV2,
  organizationViewV2,
  presetLinkViewV2,
  presetViewV2,
  userViewV2,
} from './views'

/** v2 collections: the same engine, v2 views, and `search` over the fields v2 searches. */

const contains = (needle: string, ...values: (string | null | undefined)[]) =>
  values.some((value) => value?.toLowerCase().includes(needle))

export function organizationsCollectionV2(
  context: EmulatorContext,
): CollectionSpec<OrganizationRecord> {
  return {
    name: 'v2.organizations',
    records: () => [...context.state.organizations.values()],
    key: 'id',
    view: (organization) => organizationViewV2(context, organization),
    fields: { id: (organization) => organization.id },
    search: (organization, needle) => contains(needle, organization.title),
  }
}

export function membersCollectionV2(
  context: EmulatorContext,
  organizationId: number,
): CollectionSpec<MemberRecord> {
  return {
    name: `v2.members.${organizationId}`,
    records: () =>
      [...(context.state.members.get(organizationId)?.values() ?? [])].sort(
        (a, b) => a.userId - b.userId,
      ),
    key: 'id',
    view: (member) => memberViewV2(context, member),
    fields: { id: (member) => member.userId },
    search: (member, needle) => {
      const user = context.state.users.get(member.userId)
      return contains(needle, user?.name, user?.fullname)
    },
  }
}

export function usersCollectionV2(context: EmulatorContext): CollectionSpec<UserRecord> {
  return {
    name: 'v2.users',
    records: () => [...context.state.users.values()],
    key: 'id',
    view: (user) => userViewV2(context, user),
    fields: { id: (user) => user.id, login: (user) => user.name },
    search: (user, needle) => contains(needle, user.name, user.fullname, user.email),
  }
}

export function presetsCollectionV2(context: EmulatorContext): CollectionSpec<PresetRecord> {
  return {
    name: 'v2.presets',
    records: () => [...context.state.presets.values()].filter((preset) => !preset.deletedAt),
    key: 'id',
    view: (preset) => presetViewV2(preset),
    fields: { id: (preset) => preset.id },
    search: (preset, needle) => contains(needle, preset.title),
  }
}

export function presetLinksCollectionV2(
  context: EmulatorContext,
  organizationId: number,
): CollectionSpec<PresetLinkRecord> {
  return {
    name: `v2.links.${organizationId}`,
    records: () =>
      [...(context.state.links.get(organizationId)?.values() ?? [])].sort((a, b) => a.id - b.id),
    key: 'id',
    view: (link) => presetLinkViewV2(context, link),
    fields: { id: (link) => link.id },
  }
}

export function camerasCollectionV2(context: EmulatorContext): CollectionSpec<StreamRecord> {
  return {
    name: 'v2.cameras',
    records: () => context.state.sortedStreams(),
    key: 'name',
    view: (stream) => cameraViewV2(context, stream),
    fields: {
      name: (stream) => stream.name,
      organization_id: (stream) => stream.organizationId,
      preset_id: (stream) => stream.presetId,
      enabled: (stream) => !stream.disabled,
    },
    search: (stream, needle) => contains(needle, stream.name, stream.title, stream.comment),
  }
}
