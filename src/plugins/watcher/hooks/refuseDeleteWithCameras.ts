import { APIError, type CollectionBeforeDeleteHook } from 'payload'
import { isWatcherError, type WatcherApi } from '../client'

/**
 * An organization that still has cameras in Watcher cannot be deleted in billing: Watcher would
 * refuse, and its cameras would be left without an account. Asked live (a read, no change).
 */
export const refuseDeleteWithCameras =
  (api: () => WatcherApi): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const organization = await req.payload.findByID({
      collection: 'organizations',
      id,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    const watcherId = organization?.watcher?.id
    if (!watcherId) return
    let cameras: number | null
    try {
      cameras = (await api().getOrganization(watcherId)).cameraCount
    } catch (error) {
      if (isWatcherError(error) && error.status === 404) return
      throw new APIError(
        `Cannot delete "${organization.title}": Watcher could not be asked whether the organization still has cameras (${(error as Error).message}). Try again when Watcher is reachable.`,
        503,
        undefined,
        true,
      )
    }
    if (cameras && cameras > 0) {
      throw new APIError(
        `Cannot delete "${organization.title}": it still has ${cameras} camera(s) in Watcher. Move or delete them in Watcher first.`,
        409,
        undefined,
        true,
      )
    }
  }
