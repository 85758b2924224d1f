import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'
import { withErrorStatus } from '../../../../graphql/withErrorStatus'
import { withRetryAfter } from '../../../../operations/retryAfter'
import { withRequestLog } from '../../../../operations/withRequestLog'
import { withHttpMetrics } from '../../../../operations/metrics'

export const POST = withRequestLog(withHttpMetrics(withRetryAfter(withErrorStatus(GRAPHQL_POST(config)))))
export const OPTIONS = REST_OPTIONS(config)
