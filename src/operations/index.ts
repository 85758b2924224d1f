export {
  readiness,
  REQUIRED_CHECKS,
  healthEndpoints,
  type Readiness,
  type CheckResult,
} from './health'
export {
  recordHttpRequest,
  withHttpMetrics,
  httpRouteOf,
  processMetricsText,
  metricsAccess,
  metricsEndpoint,
  instrumentEndpoints,
  bearerMatches,
} from './metrics'
export { startMetricsServer, type MetricsServer } from './metricsServer'
export { watchDatabasePool } from './startup'
export { noteUsersForLogs } from './noteUsersForLogs'
export { billingLogger, jsonLogger, logFormat } from './logger'
export {
  currentRequest,
  runInRequest,
  noteAuthenticatedUser,
  type RequestContext,
} from './requestContext'
// withRequestLog (it reads the config) is imported by the route files directly: from here it would
// make a cycle through payload.config.ts
export { withRetryAfter } from './retryAfter'
export {
  answerDatabaseUnavailable,
  causedByConnectionLoss,
  DATABASE_RETRY_AFTER_SECONDS,
} from './databaseUnavailable'
export {
  CLIENT_ADDRESS,
  clientAddress,
  enforce,
  hit,
  rateLimits,
  requestAddress,
  unhit,
} from './rateLimit'
