import type { Payload } from 'payload'
import type { User } from '../payload-types'
import { cameraTitles, organizationsWithStreamView } from './cameraTitles'
import type { InvoiceDrillDown } from './drillDown'

/** Whether titles were shown, not for this user ('none'), or could not be read from Watcher. */
export type TitlesOutcome = 'shown' | 'none' | 'unavailable'

/**
 * The drill-down with each camera's title beside its reference where `user` may see it (a member
 * with the view-streams permission on the line's organization), read live from Watcher; as it is
 * when Watcher cannot answer in time.
 */
export async function withCameraTitles(
  payload: Payload,
  user: unknown,
  drillDown: InvoiceDrillDown,
): Promise<{ drillDown: InvoiceDrillDown; titles: TitlesOutcome }> {
  const organizations = organizationsWithStreamView(
    (user as User | null) ?? null,
    drillDown.lines.flatMap((line) => (line.organization === null ? [] : [line.organization])),
  )
  if (organizations.length === 0) return { drillDown, titles: 'none' }
  const titles = await cameraTitles(payload, organizations)
  if (!titles) return { drillDown, titles: 'unavailable' }
  const visible = new Set(organizations)
  const titled: InvoiceDrillDown = {
    ...drillDown,
    lines: drillDown.lines.map((line) =>
      line.organization === null || !visible.has(line.organization)
        ? line
        : {
            ...line,
            intervals: line.intervals.map((interval) => {
              const title = titles.get(interval.camera)
              return title ? { ...interval, title } : interval
            }),
          },
    ),
  }
  return { drillDown: titled, titles: 'shown' }
}
