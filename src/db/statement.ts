import { createHash } from 'node:crypto'

/**
 * A statement built by a domain's store and sent by another: text, values and, when its text is
 * the same every time, a name (PostgreSQL then plans it once per connection).
 */
export interface Statement {
  text: string
  values: unknown[]
  name?: string
}

const leadingWith = /^\s*with\s+/i

/**
 * One statement that runs `main` and, in the same round trip, every statement of `alongside` as a
 * data-modifying CTE (an insert or update whose result nobody reads). PostgreSQL runs each of them
 * exactly once and to completion, whatever `main` reads; they share `main`'s snapshot, so they must
 * not depend on each other's writes nor on `main`'s (`main` does not see theirs either). Their
 * `$n` placeholders are renumbered after `main`'s (so their text must have no `$` in a literal).
 * Named when every part is.
 */
export function withAlongside(main: Statement, alongside: Statement[]): Statement {
  if (alongside.length === 0) return main
  if (/^\s*with\s+recursive\b/i.test(main.text))
    throw new Error('withAlongside: a recursive main statement cannot take other statements')
  const values = [...main.values]
  const ctes = alongside.map((part, index) => {
    if (leadingWith.test(part.text))
      throw new Error('withAlongside: a statement that runs alongside cannot have a WITH itself')
    const offset = values.length
    values.push(...part.values)
    const text = part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)
    return `alongside_${index + 1} as (${text})`
  })
  const text = leadingWith.test(main.text)
    ? `with ${ctes.join(', ')}, ${main.text.replace(leadingWith, '')}`
    : `with ${ctes.join(', ')} ${main.text}`
  const named = main.name !== undefined && alongside.every((part) => part.name !== undefined)
  return {
    text,
    values,
    ...(named && { name: statementName([main.name!, ...alongside.map((part) => part.name!)]) }),
  }
}

/** PostgreSQL cuts a statement name at 63 bytes: a longer one keeps its start and a hash of the whole. */
const MAX_NAME = 63

function statementName(parts: string[]): string {
  const whole = parts.join('+')
  if (Buffer.byteLength(whole) <= MAX_NAME) return whole
  const hash = createHash('sha256').update(whole).digest('hex').slice(0, 16)
  return `${whole.slice(0, MAX_NAME - hash.length - 1)}#${hash}`
}
