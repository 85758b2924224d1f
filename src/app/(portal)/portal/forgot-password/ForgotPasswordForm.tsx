'use client'

import { useActionState } from 'react'
import { describedByError, FormError } from '../../../../portal/FormError'
import { forgotPasswordAction, type ForgotState } from '../../../../portal/passwordActions'
import { LabelledField } from '../LabelledField'

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ForgotState, FormData>(forgotPasswordAction, {})
  if (state.sent) {
    return (
      <p className="notice" role="status">
        If an account uses {state.email}, an e-mail with a link to choose a new password is on its
        way. The link works for one hour.
      </p>
    )
  }
  return (
    <form action={action} noValidate>
      <FormError id="forgot-error" message={state.error} />
      <LabelledField
        id="email"
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        {...describedByError(state.error, 'forgot-error')}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send the link'}
      </button>
    </form>
  )
}
