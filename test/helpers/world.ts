/**
 * A small operator world for access and validation tests: a catalogue, a parent organization with
 * a subsidiary, two unrelated organizations, invoices for each and a user of every role.
 */
import type { Payload } from 'payload'

export const PASSWORD = 'Correct-Horse-7'

export async function createWorld(payload: Payload, tag: string) {
  // the Local API's types want every defaulted field; the defaults are what this world relies on
  const create = payload.create.bind(payload) as unknown as (args: {
    collection: 'services' | 'subscriptions' | 'organizations' | 'invoices'
    data: Record<string, unknown>
  }) => Promise<{ id: number } & Record<string, unknown>>
  const user = (login: string, role: 'admin' | 'accountant' | 'subscriber') =>
    payload.create({
      collection: 'users',
      data: {
        email: `${login}-${tag}@example.test`,
        login: `${login}-${tag}`,
        password: PASSWORD,
        role,
      },
    })
  const admin = await user('admin', 'admin')
  const accountant = await user('accountant', 'accountant')
  const subscriberA = await user('sub-a', 'subscriber')
  const subscriberB = await user('sub-b', 'subscriber')
  const parentAdmin = await user('parent-admin', 'subscriber')

  const archive = await create({
    collection: 'services',
    data: {
      title: `Archive 7 ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 500,
      currency: 'USD',
    },
  })
  const faces = await create({
    collection: 'services',
    data: {
      title: `Faces ${tag}`,
      kind: 'analytics',
      analytics: 'faces',
      price: 300,
      currency: 'USD',
    },
  })
  const hidden = await create({
    collection: 'services',
    data: { title: `Storage ${tag}`, kind: 'storage', storageGb: 500, price: 900, currency: 'USD' },
  })
  const basic = await create({
    collection: 'subscriptions',
    data: { title: `Basic ${tag}`, currency: 'USD', services: [archive.id] },
  })
  const premium = await create({
    collection: 'subscriptions',
    data: { title: `Premium ${tag}`, currency: 'USD', services: [archive.id, faces.id] },
  })
  const secret = await create({
    collection: 'subscriptions',
    data: { title: `Unoffered ${tag}`, currency: 'USD', services: [hidden.id] },
  })

  const organizationA = await create({
    collection: 'organizations',
    data: {
      title: `Org A ${tag}`,
      availableSubscriptions: [basic.id],
      defaultSubscription: basic.id,
    },
  })
  const organizationB = await create({
    collection: 'organizations',
    data: { title: `Org B ${tag}`, availableSubscriptions: [premium.id] },
  })
  const parent = await create({
    collection: 'organizations',
    data: {
      title: `Parent ${tag}`,
      administrator: parentAdmin.id,
      availableSubscriptions: [basic.id],
    },
  })
  const subsidiary = await create({
    collection: 'organizations',
    data: {
      title: `Subsidiary ${tag}`,
      parent: parent.id,
      payer: 'parent',
      availableSubscriptions: [premium.id],
    },
  })
  await payload.update({
    collection: 'users',
    id: subscriberA.id,
    data: { memberships: [{ organization: organizationA.id }] },
  })
  await payload.update({
    collection: 'users',
    id: subscriberB.id,
    data: { memberships: [{ organization: organizationB.id }] },
  })
  const invoice = (organization: number, period: string) =>
    create({
      collection: 'invoices',
      data: { organization, period, currency: 'USD', subtotal: 1000, tax: 0, total: 1000 },
    })
  const invoiceA = await invoice(organizationA.id, '2026-10')
  const invoiceB = await invoice(organizationB.id, '2026-10')
  const invoiceParent = await invoice(parent.id, '2026-10')
  const invoiceSubsidiary = await invoice(subsidiary.id, '2026-10')

  return {
    users: { admin, accountant, subscriberA, subscriberB, parentAdmin },
    services: { archive, faces, hidden },
    subscriptions: { basic, premium, secret },
    organizations: { organizationA, organizationB, parent, subsidiary },
    invoices: { invoiceA, invoiceB, invoiceParent, invoiceSubsidiary },
  }
}

export type World = Awaited<ReturnType<typeof createWorld>>
