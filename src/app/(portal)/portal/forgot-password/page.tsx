import type { Metadata } from 'next'
import { ForgotPasswordForm } from './ForgotPasswordForm'

export const metadata: Metadata = { title: 'Forgotten password' }

export default function ForgotPasswordPage() {
  return (
    <main id="main" className="main">
      <div className="login card">
        <h1>Forgotten password</h1>
        <p className="muted">
          Enter the e-mail address of your Watcher Billing account. We send a link to choose a new
          password; it becomes your Watcher password too.
        </p>
        <ForgotPasswordForm />
        <p className="note">
          <a href="/portal/login">Back to sign-in</a>
        </p>
      </div>
    </main>
  )
}
