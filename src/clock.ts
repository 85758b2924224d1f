/**
 * The one clock of billing's time-driven rules (dunning, due dates, schedules that decide what is
 * due). Production reads the system time; tests set it to explicit dates with `setClock`, and a
 * process started by a test (a worker) takes it from `BILLING_CLOCK` (an ISO date-time).
 */
let fixed: Date | undefined

function fromEnvironment(): Date | undefined {
  const value = process.env.BILLING_CLOCK
  if (!value) return undefined
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new Error(`BILLING_CLOCK is not a date-time: ${value}`)
  return date
}

/** The current time: the time a test set, else BILLING_CLOCK, else the system time. */
export function now(): Date {
  const date = fixed ?? fromEnvironment()
  return date ? new Date(date.getTime()) : new Date()
}

/** Sets the clock to a fixed time (tests); `undefined` returns it to the system time. */
export function setClock(at: Date | string | undefined): void {
  if (at === undefined) {
    fixed = undefined
    return
  }
  const date = typeof at === 'string' ? new Date(at) : new Date(at.getTime())
  if (Number.isNaN(date.getTime())) throw new Error(`setClock: not a date-time: ${String(at)}`)
  fixed = date
}
