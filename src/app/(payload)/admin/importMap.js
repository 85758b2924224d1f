import { SyncStateField as SyncStateField_fdf6edd8643e4e31a51476fd67c31c97 } from '../../../../src/plugins/watcher/admin/SyncStateField'
import { WatcherActions as WatcherActions_fc8323a677b8bd28e79ae7a3f69f2bd8 } from '../../../../src/plugins/watcher/admin/WatcherActions'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/plugins/watcher/admin/SyncStateField#SyncStateField": SyncStateField_fdf6edd8643e4e31a51476fd67c31c97,
  "/src/plugins/watcher/admin/WatcherActions#WatcherActions": WatcherActions_fc8323a677b8bd28e79ae7a3f69f2bd8,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
