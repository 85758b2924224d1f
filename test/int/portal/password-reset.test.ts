/**
 * Forgotten password, end to end: Payload's forgotPassword e-mails a link to the portal's reset
 * page, the reset (Payload's resetPassword, through the portal's action) changes the billing
 * password, and the sync takes the new password to Watcher. Neither the e-mail nor any log line
 * carries the password.
 */
import request from 'supertest'
import type { Payload } from 'payload'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'
import {
  clearQueue,
  startBillingWatcher,
  syncUntilQuiet,
  watcherLogin,
} from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'
import type { User } from '../../../src/payload-types'
import { sendPasswordEmail } from '../../../src/portal'
import { resetPasswordAction } from '../../../src/portal/passwordActions'

const tag = `prs-${Date.now().toString(36)}`
const NEW_PASSWORD = `Reset-${tag}-Secret!`
let payload: Payload
let emulator: WatcherEmulator
let user: User
const logged: string[] = []

interface SentEmail {
  to: string
  subject: string
  html: string
  text?: string
}

function tokenFrom(message: SentEmail): string {
  const match = /\/portal\/reset-password\?token=([0-9a-f]+)/.exec(message.html)
  if (!match) throw new Error(`no reset link in ${message.html}`)
  return match[1]!
}

function form(values: Record<string, string>): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(values)) data.set(name, value)
  return data
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  const organization = await payload.create({
    collection: 'organizations',
    data: { title: `Reset org ${tag}` } as never,
  })
  user = (await payload.create({
    collection: 'users',
    data: {
      login: `forgetful-${tag}`,
      email: `forgetful-${tag}@example.test`,
      password: PASSWORD,
      role: 'subscriber',
      memberships: [{ organization: organization.id, canViewStreams: true }],
    } as never,
  })) as User
  await syncUntilQuiet(payload)
  expect(await watcherLogin(emulator, user.login, PASSWORD)).toBe(200)
  // every log line from here on, to check that no password shows up in one
  for (const level of ['info', 'warn', 'error', 'debug', 'trace', 'fatal'] as const) {
    const original = payload.logger[level].bind(payload.logger)
    vi.spyOn(payload.logger, level).mockImplementation(((...args: unknown[]) => {
      logged.push(
        JSON.stringify(args, (_key, value) =>
          value instanceof Error ? `${value.message} ${value.stack}` : value,
        ),
      )
      return (original as (...a: unknown[]) => void)(...args)
    }) as never)
  }
})
afterEach(() => {
  delete process.env.SERVER_URL
})
afterAll(() => {
  vi.restoreAllMocks()
  return emulator?.close()
})

describe('forgotten password', () => {
  it('forgot → e-mailed link → reset → the new password works in billing and in Watcher', async () => {
    const sent = vi.spyOn(payload.email, 'sendEmail')
    process.env.SERVER_URL = 'http://portal.example.test:3000'
    await sendPasswordEmail(payload, user.email, {})
    expect(sent).toHaveBeenCalledTimes(1)
    const message = sent.mock.calls[0]![0] as SentEmail
    sent.mockRestore()
    expect(message.to).toBe(user.email)
    expect(message.subject).toBe('Reset your Watcher Billing password')
    expect(message.html).toContain(`http://portal.example.test:3000/portal/reset-password?token=`)
    const token = tokenFrom(message)

    // the portal's reset action: the two passwords must match, then Payload's resetPassword
    expect(
      await resetPasswordAction(
        {},
        form({ token, password: NEW_PASSWORD, confirm: 'something else' }),
      ),
    ).toMatchObject({ field: 'confirm' })
    expect(
      await resetPasswordAction({}, form({ token, password: 'short', confirm: 'short' })),
    ).toMatchObject({
      field: 'password',
    })
    await expect(
      resetPasswordAction({}, form({ token, password: NEW_PASSWORD, confirm: NEW_PASSWORD })),
    ).rejects.toMatchObject({
      digest: expect.stringContaining('/portal/login?reset=1'),
    })

    // the job carries the password sealed, never in plain text
    const pool = (
      payload.db as unknown as {
        pool: { query(sql: string): Promise<{ rows: { input: unknown }[] }> }
      }
    ).pool
    const jobs = await pool.query(`select input from payload_jobs`)
    expect(JSON.stringify(jobs.rows)).not.toContain(NEW_PASSWORD)
    expect(jobs.rows.some((row) => /"password":"v\d+\./.test(JSON.stringify(row.input)))).toBe(true)

    expect(await loginHeader(user.email, NEW_PASSWORD)).toMatch(/^JWT /)
    await syncUntilQuiet(payload)
    expect(await watcherLogin(emulator, user.login, NEW_PASSWORD)).toBe(200)
    expect(await watcherLogin(emulator, user.login, PASSWORD)).toBe(401)

    // the link is single-use
    expect(
      await resetPasswordAction(
        {},
        form({ token, password: 'Another-Pass-123', confirm: 'Another-Pass-123' }),
      ),
    ).toMatchObject({ expired: true })

    expect(message.html).not.toContain(NEW_PASSWORD)
    expect(message.html).not.toContain(PASSWORD)
    for (const line of logged) {
      expect(line).not.toContain(NEW_PASSWORD)
      expect(line).not.toContain(PASSWORD)
    }
  })

  it('the REST forgot-password answers the same for an unknown address, and the link follows SERVER_URL, never the request', async () => {
    const server = await testServer()
    const sent = vi.spyOn(payload.email, 'sendEmail')
    try {
      const unknown = await request(server)
        .post('/api/users/forgot-password')
        .send({ email: `nobody-${tag}@example.test` })
      expect(unknown.status).toBe(200)
      expect(sent).not.toHaveBeenCalled()
      process.env.SERVER_URL = 'https://billing.example.test'
      // Payload allows one e-mail per user every 15 s
      await payload.update({
        collection: 'users',
        id: user.id,
        data: { resetPasswordRequestedAt: null } as never,
      })
      // a forged host (issue 12, hole 3) does not reach the link
      const known = await request(server)
        .post('/api/users/forgot-password')
        .set('X-Forwarded-Host', 'evil.example')
        .set('Host', 'evil.example')
        .send({ email: user.email })
      expect(known.status).toBe(200)
      expect(known.body).toEqual(unknown.body)
      expect(sent).toHaveBeenCalledTimes(1)
      const html = (sent.mock.calls[0]![0] as SentEmail).html
      expect(html).toContain('https://billing.example.test/portal/reset-password?token=')
      expect(html).not.toContain('evil.example')
    } finally {
      sent.mockRestore()
    }
  })

  it('a wrong or expired token changes nothing and queues nothing', async () => {
    const before = (await payload.count({ collection: 'payload-jobs' })).totalDocs
    const answer = await resetPasswordAction(
      {},
      form({ token: 'ab'.repeat(20), password: 'Whatever-123', confirm: 'Whatever-123' }),
    )
    expect(answer).toMatchObject({ expired: true })
    expect((await payload.count({ collection: 'payload-jobs' })).totalDocs).toBe(before)
    expect(await loginHeader(user.email, NEW_PASSWORD)).toMatch(/^JWT /)
  })
})
