'use client'

import { useConfig } from '@payloadcms/ui'
import { formatAdminURL } from 'payload/shared'
import { useCallback } from 'react'

/** The address of a REST API path (e.g. `/invoices/3/issue`) under the admin's configured routes. */
export function useApiURL(): (path: `/${string}`) => string {
  const {
    config: {
      routes: { api },
      serverURL,
    },
  } = useConfig()
  return useCallback(
    (path: `/${string}`) => formatAdminURL({ apiRoute: api, serverURL, path }),
    [api, serverURL],
  )
}
