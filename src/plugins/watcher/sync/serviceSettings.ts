import type { Service } from '../../../payload-types'

/**
 * The preset setting each kind of service stands for (watcher-api.md, "From a subscription to a
 * preset"), in the order a preset's services are listed.
 */
export const SETTING_OF_SERVICE = {
  continuous_archive: 'archiveDays',
  event_archive: 'eventArchiveDays',
  storage: 'storageGb',
  analytics: 'analytics',
} as const satisfies Record<Service['kind'], keyof Service>
