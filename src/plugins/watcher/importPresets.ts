import type { PayloadRequest } from 'payload'
import type { Service } from '../../payload-types'
import type { WatcherApi, WatcherPreset } from './client'
import { retiredPresetIds } from './sync/retired'
import { SETTING_OF_SERVICE } from './sync/serviceSettings'
import { WATCHER_LINK_ID } from './sync/state'

type ServiceDraft = Pick<
  Service,
  'kind' | 'archiveDays' | 'eventArchiveDays' | 'storageGb' | 'analytics'
> & { title: string }

export interface PresetProposal {
  presetId: number
  title: string
  services: string[]
  action: 'create' | 'skip'
  reason?: string
}

export interface ImportResult {
  proposals: PresetProposal[]
  created: { services: number[]; subscriptions: number[] }
}

/** What a service of each kind is called, from the value of its setting. */
const TITLE_OF_SERVICE: Record<Service['kind'], (value: unknown) => string> = {
  continuous_archive: (days) => `Archive ${days} days`,
  event_archive: (days) => `Event archive ${days} days`,
  storage: (gb) => `Storage ${gb} GB`,
  analytics: (analytics) => (analytics === 'faces' ? 'Face recognition' : 'Plate recognition'),
}

/** The services a preset's settings stand for (the mapping table of watcher-api.md, reversed). */
export function servicesOfPreset(preset: WatcherPreset): ServiceDraft[] {
  return (Object.keys(SETTING_OF_SERVICE) as Service['kind'][]).flatMap((kind) => {
    const setting = SETTING_OF_SERVICE[kind]
    const value = preset[setting]
    if (!value) return []
    return [{ title: TITLE_OF_SERVICE[kind](value), kind, [setting]: value } as ServiceDraft]
  })
}

const sameService = (service: Service, draft: ServiceDraft) =>
  service.kind === draft.kind &&
  Object.values(SETTING_OF_SERVICE).every(
    (setting) => (service[setting] ?? null) === (draft[setting] ?? null),
  )

/**
 * Catalogue import for operators migrating an existing Watcher: every preset billing does not
 * know becomes a subscription made of services matching its settings (existing services reused,
 * missing ones created at price 0 for the operator to price), linked to that very preset rather
 * than a new one. A dry run only answers the proposals.
 */
export async function importPresets(
  req: PayloadRequest,
  { api, dryRun, currency }: { api: WatcherApi; dryRun: boolean; currency?: string },
): Promise<ImportResult> {
  const { payload } = req
  const subscriptions = await payload.find({
    collection: 'subscriptions',
    limit: 0,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const linked = new Set(subscriptions.docs.map((doc) => doc.watcher?.id).filter(Boolean))
  const titles = new Set(subscriptions.docs.map((doc) => doc.title))
  const services = (
    await payload.find({
      collection: 'services',
      limit: 0,
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs
  const catalogueCurrency = currency ?? services[0]?.currency ?? 'USD'
  const retired = await retiredPresetIds(payload)

  const result: ImportResult = { proposals: [], created: { services: [], subscriptions: [] } }
  for (const preset of await api.listPresets()) {
    if (preset.isDefault || preset.deleted || linked.has(preset.id)) continue
    const drafts = servicesOfPreset(preset)
    const proposal: PresetProposal = {
      presetId: preset.id,
      title: preset.title,
      services: drafts.map((draft) => draft.title),
      action: 'create',
    }
    const fractional = drafts.flatMap((draft) =>
      (['archiveDays', 'eventArchiveDays', 'storageGb'] as const)
        .filter((key) => typeof draft[key] === 'number' && !Number.isInteger(draft[key]))
        .map((key) => `${key} ${draft[key]}`),
    )
    if (titles.has(preset.title))
      Object.assign(proposal, { action: 'skip', reason: 'a subscription with this title exists' })
    else if (retired.has(preset.id))
      Object.assign(proposal, { action: 'skip', reason: 'the preset of a deleted subscription' })
    else if (fractional.length > 0) {
      // rounding would change the customers' retention at the next sync: leave it to the operator
      Object.assign(proposal, {
        action: 'skip',
        reason: `not whole days or GB: ${fractional.join(', ')}`,
      })
    } else if (drafts.length === 0)
      Object.assign(proposal, {
        action: 'skip',
        reason: 'the preset has no archive, storage or analytics setting',
      })
    result.proposals.push(proposal)
    if (dryRun || proposal.action === 'skip') continue

    const serviceIds: number[] = []
    for (const draft of drafts) {
      let service = services.find(
        (candidate) => candidate.currency === catalogueCurrency && sameService(candidate, draft),
      )
      if (!service) {
        service = await payload.create({
          collection: 'services',
          data: { ...draft, price: 0, currency: catalogueCurrency },
          overrideAccess: false,
          user: req.user,
          req,
        })
        services.push(service)
        result.created.services.push(service.id)
      }
      serviceIds.push(service.id)
    }
    const subscription = await payload.create({
      collection: 'subscriptions',
      data: {
        title: preset.title,
        services: serviceIds,
        currency: catalogueCurrency,
        status: 'active',
      },
      context: { [WATCHER_LINK_ID]: preset.id },
      overrideAccess: false,
      user: req.user,
      req,
    })
    titles.add(preset.title)
    result.created.subscriptions.push(subscription.id)
  }
  return result
}
