export { operationsPlugin } from './plugin'
export { readiness, REQUIRED_CHECKS, type Readiness, type CheckResult } from './health'
export { recordHttpRequest, withHttpMetrics, httpRouteOf, processMetricsText, metricsAccess } from './metrics'
