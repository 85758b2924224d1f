/**
 * Bad input: each case answers 400 naming the field and writes nothing; nothing answers 500.
 * One table per transport; every case is sent as the admin so that only validation can refuse it.
 */
import request from 'supertest'
import type { Server } from 'node:http'
import type { CollectionSlug, Payload } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD, type World } from '../helpers/world'

let world: World
let payload: Payload
let server: Server
let admin: string
let plates: number
let euroService: number
let counter = 0
const unique = (prefix: string) => `${prefix}-val-${Date.now().toString(36)}-${(counter += 1)}`

/** Every `path` (or `field`) named anywhere in an error body. */
function namedFields(body: unknown): string[] {
  const found: string[] = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'field') && typeof value === 'string') found.push(value)
        else walk(value)
      }
    }
  }
  walk(body)
  return found
}

const names = (body: unknown, field: string) =>
  namedFields(body).some((path) => path === field || path.startsWith(`${field}.`)) ||
  // GraphQL type errors name the field only in the message ('... at "data.price"')
  JSON.stringify(body).includes(`data.${field}`)

interface Case {
  name: string
  collection: CollectionSlug
  /** The field the error must name (any one of them). */
  field: string | string[]
  /** POST data, or a PATCH against `id()`. */
  data: () => Record<string, unknown>
  id?: () => number
  /** For a PATCH: what must still be stored afterwards. */
  unchanged?: () => Record<string, unknown>
}

const service = (extra: Record<string, unknown>) => () => ({
  title: unique('svc'),
  kind: 'continuous_archive',
  archiveDays: 7,
  price: 100,
  currency: 'USD',
  ...extra,
})
const organization = (extra: Record<string, unknown>) => () => ({ title: unique('org'), ...extra })
const user = (extra: Record<string, unknown>) => () => {
  const login = unique('user')
  return { email: `${login}@example.test`, login, password: PASSWORD, role: 'subscriber', ...extra }
}

const cases: Case[] = [
  {
    name: 'price of the wrong type',
    collection: 'services',
    field: 'price',
    data: service({ price: 'abc' }),
  },
  {
    name: 'unknown currency',
    collection: 'services',
    field: 'currency',
    data: service({ currency: 'XYZ' }),
  },
  { name: 'negative price', collection: 'services', field: 'price', data: service({ price: -1 }) },
  {
    name: 'fractional price',
    collection: 'services',
    field: 'price',
    data: service({ price: 1.5 }),
  },
  {
    name: 'archiveDays 0',
    collection: 'services',
    field: 'archiveDays',
    data: service({ archiveDays: 0 }),
  },
  {
    name: 'archiveDays 3651',
    collection: 'services',
    field: 'archiveDays',
    data: service({ archiveDays: 3651 }),
  },
  {
    name: 'analytics without algorithm',
    collection: 'services',
    field: 'analytics',
    data: service({ kind: 'analytics', archiveDays: undefined }),
  },
  {
    name: 'two analytics services',
    collection: 'subscriptions',
    field: 'services',
    data: () => ({ title: unique('sub'), services: [world.services.faces.id, plates] }),
  },
  {
    name: 'services in another currency than the subscription',
    collection: 'subscriptions',
    field: ['services', 'currency'],
    data: () => ({ title: unique('sub'), services: [world.services.archive.id], currency: 'EUR' }),
  },
  {
    name: 'services in two currencies',
    collection: 'subscriptions',
    field: ['services', 'currency'],
    data: () => ({ title: unique('sub'), services: [world.services.archive.id, euroService] }),
  },
  {
    name: 'parent = self',
    collection: 'organizations',
    field: 'parent',
    id: () => world.organizations.organizationA.id,
    data: () => ({ parent: world.organizations.organizationA.id }),
    unchanged: () => ({ parent: null }),
  },
  {
    name: 'a parent cycle',
    collection: 'organizations',
    field: 'parent',
    id: () => world.organizations.parent.id,
    data: () => ({ parent: world.organizations.subsidiary.id }),
    unchanged: () => ({ parent: null }),
  },
  {
    name: 'payer parent without a parent',
    collection: 'organizations',
    field: 'payer',
    data: organization({ payer: 'parent' }),
  },
  {
    name: 'default subscription not available',
    collection: 'organizations',
    field: 'defaultSubscription',
    data: () =>
      organization({
        availableSubscriptions: [world.subscriptions.basic.id],
        defaultSubscription: world.subscriptions.premium.id,
      })(),
  },
  {
    name: 'timezone Mars/Olympus',
    collection: 'organizations',
    field: 'timezone',
    data: organization({ timezone: 'Mars/Olympus' }),
  },
  {
    name: 'timezone +03:00',
    collection: 'organizations',
    field: 'timezone',
    data: organization({ timezone: '+03:00' }),
  },
  {
    name: 'taxRateBp 10001',
    collection: 'organizations',
    field: 'taxRateBp',
    data: organization({ taxRateBp: 10001 }),
  },
  {
    name: 'taxRateBp 12.5',
    collection: 'organizations',
    field: 'taxRateBp',
    data: organization({ taxRateBp: 12.5 }),
  },
  {
    name: 'login with a space',
    collection: 'users',
    field: 'login',
    data: user({ login: 'two words' }),
  },
  { name: "login with '!'", collection: 'users', field: 'login', data: user({ login: 'bang!' }) },
  {
    name: 'duplicate login',
    collection: 'users',
    field: 'login',
    data: () => user({ login: world.users.subscriberA.login })(),
  },
  {
    name: 'membership of a nonexistent organization',
    collection: 'users',
    field: 'memberships',
    data: () => user({ memberships: [{ organization: 99_999_999 }] })(),
  },
  {
    name: 'invoice period 2026-13',
    collection: 'invoices',
    field: 'period',
    data: () => ({
      organization: world.organizations.organizationA.id,
      period: '2026-13',
      currency: 'USD',
    }),
  },
]

