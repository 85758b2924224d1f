import { describe, expect, it } from 'vitest'
import { testPayload } from '../helpers/app'
import { seedDemo } from '../../src/seed/demo'

const collections = ['services', 'subscriptions', 'organizations', 'users'] as const

async function counts() {
  const payload = await testPayload()
  const entries = await Promise.all(
    collections.map(async (collection) => [
      collection,
      (await payload.count({ collection })).totalDocs,
    ]),
  )
  return Object.fromEntries(entries) as Record<(typeof collections)[number], number>
}

describe('demo seed', () => {
  it('loads the demo once: running it again adds nothing', async () => {
    const payload = await testPayload()
    const before = await counts()
    const first = await seedDemo(payload)
    const afterFirst = await counts()
    expect(first.created).toBeGreaterThan(0)
    expect(afterFirst.services - before.services).toBe(7)
    expect(afterFirst.subscriptions - before.subscriptions).toBe(3)
    expect(afterFirst.organizations - before.organizations).toBe(5)

    const second = await seedDemo(payload)
    expect(second.created).toBe(0)
    expect(await counts()).toEqual(afterFirst)
  })

  it('builds a parent paying for two subsidiaries, with the administrator as a full member', async () => {
    const payload = await testPayload()
    const parent = (
      await payload.find({
        collection: 'organizations',
        depth: 0,
        where: { title: { equals: 'Acme Security Group' } },
      })
    ).docs[0]
    const subsidiaries = await payload.find({
      collection: 'organizations',
      where: { parent: { equals: parent.id } },
    })
    expect(subsidiaries.docs.map((doc) => doc.payer)).toEqual(['parent', 'parent'])
    const administrator = await payload.findByID({
      collection: 'users',
      id: parent.administrator as number,
      depth: 0,
    })
    expect(administrator.memberships).toEqual([
      expect.objectContaining({
        organization: parent.id,
        canViewStreams: true,
        canEditStreams: true,
        canEditUsers: true,
        canViewStats: true,
      }),
    ])
    const premium = (
      await payload.find({
        collection: 'subscriptions',
        where: { title: { equals: 'Business 14 + faces' } },
      })
    ).docs[0]
    // default price = sum of the services: 500 (archive 14) + 1500 (faces)
    expect(premium.prices).toEqual([expect.objectContaining({ amount: 2000 })])
    expect(premium.currency).toBe('USD')
  })
})

describe('the Russian-speaking demo organization', () => {
  it('speaks Russian: a Cyrillic name and address, a Russian administrator', async () => {
    const payload = await testPayload()
    await seedDemo(payload)
    const organization = (
      await payload.find({
        collection: 'organizations',
        depth: 1,
        where: { title: { equals: 'ООО «Ромашка»' } },
      })
    ).docs[0]!
    expect(organization).toMatchObject({
      locale: 'ru',
      timezone: 'Europe/Moscow',
      billingAddress: 'ул. Льва Толстого, д. 16\n119021 Москва, Россия',
    })
    expect(organization.administrator).toMatchObject({ login: 'romashka-admin', locale: 'ru' })
  })
})
