import type { SanitizedConfig } from 'payload'
import { refuseBulkWritesByNonStaff } from './refuseBulkWritesByNonStaff'
import { rejectMalformedIds } from './rejectMalformedIds'

/**
 * Hooks every collection has, put first so that they run before the collection's own: applied to
 * the sanitized config, so that the collections of plugins and Payload's own get them too.
 */
export function withSharedHooks(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    const hooks = collection.hooks
    hooks.beforeOperation = [
      rejectMalformedIds,
      refuseBulkWritesByNonStaff,
      ...(hooks.beforeOperation ?? []),
    ]
  }
  return config
}
