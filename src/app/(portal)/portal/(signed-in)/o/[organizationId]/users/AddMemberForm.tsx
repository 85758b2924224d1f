'use client'

import { Fragment, useActionState, useState } from 'react'
import { addMemberAction, type MemberFormState } from '../../../../../../../portal/memberActions'
import {
  MIN_PASSWORD_LENGTH,
  PERMISSION_LABELS,
  PERMISSIONS,
} from '../../../../../../../portal/memberOptions'
import { FormError, invalid } from '../../../../../../../portal/FormError'
import { LabelledField } from '../../../../LabelledField'

// how the new member gets a password
const ACCESS_CHOICES = [
  {
    value: 'invite',
    label: 'Send an invitation',
    hintId: 'access-invite-hint',
    hint: 'An e-mail lets the user choose their own password.',
  },
  {
    value: 'password',
    label: 'Type it now',
    hintId: 'access-now-hint',
    hint: 'You give the password to the user yourself.',
  },
] as const

/** New member: login, name, e-mail, an invitation or a password, and the four permissions. */
export function AddMemberForm({ organizationId }: { organizationId: number }) {
  const [state, action, pending] = useActionState<MemberFormState, FormData>(addMemberAction, {})
  const values = state.values ?? {}
  const [access, setAccess] = useState<'invite' | 'password'>(
    values.access === 'password' ? 'password' : 'invite',
  )
  return (
    <form action={action} noValidate aria-describedby={state.error ? 'add-error' : undefined}>
      <FormError id="add-error" message={state.error} />
      <input type="hidden" name="organization" value={organizationId} />
      <div className="form-grid">
        <LabelledField
          id="new-login"
          label="Login"
          name="login"
          required
          autoComplete="off"
          maxLength={64}
          pattern="[A-Za-z0-9._@\-]+"
          defaultValue={values.login}
          {...invalid(state, 'login')}
          hint="Also the Watcher login: letters, digits and . _ - @"
        />
        <LabelledField
          id="new-name"
          label="Name"
          name="name"
          autoComplete="off"
          maxLength={200}
          defaultValue={values.name}
          {...invalid(state, 'name')}
        />
        <LabelledField
          id="new-email"
          label="E-mail"
          name="email"
          type="email"
          required
          autoComplete="off"
          defaultValue={values.email}
          {...invalid(state, 'email')}
        />
      </div>
      <fieldset className="choices">
        <legend>Password</legend>
        {ACCESS_CHOICES.map((choice) => (
          <Fragment key={choice.value}>
            <label>
              <input
                type="radio"
                name="access"
                value={choice.value}
                checked={access === choice.value}
                onChange={() => setAccess(choice.value)}
                aria-describedby={choice.hintId}
              />{' '}
              {choice.label}
            </label>
            <span id={choice.hintId} className="hint">
              {choice.hint}
            </span>
          </Fragment>
        ))}
      </fieldset>
      {access === 'password' ? (
        <LabelledField
          id="new-password"
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
          {...invalid(state, 'password')}
          hint={<>At least {MIN_PASSWORD_LENGTH} characters.</>}
        />
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
