import { z } from 'zod'
import type { Endpoint } from 'payload'
import { now } from '../clock'
import { operation } from '../endpoints/operation'
import { causeOf } from '../plugins/watcher'
import { runDunning } from './run'

/**
 * POST /api/dunning/run (admin, accountant): the daily run now, at the clock's now(). Answers what
 * fired, what was restored and which overdue payers were left alone; a run in progress is Busy
 * (409). Watcher follows through the sync queue.
 */
export const dunningRunEndpoint: Endpoint = operation({
  path: '/dunning/run',
  method: 'post',
  access: 'staff',
  body: z.object({}).strict(),
  handler: async (req) => runDunning(req.payload, { at: now(), cause: `run by ${causeOf(req)}` }),
})
