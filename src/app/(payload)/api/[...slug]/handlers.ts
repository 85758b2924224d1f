import config from '@payload-config'
import {
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'
import { withRequestLog } from '../../../../operations/withRequestLog'
import { withHttpMetrics, withRetryAfter } from '../../../../operations'

/**
 * The REST handlers as served (route.ts) and as the tests call them (test/helpers/app.ts): a request
 * id and log line, HTTP metrics, and Retry-After on a 429.
 */
export const restHandlers = {
  GET: withRequestLog(withHttpMetrics(withRetryAfter(REST_GET(config)))),
  POST: withRequestLog(withHttpMetrics(withRetryAfter(REST_POST(config)))),
  DELETE: withRequestLog(withHttpMetrics(withRetryAfter(REST_DELETE(config)))),
  PATCH: withRequestLog(withHttpMetrics(withRetryAfter(REST_PATCH(config)))),
  PUT: withRequestLog(withHttpMetrics(withRetryAfter(REST_PUT(config)))),
  OPTIONS: REST_OPTIONS(config),
}
