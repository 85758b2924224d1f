import type { Endpoint } from 'payload'
import { hasRole } from '../access/roles'
import { withTransaction } from '../db'
import { relationId } from '../fields/relationId'
import { Conflict, NotFound } from '../endpoints/errors'
import { operation } from '../endpoints/operation'
import {
  NOTIFICATIONS_EMAIL_TASK,
  NOTIFICATIONS_QUEUE,
  NOTIFICATIONS_WEBHOOK_TASK,
} from '../jobs/queues'
import { dispatchEvents } from './dispatch'

type DeliveryCollection = 'email-deliveries' | 'webhook-deliveries'

/**
 * Sends a failed or cancelled delivery again: back to `retrying` and a new job, in one transaction.
 * Its attempts go on counting; a delivery still pending, retrying or already done is refused (409).
 */
export const retryEndpoint = (collection: DeliveryCollection): Endpoint =>
  operation({
    path: '/:id/retry',
    method: 'post',
    access: (req) => hasRole(req.user, 'admin'),
    idOf: 'delivery',
    handler: (req, { id }) =>
      withTransaction(req, async ({ req }) => {
        const delivery = await req.payload.findByID({
          collection,
          id,
          depth: 0,
          disableErrors: true,
          req,
        })
        if (!delivery) throw new NotFound(`${collection} ${id} does not exist`, 'id')
        if (delivery.status !== 'failed' && delivery.status !== 'cancelled') {
          throw new Conflict(
            `delivery ${id} is ${delivery.status}: only a failed or cancelled delivery can be sent again`,
            'status',
          )
        }
        if (collection === 'webhook-deliveries') {
          const endpointId = 'endpoint' in delivery ? relationId(delivery.endpoint) : undefined
          const endpoint = endpointId
            ? await req.payload.findByID({
                collection: 'webhook-endpoints',
                id: endpointId,
                depth: 0,
                disableErrors: true,
                req,
              })
            : null
          if (!endpoint || endpoint.active === false) {
            throw new Conflict(
              endpoint
                ? 'the endpoint is switched off: switch it on first'
                : 'the endpoint was deleted',
              'endpoint',
            )
          }
        }
        const updated = await req.payload.update({
          collection,
          id,
          data: { status: 'retrying', lastError: null, nextAttemptAt: null },
          req,
        })
        const task =
          collection === 'email-deliveries' ? NOTIFICATIONS_EMAIL_TASK : NOTIFICATIONS_WEBHOOK_TASK
        await req.payload.jobs.queue({
          task,
          queue: NOTIFICATIONS_QUEUE,
          input: { delivery: id },
          req,
        })
        return updated
      }),
  })

/** Fans out undispatched events now instead of at the next minute; the worker then sends them. */
export const dispatchNowEndpoint: Endpoint = operation({
  path: '/notifications/dispatch',
  method: 'post',
  access: 'staff',
  handler: (req) => dispatchEvents(req.payload),
})
