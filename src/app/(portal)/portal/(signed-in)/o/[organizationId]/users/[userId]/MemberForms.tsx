'use client'

import { useActionState } from 'react'
import { FormError, invalid } from '../../../../../../../../portal/FormError'
import {
  removeMemberAction,
  resendInvitationAction,
  updatePermissionsAction,
  type MemberFormState,
} from '../../../../../../../../portal/memberActions'
import {
  PERMISSION_LABELS,
  PERMISSIONS,
  type Permissions,
} from '../../../../../../../../portal/memberOptions'

interface Props {
  organizationId: number
  organizationTitle: string
  member: { id: number; login: string; email: string }
  permissions: Permissions
  administrator: boolean
  self: boolean
}

/** Change the member's permissions, send it a password e-mail, remove it from the organization. */
export function MemberForms({
  organizationId,
  organizationTitle,
  member,
  permissions,
  administrator,
  self,
}: Props) {
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
        <h2 id="permissions-heading">Permissions</h2>
        {administrator ? (
          <p className="note">
            The administrator of {organizationTitle} always has every permission; the operator can
            name another administrator.
          </p>
        ) : null}
        <form action={save}>
          <FormError id="permissions-error" message={saved.error} />
          <input type="hidden" name="organization" value={organizationId} />
          <input type="hidden" name="member" value={member.id} />
          <fieldset className="choices" disabled={locked}>
            <legend>
              Permissions of {member.login} in {organizationTitle}
            </legend>
            {PERMISSIONS.map((permission) => (
              <label key={permission}>
                <input type="checkbox" name={permission} defaultChecked={permissions[permission]} />{' '}
                {PERMISSION_LABELS[permission]}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={saving || locked}>
            {saving ? 'Saving…' : 'Save permissions'}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <form action={send}>
          <FormError id="password-error" message={sent.error} />
          {sent.message ? (
            <p className="notice" role="status">
              {sent.message}
            </p>
          ) : null}
          <input type="hidden" name="organization" value={organizationId} />
          <input type="hidden" name="member" value={member.id} />
          <p>
            Sends {member.email} a link to choose a new password (for Billing and Watcher). Nobody
            else learns it.
          </p>
          <button type="submit" className="button-secondary" disabled={sending}>
            {sending ? 'Sending…' : 'Send password e-mail'}
          </button>
        </form>
      </section>

      <section className="card" aria-labelledby="remove-heading">
        <h2 id="remove-heading">Remove from {organizationTitle}</h2>
        {locked ? (
          <p>
            {self
              ? 'You cannot remove yourself; another member who manages users can.'
              : `The administrator of ${organizationTitle} stays a member.`}
          </p>
        ) : (
          <form action={remove}>
            <FormError id="remove-error" message={removed.error} />
            <input type="hidden" name="organization" value={organizationId} />
            <input type="hidden" name="member" value={member.id} />
            <p>
              {member.login} loses access to {organizationTitle} in Billing and Watcher. A user left
              without any organization is deleted.
            </p>
            <div className="check">
              <input
                id="confirm-remove"
                type="checkbox"
                name="confirm"
                required
                {...invalid(removed, 'confirm')}
              />
              <label htmlFor="confirm-remove">Yes, remove {member.login}</label>
            </div>
            <button type="submit" className="button-danger" disabled={removing}>
              {removing ? 'Removing…' : 'Remove from organization'}
            </button>
          </form>
        )}
      </section>
    </>
  )
}
