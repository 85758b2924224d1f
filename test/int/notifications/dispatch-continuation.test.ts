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

describe('an event the fan-out cannot take', () => {
  it('waits alone: the other events of its batch are dispatched, and the next run takes it', async () => {
    const payload = await testPayload()
    const pool = poolOf(payload)
    await dispatchEvents(payload) // an empty outbox to start from
    await record(3)
    const { rows } = await pool.query<{ id: number }>(
      'select id from billing_events where dispatched_at is null order by id',
    )
    const [first, bad, last] = rows.map((row) => Number(row.id))
    // the database refuses to dispatch one event (a constraint, a lock timeout)
    await pool.query(`create function refuse_dispatch() returns trigger language plpgsql as $$
      begin
        if new.id = ${bad} then raise exception 'dispatch refused for the test'; end if;
        return new;
      end $$`)
    await pool.query(
      'create trigger refuse_dispatch before update on billing_events for each row execute function refuse_dispatch()',
    )
    try {
      const result = await dispatchEvents(payload)
      expect(result).toMatchObject({ events: 2, failed: 1, more: false })
      const dispatched = await pool.query<{ id: number; dispatched: boolean }>(
        'select id, dispatched_at is not null as dispatched from billing_events where id = any($1::int[]) order by id',
        [[first, bad, last]],
      )
      expect(dispatched.rows.map((row) => [Number(row.id), row.dispatched])).toEqual([
        [first, true],
        [bad, false],
        [last, true],
      ])
    } finally {
      await pool.query('drop trigger refuse_dispatch on billing_events')
      await pool.query('drop function refuse_dispatch()')
    }
    // the next run takes it
    expect(await dispatchEvents(payload)).toMatchObject({ events: 1, failed: 0 })
    expect(await undispatched()).toBe(0)
  })
})

describe('the database gone in the middle of a fan-out', () => {
  it('fails the run without trying each event alone, and loses nothing: the next run takes them all', async () => {
    const payload = await testPayload()
    const pool = poolOf(payload)
    await dispatchEvents(payload)
    await record(2)
    // what a failover looks like to the statement: a connection exception (SQLSTATE 08006)
    await pool.query(`create function lose_connection() returns trigger language plpgsql as $$
      begin raise exception 'connection lost for the test' using errcode = '08006'; end $$`)
    await pool.query(
      'create trigger lose_connection before update on billing_events for each row execute function lose_connection()',
    )
    try {
      await expect(dispatchEvents(payload)).rejects.toThrow(/connection lost for the test/)
      expect(await undispatched()).toBe(2)
    } finally {
      await pool.query('drop trigger lose_connection on billing_events')
      await pool.query('drop function lose_connection()')
    }
    expect(await dispatchEvents(payload)).toMatchObject({ events: 2, failed: 0 })
    expect(await undispatched()).toBe(0)
  })
})
