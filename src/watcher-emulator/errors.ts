/** A refusal by Watcher's rules, independent of API version; each API renders it its own way. */
export type DomainErrorKind =
  'validation' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'conflict'

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    /** Logical field name (e.g. `preset`, `title`, `dvr.expiration`); each API maps it to its own. */
    readonly field?: string,
    /** Query or path parameter at fault, when there is one. */
    readonly parameter?: string,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export const invalid = (field: string, message: string, code = 'validation_error') =>
  new DomainError('validation', code, message, field)

export const notFound = (what: string, id: string | number) =>
  new DomainError('not_found', 'not_found', `${what} ${id} not found`)

export const conflict = (code: string, message: string, field?: string) =>
  new DomainError('conflict', code, message, field)
