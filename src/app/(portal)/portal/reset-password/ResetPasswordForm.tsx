'use client'

import { useActionState } from 'react'
import { FormError, invalid } from '../../../../portal/FormError'
import { MIN_PASSWORD_LENGTH } from '../../../../portal/memberOptions'
import { resetPasswordAction, type ResetState } from '../../../../portal/passwordActions'

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
      <div className="field">
        <label htmlFor="password">New password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby="password-hint"
          {...invalid(state, 'password')}
        />
        <span id="password-hint" className="hint">
          At least {MIN_PASSWORD_LENGTH} characters.
        </span>
      </div>
      <div className="field">
        <label htmlFor="confirm">Confirm password</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          {...invalid(state, 'confirm')}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save the new password'}
      </button>
    </form>
  )
}
