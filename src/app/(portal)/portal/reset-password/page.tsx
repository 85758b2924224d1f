import type { Metadata } from 'next'
import { pageLocale, portalMessages } from '../../../../portal'
import { ResetPasswordForm } from './ResetPasswordForm'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.resetPassword }
}

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>
}) {
  const { token } = await searchParams
  const locale = await pageLocale()
  const t = portalMessages(locale)
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>{t.titles.resetPassword}</h1>
        {token ? (
          <>
            <p className="muted">{t.reset.intro}</p>
            <ResetPasswordForm token={token} locale={locale} />
          </>
        ) : (
          <p>
            {t.reset.needsLink} <a href="/portal/forgot-password">{t.reset.askNewLink}</a>
          </p>
        )}
      </div>
    </main>
  )
}
