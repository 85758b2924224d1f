'use server'

import { redirect } from 'next/navigation'
import { readableOrganization } from './data'
import { MIN_PASSWORD_LENGTH, PERMISSIONS, type Permissions } from './memberOptions'
import {
  createMember,
  describeError,
  readableMember,
  removeMember,
  sendPasswordEmail,
  updateMemberPermissions,
} from './members'
import { requireSession } from './session'

export interface MemberFormState {
  error?: string
  /** The field the error concerns (its input gets aria-invalid). */
  field?: string
  values?: Record<string, string>
  message?: string
}

function permissionsFrom(form: FormData): Permissions {
  return Object.fromEntries(
    PERMISSIONS.map((permission) => [permission, form.get(permission) === 'on']),
  ) as Permissions
}

const usersPage = (organizationId: number | string) => `/portal/o/${organizationId}/users`

export async function addMemberAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = String(form.get('organization') ?? '')
  const values = {
    login: String(form.get('login') ?? '').trim(),
    name: String(form.get('name') ?? '').trim(),
    email: String(form.get('email') ?? '').trim(),
    access: form.get('access') === 'password' ? 'password' : 'invite',
    ...Object.fromEntries(PERMISSIONS.map((p) => [p, form.get(p) === 'on' ? 'on' : ''])),
  }
  const password = String(form.get('password') ?? '')
  const organization = await readableOrganization(payload, user, organizationId)
  if (!organization) return { error: 'This organization is not one you can see.', values }
  if (!values.login) return { error: 'Enter a login.', field: 'login', values }
  if (!values.email) return { error: 'Enter an e-mail address.', field: 'email', values }
  if (values.access === 'password' && password.length < MIN_PASSWORD_LENGTH) {
    return {
      error: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
      field: 'password',
      values,
    }
  }
  let login: string
  let emailFailed = false
  try {
    const created = await createMember(
      payload,
      user,
      {
        organizationId: organization.id,
        login: values.login,
        name: values.name,
        email: values.email,
        password: values.access === 'password' ? password : undefined,
        permissions: permissionsFrom(form),
      },
      { organizationTitle: organization.title },
    )
    login = created.login
    emailFailed = created.emailFailed === true
  } catch (error) {
    const described = describeError(error)
    if (!described.field && !(error as { isPublic?: boolean })?.isPublic) {
      payload.logger.error({ err: error }, 'portal: adding a member failed')
    }
    return { error: described.message, field: described.field, values }
  }
  const done = values.access === 'password' ? 'added' : emailFailed ? 'unsent' : 'invited'
  redirect(`${usersPage(organization.id)}?${done}=${encodeURIComponent(login)}`)
}

export async function updatePermissionsAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = String(form.get('organization') ?? '')
  const member = /^\d+$/.test(organizationId)
    ? await readableMember(payload, user, Number(organizationId), String(form.get('member') ?? ''))
    : null
  if (!member) return { error: 'That user is not a member you can manage.' }
  try {
    await updateMemberPermissions(
      payload,
      user,
      member,
      Number(organizationId),
      permissionsFrom(form),
    )
  } catch (error) {
    return { error: describeError(error).message }
  }
  redirect(`${usersPage(organizationId)}?updated=${encodeURIComponent(member.login)}`)
}

export async function removeMemberAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = String(form.get('organization') ?? '')
  const member = /^\d+$/.test(organizationId)
    ? await readableMember(payload, user, Number(organizationId), String(form.get('member') ?? ''))
    : null
  if (!member) return { error: 'That user is not a member you can manage.' }
  if (member.id === user.id)
    return { error: 'You cannot remove yourself; another member who manages users can.' }
  if (form.get('confirm') !== 'on')
    return { error: 'Tick the box to confirm the removal.', field: 'confirm' }
  try {
    await removeMember(payload, user, member, Number(organizationId))
  } catch (error) {
    return { error: describeError(error).message }
  }
  redirect(`${usersPage(organizationId)}?removed=${encodeURIComponent(member.login)}`)
}

export async function resendInvitationAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = String(form.get('organization') ?? '')
  const organization = await readableOrganization(payload, user, organizationId)
  const member = organization
    ? await readableMember(payload, user, organization.id, String(form.get('member') ?? ''))
    : null
  if (!organization || !member) return { error: 'That user is not a member you can manage.' }
  try {
    await sendPasswordEmail(payload, member.email, {
      invitation: { organization: organization.title, invitedBy: user.name || user.login },
    })
  } catch (error) {
    payload.logger.error({ err: error }, 'portal: sending a password e-mail failed')
    return { error: 'The e-mail could not be sent. Try again in a moment.' }
  }
  return { message: `An e-mail to choose a password is on its way to ${member.email}.` }
}
