'use client'

import { useActionState } from 'react'
import { FormError, invalid } from '../../../../../../../../portal/FormError'
import {
  removeMemberAction,
  resendInvitationAction,
  updatePermissionsAction,
  type MemberFormState,
} from '../../../../../../../../portal/memberActions'
import { PERMISSIONS, type Permissions } from '../../../../../../../../portal/memberOptions'
import { messages, type Locale } from '../../../../../../../../i18n'

interface Props {
  organizationId: number
  organizationTitle: string
  member: { id: number; login: string; email: string }
  permissions: Permissions
  administrator: boolean
  self: boolean
  locale: Locale
}

/** Change the member's permissions, send it a password e-mail, remove it from the organization. */
export function MemberForms({
  organizationId,
  organizationTitle,
  member,
  permissions,
  administrator,
  self,
  locale,
}: Props) {
  const t = messages(locale).portal.member
  const permissionLabels = messages(locale).portal.permissions
  const organization = organizationTitle
  const [saved, save, saving] = useActionState<MemberFormState, FormData>(
    updatePermissionsAction,
    {},
  )
  const [sent, send, sending] = useActionState<MemberFormState, FormData>(
    resendInvitationAction,
    {},
  )
  const [removed, remove, removing] = useActionState<MemberFormState, FormData>(
    removeMemberAction,
    {},
  )
  const locked = administrator || self
  return (
    <>
      <section className="card" aria-labelledby="permissions-heading">
        <h2 id="permissions-heading">{t.permissions}</h2>
        {administrator ? <p className="note">{t.administratorHasAll({ organization })}</p> : null}
        <form action={save}>
          <FormError id="permissions-error" message={saved.error} />
          <input type="hidden" name="organization" value={organizationId} />
          <input type="hidden" name="member" value={member.id} />
          <fieldset className="choices" disabled={locked}>
            <legend>{t.permissionsOf({ login: member.login, organization })}</legend>
            {PERMISSIONS.map((permission) => (
              <label key={permission}>
                <input type="checkbox" name={permission} defaultChecked={permissions[permission]} />{' '}
                {permissionLabels[permission]}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={saving || locked}>
            {saving ? t.saving : t.savePermissions}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t.password}</h2>
        <form action={send}>
          <FormError id="password-error" message={sent.error} />
          {sent.message ? (
            <p className="notice" role="status">
              {sent.message}
            </p>
          ) : null}
          <input type="hidden" name="organization" value={organizationId} />
          <input type="hidden" name="member" value={member.id} />
          <p>{t.passwordEmailText({ email: member.email })}</p>
          <button type="submit" className="button-secondary" disabled={sending}>
            {sending ? t.sending : t.sendPasswordEmail}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="remove-heading">
        <h2 id="remove-heading">{t.removeFrom({ organization })}</h2>
        {locked ? (
          <p>{self ? t.cannotRemoveSelf : t.administratorStays({ organization })}</p>
        ) : (
          <form action={remove}>
            <FormError id="remove-error" message={removed.error} />
            <input type="hidden" name="organization" value={organizationId} />
            <input type="hidden" name="member" value={member.id} />
            <p>{t.removeText({ login: member.login, organization })}</p>
            <div className="check">
              <input
                id="confirm-remove"
                type="checkbox"
                name="confirm"
                required
                {...invalid(removed, 'confirm')}
              />
              <label htmlFor="confirm-remove">{t.confirmRemove({ login: member.login })}</label>
            </div>
            <button type="submit" className="button-danger" disabled={removing}>
              {removing ? t.removing : t.remove}
            </button>
          </form>
        )}
      </section>
    </>
  )
}
