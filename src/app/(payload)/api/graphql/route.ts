import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'
import { withErrorStatus } from '../../../../graphql/withErrorStatus'

export const POST = withErrorStatus(GRAPHQL_POST(config))
export const OPTIONS = REST_OPTIONS(config)
