/**
 * Demo cameras in the built-in Watcher emulator, so that usage and invoices have something to
 * show on a first `npm start`: a few streams per demo organization on their default plans,
 * created once the demo has reached Watcher. Never touches a real Watcher (start.ts calls it only
 * for its own emulator).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { WatcherApi } from '../plugins/watcher'

interface BillingDoc {
  id: number
  title: string
  watcher?: { id?: number | null; status?: string | null } | null
  defaultSubscription?: number | null
}

const cameras: Record<string, number> = {
  'Acme Security Group': 3,
  'Acme North Warehouse': 5,
  'Acme South Offices': 2,
  'Corner Shop': 1,
  'ООО «Ромашка»': 2,
}

export async function seedDemoCameras({
  api,
  billingUrl,
  token,
  log,
  timeoutMs = 60_000,
}: {
  api: WatcherApi
  billingUrl: string
  token: string
  log: (line: string) => void
  timeoutMs?: number
}): Promise<number> {
  let existing = 0
  for await (const _ of api.streams({ pageSize: 10 })) {
    existing++
    break
  }
  if (existing > 0) return 0
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${billingUrl}${path}`, {
      headers: { Authorization: `JWT ${token}` },
    })
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
    return (await response.json()) as T
  }
  const deadline = Date.now() + timeoutMs
  let organizations: BillingDoc[] = []
  let subscriptions: BillingDoc[] = []
  // the worker pushes the demo to Watcher within seconds of the start
  while (Date.now() < deadline) {
    organizations = (
      await get<{ docs: BillingDoc[] }>('/api/organizations?depth=0&limit=100')
    ).docs.filter((doc) => doc.title in cameras)
    subscriptions = (await get<{ docs: BillingDoc[] }>('/api/subscriptions?depth=0&limit=100')).docs
    // synced, not only created: an organization's preset links come in the same job, after its id
    const synced = (doc: BillingDoc) => Boolean(doc.watcher?.id) && doc.watcher?.status === 'synced'
    const ready =
      organizations.length > 0 && organizations.every(synced) && subscriptions.every(synced)
    if (ready) break
    await sleep(1_000)
  }
  let created = 0
  for (const organization of organizations) {
    const plan = subscriptions.find((doc) => doc.id === organization.defaultSubscription)
    if (!organization.watcher?.id || !plan?.watcher?.id) continue
    for (let index = 1; index <= cameras[organization.title]!; index++) {
      const slug = organization.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')
      const stream = {
        name: `${slug}-cam-${index}`,
        title: `${organization.title} camera ${index}`,
        organizationId: organization.watcher.id,
        presetId: plan.watcher.id,
      }
      // a later sync job may still be linking the preset: wait for it rather than give up
      for (;;) {
        try {
          await api.createStream(stream)
          break
        } catch (error) {
          if (Date.now() >= deadline) throw error
          await sleep(1_000)
        }
      }
      created++
    }
  }
  if (created > 0) log(`demo: ${created} cameras added to the Watcher emulator`)
  return created
}
