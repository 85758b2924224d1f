import { APIError, ValidationError } from 'payload'
import { Conflict, OperationError } from '../endpoints/errors'

/**
 * Inside the collection's hooks (Payload's own create answers them, REST, GraphQL and the admin
 * alike): a 400 naming the field, in Payload's validation shape.
 */
export const fieldError = (collection: string, path: string, message: string) =>
  new ValidationError({ collection, errors: [{ path, message }] })

/** Inside the hooks too: a refusal that is not about one field's value, the state of things (409) or a missing record (404). */
export const stateError = (message: string, status = 409) =>
  new APIError(message, status, undefined, true)

/** An Idempotency-Key in use by an unfinished request, or already used with another body. */
export class IdempotencyConflict extends Conflict {}

/** The webhook's signature or timestamp header is missing, wrong or too old: 401 naming the header. */
export class WebhookRefused extends OperationError {
  readonly status = 401
}
