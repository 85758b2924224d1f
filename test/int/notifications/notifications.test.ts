/**
 * Notifications end to end: billing events → the dispatcher → e-mails received by a local SMTP
 * server (with the invoice PDF) and signed webhooks received by a local HTTP receiver that fails
 * the first two attempts of each event; idempotent dispatch; access to endpoints and logs.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { Payload } from 'payload'
import type pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordEvent } from '../../../src/events'
import type { BillingEventInput } from '../../../src/events'
import { invoicePdf, issueInvoice } from '../../../src/invoicing'
import { NOTIFICATIONS_DISPATCH_TASK, NOTIFICATIONS_QUEUE } from '../../../src/jobs/queues'
import { runDueJobs } from '../../../src/jobs/runDueJobs'
import {
  describeError,
  dispatchEvents,
  openSecret,
  sendWebhookDelivery,
  verifySignature,
} from '../../../src/notifications'
import request from 'supertest'
import { testPayload, testServer } from '../../helpers/app'
import { loginHeader } from '../../helpers/auth'
import { PASSWORD } from '../../helpers/world'

const tag = `ntf${Date.now().toString(36)}`
const GLOBAL_SECRET = 'whsec_global-test-secret-0123456789'
const OWN_SECRET = 'whsec_own-test-secret-9876543210'

let payload: Payload
let pool: pg.Pool
let smtp: SMTPServer
let receiver: http.Server
let receiverUrl: string
const mails: ParsedMail[] = []
/** Every request the receiver got: path, headers, raw body, and what it answered. */
const received: {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
  status: number
}[] = []
const flakyTries = new Map<string, number>()
const refusedOnce = new Set<string>()
const people: Record<string, any> = {}
const orgs: Record<string, any> = {}
const endpoints: Record<string, any> = {}

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

async function record(event: BillingEventInput): Promise<string> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const id = await recordEvent(client, event)
    await client.query('commit')
    return id
  } finally {
    client.release()
  }
}

/** One round of the notifications queue as the worker runs it; `retryNow` also runs jobs waiting out a backoff. */
const runNotifications = (retryNow = false) =>
  runDueJobs(payload, { queue: NOTIFICATIONS_QUEUE, includeWaiting: retryNow })

async function dispatchNow(): Promise<void> {
  await payload.jobs.queue({
    task: NOTIFICATIONS_DISPATCH_TASK as never,
    queue: NOTIFICATIONS_QUEUE,
    input: {} as never,
  })
  await runNotifications()
}

const mailsOf = (eventId: string) =>
  mails.filter((mail) => mail.headers.get('x-event-id') === eventId)
const hitsOf = (eventId: string, path?: string) =>
  received.filter((hit) => hit.headers['x-event-id'] === eventId && (!path || hit.path === path))
const deliveries = async (collection: 'email-deliveries' | 'webhook-deliveries', eventId: string) =>
  (
    await payload.find({
      collection,
      where: { eventId: { equals: eventId } },
      depth: 0,
      limit: 0,
      pagination: false,
      sort: 'id',
    } as never)
  ).docs as any[]