async function count(collection: CollectionSlug) {
  return (await payload.count({ collection })).totalDocs
}

async function snapshot(c: Case): Promise<Record<string, unknown> | undefined> {
  if (!c.id) return undefined
  return (await payload.findByID({
    collection: c.collection,
    id: c.id(),
    depth: 0,
  })) as unknown as Record<string, unknown>
}

beforeAll(async () => {
  payload = await testPayload()
  server = await testServer()
  world = await createWorld(payload, 'validation')
  plates = (
    await payload.create({
      collection: 'services',
      data: {
        title: 'Plates val',
        kind: 'analytics',
        analytics: 'plates',
        price: 300,
        currency: 'USD',
      },
    })
  ).id
  euroService = (
    await payload.create({
      collection: 'services',
      data: {
        title: 'Storage EUR val',
        kind: 'storage',
        storageGb: 10,
        price: 300,
        currency: 'EUR',
      },
    })
  ).id
  admin = await loginHeader(world.users.admin.email, PASSWORD)
})

describe('REST: bad input answers 400 naming the field and writes nothing', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const before = await count(c.collection)
    const stored = await snapshot(c)
    const data = c.data()
    const res = c.id
      ? await request(server)
          .patch(`/api/${c.collection}/${c.id()}`)
          .set('Authorization', admin)
          .send(data)
      : await request(server).post(`/api/${c.collection}`).set('Authorization', admin).send(data)
    const body = JSON.stringify(res.body).slice(0, 500)
    expect(res.status, body).toBe(400)
    const fields = Array.isArray(c.field) ? c.field : [c.field]
    expect(
      fields.some((field) => names(res.body, field)),
      `${fields.join('|')} not named in ${body}`,
    ).toBe(true)
    expect(await count(c.collection)).toBe(before)
    if (stored && c.unchanged) {
      const after = (await snapshot(c))!
      for (const [key, value] of Object.entries(c.unchanged()))
        expect(after[key] ?? null).toEqual(value)
      expect(after.updatedAt).toBe(stored.updatedAt)
    }
  })
})

/** A representative subset through GraphQL, with the names of its mutations. */
const graphqlCases: { name: string; mutation: string; one: string; update?: boolean }[] = [
  { name: 'price of the wrong type', mutation: 'createService', one: 'Service' },
  { name: 'unknown currency', mutation: 'createService', one: 'Service' },
  { name: 'negative price', mutation: 'createService', one: 'Service' },
  { name: 'fractional price', mutation: 'createService', one: 'Service' },
  { name: 'archiveDays 3651', mutation: 'createService', one: 'Service' },
  { name: 'two analytics services', mutation: 'createSubscription', one: 'Subscription' },
  { name: 'a parent cycle', mutation: 'updateOrganization', one: 'Organization', update: true },
  { name: 'timezone Mars/Olympus', mutation: 'createOrganization', one: 'Organization' },
  { name: 'taxRateBp 10001', mutation: 'createOrganization', one: 'Organization' },
  { name: 'login with a space', mutation: 'createUser', one: 'User' },
  { name: 'invoice period 2026-13', mutation: 'createInvoice', one: 'Invoice' },
]

