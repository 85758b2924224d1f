'use client'

import { useActionState } from 'react'
import { messages, type Locale } from '../../../../i18n'
import { login, type LoginState } from '../../../../portal/actions'
import { describedByError, FormError } from '../../../../portal/FormError'
import { LabelledField } from '../LabelledField'

export function LoginForm({ next, locale }: { next: string; locale: Locale }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {})
  const t = messages(locale).portal
  return (
    <form action={action} noValidate>
      <FormError id="login-error" message={state.error} />
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="locale" value={locale} />
      <LabelledField
        id="email"
        label={t.fields.emailOrLogin}
        name="email"
        type="text"
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        {...describedByError(state.error, 'login-error')}
      />
      <LabelledField
        id="password"
        label={t.fields.password}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        {...describedByError(state.error, 'login-error')}
      />
      <button type="submit" disabled={pending}>
        {pending ? t.login.submitting : t.login.submit}
      </button>
    </form>
  )
}
