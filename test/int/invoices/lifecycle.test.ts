/**
 * The month close through the API: generate (idempotent, concurrent-safe), issue (gapless
 * numbers, PDF), void and regenerate, pay; PDF and CSV with access rules.
 */
import request from 'supertest'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { PDFParse } from 'pdf-parse'
import { testPayload, testServer } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import { generateInvoices, issueInvoice } from '../../../src/invoicing'

/** RFC 4180 records (quoted fields may hold commas). */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  for (const line of text.trim().split('\n')) {
    const fields: string[] = []
    for (const match of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
      fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? ''))
    records.push(fields)
  }
  return records
}

let payload: Payload
let pool: pg.Pool
let admin: string
let accountant: string
let member: string
let outsider: string
const ids: Record<string, number> = {}
const PERIOD = '2031-10' // a month no other test file bills

const login = async (email: string) => {
  const answer = await request(await testServer())
    .post('/api/users/login')
    .send({ email, password: PASSWORD })
  return `JWT ${answer.body.token}`
}
const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>

async function usage(
  organization: number,
  subscription: number,
  key: string,
  from: string,
  to: string | null,
) {
  await pool.query(
    `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at) values ($1, $2, $3, $4, $5, now(), now())`,
    [organization, subscription, key, from, to],
  )
}

beforeAll(async () => {
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const service = await create('services', {
    title: 'Archive inv',
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 3100,
    currency: 'EUR',
  })
  const plan = await create('subscriptions', {
    title: 'Plan inv',
    currency: 'EUR',
    services: [service.id],
  })
  const boss = await create('users', {
    email: 'boss-inv@example.test',
    login: 'boss-inv',
    password: PASSWORD,
    role: 'subscriber',
  })
  await create('users', {
    email: 'admin-inv@example.test',
    login: 'admin-inv',
    password: PASSWORD,
    role: 'admin',
  })
  await create('users', {
    email: 'acc-inv@example.test',
    login: 'acc-inv',
    password: PASSWORD,
    role: 'accountant',
  })
  await create('users', {
    email: 'out-inv@example.test',
    login: 'out-inv',
    password: PASSWORD,
    role: 'subscriber',
  })
  const parent = await create('organizations', {
    title: 'Parent inv',
    administrator: boss.id,
    currency: 'EUR',
    taxRateBp: 2000,
    timezone: 'Europe/Berlin',
    availableSubscriptions: [plan.id],
    paymentTermsDays: 30,
  })
  const child = await create('organizations', {
    title: 'Child inv',
    parent: parent.id,
    payer: 'parent',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    availableSubscriptions: [plan.id],
  })
  const alone = await create('organizations', {
    title: 'Alone inv',
    locale: 'ru', // its invoice lines are described in Russian
    currency: 'EUR',
    availableSubscriptions: [plan.id],
  })
  const idle = await create('organizations', { title: 'Idle inv', currency: 'EUR' })
  Object.assign(ids, {
    plan: plan.id,
    parent: parent.id,
    child: child.id,
    alone: alone.id,
    idle: idle.id,
  })
  // October 2031 in Berlin: 31 days + 1 h (DST ends 26 Oct) = 2 682 000 s
  await usage(parent.id, plan.id, 'cam-p1', '2031-09-01T00:00:00Z', null) // all month: 3100
  await usage(child.id, plan.id, 'cam-c1', '2031-10-15T22:00:00Z', null) // from 16 Oct 00:00 Berlin (CEST)
  await usage(alone.id, plan.id, 'cam-a1', '2031-10-01T00:00:00Z', '2031-10-11T00:00:00Z') // 10 days UTC
  admin = await login('admin-inv@example.test')
  accountant = await login('acc-inv@example.test')
  member = await login('boss-inv@example.test')
  outsider = await login('out-inv@example.test')
})

