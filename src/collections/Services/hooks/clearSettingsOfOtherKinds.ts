import type { CollectionBeforeChangeHook } from 'payload'
import { serviceKinds } from '../kinds'

/** A service has exactly one setting: the one of its kind. Values of other kinds are cleared. */
export const clearSettingsOfOtherKinds: CollectionBeforeChangeHook = ({ data }) => {
  for (const kind of serviceKinds) {
    if (kind.value !== data.kind) data[kind.setting] = null
  }
  return data
}
