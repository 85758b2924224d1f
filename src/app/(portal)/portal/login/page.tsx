import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getSession, safeNext } from '../../../../portal/session'
import { LoginForm } from './LoginForm'

export const metadata: Metadata = { title: 'Sign in' }

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  const { user } = await getSession()
  if (user) redirect(safeNext(next))
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>Sign in to the subscriber portal</h1>
        <p className="muted">Use the e-mail and password of your Watcher Billing account.</p>
        <LoginForm next={safeNext(next)} />
      </div>
    </main>
  )
}
