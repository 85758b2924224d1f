import type { Payload } from 'payload'

export type DeliveryCollection = 'email-deliveries' | 'webhook-deliveries'

/** The delivery a job is to send, as it is now, or null when it was deleted meanwhile. */
export const loadDelivery = <Collection extends DeliveryCollection>(
  payload: Payload,
  collection: Collection,
  id: number,
) => payload.findByID({ collection, id, depth: 0, disableErrors: true })

/** Still to be sent: not yet tried, or waiting for its next try. */
export const awaitsSending = (delivery: { status?: string | null }) =>
  delivery.status === 'pending' || delivery.status === 'retrying'
