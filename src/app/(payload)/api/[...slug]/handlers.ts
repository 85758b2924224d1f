import config from '@payload-config'
import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from '@payloadcms/next/routes'
import { withRetryAfter } from '../../../../operations/retryAfter'
import { withRequestLog } from '../../../../operations/withRequestLog'

/** The REST handlers as served (route.ts) and as the tests call them (test/helpers/app.ts). */
export const restHandlers = {
  GET: withRequestLog(withRetryAfter(REST_GET(config))),
  POST: withRequestLog(withRetryAfter(REST_POST(config))),
  DELETE: withRequestLog(withRetryAfter(REST_DELETE(config))),
  PATCH: withRequestLog(withRetryAfter(REST_PATCH(config))),
  PUT: withRequestLog(withRetryAfter(REST_PUT(config))),
  OPTIONS: REST_OPTIONS(config),
}
