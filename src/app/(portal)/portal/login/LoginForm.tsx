'use client'

import { useActionState } from 'react'
import { login, type LoginState } from '../../../../portal/actions'
import { describedByError, FormError } from '../../../../portal/FormError'
import { LabelledField } from '../LabelledField'

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {})
  return (
    <form action={action} noValidate>
      <FormError id="login-error" message={state.error} />
      <input type="hidden" name="next" value={next} />
      <LabelledField
        id="email"
        label="E-mail or Watcher login"
        name="email"
        type="text"
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        {...describedByError(state.error, 'login-error')}
      />
      <LabelledField
        id="password"
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        {...describedByError(state.error, 'login-error')}
      />
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
