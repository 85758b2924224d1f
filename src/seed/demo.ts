/**
 * The demo catalogue and accounts loaded by `npm start` on an empty database (SEED_DEMO, default
 * true). Every object is found by its unique title or login first, so running it again adds nothing.
 */
import type { Payload } from 'payload'
import type { Organization, Service, Subscription, User } from '../payload-types'
import { generatePassword, readCredentials, rememberCredentials } from './credentials'

type ServiceData = Omit<Service, 'id' | 'createdAt' | 'updatedAt'>

const services: ServiceData[] = [
  {
    title: 'Archive 7 days',
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 300,
    currency: 'USD',
  },
  {
    title: 'Archive 14 days',
    kind: 'continuous_archive',
    archiveDays: 14,
    price: 500,
    currency: 'USD',
  },
  {
    title: 'Archive 30 days',
    kind: 'continuous_archive',
    archiveDays: 30,
    price: 900,
    currency: 'USD',
  },
  {
    title: 'Event archive 7 days',
    kind: 'event_archive',
    eventArchiveDays: 7,
    price: 200,
    currency: 'USD',
  },
  {
    title: 'Face recognition',
    kind: 'analytics',
    analytics: 'faces',
    price: 1500,
    currency: 'USD',
  },
  {
    title: 'Plate recognition',
    kind: 'analytics',
    analytics: 'plates',
    price: 1200,
    currency: 'USD',
  },
  { title: 'Storage 500 GB', kind: 'storage', storageGb: 500, price: 1000, currency: 'USD' },
]

const subscriptions: { title: string; services: string[] }[] = [
  { title: 'Basic 7', services: ['Archive 7 days'] },
  { title: 'Business 14 + faces', services: ['Archive 14 days', 'Face recognition'] },
  {
    title: 'Enterprise 30 + plates',
    services: ['Archive 30 days', 'Event archive 7 days', 'Plate recognition', 'Storage 500 GB'],
  },
]

const demoUsers = [
  { login: 'accountant', name: 'Alice Accountant', role: 'accountant' as const },
  { login: 'acme-admin', name: 'Adam Acme', role: 'subscriber' as const },
  { login: 'acme-north-viewer', name: 'Nora North', role: 'subscriber' as const },
  { login: 'corner-shop', name: 'Carl Corner', role: 'subscriber' as const },
  // a Russian-speaking subscriber: its portal, e-mails and invoices are in Russian
  {
    login: 'romashka-admin',
    name: 'Ольга Ромашкина',
    role: 'subscriber' as const,
    locale: 'ru' as const,
  },
]

async function findOrCreate<T extends { id: number }>(
  find: () => Promise<{ docs: T[] }>,
  create: () => Promise<T>,
): Promise<{ doc: T; created: boolean }> {
  const found = await find()
  if (found.docs[0]) return { doc: found.docs[0], created: false }
  return { doc: await create(), created: true }
}

export async function seedDemo(payload: Payload): Promise<{ created: number }> {
  let created = 0
  const count = (result: { created: boolean }) => (created += result.created ? 1 : 0)

  const serviceIds = new Map<string, number>()
  for (const data of services) {
    const result = await findOrCreate<Service>(
      () =>
        payload.find({
          collection: 'services',
          where: {
            and: [{ title: { equals: data.title } }, { currency: { equals: data.currency } }],
          },
          limit: 1,
        }),
      () => payload.create({ collection: 'services', data }),
    )
    count(result)
    serviceIds.set(data.title, result.doc.id)
  }

  const subscriptionIds = new Map<string, number>()
  for (const data of subscriptions) {
    const result = await findOrCreate<Subscription>(
      () =>
        payload.find({
          collection: 'subscriptions',
          where: { title: { equals: data.title } },
          limit: 1,
        }),
      () =>
        payload.create({
          collection: 'subscriptions',
          data: {
            title: data.title,
            currency: 'USD',
            services: data.services.map((title) => serviceIds.get(title)!),
          } as never, // prices and status come from the collection's defaults
        }),
    )
    count(result)
    subscriptionIds.set(data.title, result.doc.id)
  }

  const userIds = new Map<string, number>()
  const remembered = readCredentials()
  for (const data of demoUsers) {
    const email = `${data.login}@demo.example.com`
    const result = await findOrCreate<User>(
      () =>
        payload.find({ collection: 'users', where: { login: { equals: data.login } }, limit: 1 }),
      async () => {
        const password = remembered[data.login]?.password ?? generatePassword()
        const user = await payload.create({
          collection: 'users',
          data: { ...data, email, password },
        })
        rememberCredentials(data.login, { email, password, role: data.role })
        return user
      },
    )
    count(result)
    userIds.set(data.login, result.doc.id)
  }

  const organization = async (title: string, data: Partial<Organization>) => {
    const result = await findOrCreate<Organization>(
      () =>
        payload.find({
          collection: 'organizations',
          where: { title: { equals: title } },
          limit: 1,
        }),
      () =>
        payload.create({
          collection: 'organizations',
          data: { title, ...data } as Omit<Organization, 'id' | 'createdAt' | 'updatedAt'>,
        }),
    )
    count(result)
    return result.doc
  }
  const all = [...subscriptionIds.values()]
  const acme = await organization('Acme Security Group', {
    administrator: userIds.get('acme-admin'),
    availableSubscriptions: all,
    defaultSubscription: subscriptionIds.get('Business 14 + faces'),
    timezone: 'Europe/Berlin',
    taxRateBp: 1900,
    cameraLimit: 500,
  })
  const subsidiaries: Organization[] = []
  for (const title of ['Acme North Warehouse', 'Acme South Offices']) {
    const subsidiary = await organization(title, {
      parent: acme.id,
      payer: 'parent',
      availableSubscriptions: all,
      defaultSubscription: subscriptionIds.get('Basic 7'),
      timezone: 'Europe/Berlin',
      taxRateBp: 1900,
    })
    subsidiaries.push(subsidiary)
  }
  await organization('Corner Shop', {
    administrator: userIds.get('corner-shop'),
    availableSubscriptions: [subscriptionIds.get('Basic 7')!],
    defaultSubscription: subscriptionIds.get('Basic 7'),
    trialEndsAt: '2026-12-31T00:00:00.000Z',
  })

  await organization('ООО «Ромашка»', {
    administrator: userIds.get('romashka-admin'),
    availableSubscriptions: [subscriptionIds.get('Basic 7')!],
    defaultSubscription: subscriptionIds.get('Basic 7'),
    timezone: 'Europe/Moscow',
    locale: 'ru',
    billingAddress: 'ул. Льва Толстого, д. 16\n119021 Москва, Россия',
  })

  const north = subsidiaries[0]
  const viewerId = userIds.get('acme-north-viewer')!
  const viewer = await payload.findByID({ collection: 'users', id: viewerId, depth: 0 })
  if ((viewer.memberships ?? []).length === 0) {
    await payload.update({
      collection: 'users',
      id: viewerId,
      data: { memberships: [{ organization: north.id, canViewStreams: true }] },
    })
  }
  return { created }
}
