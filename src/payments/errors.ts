import { APIError, ValidationError } from 'payload'

/** A 400 naming the field, in Payload's own validation shape (REST, GraphQL and the admin show it by the field). */
export const fieldError = (collection: string, path: string, message: string) => new ValidationError({ collection, errors: [{ path, message }] })

/** A refusal that is not about one field's value: the state of things (409) or a missing record (404). */
export const stateError = (message: string, status = 409) => new APIError(message, status, undefined, true)
