import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'
import { withErrorStatus } from '../../../../graphql/withErrorStatus'
import { withRequestLog } from '../../../../operations/withRequestLog'
import { withHttpMetrics, withRetryAfter } from '../../../../operations'

export const POST = withRequestLog(
  withHttpMetrics(withRetryAfter(withErrorStatus(GRAPHQL_POST(config)))),
)
export const OPTIONS = REST_OPTIONS(config)
