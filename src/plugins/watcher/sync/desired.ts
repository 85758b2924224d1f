/**
 * What Watcher should hold for a billing document: the mapping table of watcher-api.md
 * ("From a subscription to a preset") and DESIGN.md section 3, in billing's terms. Pure functions.
 */
import { localeOr } from '../../../i18n'
import type { Organization, Service, Subscription, User } from '../../../payload-types'
import type {
  MemberPermissions,
  PresetSettings,
  WatcherOrganization,
  WatcherPreset,
  WatcherUser,
} from '../client'
import { SETTING_OF_SERVICE } from './serviceSettings'

export function presetSettings(subscription: Subscription): PresetSettings {
  const settings: PresetSettings = { title: subscription.title, isAdjustable: false }
  for (const service of subscription.services ?? []) {
    if (typeof service !== 'object')
      throw new Error(`subscription ${subscription.id}: services not loaded`)
    applyService(settings, service)
  }
  return settings
}

function applyService(settings: PresetSettings, service: Service): void {
  const setting = SETTING_OF_SERVICE[service.kind]
  if (service[setting]) Object.assign(settings, { [setting]: service[setting] })
}

const presetKeys = [
  'title',
  'archiveDays',
  'eventArchiveDays',
  'storageGb',
  'analytics',
  'isAdjustable',
] as const

/** The settings where Watcher's preset differs from billing's, as `name: watcher → billing`. */
export function presetDifferences(current: WatcherPreset, desired: PresetSettings): string[] {
  return presetKeys
    .filter((key) => (current[key] ?? null) !== (desired[key] ?? null))
    .map((key) => `${key}: ${show(current[key])} → ${show(desired[key])}`)
}

export interface OrganizationState {
  title: string
  ownerId: number | null
  cameraLimit: number | null
  userLimit: number | null
}

export function organizationState(
  organization: Organization,
  ownerId: number | null,
): OrganizationState {
  return {
    title: organization.title,
    ownerId,
    cameraLimit: organization.cameraLimit ?? null,
    userLimit: organization.userLimit ?? null,
  }
}

export function organizationDifferences(
  current: WatcherOrganization,
  desired: OrganizationState,
): string[] {
  return (Object.keys(desired) as (keyof OrganizationState)[])
    .filter((key) => (current[key] ?? null) !== desired[key])
    .map((key) => `${key}: ${show(current[key])} → ${show(desired[key])}`)
}

/** Staff (admin, accountant) work in billing only; subscribers are mirrored into Watcher. */
export function isMirroredUser(user: Pick<User, 'role'>): boolean {
  return user.role === 'subscriber'
}

export interface UserState {
  login: string
  name: string | null
  email: string | null
  disabled: boolean
  /** The language billing speaks to the user: its own, else its (first) organization's. */
  locale: string
}

export function userState(user: User, organizationLocale?: string | null): UserState {
  return {
    login: user.login,
    name: user.name || null,
    email: user.email || null,
    disabled: Boolean((user as { disabled?: boolean | null }).disabled),
    locale: localeOr(user.locale, localeOr(organizationLocale)),
  }
}

/** What differs between Watcher's user and billing's; the language only where Watcher has it (v3). */
export function userDifferences(current: WatcherUser, desired: UserState): string[] {
  return (Object.keys(desired) as (keyof UserState)[])
    .filter((key) => key !== 'locale' || current.locale !== undefined)
    .filter((key) => (current[key] ?? null) !== (desired[key] ?? null))
    .map((key) => `${key}: ${show(current[key])} → ${show(desired[key])}`)
}

export function memberPermissions(
  membership: NonNullable<User['memberships']>[number],
): MemberPermissions {
  return {
    canViewStreams: Boolean(membership.canViewStreams),
    canEditStreams: Boolean(membership.canEditStreams),
    canEditUsers: Boolean(membership.canEditUsers),
    canViewStats: Boolean(membership.canViewStats),
  }
}

export function samePermissions(a: MemberPermissions, b: MemberPermissions): boolean {
  return (
    a.canViewStreams === b.canViewStreams &&
    a.canEditStreams === b.canEditStreams &&
    a.canEditUsers === b.canEditUsers &&
    a.canViewStats === b.canViewStats
  )
}

function show(value: unknown): string {
  return value === undefined || value === null ? '—' : JSON.stringify(value)
}
