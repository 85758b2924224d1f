export { operationsPlugin } from './plugin'
export { readiness, REQUIRED_CHECKS, type Readiness, type CheckResult } from './health'