const waitFor = async (what: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms
  while (!what() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
}

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  // events other test files left behind are not this file's to announce
  await pool.query('update billing_events set dispatched_at = now() where dispatched_at is null')
  await pool.query(`delete from payload_jobs where queue = $1`, [NOTIFICATIONS_QUEUE])

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      // a mailbox that is busy once: the e-mail job must retry it
      if (address.address.startsWith('busy-') && !refusedOnce.has(address.address)) {
        refusedOnce.add(address.address)
        const error = new Error('mailbox busy, try again later') as Error & { responseCode: number }
        error.responseCode = 451
        return callback(error)
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => mails.push(mail))
        .then(() => callback(), callback)
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  process.env.SMTP_HOST = '127.0.0.1'
  process.env.SMTP_PORT = String((smtp.server.address() as AddressInfo).port)

  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      if (path === '/hang') return // never answers: the sender's timeout decides
      const eventId = String(request.headers['x-event-id'] ?? '')
      let status = 200
      if (path === '/flaky') {
        const tries = (flakyTries.get(eventId) ?? 0) + 1
        flakyTries.set(eventId, tries)
        if (tries <= 2) status = 503
      }
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      })
      response.statusCode = status
      response.end(status === 200 ? 'ok' : 'temporarily unavailable')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`

  const user = (login: string, role: string, email = `${login}-${tag}@example.test`) =>
    create('users', { email, login: `${login}-${tag}`, password: PASSWORD, role })
  people.admin = await user('admin', 'admin')
  people.accountant = await user('accountant', 'accountant')
  people.owner = await user('owner', 'subscriber', `Owner-${tag}@Example.test`)
  people.member = await user('member', 'subscriber')
  people.otherOwner = await user('other-owner', 'subscriber')
  orgs.a = await create('organizations', {
    title: `Acme <Notify> & Co ${tag}`,
    administrator: people.owner.id,
    currency: 'USD',
    // the administrator again in other case: mailed once; the busy mailbox refuses the first try
    billingContacts: [
      { email: `billing-${tag}@example.test` },
      { email: `owner-${tag}@example.test` },
      { email: `busy-${tag}@example.test` },
    ],
  })
  orgs.b = await create('organizations', {
    title: `Other ${tag}`,
    administrator: people.otherOwner.id,
    currency: 'USD',
  })
  await payload.update({
    collection: 'users',
    id: people.member.id,
    data: { memberships: [{ organization: orgs.a.id }] },
  })

  endpoints.global = await create('webhook-endpoints', {
    title: `Global ${tag}`,
    url: `${receiverUrl}/flaky`,
    events: ['invoice.issued', 'payment.received', 'organization.suspended'],
    secret: GLOBAL_SECRET,
  })
  endpoints.own = await create('webhook-endpoints', {
    title: `A ${tag}`,
    url: `${receiverUrl}/a`,
    organization: orgs.a.id,
    events: ['payment.received'],
    secret: OWN_SECRET,
  })
  endpoints.other = await create('webhook-endpoints', {
    title: `B ${tag}`,
    url: `${receiverUrl}/b`,
    organization: orgs.b.id,
    events: ['payment.received'],
  })
  endpoints.off = await create('webhook-endpoints', {
    title: `Off ${tag}`,
    url: `${receiverUrl}/off`,
    events: ['payment.received'],
    active: false,
  })
  endpoints.generated = await create('webhook-endpoints', {
    title: `Generated ${tag}`,
    url: `${receiverUrl}/generated`,
    organization: orgs.a.id,
    events: ['invoice.paid'],
  })
})

afterAll(async () => {
  delete process.env.SMTP_HOST
  delete process.env.SMTP_PORT
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
  receiver?.closeAllConnections()
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()))
})

describe('a payment received', () => {
  let eventId: string

  it('fans out into one e-mail per recipient and one webhook per matching endpoint, then marks the event dispatched', async () => {
    eventId = await record({
      type: 'payment.received',
      organization: orgs.a.id,
      data: { paymentId: 9001, amount: 123456, currency: 'USD', reference: `BANK-${tag}` },
    })
    await dispatchNow()

    const [event] = (
      await pool.query('select dispatched_at from billing_events where event_id = $1', [eventId])
    ).rows
    expect(event.dispatched_at).toBeInstanceOf(Date)
    const emails = await deliveries('email-deliveries', eventId)
    expect(emails.map((delivery) => delivery.recipient).sort()).toEqual(
      [
        `billing-${tag}@example.test`,
        `busy-${tag}@example.test`,
        `owner-${tag}@example.test`,
      ].sort(),
    )
    const hooks = await deliveries('webhook-deliveries', eventId)
    expect(hooks.map((delivery) => delivery.endpoint).sort()).toEqual(
      [endpoints.global.id, endpoints.own.id].sort(),
    )
  })

  it('e-mails the administrator and the billing contacts: plain text and escaped HTML, amounts from minor units', async () => {
    await waitFor(() => mailsOf(eventId).length >= 2)
    const got = mailsOf(eventId)
    expect(got.map((mail) => (mail.to as { text: string }).text).sort()).toEqual([
      `billing-${tag}@example.test`,
      `owner-${tag}@example.test`,
    ])
    const mail = got[0]!
    expect(mail.subject).toBe(`Payment received: $1,234.56 for Acme <Notify> & Co ${tag}`)
    expect(mail.text).toContain('$1,234.56')
    expect(mail.text).toContain(`BANK-${tag}`)
    expect(mail.html).toContain(`Acme &lt;Notify&gt; &amp; Co ${tag}`)
    expect(mail.html).not.toContain('<Notify>')
    const log = await deliveries('email-deliveries', eventId)
    expect(log.filter((delivery) => delivery.status === 'sent')).toHaveLength(2)
    // the busy mailbox refused the first try: retrying, with the SMTP answer in the log
    const busy = log.find((delivery) => delivery.recipient.startsWith('busy-'))
    expect(busy).toMatchObject({ status: 'retrying', attempts: 1 })
    expect(busy.lastError).toContain('451')
  })

  it('delivers the webhook once through two failures with exponential backoff; the signature verifies and the id is the event id', async () => {
    // the organization's own endpoint answered 200 at once
    const own = hitsOf(eventId, '/a')
    expect(own).toHaveLength(1)
    expect(
      verifySignature(own[0]!.headers['x-signature'] as string, own[0]!.body, OWN_SECRET),
    ).toMatchObject({ valid: true })
    // the global endpoint failed the first attempt: retrying, the job waits out its backoff
    let global = (await deliveries('webhook-deliveries', eventId)).find(
      (delivery) => delivery.endpoint === endpoints.global.id,
    )
    expect(global).toMatchObject({ status: 'retrying', attempts: 1, lastHttpStatus: 503 })
    expect(global.lastError).toContain('HTTP 503')
    const firstWait = new Date(global.nextAttemptAt).getTime() - Date.now()
    expect(firstWait).toBeGreaterThan(30_000) // 60 s by default
    await runNotifications() // not due yet: nothing is sent
    expect(hitsOf(eventId, '/flaky')).toHaveLength(1)

    await runNotifications(true) // second attempt: 503 again, the wait doubles
    global = (await deliveries('webhook-deliveries', eventId)).find(
      (delivery) => delivery.endpoint === endpoints.global.id,
    )
    expect(global).toMatchObject({ status: 'retrying', attempts: 2, lastHttpStatus: 503 })
    expect(new Date(global.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(
      firstWait + 30_000,
    )

    await runNotifications(true) // third attempt: 200
    global = (await deliveries('webhook-deliveries', eventId)).find(
      (delivery) => delivery.endpoint === endpoints.global.id,
    )
    expect(global).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastHttpStatus: 200,
      lastError: null,
    })
    expect(global.deliveredAt).toBeTruthy()

    const hits = hitsOf(eventId, '/flaky')
    expect(hits.map((hit) => hit.status)).toEqual([503, 503, 200])
    const delivered = hits[2]!
    expect(delivered.headers['content-type']).toBe('application/json')
    expect(
      verifySignature(delivered.headers['x-signature'] as string, delivered.body, GLOBAL_SECRET),
    ).toMatchObject({ valid: true })
    expect(
      verifySignature(delivered.headers['x-signature'] as string, delivered.body, OWN_SECRET),
    ).toMatchObject({ valid: false })
    expect(
      verifySignature(
        delivered.headers['x-signature'] as string,
        delivered.body.replace('123456', '123457'),
        GLOBAL_SECRET,
      ),
    ).toMatchObject({ valid: false })
    const body = JSON.parse(delivered.body)
    expect(body).toEqual({
      id: eventId,
      type: 'payment.received',
      occurredAt: expect.any(String),
      organization: orgs.a.id,
      data: { paymentId: 9001, amount: 123456, currency: 'USD', reference: `BANK-${tag}` },
    })
    expect(delivered.headers['x-event-id']).toBe(eventId)
    // not to another organization's endpoint, nor to a switched-off one
    expect(received.filter((hit) => hit.path === '/b' || hit.path === '/off')).toEqual([])
  })

  it('the busy mailbox got its e-mail on the retry', async () => {
    await waitFor(() => mailsOf(eventId).length >= 3)
    expect(
      mailsOf(eventId)
        .map((mail) => (mail.to as { text: string }).text)
        .sort(),
    ).toEqual(
      [
        `billing-${tag}@example.test`,
        `busy-${tag}@example.test`,
        `owner-${tag}@example.test`,
      ].sort(),
    )
    expect(
      (await deliveries('email-deliveries', eventId)).find((delivery) =>
        delivery.recipient.startsWith('busy-'),
      ),
    ).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('sends nothing new on more runs, a second dispatch, or an event put back undispatched', async () => {
    const before = { mails: mails.length, hits: received.length }
    const counts = async () => [
      (await deliveries('email-deliveries', eventId)).length,
      (await deliveries('webhook-deliveries', eventId)).length,
    ]
    const rows = await counts()
    await runNotifications(true)
    await dispatchNow()
    await pool.query('update billing_events set dispatched_at = null where event_id = $1', [
      eventId,
    ])
    await dispatchNow()
    await runNotifications(true)
    expect(await counts()).toEqual(rows)
    expect({ mails: mails.length, hits: received.length }).toEqual(before)
    const [event] = (
      await pool.query('select dispatched_at from billing_events where event_id = $1', [eventId])
    ).rows
    expect(event.dispatched_at).toBeInstanceOf(Date)
  })
})

describe('an issued invoice', () => {
  const draft = (period: string) =>
    create('invoices', {
      organization: orgs.a.id,
      period,
      currency: 'USD',
      subtotal: 50_000,
      tax: 10_000,
      total: 60_000,
    })

  it('e-mails its stored PDF as an attachment', async () => {
    const invoice = await draft('2033-01')
    await issueInvoice(payload, invoice.id)
    const issued = await payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0 })
    const eventId = await record({
      type: 'invoice.issued',
      organization: orgs.a.id,
      data: { invoiceId: invoice.id },
    })
    await dispatchNow()
    await waitFor(() => mailsOf(eventId).length >= 2)
    const mail = mailsOf(eventId).find(
      (one) => (one.to as { text: string }).text === `owner-${tag}@example.test`,
    )!
    expect(mail.subject).toBe(`Invoice ${issued.number} for Acme <Notify> & Co ${tag}`)
    expect(mail.text).toContain('$600.00')
    expect(mail.text).toContain(issued.number!)
    expect(mail.html).toContain('$600.00')
    expect(mail.attachments).toHaveLength(1)
    const [attachment] = mail.attachments
    expect(attachment).toMatchObject({
      filename: `${issued.number}.pdf`,
      contentType: 'application/pdf',
    })
    const stored = await invoicePdf(payload, invoice.id)
    expect(createHash('sha256').update(attachment!.content).digest('hex')).toBe(
      createHash('sha256').update(stored.data).digest('hex'),
    )
    expect(attachment!.content.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('end to end: issueInvoice records invoice.issued, and the dispatcher mails the PDF and posts the webhook', async () => {
    const invoice = await draft('2033-02')
    await issueInvoice(payload, invoice.id)
    const issued = await payload.findByID({ collection: 'invoices', id: invoice.id, depth: 0 })
    const events = await pool.query<{ event_id: string }>(
      `select event_id from billing_events where type = 'invoice.issued' and coalesce(data->>'invoiceId', data->>'invoice') = $1`,
      [String(invoice.id)],
    )
    expect(
      events.rows,
      'issueInvoice records one invoice.issued event in its transaction',
    ).toHaveLength(1)
    const eventId = events.rows[0]!.event_id
    await dispatchNow()
    await waitFor(() => mailsOf(eventId).length >= 2)
    const mail = mailsOf(eventId)[0]!
    expect(mail.subject).toContain(issued.number!)
    expect(mail.attachments[0]).toMatchObject({
      filename: `${issued.number}.pdf`,
      contentType: 'application/pdf',
    })
    await runNotifications(true)
    await runNotifications(true)
    const hooks = await deliveries('webhook-deliveries', eventId)
    expect(hooks).toMatchObject([
      { endpoint: endpoints.global.id, status: 'delivered', attempts: 3 },
    ])
    const delivered = hitsOf(eventId, '/flaky').filter((hit) => hit.status === 200)
    expect(delivered).toHaveLength(1)
    expect(JSON.parse(delivered[0]!.body)).toMatchObject({
      id: eventId,
      type: 'invoice.issued',
      organization: orgs.a.id,
    })
    expect(
      verifySignature(
        delivered[0]!.headers['x-signature'] as string,
        delivered[0]!.body,
        GLOBAL_SECRET,
      ).valid,
    ).toBe(true)
  })
})

describe('dunning and service notices', () => {
  it('e-mails reminder, warning, suspension, restoration and credit note, each readable as text and HTML', async () => {
    const invoice = await create('invoices', {
      organization: orgs.a.id,
      period: '2033-03',
      currency: 'USD',
      subtotal: 2500,
      tax: 0,
      total: 2500,
    })
    await issueInvoice(payload, invoice.id)
    const base = { organization: orgs.a.id }
    const ids = {
      reminder: await record({
        ...base,
        type: 'dunning.reminder',
        data: { invoiceId: invoice.id, amountDue: 2500, currency: 'USD' },
      }),
      warning: await record({
        ...base,
        type: 'dunning.warning',
        data: { invoiceId: invoice.id, amountDue: 2500, currency: 'USD' },
      }),
      suspended: await record({
        ...base,
        type: 'organization.suspended',
        data: { stage: 'suspension', amountDue: 2500, currency: 'USD' },
      }),
      restored: await record({ ...base, type: 'organization.restored', data: {} }),
      credit: await record({
        ...base,
        type: 'credit_note.issued',
        data: {
          number: 'CN-2033-000001',
          amount: 700,
          currency: 'USD',
          reason: 'Camera offline <3 days>',
        },
      }),
      paid: await record({ ...base, type: 'invoice.paid', data: { invoiceId: invoice.id } }),
    }
    await dispatchNow()
    await waitFor(() => mailsOf(ids.credit).length >= 2)
    const subjects = Object.fromEntries(
      Object.entries(ids).map(([name, id]) => [name, mailsOf(id).map((mail) => mail.subject)]),
    )
    expect(subjects.reminder![0]).toMatch(/^Reminder: invoice INV-\d{4}-\d{6} for Acme/)
    expect(subjects.warning![0]).toMatch(/^Warning: service for Acme .* will be suspended/)
    expect(subjects.suspended![0]).toBe(`Service suspended for Acme <Notify> & Co ${tag}`)
    expect(subjects.restored![0]).toBe(`Service restored for Acme <Notify> & Co ${tag}`)
    expect(subjects.credit![0]).toBe(`Credit note CN-2033-000001 for Acme <Notify> & Co ${tag}`)
    expect(subjects.paid).toEqual([]) // announced by the payment's receipt; webhook only
    for (const name of ['reminder', 'warning', 'suspended'] as const) {
      const mail = mailsOf(ids[name])[0]!
      expect(mail.text).toContain('$25.00')
      expect(mail.html).toContain('$25.00')
    }
    const credit = mailsOf(ids.credit)[0]!
    expect(credit.text).toContain('Camera offline <3 days>')
    expect(credit.html).toContain('Camera offline &lt;3 days&gt;')
    // the endpoint subscribed to invoice.paid got it; the global one (not subscribed) did not
    expect(hitsOf(ids.paid).map((hit) => hit.path)).toEqual(['/generated'])
    const generated = (await payload.findByID({
      collection: 'webhook-endpoints',
      id: endpoints.generated.id,
      overrideAccess: false,
      user: people.admin,
    } as never)) as any
    expect(generated.secret).toMatch(/^whsec_/)
    expect(
      verifySignature(
        hitsOf(ids.paid)[0]!.headers['x-signature'] as string,
        hitsOf(ids.paid)[0]!.body,
        generated.secret,
      ).valid,
    ).toBe(true)
  })
})

describe('notices in the recipient’s language', () => {
  it('a billing contact reads the organization’s language, a user its own', async () => {
    const owner = await create('users', {
      email: `pt-owner-${tag}@example.test`,
      login: `pt-owner-${tag}`,
      password: PASSWORD,
      role: 'subscriber',
      locale: 'pt',
    })
    const organization = await create('organizations', {
      title: `ООО «Ромашка» ${tag}`,
      administrator: owner.id,
      currency: 'RUB',
      locale: 'ru',
      billingContacts: [{ email: `ru-billing-${tag}@example.test` }],
    })
    const id = await record({
      organization: organization.id,
      type: 'organization.restored',
      data: {},
    })
    await dispatchNow()
    await waitFor(() => mailsOf(id).length >= 2)
    const to = (address: string) =>
      mailsOf(id).find((mail) => JSON.stringify(mail.to).includes(address))!
    expect(to(`ru-billing-${tag}`).subject).toBe(`Обслуживание ООО «Ромашка» ${tag} восстановлено`)
    expect(to(`ru-billing-${tag}`).text).toContain('Спасибо за оплату')
    expect(to(`pt-owner-${tag}`).subject).toBe(`Serviço restabelecido para ООО «Ромашка» ${tag}`)
    expect(to(`pt-owner-${tag}`).text).toContain('Obrigado pelo pagamento')
  })
})

describe('access and secrets', () => {
  it('a subscriber reads no endpoint and no delivery log, even of its own organization (REST and Local API)', async () => {
    const token = await loginHeader(people.owner.email, PASSWORD)
    for (const collection of [
      'webhook-endpoints',
      'webhook-deliveries',
      'email-deliveries',
    ] as const) {
      const answer = await request(await testServer())
        .get(`/api/${collection}`)
        .set('Authorization', token)
      expect(answer.status, `GET /api/${collection} as a subscriber`).toBe(403)
      for (const user of [people.member, people.owner]) {
        await expect(
          payload.find({ collection, user, overrideAccess: false } as never),
          `${collection} as ${user.login}`,
        ).rejects.toThrow(/not allowed/i)
      }
    }
    const one = await request(await testServer())
      .get(`/api/webhook-endpoints/${endpoints.own.id}`)
      .set('Authorization', token)
    expect(one.status).toBe(403)
    expect(JSON.stringify(one.body)).not.toContain(OWN_SECRET)
    await expect(
      payload.create({
        collection: 'webhook-endpoints',
        data: { title: 'x', url: 'https://example.test/x', events: ['invoice.paid'] },
        user: people.owner,
        overrideAccess: false,
      } as never),
    ).rejects.toThrow(/not allowed/i)
  })

  it('the accountant reads the delivery logs but not the endpoints; nobody writes the logs through the API', async () => {
    const logs = await payload.find({
      collection: 'webhook-deliveries',
      user: people.accountant,
      overrideAccess: false,
      where: { organization: { equals: orgs.a.id } },
    } as never)
    expect(logs.totalDocs).toBeGreaterThan(0)
    const mailsLog = await payload.find({
      collection: 'email-deliveries',
      user: people.accountant,
      overrideAccess: false,
      where: { organization: { equals: orgs.a.id } },
    } as never)
    expect(mailsLog.totalDocs).toBeGreaterThan(0)
    await expect(
      payload.find({
        collection: 'webhook-endpoints',
        user: people.accountant,
        overrideAccess: false,
      } as never),
    ).rejects.toThrow(/not allowed/i)
    const [delivery] = logs.docs as any[]
    await expect(
      payload.update({
        collection: 'webhook-deliveries',
        id: delivery.id,
        data: { status: 'pending' },
        user: people.admin,
        overrideAccess: false,
      } as never),
    ).rejects.toThrow()
  })

  it('stores the secret sealed, shows it to the admin only, and never puts it in a log', async () => {
    const { rows } = await pool.query<{ secret_sealed: string }>(
      'select secret_sealed from webhook_endpoints where id = $1',
      [endpoints.global.id],
    )
    expect(rows[0]!.secret_sealed).not.toContain(GLOBAL_SECRET)
    expect(openSecret(rows[0]!.secret_sealed)).toBe(GLOBAL_SECRET)
    const asAdmin = (await payload.findByID({
      collection: 'webhook-endpoints',
      id: endpoints.global.id,
      user: people.admin,
      overrideAccess: false,
    } as never)) as any
    expect(asAdmin.secret).toBe(GLOBAL_SECRET)
    expect(asAdmin.secretSealed).toBeUndefined()
    // an edit that leaves the secret out (or sends back what it read) keeps it
    await payload.update({
      collection: 'webhook-endpoints',
      id: endpoints.global.id,
      data: { title: `Global ${tag} renamed` },
      user: people.admin,
      overrideAccess: false,
    } as never)
    await payload.update({
      collection: 'webhook-endpoints',
      id: endpoints.global.id,
      data: { ...asAdmin, title: `Global ${tag}` },
      user: people.admin,
      overrideAccess: false,
    } as never)
    const kept = await pool.query<{ secret_sealed: string }>(
      'select secret_sealed from webhook_endpoints where id = $1',
      [endpoints.global.id],
    )
    expect(openSecret(kept.rows[0]!.secret_sealed)).toBe(GLOBAL_SECRET)
    const logs = await payload.find({
      collection: 'webhook-deliveries',
      depth: 2,
      limit: 0,
      user: people.accountant,
      overrideAccess: false,
    } as never)
    const text = JSON.stringify(logs.docs)
    expect(text).not.toContain(GLOBAL_SECRET)
    expect(text).not.toContain(OWN_SECRET)
    expect(text).not.toContain(rows[0]!.secret_sealed)
    const jobs = await pool.query('select input::text from payload_jobs')
    expect(JSON.stringify(jobs.rows)).not.toContain(GLOBAL_SECRET)
  })

  it('refuses an endpoint with a malformed URL or a short secret, naming the field', async () => {
    await expect(
      payload.create({
        collection: 'webhook-endpoints',
        data: { title: 'bad', url: 'ftp://example.test', events: ['invoice.paid'] },
        user: people.admin,
        overrideAccess: false,
      } as never),
    ).rejects.toThrow(/url/i)
    await expect(
      payload.create({
        collection: 'webhook-endpoints',
        data: {
          title: 'bad',
          url: 'https://example.test',
          events: ['invoice.paid'],
          secret: 'short',
        },
        user: people.admin,
        overrideAccess: false,
      } as never),
    ).rejects.toThrow(/secret/i)
  })
})

describe('operations', () => {
  it('POST /api/notifications/dispatch fans out now (staff), and a failed delivery can be sent again by an admin', async () => {
    const server = await testServer()
    const [admin, accountant, subscriber] = await Promise.all([
      loginHeader(people.admin.email, PASSWORD),
      loginHeader(people.accountant.email, PASSWORD),
      loginHeader(people.owner.email, PASSWORD),
    ])
    const org = await create('organizations', { title: `Retry ${tag}`, currency: 'USD' })
    const endpoint = await create('webhook-endpoints', {
      title: `Retry ${tag}`,
      url: `${receiverUrl}/r`,
      organization: org.id,
      events: ['organization.suspended'],
    })
    // a secret sealed under another server secret cannot be opened: a failure retrying will not fix
    await pool.query(
      `update webhook_endpoints set secret_sealed = 'v1.AAAA.BBBB.CCCC' where id = $1`,
      [endpoint.id],
    )
    const eventId = await record({
      type: 'organization.suspended',
      organization: org.id,
      data: { stage: 'suspension' },
    })

    expect(
      (await request(server).post('/api/notifications/dispatch').set('Authorization', subscriber))
        .status,
    ).toBe(403)
    const dispatched = await request(server)
      .post('/api/notifications/dispatch')
      .set('Authorization', accountant)
    expect(dispatched.status).toBe(200)
    expect(dispatched.body.events).toBeGreaterThanOrEqual(1)
    await runNotifications()
    const mine = async () =>
      (await deliveries('webhook-deliveries', eventId)).find((one) => one.endpoint === endpoint.id)
    let delivery = await mine()
    expect(delivery.lastError).toContain('secret cannot be read')
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 })
    expect(hitsOf(eventId, '/r')).toEqual([])

    const again = (who: string) =>
      request(server).post(`/api/webhook-deliveries/${delivery.id}/retry`).set('Authorization', who)
    expect((await again(subscriber)).status).toBe(403)
    expect((await again(accountant)).status).toBe(403)
    await payload.update({
      collection: 'webhook-endpoints',
      id: endpoint.id,
      data: { secret: OWN_SECRET },
    } as never)
    const retried = await again(admin)
    expect(retried.status).toBe(200)
    expect(retried.body).toMatchObject({ status: 'retrying' })
    await runNotifications()
    delivery = await mine()
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastHttpStatus: 200 })
    expect(hitsOf(eventId, '/r')).toHaveLength(1)
    const twice = await again(admin)
    expect(twice.status).toBe(409)
    expect(twice.body.errors[0]).toMatchObject({ field: 'status' })
    expect(
      (
        await request(server)
          .post('/api/email-deliveries/999999999/retry')
          .set('Authorization', admin)
      ).status,
    ).toBe(404)
  })
})

describe('schedule', () => {
  it('the worker queues the dispatcher every minute in the notifications queue', async () => {
    await pool.query(`delete from payload_jobs where task_slug = $1`, [NOTIFICATIONS_DISPATCH_TASK])
    await payload.jobs.handleSchedules({ queue: NOTIFICATIONS_QUEUE })
    const { rows } = await pool.query<{ queue: string; wait_until: Date }>(
      'select queue, wait_until from payload_jobs where task_slug = $1',
      [NOTIFICATIONS_DISPATCH_TASK],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.queue).toBe(NOTIFICATIONS_QUEUE)
    expect(rows[0]!.wait_until.getTime() - Date.now()).toBeLessThanOrEqual(60_000)
    await pool.query(`delete from payload_jobs where task_slug = $1`, [NOTIFICATIONS_DISPATCH_TASK])
  })
})

describe('a receiver that does not answer', () => {
  it('times out (a retryable failure) instead of hanging the job', async () => {
    const quiet = await create('organizations', { title: `Quiet ${tag}`, currency: 'USD' })
    const hang = await create('webhook-endpoints', {
      title: `Hang ${tag}`,
      url: `${receiverUrl}/hang`,
      organization: quiet.id,
      events: ['organization.restored'],
    })
    const eventId = await record({
      type: 'organization.restored',
      organization: quiet.id,
      data: {},
    })
    await dispatchEvents(payload)
    const [delivery] = await deliveries('webhook-deliveries', eventId)
    expect(delivery).toMatchObject({ endpoint: hang.id, status: 'pending' })
    // its queued job would wait out the default 10 s timeout: this test sends it with a short one
    await pool.query(`delete from payload_jobs where queue = $1 and input->>'delivery' = $2`, [
      NOTIFICATIONS_QUEUE,
      String(delivery.id),
    ])
    const started = Date.now()
    const error = await sendWebhookDelivery(payload, delivery.id, {
      attempt: 1,
      timeoutMs: 300,
    }).catch((caught: unknown) => caught)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((error as Error).name).toBe('TimeoutError')
    expect(describeError(error)).toMatch(/^no answer within the timeout/)
    expect((await deliveries('webhook-deliveries', eventId))[0]).toMatchObject({
      status: 'pending',
      deliveredAt: null,
    })
  })
})

describe('an e-mail job that stopped half-way', () => {
  it('is not sent again by its retry: sent but not recorded, or left sending by a crash, ends failed and mailed once', async () => {
    const org = await create('organizations', {
      title: `Half ${tag}`,
      currency: 'USD',
      billingContacts: [{ email: `half-${tag}@example.test` }],
    })
    // 1. the mail server took it, then recording "sent" failed (a database error, the worker stopping)
    const eventId = await record({ type: 'organization.restored', organization: org.id, data: {} })
    await dispatchEvents(payload)
    const update = payload.update.bind(payload)
    payload.update = (async (args: any) => {
      if (args.collection === 'email-deliveries' && args.data?.status === 'sent')
        throw new Error('connection terminated unexpectedly')
      return update(args)
    }) as typeof payload.update
    try {
      await runNotifications()
    } finally {
      payload.update = update
    }
    await waitFor(() => mailsOf(eventId).length >= 1)
    await runNotifications(true)
    await runNotifications(true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(mailsOf(eventId)).toHaveLength(1)
    const [delivery] = await deliveries('email-deliveries', eventId)
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 })
    expect(delivery.lastError).toMatch(/^sent .*recording it failed/)

    // 2. a worker died between claiming it and recording the outcome: its job runs again
    const crashedId = await record({
      type: 'organization.restored',
      organization: org.id,
      data: {},
    })
    await dispatchEvents(payload)
    const [crashed] = await deliveries('email-deliveries', crashedId)
    await pool.query(`update email_deliveries set status = 'sending', attempts = 1 where id = $1`, [
      crashed.id,
    ])
    await runNotifications(true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(mailsOf(crashedId)).toHaveLength(0)
    const [after] = await deliveries('email-deliveries', crashedId)
    expect(after).toMatchObject({ status: 'failed' })
    expect(after.lastError).toMatch(/^interrupted while sending/)
  })
})

describe('retry with an id beyond the database range', () => {
  // DESIGN.md section 5: a malformed id is a 404 (it was a 400 before the one status table)
  it('is a 404 naming the id, not a 500', async () => {
    const server = await testServer()
    const admin = await loginHeader(people.admin.email, PASSWORD)
    for (const collection of ['email-deliveries', 'webhook-deliveries']) {
      const answer = await request(server)
        .post(`/api/${collection}/30000000000/retry`)
        .set('Authorization', admin)
      expect(answer.status).toBe(404)
      expect(answer.body.errors[0].field).toBe('id')
    }
  })
})

describe('an organization with its own webhook endpoint', () => {
  it('is not deleted (409): its endpoint would become global and receive every organization’s events', async () => {
    const gone = await create('organizations', { title: `Leaving ${tag}`, currency: 'USD' })
    const own = await create('webhook-endpoints', {
      title: `Leaving ${tag}`,
      url: `${receiverUrl}/leaving`,
      organization: gone.id,
      events: ['payment.received'],
    })
    const server = await testServer()
    const accountant = await loginHeader(people.accountant.email, PASSWORD)
    const answer = await request(server)
      .delete(`/api/organizations/${gone.id}`)
      .set('Authorization', accountant)
    expect(answer.status).toBe(409)
    expect(JSON.stringify(answer.body)).toMatch(/webhook endpoint/)
    const { rows } = await pool.query(
      'select organization_id from webhook_endpoints where id = $1',
      [own.id],
    )
    expect(rows[0]!.organization_id).toBe(gone.id)
  })
})

describe('an organization with billing events but no invoices (a suspended subsidiary)', () => {
  it('is not deleted: a 409 naming them, not a 500 from the NOT NULL event column', async () => {
    const subsidiary = await create('organizations', {
      title: `Suspended child ${tag}`,
      currency: 'USD',
    })
    await record({ type: 'organization.suspended', organization: subsidiary.id, data: {} })
    const answer = await request(await testServer())
      .delete(`/api/organizations/${subsidiary.id}`)
      .set('Authorization', await loginHeader(people.accountant.email, PASSWORD))
    expect(answer.status).toBe(409)
    expect(JSON.stringify(answer.body)).toMatch(/billing event/)
  })
})