describe('generate', () => {
  it('builds one draft per payer with the subsidiary on the parent, and nothing for an organization without usage', async () => {
    const answer = await request(await testServer())
      .post('/api/invoices/generate')
      .set('Authorization', accountant)
      .send({ period: PERIOD })
    expect(answer.status).toBe(200)
    const mine = (
      await payload.find({
        collection: 'invoices',
        where: { period: { equals: PERIOD } },
        depth: 0,
        sort: 'id',
      })
    ).docs
    expect(mine.map((invoice) => invoice.organization).sort()).toEqual(
      [ids.parent, ids.alone].sort(),
    )
    expect(answer.body.created).toEqual(expect.arrayContaining(mine.map((invoice) => invoice.id)))
    expect(answer.body.empty).toContain(ids.idle)
    expect(answer.body.empty).not.toContain(ids.child)
    const parentInvoice = mine.find((invoice) => invoice.organization === ids.parent)!
    // child: 16 Oct 00:00 CEST → 1 Nov 00:00 CET = 16 days + 1 h = 1 386 000 s; 3100 × 1 386 000 / 2 682 000 = 1602.01… → 1602
    expect(
      parentInvoice.lines!.map((line) => [line.organization, line.cameraSeconds, line.amount]),
    ).toEqual([
      [ids.parent, 2_682_000, 3100],
      [ids.child, 1_386_000, 1602],
    ])
    expect(parentInvoice.lines![1]!.description).toContain('Child inv')
    expect(parentInvoice).toMatchObject({
      status: 'draft',
      number: null,
      subtotal: 4702,
      tax: 940,
      total: 5642,
      currency: 'EUR',
    })
    const alone = mine.find((invoice) => invoice.organization === ids.alone)!
    // UTC October: 2 678 400 s; 10 days = 864 000 s → 3100 × 864000 / 2678400 = 1000
    expect(alone).toMatchObject({ subtotal: 1000, tax: 0, total: 1000 })
    // line descriptions in the payer's language (the month's days in its time zone)
    expect(parentInvoice.lines![0]!.description).toBe('Plan inv, 1–31 Oct 2031')
    expect(alone.lines!.map((line) => line.description)).toEqual(['Plan inv, 1–31 октября 2031 г.'])
  })

  it('generating again, or from two callers at once, creates no duplicate', async () => {
    const [one, two] = await Promise.all([
      generateInvoices(payload, { period: PERIOD }),
      generateInvoices(payload, { period: PERIOD }),
    ])
    expect([...one.created, ...two.created]).toEqual([])
    expect(
      (await payload.count({ collection: 'invoices', where: { period: { equals: PERIOD } } }))
        .totalDocs,
    ).toBe(2)
    const other = '2031-11'
    // November: only the parent's cameras (its own and its subsidiary's) are still running
    const [a, b] = await Promise.all([
      generateInvoices(payload, { period: other }),
      generateInvoices(payload, { period: other }),
    ])
    expect(a.created.length + b.created.length).toBe(1)
    expect([...a.skipped, ...b.skipped].length).toBe(1)
    expect(
      (await payload.count({ collection: 'invoices', where: { period: { equals: other } } }))
        .totalDocs,
    ).toBe(1)
  })

  it('rejects a malformed period and a subsidiary billed through its parent, naming the field', async () => {
    const bad = await request(await testServer())
      .post('/api/invoices/generate')
      .set('Authorization', admin)
      .send({ period: '2031-13' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('period')
    const child = await request(await testServer())
      .post('/api/invoices/generate')
      .set('Authorization', admin)
      .send({ period: PERIOD, organization: ids.child })
    expect(child.status).toBe(400)
    expect(child.body.errors[0]).toMatchObject({ field: 'organization' })
    const subscriber = await request(await testServer())
      .post('/api/invoices/generate')
      .set('Authorization', member)
      .send({ period: PERIOD })
    expect(subscriber.status).toBe(403)
  })
})

describe('issue, void, pay', () => {
  it('issues with the next number, a due date from the terms and a PDF; the invoice is then frozen', async () => {
    const invoice = (
      await payload.find({
        collection: 'invoices',
        where: { and: [{ period: { equals: PERIOD } }, { organization: { equals: ids.parent } }] },
      })
    ).docs[0]!
    const answer = await request(await testServer())
      .post(`/api/invoices/${invoice.id}/issue`)
      .set('Authorization', admin)
    expect(answer.status).toBe(200)
    expect(answer.body.number).toMatch(/^INV-\d{4}-\d{6}$/)
    expect(answer.body.status).toBe('issued')
    const issuedAt = new Date(answer.body.issuedAt).getTime()
    expect(new Date(answer.body.dueAt).getTime() - issuedAt).toBe(30 * 86_400_000)
    const again = await request(await testServer())
      .post(`/api/invoices/${invoice.id}/issue`)
      .set('Authorization', admin)
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toBe(
      `Invoice ${invoice.id} is issued: only a draft can be issued.`,
    )
    // the admin's buttons send its language: the reason comes in it
    const inPortuguese = await request(await testServer())
      .post(`/api/invoices/${invoice.id}/issue`)
      .set('Authorization', admin)
      .set('Accept-Language', 'pt')
    expect(inPortuguese.status).toBe(409)
    expect(inPortuguese.body.errors[0].message).toBe(
      `A fatura ${invoice.id} está com o status «Emitida»: só um rascunho pode ser emitido.`,
    )
    const edit = await request(await testServer())
      .patch(`/api/invoices/${invoice.id}`)
      .set('Authorization', admin)
      .send({ subtotal: 1 })
    expect(edit.status).toBe(409)

    const pdf = await request(await testServer())
      .get(`/api/invoices/${invoice.id}/pdf`)
      .set('Authorization', member)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const body = pdf.body as Buffer
    expect(body.subarray(0, 4).toString()).toBe('%PDF')
    const text = (await new PDFParse({ data: new Uint8Array(body) }).getText()).text
    expect(text).toContain(answer.body.number)
    expect(text).toContain('€56.42')
    expect(text).toContain('Child inv')
    const forbidden = await request(await testServer())
      .get(`/api/invoices/${invoice.id}/pdf`)
      .set('Authorization', outsider)
    expect(forbidden.status).toBe(404)
  })

  it('numbers are gapless across concurrent issues', async () => {
    const drafts = []
    for (let i = 0; i < 6; i++) {
      const organization = await create('organizations', {
        title: `Numbered ${i}`,
        currency: 'EUR',
      })
      drafts.push(
        (
          await create('invoices', {
            organization: organization.id,
            period: '2031-12',
            currency: 'EUR',
            subtotal: 0,
            tax: 0,
            total: 0,
          })
        ).id,
      )
    }
    const now = new Date('2032-01-05T10:00:00Z')
    await Promise.all(drafts.map((id) => issueInvoice(payload, id, { now })))
    const numbers = (
      await payload.find({ collection: 'invoices', where: { id: { in: drafts } }, limit: 10 })
    ).docs
      .map((invoice) => invoice.number!)
      .sort()
    expect(numbers).toEqual([
      'INV-2032-000001',
      'INV-2032-000002',
      'INV-2032-000003',
      'INV-2032-000004',
      'INV-2032-000005',
      'INV-2032-000006',
    ])
  })

  it('void keeps the number and frees the period; pay records date and reference', async () => {
    const alone = (
      await payload.find({
        collection: 'invoices',
        where: { and: [{ period: { equals: PERIOD } }, { organization: { equals: ids.alone } }] },
      })
    ).docs[0]!
    await request(await testServer())
      .post(`/api/invoices/${alone.id}/issue`)
      .set('Authorization', admin)
      .expect(200)
    const voided = await request(await testServer())
      .post(`/api/invoices/${alone.id}/void`)
      .set('Authorization', admin)
    expect(voided.body).toMatchObject({ status: 'void' })
    expect(voided.body.number).toMatch(/^INV-/)
    const regenerated = await generateInvoices(payload, {
      period: PERIOD,
      organizationId: ids.alone,
    })
    expect(regenerated.created.length).toBe(1)
    expect(regenerated.created[0]).not.toBe(alone.id)

    const parent = (
      await payload.find({
        collection: 'invoices',
        where: { and: [{ period: { equals: PERIOD } }, { organization: { equals: ids.parent } }] },
      })
    ).docs[0]!
    const paid = await request(await testServer())
      .post(`/api/invoices/${parent.id}/pay`)
      .set('Authorization', accountant)
      .send({ reference: 'BANK-123', paidAt: '2031-11-20T09:00:00Z' })
    expect(paid.status).toBe(200)
    expect(paid.body).toMatchObject({
      status: 'paid',
      paymentReference: 'BANK-123',
      paidAt: '2031-11-20T09:00:00.000Z',
    })
    const voidPaid = await request(await testServer())
      .post(`/api/invoices/${parent.id}/void`)
      .set('Authorization', admin)
      .set('Accept-Language', 'ru')
    expect(voidPaid.status).toBe(409)
    expect(voidPaid.body.errors[0].message).toBe(
      `Счёт ${parent.id} оплачен: верните деньги кредит-нотой, а не аннулированием.`,
    )
  })
})

describe('CSV export', () => {
  it('has one row per line, amounts that add up to the totals, and only what the caller may read', async () => {
    const answer = await request(await testServer())
      .get(`/api/invoices/export.csv?period=${PERIOD}`)
      .set('Authorization', accountant)
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/text\/csv/)
    const [header, ...rows] = parseCsv(answer.text)
    const column = (name: string) => header!.indexOf(name)
    const invoices = (
      await payload.find({
        collection: 'invoices',
        where: { period: { equals: PERIOD } },
        limit: 10,
      })
    ).docs
    expect(rows.length).toBe(
      invoices.reduce((sum, invoice) => sum + (invoice.lines?.length ?? 0), 0),
    )
    for (const invoice of invoices) {
      const mine = rows.filter((row) => Number(row[column('invoice_id')]) === invoice.id)
      const cents = mine.reduce(
        (sum, row) => sum + Math.round(Number(row[column('amount')]) * 100),
        0,
      )
      expect(cents).toBe(invoice.subtotal)
    }
    const memberCsv = await request(await testServer())
      .get(`/api/invoices/export.csv?period=${PERIOD}`)
      .set('Authorization', member)
    expect(memberCsv.text).not.toContain('Alone inv')
    expect(memberCsv.text).toContain('Parent inv')
    const bad = await request(await testServer())
      .get('/api/invoices/export.csv?period=oct')
      .set('Authorization', accountant)
    expect(bad.status).toBe(400)
  })
})

describe('billing history is kept', () => {
  it('an organization with invoices or usage, or a subscription with usage, is not deleted: 409 with the reason', async () => {
    const organization = await request(await testServer())
      .delete(`/api/organizations/${ids.alone}`)
      .set('Authorization', admin)
    expect(organization.status).toBe(409)
    expect(organization.body.errors[0].message).toBe(
      'This organization cannot be deleted: it has 2 invoices, 2 ledger entries, 1 billing event, and 1 camera usage interval. Suspend it instead.',
    )
    const subscription = await request(await testServer())
      .delete(`/api/subscriptions/${ids.plan}`)
      .set('Authorization', admin)
    expect(subscription.status).toBe(409)
    expect(subscription.body.errors[0].message).toMatch(
      /^This subscription cannot be deleted: it has .*\d+ camera usage intervals?\b.*\. Archive it instead\.$/,
    )
    // in the caller's language, the counts with the language's plural forms
    const inRussian = await request(await testServer())
      .delete(`/api/organizations/${ids.alone}`)
      .set('Authorization', admin)
      .set('Accept-Language', 'ru')
    expect(inRussian.status).toBe(409)
    expect(inRussian.body.errors[0].message).toBe(
      'Эту организацию нельзя удалить: у неё есть 2 счёта, 2 проводки, 1 событие биллинга и 1 интервал работы камер. Приостановите её вместо удаления.',
    )
    expect(await payload.findByID({ collection: 'organizations', id: ids.alone })).toBeTruthy()
  })
})

describe('camera counts', () => {
  it('GET /api/usage/counts: open cameras per organization and subscription, scoped to the caller, no keys', async () => {
    const staff = await request(await testServer())
      .get('/api/usage/counts')
      .set('Authorization', accountant)
    expect(staff.status).toBe(200)
    const mine = staff.body.counts.filter((row: any) =>
      [ids.parent, ids.child, ids.alone].includes(row.organization.id),
    )
    expect(mine).toEqual([
      {
        organization: { id: ids.child, title: 'Child inv' },
        subscription: { id: ids.plan, title: 'Plan inv' },
        cameras: 1,
      },
      {
        organization: { id: ids.parent, title: 'Parent inv' },
        subscription: { id: ids.plan, title: 'Plan inv' },
        cameras: 1,
      },
    ])
    expect(JSON.stringify(staff.body)).not.toContain('cam-')
    const subscriber = await request(await testServer())
      .get('/api/usage/counts')
      .set('Authorization', member)
    expect(subscriber.body.counts.map((row: any) => row.organization.id).sort()).toEqual(
      [ids.parent, ids.child].sort(),
    )
    const outsiderAnswer = await request(await testServer())
      .get('/api/usage/counts')
      .set('Authorization', outsider)
    expect(outsiderAnswer.body.counts).toEqual([])
    expect((await request(await testServer()).get('/api/usage/counts')).status).toBe(401)
  })
})

describe('the language of an invoice', () => {
  const pdfText = async (path: string) => {
    const answer = await request(await testServer())
      .get(path)
      .set('Authorization', admin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(answer.status).toBe(200)
    const text = (await new PDFParse({ data: new Uint8Array(answer.body as Buffer) }).getText())
      .text
    return text.replace(/\s+/g, ' ').replace(/[\u00a0\u202f]/g, ' ')
  }

  it('is the payer’s when issued, and stays with the invoice and its credit note', async () => {
    const organization = await create('organizations', {
      title: 'ООО «Ромашка»',
      billingAddress: 'ул. Льва Толстого, д. 16\n119021 Москва, Россия',
      currency: 'RUB',
      locale: 'ru',
      timezone: 'Europe/Moscow',
    })
    expect(organization.locale).toBe('ru')
    // an organization made without a language speaks English
    expect((await create('organizations', { title: 'No language inv' })).locale).toBe('en')
    const draft = await create('invoices', {
      organization: organization.id,
      period: '2031-11',
      currency: 'RUB',
      subtotal: 123_456,
      tax: 0,
      total: 123_456,
    })
    // a draft is shown in the payer's current language, and has none of its own
    expect(draft.locale ?? null).toBeNull()
    expect(await pdfText(`/api/invoices/${draft.id}/pdf`)).toContain('ЧЕРНОВИК СЧЁТА')

    await issueInvoice(payload, draft.id)
    const issued = await payload.findByID({ collection: 'invoices', id: draft.id, depth: 0 })
    expect(issued.locale).toBe('ru')
    const text = await pdfText(`/api/invoices/${draft.id}/pdf`)
    expect(text).toContain('СЧЁТ')
    expect(text).toContain('ООО «Ромашка» ул. Льва Толстого, д. 16 119021 Москва, Россия')
    expect(text).toContain('Итого (RUB) 1 234,56 ₽')

    // the payer switches to Portuguese: the issued invoice keeps its language, through the API too
    await payload.update({
      collection: 'organizations',
      id: organization.id,
      data: { locale: 'pt' },
    })
    const tampered = await request(await testServer())
      .patch(`/api/invoices/${draft.id}`)
      .set('Authorization', admin)
      .send({ locale: 'es' })
    expect(tampered.status).toBeGreaterThanOrEqual(400)
    expect((await payload.findByID({ collection: 'invoices', id: draft.id })).locale).toBe('ru')
    expect(await pdfText(`/api/invoices/${draft.id}/pdf`)).toContain('Итого (RUB) 1 234,56 ₽')

    const credit = await request(await testServer())
      .post('/api/credit-notes')
      .set('Authorization', accountant)
      .send({ invoice: draft.id, amount: 10_000, reason: 'Камеры не работали 3 дня' })
    expect(credit.status).toBe(201)
    const creditText = await pdfText(`/api/credit-notes/${credit.body.doc.id}/pdf`)
    expect(creditText).toContain('КОРРЕКТИРОВОЧНЫЙ СЧЁТ')
    expect(creditText).toContain('Камеры не работали 3 дня')
    expect(creditText).toContain('Сумма к зачёту (RUB): 100,00 ₽')
  })

  it('refuses a language billing does not speak, naming the field', async () => {
    const answer = await request(await testServer())
      .post('/api/organizations')
      .set('Authorization', admin)
      .send({ title: 'Klingon inv', locale: 'tlh' })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toContain('locale')
  })
})
