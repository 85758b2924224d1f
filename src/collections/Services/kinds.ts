export const serviceKinds = [
  { value: 'continuous_archive', label: 'Continuous archive', setting: 'archiveDays' },
  { value: 'event_archive', label: 'Event archive', setting: 'eventArchiveDays' },
  { value: 'analytics', label: 'Analytics', setting: 'analytics' },
  { value: 'storage', label: 'Storage', setting: 'storageGb' },
] as const

export type ServiceKind = (typeof serviceKinds)[number]['value']
export type ServiceSetting = (typeof serviceKinds)[number]['setting']

export const settingFieldOfKind = Object.fromEntries(
  serviceKinds.map((kind) => [kind.value, kind.setting]),
) as Record<ServiceKind, ServiceSetting>
