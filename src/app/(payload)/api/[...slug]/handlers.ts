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
import { withPayloadRouteMends } from './payloadRouteMends'

/**
 * The REST handlers as served (route.ts) and as the tests call them (test/helpers/app.ts): a request
 * id and log line, HTTP metrics, Retry-After on a 429, and the mends of two Payload routes that
 * answer 500 (payloadRouteMends.ts).
 */
export const restHandlers = {
  GET: withRequestLog(withHttpMetrics(withRetryAfter(withPayloadRouteMends(REST_GET(config))))),
  POST: withRequestLog(withHttpMetrics(withRetryAfter(withPayloadRouteMends(REST_POST(config))))),
  DELETE: withRequestLog(
    withHttpMetrics(withRetryAfter(withPayloadRouteMends(REST_DELETE(config)))),
  ),
  PATCH: withRequestLog(withHttpMetrics(withRetryAfter(withPayloadRouteMends(REST_PATCH(config))))),
  PUT: withRequestLog(withHttpMetrics(withRetryAfter(withPayloadRouteMends(REST_PUT(config))))),
  OPTIONS: REST_OPTIONS(config),
}
