import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getSession, pageLocale, portalMessages, safeNext } from '../../../../portal'
import { LoginForm } from './LoginForm'

export async function generateMetadata(): Promise<Metadata> {
  return { title: portalMessages(await pageLocale()).titles.signIn }
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; reset?: string }>
}) {
  const { next, reset } = await searchParams
  const { user } = await getSession()
  if (user) redirect(safeNext(next))
  const locale = await pageLocale()
  const t = portalMessages(locale).login
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>{t.heading}</h1>
        {reset ? (
          <p className="notice" role="status">
            {t.passwordChanged}
          </p>
        ) : null}
        <p className="muted">{t.intro}</p>
        <LoginForm next={safeNext(next)} locale={locale} />
        <p className="note">
          <a href="/portal/forgot-password">{t.forgot}</a>
        </p>
      </div>
    </main>
  )
}