/** GraphQL inputs make fields that have defaults required: fill them in. */
const graphqlDefaults: Partial<Record<CollectionSlug, Record<string, unknown>>> = {
  subscriptions: { currency: 'USD', status: 'active' },
  organizations: {
    payer: 'self',
    timezone: 'UTC',
    taxRateBp: 0,
    currency: 'USD',
    status: 'active',
  },
  invoices: { status: 'draft' },
}

describe('GraphQL: bad input answers 400 naming the field and writes nothing', () => {
  it.each(graphqlCases.map((g) => [g.name, g] as const))('%s', async (name, g) => {
    const c = cases.find((candidate) => candidate.name === name)!
    const before = await count(c.collection)
    const stored = await snapshot(c)
    const query = g.update
      ? `mutation ($id: Int!, $data: mutation${g.one}UpdateInput!) { ${g.mutation}(id: $id, data: $data) { id } }`
      : `mutation ($data: mutation${g.one}Input!) { ${g.mutation}(data: $data) { id } }`
    const data = g.update ? c.data() : { ...graphqlDefaults[c.collection], ...c.data() }
    const res = await request(server)
      .post('/api/graphql')
      .set('Authorization', admin)
      .send({ query, variables: { id: c.id?.(), data } })
    const body = JSON.stringify(res.body).slice(0, 500)
    expect(res.status, body).toBe(400)
    expect(res.body.data?.[g.mutation] ?? null, body).toBeNull()
    const fields = Array.isArray(c.field) ? c.field : [c.field]
    expect(
      fields.some((field) => names(res.body, field)),
      `${fields.join('|')} not named in ${body}`,
    ).toBe(true)
    expect(await count(c.collection)).toBe(before)
    if (stored) expect((await snapshot(c))!.updatedAt).toBe(stored.updatedAt)
  })
})

