import type { Metadata } from 'next'
import { pageLocale, portalMessages } from '../../../../portal'
import { ForgotPasswordForm } from './ForgotPasswordForm'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.forgotPassword }
}

export default async function ForgotPasswordPage() {
  const locale = await pageLocale()
  const t = portalMessages(locale)
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>{t.titles.forgotPassword}</h1>
        <p className="muted">{t.forgot.intro}</p>
        <ForgotPasswordForm locale={locale} />
        <p className="note">
          <a href="/portal/login">{t.forgot.backToSignIn}</a>
        </p>
      </div>
    </main>
  )
}
