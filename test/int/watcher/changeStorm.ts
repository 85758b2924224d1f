/**
 * The change storm of the Watcher fault tests (faults.test.ts, faults-flaky.test.ts): 200 changes
 * across subscriptions, organizations and users. Two files, so that the two storms run side by side.
 */
import type { Payload } from 'payload'
import { PASSWORD } from '../../helpers/world'

const create = (payload: Payload, collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const update = (payload: Payload, collection: string, id: number, data: Record<string, unknown>) =>
  (payload.update as any)({ collection, id, data }) as Promise<any>

/** 200 changes across subscriptions, organizations and users; answers how many were made. */
export async function makeChanges(payload: Payload, tag: string): Promise<number> {
  let changes = 0
  const archive = await create(payload, 'services', {
    title: `Archive ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 500,
    currency: 'USD',
  })
  const faces = await create(payload, 'services', {
    title: `Faces ${tag}`,
    kind: 'analytics',
    analytics: 'faces',
    price: 300,
    currency: 'USD',
  })
  const subscriptions = []
  for (let i = 0; i < 10; i++) {
    subscriptions.push(
      await create(payload, 'subscriptions', {
        title: `Plan ${i} ${tag}`,
        currency: 'USD',
        services: i % 2 ? [archive.id, faces.id] : [archive.id],
      }),
    )
    changes++
  }
  const users = []
  for (let i = 0; i < 40; i++) {
    users.push(
      await create(payload, 'users', {
        email: `u${i}-${tag}@example.test`,
        login: `u${i}-${tag}`,
        name: `User ${i}`,
        password: PASSWORD,
        role: 'subscriber',
      }),
    )
    changes++
  }
  const organizations = []
  for (let i = 0; i < 30; i++) {
    organizations.push(
      await create(payload, 'organizations', {
        title: `Org ${i} ${tag}`,
        administrator: users[i].id,
        cameraLimit: 10 + i,
        availableSubscriptions: [subscriptions[i % 10].id, subscriptions[(i + 3) % 10].id],
      }),
    )
    changes++ // (the administrator's membership is a further change to the user)
  }
  for (let i = 0; i < 40; i++) {
    await update(payload, 'users', users[i].id, {
      memberships: [
        ...(i < 30
          ? [
              {
                organization: organizations[i].id,
                canViewStreams: true,
                canEditStreams: true,
                canEditUsers: true,
                canViewStats: true,
              },
            ]
          : []),
        {
          organization: organizations[(i + 1) % 30].id,
          canViewStreams: true,
          canViewStats: i % 2 === 0,
        },
      ],
    })
    changes++
  }
  for (let i = 0; i < 30; i++) {
    await update(payload, 'organizations', organizations[i].id, {
      title: `Org ${i} renamed ${tag}`,
      userLimit: 5 + i,
    })
    changes++
  }
  for (let i = 0; i < 10; i++) {
    await update(payload, 'subscriptions', subscriptions[i].id, { title: `Plan ${i} v2 ${tag}` })
    changes++
  }
  for (let i = 0; i < 30; i++) {
    await update(payload, 'users', users[i].id, {
      password: `Changed-${i}-${tag}`,
      name: `User ${i} renamed`,
    })
    changes++
  }
  for (let i = 30; i < 35; i++) {
    await payload.delete({ collection: 'users', id: users[i].id })
    changes++
  }
  await update(payload, 'subscriptions', subscriptions[9].id, { status: 'archived' })
  changes++
  for (let i = 0; i < 4; i++) {
    await update(payload, 'organizations', organizations[i].id, {
      availableSubscriptions: [subscriptions[5].id],
    })
    changes++
  }
  return changes
}
