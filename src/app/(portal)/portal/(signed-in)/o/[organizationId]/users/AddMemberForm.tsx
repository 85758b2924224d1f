'use client'

import { useActionState, useState } from 'react'
import { addMemberAction, type MemberFormState } from '../../../../../../../portal/memberActions'
import {
  MIN_PASSWORD_LENGTH,
  PERMISSION_LABELS,
  PERMISSIONS,
} from '../../../../../../../portal/memberOptions'
import { FormError, invalid } from '../../../../../../../portal/FormError'

/** New member: login, name, e-mail, an invitation or a password, and the four permissions. */
export function AddMemberForm({ organizationId }: { organizationId: number }) {
  const [state, action, pending] = useActionState<MemberFormState, FormData>(addMemberAction, {})
  const values = state.values ?? {}
  const [access, setAccess] = useState(values.access === 'password' ? 'password' : 'invite')
  return (
    <form action={action} noValidate aria-describedby={state.error ? 'add-error' : undefined}>
      <FormError id="add-error" message={state.error} />
      <input type="hidden" name="organization" value={organizationId} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="new-login">Login</label>
          <input
            id="new-login"
            name="login"
            required
            autoComplete="off"
            maxLength={64}
            pattern="[A-Za-z0-9._@\-]+"
            aria-describedby="new-login-hint"
            defaultValue={values.login}
            {...invalid(state, 'login')}
          />
          <span id="new-login-hint" className="hint">
            Also the Watcher login: letters, digits and . _ - @
          </span>
        </div>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input
            id="new-name"
            name="name"
            autoComplete="off"
            maxLength={200}
            defaultValue={values.name}
            {...invalid(state, 'name')}
          />
        </div>
        <div className="field">
          <label htmlFor="new-email">E-mail</label>
          <input
            id="new-email"
            name="email"
            type="email"
            required
            autoComplete="off"
            defaultValue={values.email}
            {...invalid(state, 'email')}
          />
        </div>
      </div>
      <fieldset className="choices">
        <legend>Password</legend>
        <label>
          <input
            type="radio"
            name="access"
            value="invite"
            checked={access === 'invite'}
            onChange={() => setAccess('invite')}
            aria-describedby="access-invite-hint"
          />{' '}
          Send an invitation
        </label>
        <span id="access-invite-hint" className="hint">
          An e-mail lets the user choose their own password.
        </span>
        <label>
          <input
            type="radio"
            name="access"
            value="password"
            checked={access === 'password'}
            onChange={() => setAccess('password')}
            aria-describedby="access-now-hint"
          />{' '}
          Type it now
        </label>
        <span id="access-now-hint" className="hint">
          You give the password to the user yourself.
        </span>
      </fieldset>
      {access === 'password' ? (
        <div className="field">
          <label htmlFor="new-password">Password</label>
          <input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD_LENGTH}
            required
            aria-describedby="new-password-hint"
            {...invalid(state, 'password')}
          />
          <span id="new-password-hint" className="hint">
            At least {MIN_PASSWORD_LENGTH} characters.
          </span>
        </div>
      ) : null}
      <fieldset className="choices">
        <legend>Permissions</legend>
        {PERMISSIONS.map((permission) => (
          <label key={permission}>
            <input
              type="checkbox"
              name={permission}
              defaultChecked={
                state.values ? values[permission] === 'on' : permission === 'canViewStreams'
              }
            />{' '}
            {PERMISSION_LABELS[permission]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </button>
    </form>
  )
}
