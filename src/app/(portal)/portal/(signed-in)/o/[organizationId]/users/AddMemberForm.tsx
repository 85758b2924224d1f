'use client'

import { Fragment, useActionState, useState } from 'react'
import { addMemberAction, type MemberFormState } from '../../../../../../../portal/memberActions'
import { messages, type Locale } from '../../../../../../../i18n'
import { MIN_PASSWORD_LENGTH, PERMISSIONS } from '../../../../../../../portal/memberOptions'
import { FormError, invalid } from '../../../../../../../portal/FormError'
import { LabelledField } from '../../../../LabelledField'

// how the new member gets a password
const ACCESS_CHOICES = [
  { value: 'invite', label: 'invite', hintId: 'access-invite-hint', hint: 'inviteHint' },
  { value: 'password', label: 'typeNow', hintId: 'access-now-hint', hint: 'typeNowHint' },
] as const

/** New member: login, name, e-mail, an invitation or a password, and the four permissions. */
export function AddMemberForm({
  organizationId,
  locale,
}: {
  organizationId: number
  locale: Locale
}) {
  const t = messages(locale).portal
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
          label={t.fields.login}
          name="login"
          required
          autoComplete="off"
          maxLength={64}
          pattern="[A-Za-z0-9._@\-]+"
          defaultValue={values.login}
          {...invalid(state, 'login')}
          hint={t.fields.loginHint}
        />
        <LabelledField
          id="new-name"
          label={t.fields.name}
          name="name"
          autoComplete="off"
          maxLength={200}
          defaultValue={values.name}
          {...invalid(state, 'name')}
        />
        <LabelledField
          id="new-email"
          label={t.fields.email}
          name="email"
          type="email"
          required
          autoComplete="off"
          defaultValue={values.email}
          {...invalid(state, 'email')}
        />
      </div>
      <fieldset className="choices">
        <legend>{t.addMember.password}</legend>
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
              {t.addMember[choice.label]}
            </label>
            <span id={choice.hintId} className="hint">
              {t.addMember[choice.hint]}
            </span>
          </Fragment>
        ))}
      </fieldset>
      {access === 'password' ? (
        <LabelledField
          id="new-password"
          label={t.fields.password}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
          {...invalid(state, 'password')}
          hint={t.fields.passwordHint({ min: MIN_PASSWORD_LENGTH })}
        />
      ) : null}
      <fieldset className="choices">
        <legend>{t.addMember.permissions}</legend>
        {PERMISSIONS.map((permission) => (
          <label key={permission}>
            <input
              type="checkbox"
              name={permission}
              defaultChecked={
                state.values ? values[permission] === 'on' : permission === 'canViewStreams'
              }
            />{' '}
            {t.permissions[permission]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? t.addMember.submitting : t.addMember.submit}
      </button>
    </form>
  )
}
