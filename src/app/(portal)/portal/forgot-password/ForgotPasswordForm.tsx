'use client'

import { useActionState } from 'react'
import { messages, type Locale } from '../../../../i18n'
import { describedByError, FormError } from '../../../../portal/FormError'
import { forgotPasswordAction, type ForgotState } from '../../../../portal/passwordActions'
import { LabelledField } from '../LabelledField'

export function ForgotPasswordForm({ locale }: { locale: Locale }) {
  const [state, action, pending] = useActionState<ForgotState, FormData>(forgotPasswordAction, {})
  const t = messages(locale).portal
  if (state.sent) {
    return (
      <p className="notice" role="status">
        {t.forgot.sent({ email: state.email ?? '' })}
      </p>
    )
  }
  return (
    <form action={action} noValidate>
      <FormError id="forgot-error" message={state.error} />
      <input type="hidden" name="locale" value={locale} />
      <LabelledField
        id="email"
        label={t.fields.email}
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.email ?? ''}
        {...describedByError(state.error, 'forgot-error')}
      />
      <button type="submit" disabled={pending}>
        {pending ? t.forgot.submitting : t.forgot.submit}
      </button>
    </form>
  )
}
