/**
 * Client-side choices where Flussonic's documents are silent (watcher-api-notes.md marks them INF).
 * Kept here so that each can be corrected in one place.
 */

/** v3: the stream fields billing reads; the deprecated ids are asked too for older Watchers. */
export const V3_STREAM_SELECT = [
  'name',
  'organization',
  'organization_id',
  'preset',
  'preset_id',
  'disabled',
  'created_at',
  'last_change',
].join(',')

/** v3: the query filter for streams of one organization (the Go SDK's typed filter name). */
export const V3_STREAM_ORGANIZATION_FILTER = 'organization_id'

/** v2: camera listing by organization (seen in third-party clients, not in the docs). */
export const V2_CAMERA_ORGANIZATION_FILTER = 'organization_id'

/** v2 members: GET/PUT/DELETE /organizations/{id}/users/{user_id}, by analogy with folders. */
export const V2_MEMBER_PATHS_BY_ANALOGY = true

/** v2 has no "view cameras" flag: a v2 member can always view the organization's cameras. */
export const V2_MEMBER_CAN_VIEW_STREAMS = true

/** Page size of lists other than streams. */
export const LIST_PAGE_SIZE = 500
