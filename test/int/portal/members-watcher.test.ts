/**
 * What the portal's Users page does (src/portal/members.ts, as the signed-in manager through the
 * Local API with overrideAccess: false) reaches Watcher through the sync plugin: a new member with
 * its permissions, a permission change, a removal.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncUntilQuiet,
  V3_ADMIN,
  V3_CLIENT,
  watcherGet,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'
import type { Organization, User } from '../../../src/payload-types'
import { createMember, removeMember, updateMemberPermissions } from '../../../src/portal'

const tag = `pw-${Date.now().toString(36)}`
let payload: Payload
let emulator: WatcherEmulator
let manager: User
let organization: Organization
let other: Organization

const reload = async <T>(collection: 'users' | 'organizations', id: number) =>
  (await payload.findByID({ collection, id, depth: 0 })) as unknown as T

async function watcherMembers(organizationId: number) {
  const body = await watcherGet(
    emulator,
    `${V3_CLIENT}/organizations/${organizationId}/users?limit=100`,
  )
  return body.users as {
    id: number
    name: string
    permissions: { organization: Record<string, boolean> }
  }[]
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  const owner = await payload.create({
    collection: 'users',
    data: {
      login: `manager-${tag}`,
      email: `manager-${tag}@example.test`,
      name: 'Mona Manager',
      password: PASSWORD,
      role: 'subscriber',
    } as never,
  })
  organization = (await payload.create({
    collection: 'organizations',
    data: { title: `Portal org ${tag}`, administrator: owner.id, userLimit: 10 } as never,
  })) as Organization
  other = (await payload.create({
    collection: 'organizations',
    data: { title: `Other org ${tag}` } as never,
  })) as Organization
  await syncUntilQuiet(payload)
  organization = await reload<Organization>('organizations', organization.id)
  other = await reload<Organization>('organizations', other.id)
  manager = await reload<User>('users', owner.id)
  expect(organization.watcher?.status).toBe('synced')
})
afterAll(() => emulator?.close())

describe('members managed from the portal, in Watcher', () => {
  let memberId: number

  it('a user created from the portal is a member in Watcher with the permissions set, and its password works', async () => {
    const created = await createMember(
      payload,
      manager,
      {
        organizationId: organization.id,
        login: `camera-op-${tag}`,
        name: 'Carla Camera',
        email: `camera-op-${tag}@example.test`,
        password: 'Portal-Made-Pass-1',
        permissions: {
          canViewStreams: true,
          canEditStreams: true,
          canEditUsers: false,
          canViewStats: true,
        },
      },
      { organizationTitle: organization.title },
    )
    memberId = created.id
    await syncUntilQuiet(payload)
    const member = await reload<User>('users', created.id)
    expect(member.watcher?.status).toBe('synced')
    const inWatcher = (await watcherMembers(organization.watcher!.id!)).find(
      (m) => m.id === member.watcher!.id,
    )
    expect(inWatcher?.permissions.organization).toMatchObject({
      can_view_streams: true,
      can_edit_streams: true,
      can_edit_users: false,
      can_view_stats: true,
    })
    expect(await watcherLogin(emulator, `camera-op-${tag}`, 'Portal-Made-Pass-1')).toBe(200)
  })

  it('a permission change reaches Watcher', async () => {
    const member = await reload<User>('users', memberId)
    await updateMemberPermissions(payload, manager, member, organization.id, {
      canViewStreams: true,
      canEditStreams: false,
      canEditUsers: true,
      canViewStats: false,
    })
    await syncUntilQuiet(payload)
    const watcherId = (await reload<User>('users', memberId)).watcher!.id
    const inWatcher = (await watcherMembers(organization.watcher!.id!)).find(
      (m) => m.id === watcherId,
    )
    expect(inWatcher?.permissions.organization).toMatchObject({
      can_edit_streams: false,
      can_edit_users: true,
      can_view_stats: false,
    })
  })

  it('an invitation creates the member with a password nobody knows and e-mails a link to choose one', async () => {
    const sent = vi.spyOn(payload.email, 'sendEmail')
    try {
      const created = await createMember(
        payload,
        manager,
        {
          organizationId: organization.id,
          login: `invitee-${tag}`,
          name: '',
          email: `invitee-${tag}@example.test`,
          permissions: {
            canViewStreams: true,
            canEditStreams: false,
            canEditUsers: false,
            canViewStats: false,
          },
        },
        { organizationTitle: organization.title },
      )
      expect(created.invited).toBe(true)
      expect(sent).toHaveBeenCalledTimes(1)
      const message = sent.mock.calls[0]![0] as { to: string; subject: string; html: string }
      expect(message.to).toBe(`invitee-${tag}@example.test`)
      expect(message.subject).toContain(organization.title)
      expect(message.html).toMatch(/\/portal\/reset-password\?token=[0-9a-f]{40}/)
      expect(message.html).toContain('Mona Manager')
      await syncUntilQuiet(payload)
      const watcherId = (await reload<User>('users', created.id)).watcher!.id
      expect(
        (await watcherMembers(organization.watcher!.id!)).some((m) => m.id === watcherId),
      ).toBe(true)
    } finally {
      sent.mockRestore()
    }
  })

  it('an invitation whose e-mail fails still creates the user, and says so', async () => {
    const failing = vi
      .spyOn(payload.email, 'sendEmail')
      .mockRejectedValue(new Error('SMTP is down'))
    try {
      const created = await createMember(
        payload,
        manager,
        {
          organizationId: organization.id,
          login: `unsent-${tag}`,
          name: '',
          email: `unsent-${tag}@example.test`,
          permissions: {
            canViewStreams: true,
            canEditStreams: false,
            canEditUsers: false,
            canViewStats: false,
          },
        },
        { organizationTitle: organization.title },
      )
      expect(created).toMatchObject({ invited: true, emailFailed: true })
      expect((await reload<User>('users', created.id)).login).toBe(`unsent-${tag}`)
    } finally {
      failing.mockRestore()
    }
  })

  it('removing the last membership deletes the user, in billing and in Watcher', async () => {
    const member = await reload<User>('users', memberId)
    const watcherId = member.watcher!.id!
    expect(await removeMember(payload, manager, member, organization.id)).toBe('deleted')
    await syncUntilQuiet(payload)
    expect(
      (await payload.find({ collection: 'users', where: { id: { equals: memberId } } })).docs,
    ).toHaveLength(0)
    expect((await watcherMembers(organization.watcher!.id!)).some((m) => m.id === watcherId)).toBe(
      false,
    )
    const found = await watcherGet(emulator, `${V3_ADMIN}/users?name=camera-op-${tag}&limit=10`)
    expect(found.users_list).toEqual([])
  })

  it('a member of another organization only loses this membership', async () => {
    const both = await payload.create({
      collection: 'users',
      data: {
        login: `both-${tag}`,
        email: `both-${tag}@example.test`,
        password: PASSWORD,
        role: 'subscriber',
        memberships: [
          { organization: organization.id, canViewStreams: true },
          { organization: other.id, canViewStreams: true, canViewStats: true },
        ],
      } as never,
    })
    await syncUntilQuiet(payload)
    // as the manager reads it: the other organization's membership is hidden
    const asManager = await payload.findByID({
      collection: 'users',
      id: both.id,
      user: manager,
      overrideAccess: false,
      depth: 0,
    })
    expect(asManager.memberships).toHaveLength(1)
    expect(await removeMember(payload, manager, asManager, organization.id)).toBe('removed')
    await syncUntilQuiet(payload)
    const stored = await reload<User>('users', both.id)
    expect(stored.memberships?.map((m) => m.organization)).toEqual([other.id])
    const watcherId = stored.watcher!.id
    expect((await watcherMembers(organization.watcher!.id!)).some((m) => m.id === watcherId)).toBe(
      false,
    )
    const inOther = (await watcherMembers(other.watcher!.id!)).find((m) => m.id === watcherId)
    expect(inOther?.permissions.organization).toMatchObject({ can_view_stats: true })
  })
})
