import { createLocalReq } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { recordEvent } from '../../../src/events'
import { poolOf } from '../../../src/db/pool'
import { NOTIFICATIONS_DISPATCH_TASK } from '../../../src/jobs/queues'
import {
  dispatchEvents,
  notificationSettings,
  notificationsDispatchTask,
} from '../../../src/notifications'
import { testPayload } from '../../helpers/app'
import { createWorld, type World } from '../../helpers/world'

let world: World

beforeAll(async () => {
  world = await createWorld(await testPayload(), 'dispatch-more')
})

const record = async (count: number) => {
  const payload = await testPayload()
  const client = await poolOf(payload).connect()
  try {
    for (let index = 0; index < count; index++) {
      await recordEvent(client, {
        type: 'dunning.reminder',
        organization: world.organizations.organizationA.id,
        data: { index },
      })
    }
  } finally {
    client.release()
  }
}

const undispatched = async () =>
  Number(
    (
      await poolOf(await testPayload()).query<{ n: string }>(
        'select count(*) as n from billing_events where dispatched_at is null',
      )
    ).rows[0]!.n,
  )

const pendingDispatchJobs = async () =>
  (await testPayload()).count({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: NOTIFICATIONS_DISPATCH_TASK } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
      ],
    },
  })

describe('the outbox dispatcher under a burst', () => {
  it('says when it stopped at its limit, and the next runs take the rest', async () => {
    const payload = await testPayload()
    await record(3)
    const first = await dispatchEvents(payload, { limit: 2 })
    expect(first).toMatchObject({ events: 2, more: true })
    let runs = 1
    for (let last = first; last.more; runs++) last = await dispatchEvents(payload, { limit: 2 })
    expect(runs).toBeGreaterThanOrEqual(2)
    expect(await undispatched()).toBe(0)
    expect((await dispatchEvents(payload, { limit: 2 })).more).toBe(false)
  })

  it('queues its own continuation when it stopped at its limit, and none when it drained the outbox', async () => {
    const payload = await testPayload()
    await payload.delete({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: NOTIFICATIONS_DISPATCH_TASK } },
    })
    await record(3)
    const task = notificationsDispatchTask('* * * * *', {
      ...notificationSettings(),
      dispatchBatch: 2,
    })
    const handler = task.handler as (args: unknown) => Promise<{ output: Record<string, unknown> }>
    const req = await createLocalReq({}, payload)

    const full = await handler({ req, input: {} })
    expect(full.output).toMatchObject({ events: 2 })
    expect(full.output).not.toHaveProperty('more')
    expect((await pendingDispatchJobs()).totalDocs).toBe(1)

    await handler({ req, input: {} })
    expect(await undispatched()).toBe(0)
    expect((await pendingDispatchJobs()).totalDocs).toBe(1) // the first continuation only: this run drained the outbox
  })
})