describe('nothing answers 500', () => {
  const bad: {
    name: string
    method: 'post' | 'patch'
    path: () => string
    data?: () => unknown
  }[] = [
    {
      name: 'a nonexistent available subscription',
      method: 'post',
      path: () => '/api/organizations',
      data: () => ({ title: unique('org'), availableSubscriptions: [99_999_999] }),
    },
    {
      name: 'a string where a parent id is expected',
      method: 'post',
      path: () => '/api/organizations',
      data: () => ({ title: unique('org'), parent: 'not-an-id' }),
    },
    {
      name: 'a nonexistent administrator',
      method: 'post',
      path: () => '/api/organizations',
      data: () => ({ title: unique('org'), administrator: 99_999_999 }),
    },
    {
      name: 'a string where service ids are expected',
      method: 'post',
      path: () => '/api/subscriptions',
      data: () => ({ title: unique('sub'), services: ['abc'] }),
    },
    {
      name: 'a nonexistent service',
      method: 'post',
      path: () => '/api/subscriptions',
      data: () => ({ title: unique('sub'), services: [99_999_999] }),
    },
    {
      name: 'a string where the payer id is expected',
      method: 'post',
      path: () => '/api/invoices',
      data: () => ({ organization: 'abc', period: '2026-10', currency: 'USD' }),
    },
    {
      name: 'an object where a number is expected',
      method: 'post',
      path: () => '/api/services',
      data: () => ({
        title: unique('svc'),
        kind: 'storage',
        storageGb: { $gt: 1 },
        price: 1,
        currency: 'USD',
      }),
    },
    {
      name: 'an unknown kind',
      method: 'post',
      path: () => '/api/services',
      data: () => ({ title: unique('svc'), kind: 'teleport', price: 1, currency: 'USD' }),
    },
    {
      name: 'a membership organization that is a string',
      method: 'patch',
      path: () => `/api/users/${world.users.subscriberB.id}`,
      data: () => ({ memberships: [{ organization: 'abc' }] }),
    },
  ]

  // Payload would pass these straight to Postgres (invalid input syntax for type integer) and
  // answer 500; the shared rejectMalformedIds hook answers 404 / 400 instead.
  const knownBad = [
    { name: 'a non-numeric id in the path', path: '/api/organizations/abc' },
    { name: 'a non-numeric where value', path: '/api/invoices?where[organization][equals]=abc' },
    {
      name: 'a non-numeric id in a nested where',
      path: '/api/users?where[memberships.organization][in]=1,abc',
    },
    {
      name: 'a non-numeric id in an or',
      path: '/api/organizations?where[or][0][parent][equals]=x',
    },
  ]
  it.each(knownBad.map((b) => [b.name, b] as const))('%s (no 500)', async (_, b) => {
    const res = await request(server).get(b.path).set('Authorization', admin)
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500)
  })

  // the shared hooks are applied to the sanitized config (payload.config.ts), so the collections
  // the Watcher plugin and Payload itself add have them too, not only the project's own
  it.each(['sync-events', 'reconcile-reports', 'payload-jobs', 'organizations'])(
    'a malformed id on /api/%s is 404, a malformed where 400',
    async (slug) => {
      const byId = await request(server).get(`/api/${slug}/abc`).set('Authorization', admin)
      expect(byId.status, JSON.stringify(byId.body)).toBe(404)
      const where = await request(server)
        .get(`/api/${slug}?where[id][equals]=abc`)
        .set('Authorization', admin)
      expect(where.status, JSON.stringify(where.body)).toBe(400)
      expect(names(where.body, 'id')).toBe(true)
    },
  )

  it.each(bad.map((b) => [b.name, b] as const))('%s', async (_, b) => {
    let call = request(server)[b.method](b.path()).set('Authorization', admin)
    if (b.data) call = call.send(b.data() as object)
    const res = await call
    const body = JSON.stringify(res.body).slice(0, 500)
    expect(res.status, body).toBeLessThan(500)
    expect(res.status, body).toBe(400)
  })

  it('GraphQL: a string where an id is expected', async () => {
    const res = await request(server)
      .post('/api/graphql')
      .set('Authorization', admin)
      .send({ query: `{ Organization(id: "abc") { id } }` })
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500)
    const parent = await request(server)
      .post('/api/graphql')
      .set('Authorization', admin)
      .send({
        query: `mutation ($data: mutationOrganizationInput!) { createOrganization(data: $data) { id } }`,
        variables: {
          data: { ...graphqlDefaults.organizations, title: unique('org'), parent: 99_999_999 },
        },
      })
    expect(parent.status, JSON.stringify(parent.body)).toBe(400)
    expect(names(parent.body, 'parent'), JSON.stringify(parent.body)).toBe(true)
  })
})

