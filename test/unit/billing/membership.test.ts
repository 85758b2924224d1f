import { describe, expect, it } from 'vitest'
import {
  ALL_PERMISSIONS,
  DEFAULT_PERMISSIONS,
  administratorKeepsEverything,
  managerCreate,
  managerUpdate,
  membershipKey,
  membershipsWith,
  ownProfileRefusal,
  permissionsAsSent,
  permissionsAsStored,
  roleChangeRefusal,
  samePermissions,
  userLimitRefusal,
  withAdministratorMemberships,
} from '../../../src/billing/membership'

const full = (organization: number) => ({ organization, ...ALL_PERMISSIONS })
const viewer = (organization: number) => ({ organization, ...DEFAULT_PERMISSIONS })

describe('permissions as sent and as stored', () => {
  it('takes the defaults for unset permissions of a write: view streams only', () => {
    expect(permissionsAsSent({ organization: 1 })).toEqual({
      canViewStreams: true,
      canEditStreams: false,
      canEditUsers: false,
      canViewStats: false,
    })
    expect(permissionsAsSent({ canViewStreams: null, canEditUsers: true })).toMatchObject({
      canViewStreams: true,
      canEditUsers: true,
    })
  })

  it('grants only a stored true', () => {
    expect(permissionsAsStored({ organization: 1, canViewStreams: null })).toEqual({
      canViewStreams: false,
      canEditStreams: false,
      canEditUsers: false,
      canViewStats: false,
    })
  })

  it('compares memberships with unset permissions as their defaults', () => {
    expect(samePermissions({ organization: 1 }, viewer(1))).toBe(true)
    expect(samePermissions({ canViewStreams: false }, { organization: 1 })).toBe(false)
    expect(samePermissions(undefined, viewer(2))).toBe(true)
  })

  it('keys memberships regardless of their order', () => {
    expect(membershipKey([full(2), { organization: { id: 1 } }])).toBe(
      membershipKey([viewer(1), full(2)]),
    )
    expect(membershipKey([viewer(1)])).not.toBe(membershipKey([full(1)]))
    expect(membershipKey(undefined)).toBe('[]')
  })
})

describe('administrators are members with every permission', () => {
  it('adds the missing membership and completes a partial one', () => {
    const result = withAdministratorMemberships([viewer(1), viewer(3)], [1, 2])
    expect(result).toEqual([full(1), viewer(3), full(2)])
  })

  it('answers the same array when nothing changes, so the caller skips the write', () => {
    const memberships = [full(1), viewer(3)]
    expect(withAdministratorMemberships(memberships, [1])).toBe(memberships)
    expect(withAdministratorMemberships(memberships, [])).toBe(memberships)
  })

  it('refuses a manager taking a permission from an administrator, naming the organization', () => {
    const administered = [{ id: 4, title: 'North' }]
    expect(administratorKeepsEverything('ann', [full(4)], administered)).toBeUndefined()
    expect(
      administratorKeepsEverything('ann', [{ ...full(4), canViewStats: false }], administered),
    ).toEqual({
      field: 'memberships',
      message:
        'ann administers "North" and keeps every permission there; the operator can name another administrator',
    })
    expect(administratorKeepsEverything('ann', [], administered)?.field).toBe('memberships')
  })
})

describe('roles', () => {
  const decide = (
    actorRole: string,
    operation: 'create' | 'update',
    role: string | undefined,
    originalRole?: string,
  ) => roleChangeRefusal({ actorRole, operation, role, originalRole })

  it('lets a subscriber create only subscribers and never change a role', () => {
    expect(decide('subscriber', 'create', undefined)).toBeUndefined()
    expect(decide('subscriber', 'create', 'subscriber')).toBeUndefined()
    expect(decide('subscriber', 'create', 'accountant')?.message).toBe(
      'only the operator sets roles',
    )
    expect(decide('subscriber', 'update', 'subscriber', 'subscriber')).toBeUndefined()
    expect(decide('subscriber', 'update', 'admin', 'subscriber')?.field).toBe('role')
  })

  it('lets only the admin grant or take the admin role', () => {
    expect(decide('accountant', 'update', 'admin', 'subscriber')?.message).toBe(
      'only the admin grants or takes the admin role',
    )
    expect(decide('accountant', 'update', 'subscriber', 'admin')?.message).toBe(
      'only the admin grants or takes the admin role',
    )
    expect(decide('accountant', 'update', 'admin', 'admin')).toBeUndefined()
    expect(decide('accountant', 'create', 'accountant')).toBeUndefined()
    expect(decide('admin', 'update', 'subscriber', 'admin')).toBeUndefined()
  })
})

describe('a subscriber writing its own user', () => {
  const original = { role: 'subscriber', memberships: [full(1)], disabled: false }

  it('changes its profile but not its role, memberships or disabled flag', () => {
    expect(
      ownProfileRefusal(
        { role: 'subscriber', memberships: [{ organization: 1, ...ALL_PERMISSIONS }] },
        original,
      ),
    ).toBeUndefined()
    expect(ownProfileRefusal({ role: 'admin' }, original)?.field).toBe('role')
    expect(ownProfileRefusal({ memberships: [viewer(1)] }, original)?.field).toBe('memberships')
    expect(ownProfileRefusal({ disabled: true }, original)?.field).toBe('disabled')
    expect(ownProfileRefusal({ disabled: null }, original)).toBeUndefined()
  })
})

