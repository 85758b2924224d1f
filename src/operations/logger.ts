import { pino, type DestinationStream, type Logger } from 'pino'
import { currentRequest } from './requestContext'

/**
 * Anything that can hold a secret, at the places log calls put it (`{ err }`, `{ data }`, request
 * headers, job inputs). Stream names never reach a log: the Watcher client redacts its errors.
 */
const REDACTED = [
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  '*.cookie',
  'secret',
  '*.secret',
  'input.password',
  '*.input.password',
]

export type LogFormat = 'json' | 'pretty'

/** `LOG_FORMAT` when set; otherwise JSON in production (next start, the worker) and pretty elsewhere. */
export function logFormat(): LogFormat {
  const chosen = process.env.LOG_FORMAT
  if (chosen === 'json' || chosen === 'pretty') return chosen
  return process.env.NODE_ENV === 'production' ? 'json' : 'pretty'
}

/**
 * The JSON logger of production: one line per event with the time, level, message, and, when
 * written while serving a request, its request id and the signed-in user's id and role.
 */
export function jsonLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'watcher-billing',
      level: process.env.LOG_LEVEL || 'info',
      enabled: process.env.DISABLE_LOGGING !== 'true',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
      mixin: () => {
        const request = currentRequest()
        return request
          ? { requestId: request.requestId, userId: request.userId, role: request.role }
          : {}
      },
    },
    destination,
  )
}

/** Payload's `logger` option: ours in JSON mode, Payload's own pretty output otherwise. */
export function billingLogger(): Logger | undefined {
  return logFormat() === 'json' ? jsonLogger() : undefined
}