describe('bad input in the caller’s language', () => {
  it('Payload’s own messages follow Accept-Language, still naming the field', async () => {
    const answer = (language: string) =>
      request(server)
        .post('/api/organizations')
        .set('Authorization', admin)
        .set('Accept-Language', language)
        .send({ title: '' })
    const russian = await answer('ru-RU,ru;q=0.9')
    expect(russian.status).toBe(400)
    expect(names(russian.body, 'title')).toBe(true)
    const english = await answer('en-US')
    expect(english.status).toBe(400)
    expect(JSON.stringify(russian.body)).not.toBe(JSON.stringify(english.body))
    expect(JSON.stringify(russian.body)).toMatch(/[а-яё]/i)
    const portuguese = await answer('pt-BR')
    expect(JSON.stringify(portuguese.body)).not.toBe(JSON.stringify(english.body))
  })

  it('this project’s own messages too: Accept-Language, and a user’s own language first', async () => {
    const badLogin = (headers: Record<string, string>, authorization = admin) =>
      request(server)
        .post('/api/users')
        .set('Authorization', authorization)
        .set(headers)
        .send({
          email: `${unique('lang')}@example.test`,
          login: 'has a space',
          password: PASSWORD,
          role: 'subscriber',
        })
    const message = (body: unknown) => JSON.stringify(body)

    const english = await badLogin({})
    expect(english.status).toBe(400)
    expect(names(english.body, 'login')).toBe(true)
    expect(message(english.body)).toContain('A login may contain only letters')

    const russian = await badLogin({ 'Accept-Language': 'ru' })
    expect(russian.status).toBe(400)
    expect(names(russian.body, 'login')).toBe(true)
    expect(message(russian.body)).toContain('Логин может содержать только латинские буквы')

    const timezone = await request(server)
      .post('/api/organizations')
      .set('Authorization', admin)
      .set('Accept-Language', 'es-ES,es;q=0.9')
      .send({ title: unique('tz'), timezone: 'Mars/Olympus' })
    expect(timezone.status).toBe(400)
    expect(names(timezone.body, 'timezone')).toBe(true)
    expect(message(timezone.body)).toContain('Zona horaria desconocida')
    expect(message(timezone.body)).toContain('Mars/Olympus')

    // an admin who chose Portuguese reads Portuguese whatever its browser asks for
    const email = `${unique('pt-admin')}@example.test`
    await payload.create({
      collection: 'users',
      data: { email, login: unique('pt-admin'), password: PASSWORD, role: 'admin', locale: 'pt' },
    })
    const portuguese = await badLogin(
      { 'Accept-Language': 'en-US' },
      await loginHeader(email, PASSWORD),
    )
    expect(portuguese.status).toBe(400)
    expect(names(portuguese.body, 'login')).toBe(true)
    expect(message(portuguese.body)).toContain('O login só pode conter letras')
  })
  it('services, subscriptions and money fields too (issue 16), still naming the field', async () => {
    const post = (
      collection: string,
      data: Record<string, unknown>,
      headers: Record<string, string>,
      authorization = admin,
    ) =>
      request(server)
        .post(`/api/${collection}`)
        .set('Authorization', authorization)
        .set(headers)
        .send(data)
    const message = (body: unknown) => JSON.stringify(body)
    const russian = { 'Accept-Language': 'ru-RU,ru;q=0.9' }

    const fraction = await post('services', service({ price: 19.99 })(), russian)
    expect(fraction.status).toBe(400)
    expect(names(fraction.body, 'price')).toBe(true)
    expect(message(fraction.body)).toContain(
      'Сумма должна быть целым числом минимальных единиц валюты',
    )

    const days = await post('services', service({ archiveDays: 0 })(), russian)
    expect(days.status).toBe(400)
    expect(names(days.body, 'archiveDays')).toBe(true)
    expect(message(days.body)).toContain('Значение должно быть от 1 до 3650.')

    const algorithm = await post(
      'services',
      service({ kind: 'analytics', archiveDays: undefined })(),
      russian,
    )
    expect(algorithm.status).toBe(400)
    expect(names(algorithm.body, 'analytics')).toBe(true)
    expect(message(algorithm.body)).toContain('Для услуги видеоаналитики выберите алгоритм')

    const twoAlgorithms = await post(
      'subscriptions',
      { title: unique('sub'), services: [world.services.faces.id, plates] },
      russian,
    )
    expect(twoAlgorithms.status).toBe(400)
    expect(names(twoAlgorithms.body, 'services')).toBe(true)
    expect(message(twoAlgorithms.body)).toContain('не больше одного алгоритма видеоаналитики')
    expect(message(twoAlgorithms.body)).toMatch(/Распознавание (лиц|номеров) и Распознавание/)
    // the field named in the operator's language as well: Payload takes our label
    expect(message(twoAlgorithms.body)).toContain('Следующее поле недействительно: Услуги')

    const payment = await post(
      'payments',
      { organization: world.organizations.organizationA.id, amount: 10.5, currency: 'USD' },
      { 'Accept-Language': 'es-ES,es;q=0.9' },
    )
    expect(payment.status).toBe(400)
    expect(names(payment.body, 'amount')).toBe(true)
    expect(message(payment.body)).toContain('El importe debe ser un número entero')

    // a user whose own language is Portuguese reads Portuguese whatever its browser asks for
    const email = `${unique('pt-staff')}@example.test`
    await payload.create({
      collection: 'users',
      data: { email, login: unique('pt-staff'), password: PASSWORD, role: 'admin', locale: 'pt' },
    })
    const portuguese = await loginHeader(email, PASSWORD)
    const sameDay = await post(
      'subscriptions',
      {
        title: unique('sub'),
        services: [world.services.archive.id],
        prices: [
          { from: '2026-01-01', amount: 100 },
          { from: '2026-01-01', amount: 200 },
        ],
      },
      { 'Accept-Language': 'en-US' },
      portuguese,
    )
    expect(sameDay.status).toBe(400)
    expect(names(sameDay.body, 'prices')).toBe(true)
    expect(message(sameDay.body)).toContain('Dois preços começam na mesma data')

    const english = await post('services', service({ archiveDays: 0 })(), {
      'Accept-Language': 'en-US',
    })
    expect(names(english.body, 'archiveDays')).toBe(true)
    expect(message(english.body)).toContain('Must be between 1 and 3650.')
  })
})
