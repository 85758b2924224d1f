import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getSession, safeNext } from '../../../../portal'
import { LoginForm } from './LoginForm'

export const metadata: Metadata = { title: 'Sign in' }

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; reset?: string }>
}) {
  const { next, reset } = await searchParams
  const { user } = await getSession()
  if (user) redirect(safeNext(next))
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>Sign in to the subscriber portal</h1>
        {reset ? (
          <p className="notice" role="status">
            Your password has been changed. Sign in with the new one (Watcher takes it within a
            minute).
          </p>
        ) : null}
        <p className="muted">Use the e-mail and password of your Watcher Billing account.</p>
        <LoginForm next={safeNext(next)} />
        <p className="note">
          <a href="/portal/forgot-password">Forgot your password?</a>
        </p>
      </div>
    </main>
  )
}
