import type { CollectionConfig } from 'payload'
import { rejectMalformedIds } from './rejectMalformedIds'

/** Hooks every collection has, put first so that they run before the collection's own. */
export function withSharedHooks(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [rejectMalformedIds, ...(collection.hooks?.beforeOperation ?? [])],
    },
  }
}
