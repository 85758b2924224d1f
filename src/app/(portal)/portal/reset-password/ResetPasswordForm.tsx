'use client'

import { useActionState } from 'react'
import { FormError, invalid } from '../../../../portal/FormError'
import { MIN_PASSWORD_LENGTH } from '../../../../portal/memberOptions'
import { resetPasswordAction, type ResetState } from '../../../../portal/passwordActions'
import { LabelledField } from '../LabelledField'

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPasswordAction, {})
  return (
    <form action={action} noValidate>
      <FormError id="reset-error" message={state.error} />
      {state.expired ? (
        <p>
          <a href="/portal/forgot-password">Ask for a new link</a>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <LabelledField
        id="password"
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        {...invalid(state, 'password')}
        hint={<>At least {MIN_PASSWORD_LENGTH} characters.</>}
      />
      <LabelledField
        id="confirm"
        label="Confirm password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        {...invalid(state, 'confirm')}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save the new password'}
      </button>
    </form>
  )
}
