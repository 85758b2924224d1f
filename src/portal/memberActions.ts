'use server'

import { redirect } from 'next/navigation'
import type { Payload } from 'payload'
import { messages, type Locale } from '../i18n'
import type { Organization, User } from '../payload-types'
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
import { organizationLocale } from './pageLanguage'
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

/** A text field of the form, empty when it is missing. */
const formText = (form: FormData, name: string) => String(form.get(name) ?? '')

const usersPage = (organizationId: number | string) => `/portal/o/${organizationId}/users`

/** The language of the answer: the page's (the user's own, else the organization's). */
async function answerIn(user: User, organization: Organization | null) {
  const locale = await organizationLocale(user, organization)
  return { locale, t: messages(locale).portal.errors }
}

export async function addMemberAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = formText(form, 'organization')
  const values = {
    login: formText(form, 'login').trim(),
    name: formText(form, 'name').trim(),
    email: formText(form, 'email').trim(),
    access: form.get('access') === 'password' ? 'password' : 'invite',
    ...Object.fromEntries(PERMISSIONS.map((p) => [p, form.get(p) === 'on' ? 'on' : ''])),
  }
  const password = formText(form, 'password')
  const organization = await readableOrganization(payload, user, organizationId)
  const { locale, t } = await answerIn(user, organization)
  if (!organization) return { error: t.organizationNotVisible, values }
  if (!values.login) return { error: t.loginMissing, field: 'login', values }
  if (!values.email) return { error: t.emailAddressMissing, field: 'email', values }
  if (values.access === 'password' && password.length < MIN_PASSWORD_LENGTH) {
    return {
      error: t.passwordTooShort({ min: MIN_PASSWORD_LENGTH }),
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
      { organizationTitle: organization.title, locale },
    )
    login = created.login
    emailFailed = created.emailFailed === true
  } catch (error) {
    const described = describeError(error, locale)
    if (!described.field && !(error as { isPublic?: boolean })?.isPublic) {
      payload.logger.error({ err: error }, 'portal: adding a member failed')
    }
    return { error: described.message, field: described.field, values }
  }
  const done = values.access === 'password' ? 'added' : emailFailed ? 'unsent' : 'invited'
  redirect(`${usersPage(organization.id)}?${done}=${encodeURIComponent(login)}`)
}

interface MemberChange {
  payload: Payload
  user: User
  member: User
  organizationId: number
  locale: Locale
}

/**
 * Applies `change` to the member the form names, when the user may manage it, and goes back to
 * the users page saying what was `done`; a refusal or an error stays on the form.
 */
async function changeMember(
  form: FormData,
  done: 'updated' | 'removed',
  change: (context: MemberChange) => Promise<MemberFormState | void>,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = formText(form, 'organization')
  const organization = await readableOrganization(payload, user, organizationId)
  const { locale, t } = await answerIn(user, organization)
  const member = organization
    ? await readableMember(payload, user, organization.id, formText(form, 'member'))
    : null
  if (!organization || !member) return { error: t.notManageable }
  try {
    const refused = await change({
      payload,
      user,
      member,
      organizationId: organization.id,
      locale,
    })
    if (refused) return refused
  } catch (error) {
    return { error: describeError(error, locale).message }
  }
  redirect(`${usersPage(organization.id)}?${done}=${encodeURIComponent(member.login)}`)
}

export async function updatePermissionsAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  return changeMember(
    form,
    'updated',
    async ({ payload, user, member, organizationId, locale }) => {
      await updateMemberPermissions(
        payload,
        user,
        member,
        organizationId,
        permissionsFrom(form),
        locale,
      )
    },
  )
}

export async function removeMemberAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  return changeMember(
    form,
    'removed',
    async ({ payload, user, member, organizationId, locale }) => {
      const t = messages(locale).portal.errors
      if (member.id === user.id) return { error: t.cannotRemoveSelf }
      if (form.get('confirm') !== 'on') return { error: t.confirmRemoval, field: 'confirm' }
      await removeMember(payload, user, member, organizationId)
    },
  )
}

export async function resendInvitationAction(
  _previous: MemberFormState,
  form: FormData,
): Promise<MemberFormState> {
  const { payload, user } = await requireSession()
  const organizationId = formText(form, 'organization')
  const organization = await readableOrganization(payload, user, organizationId)
  const { locale, t } = await answerIn(user, organization)
  const member = organization
    ? await readableMember(payload, user, organization.id, formText(form, 'member'))
    : null
  if (!organization || !member) return { error: t.notManageable }
  try {
    await sendPasswordEmail(payload, member.email, {
      invitation: { organization: organization.title, invitedBy: user.name || user.login },
    })
  } catch (error) {
    payload.logger.error({ err: error }, 'portal: sending a password e-mail failed')
    return { error: t.emailNotSent }
  }
  return { message: messages(locale).portal.member.passwordEmailSent({ email: member.email }) }
}
