import { commitTransaction, initTransaction, killTransaction, type Endpoint, type PayloadHandler, type PayloadRequest } from 'payload'
import { hasRole } from '../access/roles'
import { errorResponse, staffOnly } from '../endpoints/responses'
import { NOTIFICATIONS_EMAIL_TASK, NOTIFICATIONS_QUEUE, NOTIFICATIONS_WEBHOOK_TASK } from '../jobs/queues'
import { isRowId } from '../db'
import { dispatchEvents } from './dispatch'

type DeliveryCollection = 'email-deliveries' | 'webhook-deliveries'

const adminOnly =
  (handler: PayloadHandler): PayloadHandler =>
  async (req) => {
    if (!req.user) return errorResponse(401, 'Log in first')
    if (!hasRole(req.user, 'admin')) return errorResponse(403, 'Only an admin may do this')
    return handler(req)
  }

const idParam = (req: PayloadRequest): number | null => {
  const id = Number(req.routeParams?.id)
  return isRowId(id) ? id : null
}

/**
 * Sends a failed or cancelled delivery again: back to `retrying` and a new job, in one transaction.
 * Its attempts go on counting; a delivery still pending, retrying or already done is refused (409).
 */
const retryDelivery =
  (collection: DeliveryCollection): PayloadHandler =>
  async (req) => {
    const id = idParam(req)
    if (!id) return errorResponse(400, 'id must be a delivery id', 'id')
    const own = await initTransaction(req)
    try {
      const delivery = (await req.payload.findByID({ collection, id, depth: 0, disableErrors: true, req } as never)) as { status: string; endpoint?: number | null } | null
      if (!delivery) {
        if (own) await killTransaction(req)
        return errorResponse(404, `${collection} ${id} does not exist`, 'id')
      }
      if (delivery.status !== 'failed' && delivery.status !== 'cancelled') {
        if (own) await killTransaction(req)
        return errorResponse(409, `delivery ${id} is ${delivery.status}: only a failed or cancelled delivery can be sent again`, 'status')
      }
      if (collection === 'webhook-deliveries') {
        const endpoint = delivery.endpoint
          ? ((await req.payload.findByID({ collection: 'webhook-endpoints', id: delivery.endpoint, depth: 0, disableErrors: true, req } as never)) as { active?: boolean } | null)
          : null
        if (!endpoint || endpoint.active === false) {
          if (own) await killTransaction(req)
          return errorResponse(409, endpoint ? 'the endpoint is switched off: switch it on first' : 'the endpoint was deleted', 'endpoint')
        }
      }
      const updated = await req.payload.update({ collection, id, data: { status: 'retrying', lastError: null, nextAttemptAt: null }, req } as never)
      const task = collection === 'email-deliveries' ? NOTIFICATIONS_EMAIL_TASK : NOTIFICATIONS_WEBHOOK_TASK
      await req.payload.jobs.queue({ task: task as never, queue: NOTIFICATIONS_QUEUE, input: { delivery: id } as never, req })
      if (own) await commitTransaction(req)
      return Response.json(updated)
    } catch (error) {
      if (own) await killTransaction(req)
      throw error
    }
  }

export const retryEndpoint = (collection: DeliveryCollection): Endpoint => ({ path: '/:id/retry', method: 'post', handler: adminOnly(retryDelivery(collection)) })

/** Fans out undispatched events now instead of at the next minute; the worker then sends them. */
export const dispatchNowEndpoint: Endpoint = {
  path: '/notifications/dispatch',
  method: 'post',
  handler: staffOnly(async (req) => Response.json(await dispatchEvents(req.payload))),
}
