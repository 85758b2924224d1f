'use client'

import { useActionState } from 'react'
import { messages, type Locale } from '../../../../i18n'
import { FormError, invalid } from '../../../../portal/FormError'
import { MIN_PASSWORD_LENGTH } from '../../../../portal/memberOptions'
import { resetPasswordAction, type ResetState } from '../../../../portal/passwordActions'
import { LabelledField } from '../LabelledField'

export function ResetPasswordForm({ token, locale }: { token: string; locale: Locale }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPasswordAction, {})
  const t = messages(locale).portal
  return (
    <form action={action} noValidate>
      <FormError id="reset-error" message={state.error} />
      {state.expired ? (
        <p>
          <a href="/portal/forgot-password">{t.reset.askNewLink}</a>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="locale" value={locale} />
      <LabelledField
        id="password"
        label={t.fields.newPassword}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        {...invalid(state, 'password')}
        hint={t.fields.passwordHint({ min: MIN_PASSWORD_LENGTH })}
      />
      <LabelledField
        id="confirm"
        label={t.fields.confirmPassword}
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        {...invalid(state, 'confirm')}
      />
      <button type="submit" disabled={pending}>
        {pending ? t.reset.submitting : t.reset.submit}
      </button>
    </form>
  )
}
