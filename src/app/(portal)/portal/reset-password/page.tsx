import type { Metadata } from 'next'
import { ResetPasswordForm } from './ResetPasswordForm'

export const metadata: Metadata = { title: 'Choose a new password' }

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>
}) {
  const { token } = await searchParams
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>Choose a new password</h1>
        {token ? (
          <>
            <p className="muted">It is your password for Watcher Billing and for Watcher.</p>
            <ResetPasswordForm token={token} />
          </>
        ) : (
          <p>
            This page needs the link from the e-mail.{' '}
            <a href="/portal/forgot-password">Ask for a new link</a>.
          </p>
        )}
      </div>
    </main>
  )
}
