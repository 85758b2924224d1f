import { z } from 'zod'
import type { EmulatorContext } from './context'
import { DomainError } from './errors'
import { faultConfigSchema } from './faults'
import { ok, Router, type Reply, type RequestContext } from './http'

export const CONTROL_BASE = '/_emulator'

const seedBody = z.object({
  streams: z.number().int().min(1).max(1_000_000),
  prefix: z.string().min(1).optional(),
  organization_id: z.number().int().positive().optional(),
  organization_ids: z.array(z.number().int().positive()).optional(),
  preset_id: z.number().int().positive().optional(),
  disabled_every: z.number().int().min(1).optional(),
})

/** Names of streams to delete; at most a million per request (the size `seed` allows). */
const deleteStreamsBody = z.object({ names: z.array(z.string().min(1)).max(1_000_000) })

/**
 * `advance_ms` moves the clock forward (token expiry tests); `offset_ms` sets it relative to the
 * real time (a demo back-dating its cameras); `stopped_at_ms` stops it at that time (tests asserting
 * exact timestamps), null lets it run with the real time again.
 */
const clockBody = z.union([
  z.object({ advance_ms: z.number().int().min(0) }).strict(),
  z.object({ offset_ms: z.number().int() }).strict(),
  z.object({ stopped_at_ms: z.number().int().min(0).nullable() }).strict(),
])

/**
 * Test and demo controls under `/_emulator/`: reset, faults, seed, streams/delete, clock, stats,
 * save.
 */
export function createControlApi(context: EmulatorContext) {
  const router = new Router<RequestContext>()
  const { state, ops, faults, auth, clock, stats } = context

  router.add('POST', '/reset', () => {
    state.reset()
    faults.clear()
    auth.clear()
    clock.stopAt(null)
    return ok({ reset: true })
  })
  router.add('GET', '/faults', () => ok({ faults: faults.current() }))
  router.add('POST', '/faults', (request) => {
    faults.set(faultConfigSchema.parse(request.body ?? {}))
    return ok({ faults: faults.current() })
  })
  router.add('DELETE', '/faults', () => {
    faults.clear()
    return ok({ faults: null })
  })
  router.add('POST', '/seed', (request) => {
    const body = seedBody.parse(request.body ?? {})
    const organizationIds =
      body.organization_ids ?? (body.organization_id ? [body.organization_id] : undefined)
    return ok(
      ops.seedStreams({
        count: body.streams,
        prefix: body.prefix,
        organizationIds,
        presetId: body.preset_id,
        disabledEvery: body.disabled_every,
      }),
    )
  })
  // Bulk delete in this process (a benchmark deleting 100,000 streams without 100,000 requests):
  // each name goes through the same operation as the public DELETE of a stream; a name that is
  // not there is not counted, and is no error.
  router.add('POST', '/streams/delete', (request) => {
    const { names } = deleteStreamsBody.parse(request.body ?? {})
    let deleted = 0
    for (const name of names) {
      try {
        ops.deleteStream(name)
        deleted++
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'not_found')) throw error
      }
    }
    return ok({ deleted })
  })
  const clockReply = () =>
    ok({ now: clock.now(), offset_ms: clock.offsetMs, stopped_at_ms: clock.stoppedAt })
  router.add('GET', '/clock', clockReply)
  router.add('POST', '/clock', (request) => {
    const body = clockBody.parse(request.body ?? {})
    if ('stopped_at_ms' in body) clock.stopAt(body.stopped_at_ms)
    else if ('offset_ms' in body) clock.offsetMs = body.offset_ms
    else clock.offsetMs += body.advance_ms
    return clockReply()
  })
  router.add('POST', '/save', async () => ok({ saved: await context.save() }))
  router.add('GET', '/stats', () => {
    const memory = process.memoryUsage()
    return ok({
      users: state.users.size,
      organizations: state.organizations.size,
      presets: state.presets.size,
      streams: state.streams.size,
      requests: { total: stats.total, by_status: Object.fromEntries(stats.byStatus) },
      uptime_ms: Date.now() - stats.startedAt,
      memory: { rss: memory.rss, heap_used: memory.heapUsed },
      faults: faults.current(),
    })
  })

  return async function handleControl(request: RequestContext): Promise<Reply> {
    const match = router.match(request.method, request.path)
    if (match.kind !== 'found') {
      return { status: match.kind === 'not_found' ? 404 : 405, body: { error: 'no such control' } }
    }
    try {
      return await match.handler({ ...request, params: match.params })
    } catch (error) {
      if (error instanceof z.ZodError) {
        const issue = error.issues[0]
        return { status: 400, body: { error: `${issue.path.join('.')}: ${issue.message}` } }
      }
      if (error instanceof DomainError) {
        return { status: error.kind === 'not_found' ? 404 : 400, body: { error: error.message } }
      }
      throw error
    }
  }
}
