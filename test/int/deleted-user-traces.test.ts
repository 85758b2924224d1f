/**
 * Deleting a user removes its document locks and admin preferences (src/collections/Users/hooks/
 * forgetDeletedUser.ts). Payload 3.90 on PostgreSQL leaves both behind (payloadcms/payload#18200):
 * the lock row loses its user through the rels cascade, and an ownerless lock makes the admin's edit
 * view of that document throw for everybody until the lock expires.
 */
import request from 'supertest'
import { expect, it } from 'vitest'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { createWorld, PASSWORD } from '../helpers/world'

it('a deleted user leaves no lock and no preference behind; other users keep theirs', async () => {
  const payload = await testPayload()
  const world = await createWorld(payload, 'traces')
  const doomed = world.users.subscriberA
  const keeper = world.users.subscriberB
  const lock = (user: number, organization: number) =>
    payload.create({
      collection: 'payload-locked-documents',
      data: {
        document: { relationTo: 'organizations', value: organization },
        user: { relationTo: 'users', value: user },
      },
    })
  // as the admin panel saves them: through the REST route, as the user
  const preference = async (user: { email: string }) => {
    const response = await request(await testServer())
      .post('/api/payload-preferences/invoices-list')
      .set('Authorization', await loginHeader(user.email, PASSWORD))
      .send({ value: { columns: [] } })
    expect(response.status).toBe(200)
  }
  await lock(doomed.id, world.organizations.organizationA.id)
  await lock(keeper.id, world.organizations.organizationB.id)
  await preference(doomed)
  await preference(keeper)

  await payload.delete({ collection: 'users', id: doomed.id })

  const locks = await payload.find({ collection: 'payload-locked-documents', depth: 0, limit: 100 })
  expect(locks.docs.map((row) => (row.user as { value: number } | null)?.value ?? null)).toEqual([
    keeper.id,
  ])
  const preferences = await payload.find({
    collection: 'payload-preferences',
    depth: 0,
    limit: 100,
  })
  expect(preferences.docs.map((row) => (row.user as { value: number }).value)).toEqual([keeper.id])
})
