import { createLocalReq } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { poolOf, withTransaction } from '../../src/db'
import { recordEvent } from '../../src/events'
import { testPayload } from '../helpers/app'
import { createWorld, type World } from '../helpers/world'

let world: World

beforeAll(async () => {
  world = await createWorld(await testPayload(), 'events')
})

const eventsOf = async (eventId: string) => {
  const payload = await testPayload()
  return payload.find({
    collection: 'billing-events',
    where: { eventId: { equals: eventId } },
    overrideAccess: true,
  })
}

describe('the billing-events outbox', () => {
  it('commits an event recorded in a plain-SQL transaction together with it', async () => {
    const payload = await testPayload()
    const client = await poolOf(payload).connect()
    let eventId: string
    try {
      await client.query('begin')
      eventId = await recordEvent(client, {
        type: 'invoice.issued',
        organization: world.organizations.organizationA.id,
        data: { invoiceId: 1, total: 1234 },
      })
      await client.query('commit')
    } finally {
      client.release()
    }
    const { docs } = await eventsOf(eventId)
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ type: 'invoice.issued', data: { invoiceId: 1, total: 1234 } })
    expect(docs[0]!.dispatchedAt ?? null).toBeNull()
  })

  it('loses the event when the transaction rolls back', async () => {
    const payload = await testPayload()
    const client = await poolOf(payload).connect()
    let eventId: string
    try {
      await client.query('begin')
      eventId = await recordEvent(client, {
        type: 'payment.received',
        organization: world.organizations.organizationA.id,
        data: { amount: 500 },
      })
      await client.query('rollback')
    } finally {
      client.release()
    }
    expect((await eventsOf(eventId)).docs).toHaveLength(0)
  })

  it('records through a Payload request, in its transaction', async () => {
    const payload = await testPayload()
    const req = await createLocalReq({}, payload)
    const eventId = await withTransaction(req, ({ sql }) =>
      recordEvent(sql, {
        type: 'organization.suspended',
        organization: world.organizations.organizationB.id,
        data: { stage: 'suspension' },
      }),
    )
    const { docs } = await eventsOf(eventId)
    expect(docs[0]).toMatchObject({ type: 'organization.suspended' })
  })

  it('is read by staff only and written by nobody through the API', async () => {
    const payload = await testPayload()
    await expect(
      payload.find({
        collection: 'billing-events',
        user: world.users.subscriberA,
        overrideAccess: false,
      }),
    ).rejects.toThrow(/not allowed/)
    const asAccountant = await payload.find({
      collection: 'billing-events',
      user: world.users.accountant,
      overrideAccess: false,
    })
    expect(asAccountant.totalDocs).toBeGreaterThan(0)
    await expect(
      payload.create({
        collection: 'billing-events',
        data: {
          eventId: 'x',
          type: 'invoice.paid',
          organization: world.organizations.organizationA.id,
          data: {},
          occurredAt: new Date().toISOString(),
        },
        user: world.users.admin,
        overrideAccess: false,
      }),
    ).rejects.toThrow()
  })
})