describe('a member manager creating a user', () => {
  it('creates subscribers with memberships only where it manages users', () => {
    const data = {
      login: 'bo',
      email: 'bo@example.com',
      password: 'secret12',
      memberships: [viewer(1), viewer(2)],
    }
    expect(managerCreate(data, [1, 2])).toEqual({ data, joined: [1, 2], administratorCheck: false })
    expect(managerCreate(data, [1]).refusal).toEqual({
      field: 'memberships',
      message: 'you do not manage the users of organization 2',
    })
    expect(managerCreate(data, []).refusal?.message).toBe(
      'you do not manage the users of any organization',
    )
  })

  it('refuses other fields, other roles and a user without a membership', () => {
    expect(
      managerCreate({ login: 'bo', disabled: true, memberships: [viewer(1)] }, [1]).refusal,
    ).toEqual({
      field: 'disabled',
      message: 'only the operator sets this field',
    })
    expect(
      managerCreate({ login: 'bo', disabled: false, memberships: [viewer(1)] }, [1]).refusal,
    ).toBeUndefined()
    expect(
      managerCreate({ role: 'accountant', memberships: [viewer(1)] }, [1]).refusal?.field,
    ).toBe('role')
    expect(managerCreate({ login: 'bo' }, [1]).refusal?.message).toBe(
      'a new user needs a membership in an organization whose users you manage',
    )
  })
})

describe('a member manager updating a user', () => {
  const member = {
    id: 9,
    login: 'bo',
    name: 'Bo',
    role: 'subscriber',
    memberships: [viewer(1), full(5)],
  }

  it('leaves users that are not its members to the access rules', () => {
    const data = { name: 'X' }
    expect(managerUpdate(data, { ...member, role: 'accountant' }, [1])).toEqual({
      data,
      joined: [],
      administratorCheck: false,
    })
    expect(managerUpdate(data, member, [7])).toEqual({
      data,
      joined: [],
      administratorCheck: false,
    })
  })

  it('changes the memberships it manages and keeps those it cannot see', () => {
    const decision = managerUpdate({ memberships: [full(1), viewer(2)] }, member, [1, 2])
    expect(decision).toEqual({
      data: { memberships: [full(1), viewer(2), full(5)] },
      joined: [2],
      administratorCheck: true,
    })
  })

  it('accepts a membership it does not manage sent back unchanged, and no other change to it', () => {
    expect(
      managerUpdate(
        { memberships: [viewer(1), { organization: 5, ...ALL_PERMISSIONS }] },
        member,
        [1],
      ).refusal,
    ).toBeUndefined()
    expect(
      managerUpdate({ memberships: [viewer(1), viewer(5)] }, member, [1]).refusal?.message,
    ).toBe('you do not manage the users of organization 5')
    expect(managerUpdate({ memberships: [viewer(6)] }, member, [1]).refusal?.message).toBe(
      'you do not manage the users of organization 6',
    )
  })

  it('refuses a change of the profile or the role', () => {
    expect(managerUpdate({ name: 'Other' }, member, [1]).refusal).toEqual({
      field: 'name',
      message: "you can change another user's memberships only; the user changes its own profile",
    })
    expect(managerUpdate({ name: 'Bo', login: 'bo', id: 9 }, member, [1]).refusal).toBeUndefined()
    expect(managerUpdate({ role: 'admin' }, member, [1]).refusal?.message).toBe(
      'only the operator sets roles',
    )
    expect(managerUpdate({ password: 'new-secret' }, member, [1]).refusal?.field).toBe('password')
    expect(managerUpdate({ password: '' }, member, [1]).refusal).toBeUndefined()
  })
})

describe('user limits and the portal forms', () => {
  it('refuses one member more than the limit, naming the counts', () => {
    expect(userLimitRefusal({ title: 'North', userLimit: 3 }, 2)).toBeUndefined()
    expect(userLimitRefusal({ title: 'North', userLimit: null }, 99)).toBeUndefined()
    expect(userLimitRefusal({ title: 'North', userLimit: 3 }, 3)).toBe(
      '"North" already has 3 of its 3 users: remove a member first, or ask the operator to raise the limit.',
    )
  })

  it('writes one organization’s permissions (or removes it) and keeps the others as read', () => {
    const memberships = [
      { organization: { id: 1 }, canViewStreams: true, canEditUsers: null },
      viewer(2),
    ]
    expect(membershipsWith(memberships, 2, null)).toEqual([
      {
        organization: 1,
        canViewStreams: true,
        canEditStreams: false,
        canEditUsers: false,
        canViewStats: false,
      },
    ])
    expect(membershipsWith(memberships, 2, { ...ALL_PERMISSIONS })).toEqual([
      {
        organization: 1,
        canViewStreams: true,
        canEditStreams: false,
        canEditUsers: false,
        canViewStats: false,
      },
      full(2),
    ])
  })
})
