import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WatcherError, type WatcherApi } from '../../src/plugins/watcher/client'

export interface ContractTarget {
  api: WatcherApi
  /** The same Watcher with a wrong password. */
  wrongPassword: WatcherApi
  close?: () => Promise<void>
}

/**
 * Watcher's behaviour as billing relies on it, through the client. Runs against the emulator
 * (v3 and v2) in `npm test`, and against a real Watcher with WATCHER_CONTRACT=real. It creates
 * and removes only its own objects (named `contract-<run>-...`); presets cannot be deleted in v3,
 * so they are only unlinked.
 */
export function describeWatcherContract(label: string, connect: () => Promise<ContractTarget>) {
  describe(`Watcher contract: ${label}`, () => {
    const run = `contract-${randomBytes(4).toString('hex')}`
    let target: ContractTarget
    let api: WatcherApi
    const created = {
      organizations: [] as number[],
      users: [] as number[],
      streams: [] as string[],
    }
    const linked: [number, number][] = []

    const newOrganization = async (suffix: string, extra = {}) => {
      const organization = await api.createOrganization({ title: `${run} ${suffix}`, ...extra })
      created.organizations.push(organization.id)
      return organization
    }
    const newUser = async (suffix: string, organizationId?: number) => {
      const user = await api.createUser({
        login: `${run}-${suffix}`,
        password: 'Secret-123',
        name: `User ${suffix}`,
        email: `${suffix}@example.test`,
        organizationId,
      })
      created.users.push(user.id)
      return user
    }
    const link = async (organizationId: number, presetId: number) => {
      await api.linkPreset(organizationId, presetId)
      linked.push([organizationId, presetId])
    }
    const newStream = async (suffix: string, organizationId: number, presetId?: number) => {
      const stream = await api.createStream({
        name: `${run}-${suffix}`,
        organizationId,
        presetId,
        title: `Camera ${suffix}`,
        url: 'fake://clock',
      })
      created.streams.push(stream.name)
      return stream
    }
    const billingPreset = (suffix: string) =>
      api.createPreset({
        title: `${run} ${suffix}`,
        archiveDays: 7,
        eventArchiveDays: 3,
        storageGb: 100,
        analytics: 'faces',
        isAdjustable: false,
      })
    const expectWatcherError = async (promise: Promise<unknown>, statuses: number[]) => {
      const error = await promise.then(
        () => null,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(WatcherError)
      expect(statuses).toContain((error as WatcherError).status)
      return error as WatcherError
    }

    beforeAll(async () => {
      target = await connect()
      api = target.api
    })

    afterAll(async () => {
      const ignore = () => undefined
      for (const name of created.streams) await api.deleteStream(name).catch(ignore)
      for (const [organizationId, presetId] of linked) {
        await api.unlinkPreset(organizationId, presetId).catch(ignore)
      }
      for (const id of created.users) await api.deleteUser(id).catch(ignore)
      for (const id of created.organizations) await api.deleteOrganization(id).catch(ignore)
      await target?.close?.()
    })

    it('connects with the administrator, and refuses a wrong password without retrying', async () => {
      await api.checkConnection()
      const error = await expectWatcherError(target.wrongPassword.checkConnection(), [401, 403])
      expect(error.retryable).toBe(false)
    })

    it('creates, reads, updates and deletes an organization with owner and limits', async () => {
      const owner = await newUser('owner')
      const organization = await newOrganization('crud', {
        ownerId: owner.id,
        cameraLimit: 10,
        userLimit: 5,
      })
      expect(organization).toMatchObject({
        title: `${run} crud`,
        ownerId: owner.id,
        cameraLimit: 10,
        userLimit: 5,
        isDefault: false,
      })
      const updated = await api.updateOrganization(organization.id, {
        title: `${run} crud renamed`,
        cameraLimit: 20,
      })
      expect(updated).toMatchObject({ title: `${run} crud renamed`, cameraLimit: 20, userLimit: 5 })
      expect((await api.getOrganization(organization.id)).title).toBe(`${run} crud renamed`)
      const listed = await api.listOrganizations()
      expect(listed.map((item) => item.id)).toContain(organization.id)
      expect(listed.some((item) => item.isDefault)).toBe(true)

      await api.deleteOrganization(organization.id)
      const error = await expectWatcherError(api.getOrganization(organization.id), [404])
      expect(error.isNotFound).toBe(true)
    })

    it('creates users, finds them by login, updates and deletes them', async () => {
      const organization = await newOrganization('users')
      const user = await newUser('alice', organization.id)
      expect(user).toMatchObject({
        login: `${run}-alice`,
        name: 'User alice',
        email: 'alice@example.test',
        disabled: false,
        isAdmin: false,
      })
      expect(user.organizationIds).toContain(organization.id)
      expect((await api.findUserByLogin(`${run}-alice`))?.id).toBe(user.id)
      expect(await api.findUserByLogin(`${run}-nobody`)).toBeNull()
      expect((await api.listUsers({ organizationId: organization.id })).map((u) => u.id)).toEqual([
        user.id,
      ])

      const suspended = await api.updateUser(user.id, { disabled: true, name: 'Alice Smith' })
      expect(suspended).toMatchObject({ disabled: true, name: 'Alice Smith' })
      expect((await api.getUser(user.id)).disabled).toBe(true)

      await expectWatcherError(
        api.createUser({ login: `${run}-alice`, password: 'x-Secret-1' }),
        [400, 409],
      )
      await api.deleteUser(user.id)
      await expectWatcherError(api.getUser(user.id), [404])
    })

    it('adds members with permissions, keeps permissions left out, removes them', async () => {
      const organization = await newOrganization('members')
      const user = await newUser('bob')
      const member = await api.putMember(organization.id, user.id, {
        canEditStreams: true,
        canViewStats: true,
      })
      expect(member.userId).toBe(user.id)
      expect(member.permissions).toMatchObject({ canEditStreams: true, canViewStats: true })
      expect(member.permissions.canEditUsers).toBe(false)

      const updated = await api.putMember(organization.id, user.id, { canEditUsers: true })
      expect(updated.permissions).toMatchObject({
        canEditStreams: true,
        canViewStats: true,
        canEditUsers: true,
      })
      const members = await api.listMembers(organization.id)
      expect(members.map((item) => item.userId)).toContain(user.id)
      expect((await api.getOrganization(organization.id)).userCount).toBe(members.length)

      await api.removeMember(organization.id, user.id)
      expect((await api.listMembers(organization.id)).map((item) => item.userId)).not.toContain(
        user.id,
      )
      expect((await api.getUser(user.id)).organizationIds).not.toContain(organization.id)
    })

    it('round-trips a billing preset in days, GB and analytics, and replaces its settings', async () => {
      const preset = await billingPreset('plan')
      expect(preset).toMatchObject({
        title: `${run} plan`,
        archiveDays: 7,
        eventArchiveDays: 3,
        storageGb: 100,
        analytics: 'faces',
        isAdjustable: false,
        isDefault: false,
        deleted: false,
      })
      const updated = await api.updatePreset(preset.id, {
        title: `${run} plan v2`,
        archiveDays: 30,
        analytics: 'plates',
        isAdjustable: false,
      })
      expect(updated).toMatchObject({
        title: `${run} plan v2`,
        archiveDays: 30,
        analytics: 'plates',
      })
      expect(updated.eventArchiveDays).toBeUndefined()
      expect(updated.storageGb).toBeUndefined()
      expect(await api.getPreset(preset.id)).toEqual(updated)
    })

    it('links presets to organizations; default presets are available everywhere', async () => {
      const organization = await newOrganization('links')
      const preset = await billingPreset('linked')
      const before = await api.listPresets({ organizationId: organization.id })
      expect(before.map((item) => item.id)).not.toContain(preset.id)
      expect(before.some((item) => item.isDefault)).toBe(true)

      await link(organization.id, preset.id)
      const after = await api.listPresets({ organizationId: organization.id })
      expect(after.map((item) => item.id)).toContain(preset.id)
      expect((await api.listPresets()).map((item) => item.id)).toContain(preset.id)

      await api.unlinkPreset(organization.id, preset.id)
      const unlinked = await api.listPresets({ organizationId: organization.id })
      expect(unlinked.map((item) => item.id)).not.toContain(preset.id)
    })

    it('lets a camera use only a preset linked to its organization or a default one', async () => {
      const organization = await newOrganization('rule')
      const preset = await billingPreset('rule')
      const error = await expectWatcherError(
        newStream('rule-refused', organization.id, preset.id),
        [400],
      )
      expect(error.pointer).toMatch(/preset/)

      await link(organization.id, preset.id)
      const stream = await newStream('rule-ok', organization.id, preset.id)
      expect(stream).toMatchObject({
        organizationId: organization.id,
        presetId: preset.id,
        disabled: false,
      })
      expect(stream.createdAt).toBeInstanceOf(Date)
      expect(Math.abs((stream.createdAt as Date).getTime() - Date.now())).toBeLessThan(
        24 * 3600_000,
      )

      const defaultPreset = (await api.listPresets({ organizationId: organization.id })).find(
        (item) => item.isDefault,
      )
      const onDefault = await newStream('rule-default', organization.id, defaultPreset?.id)
      expect(onDefault.presetId).toBe(defaultPreset?.id)
    })

    it('counts cameras live, disables them, and refuses to delete an organization with cameras', async () => {
      const organization = await newOrganization('cameras')
      const stream = await newStream('cam', organization.id)
      expect((await api.getOrganization(organization.id)).cameraCount).toBe(1)

      const disabled = await api.updateStream(stream.name, { disabled: true })
      expect(disabled.disabled).toBe(true)
      expect((await api.getStream(stream.name)).disabled).toBe(true)

      const error = await expectWatcherError(api.deleteOrganization(organization.id), [400, 409])
      expect(error.retryable).toBe(false)

      await api.deleteStream(stream.name)
      await expectWatcherError(api.getStream(stream.name), [404])
      expect((await api.getOrganization(organization.id)).cameraCount).toBe(0)
      await api.deleteOrganization(organization.id)
    })

    it('walks the streams of an organization page by page, each once, in name order', async () => {
      const organization = await newOrganization('paging')
      const names: string[] = []
      for (let index = 0; index < 23; index++) {
        names.push(
          (await newStream(`page-${String(index).padStart(2, '0')}`, organization.id)).name,
        )
      }
      const seen: string[] = []
      for await (const stream of api.streams({ organizationId: organization.id, pageSize: 5 })) {
        expect(stream.organizationId).toBe(organization.id)
        seen.push(stream.name)
      }
      expect(seen).toEqual([...names].sort())

      const all: string[] = []
      for await (const stream of api.streams({ pageSize: 50 })) all.push(stream.name)
      expect(new Set(all).size).toBe(all.length)
      for (const name of names) expect(all).toContain(name)
    })

    it('answers 404 for unknown objects, as a non-retryable WatcherError', async () => {
      const error = await expectWatcherError(api.getOrganization(987_654_321), [404])
      expect(error.retryable).toBe(false)
      await expectWatcherError(api.getStream(`${run}-missing`), [404])
    })
  })
}
