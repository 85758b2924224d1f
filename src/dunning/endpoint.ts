import { z } from 'zod'
import type { Endpoint, PayloadHandler } from 'payload'
import { causeOf } from '../plugins/watcher'
import { errorResponse, readJsonBody, staffOnly, zodErrorResponse } from '../endpoints/responses'
import { DunningBusy, runDunning } from './run'

const runBody = z.object({}).strict()

/**
 * POST /api/dunning/run (admin, accountant): the daily run now, at the clock's now(). Answers what
 * fired, what was restored and which overdue payers were left alone. Watcher follows through the
 * sync queue.
 */
const run: PayloadHandler = async (req) => {
  const parsed = runBody.safeParse((await readJsonBody(req)) ?? {})
  if (!parsed.success) return zodErrorResponse(parsed.error.issues)
  try {
    return Response.json(await runDunning(req.payload, { cause: `run by ${causeOf(req)}` }))
  } catch (error) {
    if (error instanceof DunningBusy) return errorResponse(409, error.message)
    throw error
  }
}

export const dunningEndpoints: Endpoint[] = [{ path: '/dunning/run', method: 'post', handler: staffOnly(run) }]
