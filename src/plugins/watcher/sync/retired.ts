import type { Payload } from 'payload'

/**
 * Presets billing retired (their subscription was deleted; v3 cannot delete a preset): they stay
 * in Watcher unlinked, and are neither reported as Watcher-only nor offered for import.
 */
export async function retiredPresetIds(payload: Payload): Promise<Set<number>> {
  const events = await payload.find({
    collection: 'sync-events',
    where: {
      and: [
        { action: { equals: 'retire' } },
        { outcome: { equals: 'delivered' } },
        { watcherId: { exists: true } },
      ],
    },
    select: { watcherId: true },
    limit: 0,
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  return new Set(
    events.docs
      .map((event) => event.watcherId)
      .filter((id): id is number => typeof id === 'number'),
  )
}
