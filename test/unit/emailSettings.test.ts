import { describe, expect, it } from 'vitest'
import { defaultFrom, htmlAsText, smtpSettings } from '../../src/email/adapter'

describe('e-mail settings from the environment', () => {
  it('has no SMTP without SMTP_HOST: the console transport is used', () => {
    expect(smtpSettings({})).toBeUndefined()
    expect(smtpSettings({ SMTP_HOST: '  ' })).toBeUndefined()
  })

  it('defaults to port 587 with STARTTLS, and 465 for implicit TLS', () => {
    expect(smtpSettings({ SMTP_HOST: 'mail.example.test' })).toEqual({
      host: 'mail.example.test',
      port: 587,
      secure: false,
      user: undefined,
      password: undefined,
    })
    expect(smtpSettings({ SMTP_HOST: 'mail.example.test', SMTP_SECURE: 'true' })?.port).toBe(465)
    expect(
      smtpSettings({ SMTP_HOST: 'h', SMTP_PORT: '2525', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }),
    ).toMatchObject({ port: 2525, user: 'u', password: 'p' })
  })

  it('refuses a port that is not one', () => {
    expect(() => smtpSettings({ SMTP_HOST: 'h', SMTP_PORT: 'smtp' })).toThrow(/SMTP_PORT/)
    expect(() => smtpSettings({ SMTP_HOST: 'h', SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/)
  })

  it('sends from EMAIL_FROM, or billing@localhost', () => {
    expect(defaultFrom({})).toEqual({ address: 'billing@localhost', name: 'Watcher Billing' })
    expect(
      defaultFrom({ EMAIL_FROM: 'billing@operator.example', EMAIL_FROM_NAME: 'Operator' }),
    ).toEqual({ address: 'billing@operator.example', name: 'Operator' })
  })
})

describe('the console transport text of an HTML-only message', () => {
  it('keeps the words and the addresses of links', () => {
    const html =
      '<p>Hello &amp; welcome,</p><p>reset it <a href="http://localhost:3000/portal/reset-password?token=abc">here</a>.</p>'
    expect(htmlAsText(html)).toBe(
      'Hello & welcome,\nreset it here (http://localhost:3000/portal/reset-password?token=abc).',
    )
  })
})
