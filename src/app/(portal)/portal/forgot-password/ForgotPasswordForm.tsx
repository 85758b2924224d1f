'use client'

import { useActionState } from 'react'
import { FormError } from '../../../../portal/FormError'
import { forgotPasswordAction, type ForgotState } from '../../../../portal/passwordActions'

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
      <div className="field">
        <label htmlFor="email">E-mail</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email ?? ''}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'forgot-error' : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send the link'}
      </button>
    </form>
  )
}
