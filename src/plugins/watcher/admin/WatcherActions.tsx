'use client'

import { Link, toast, useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type { BeforeListTableClientProps } from 'payload'
import { formatAdminURL } from 'payload/shared'
import { useState } from 'react'
import { messageOf, requestJSON } from '../../../admin/request'
import { ActionButton } from '../../../admin/ActionButton'
import { useApiURL } from '../../../admin/useApiURL'
import './watcher-admin.scss'

interface SyncRunAnswer {
  delivered: number
  failed: number
  pending: number
}

interface ReconcileAnswer {
  id: number | string
  outcome?: 'in_line' | 'drift' | 'error' | string
  summary?: string | null
}

interface PresetProposal {
  presetId: number | string
  title: string
  services: string[]
  action: 'create' | 'skip'
  reason?: string | null
}

interface ImportAnswer {
  proposals?: PresetProposal[]
  created?: { services?: (number | string)[]; subscriptions?: (number | string)[] }
}

type Running = 'sync' | 'reconcile' | 'preview' | 'import' | null

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

/** Above the sync events list: run the sync, reconcile with Watcher, import Watcher's presets. */
export const WatcherActions = (_props: Partial<BeforeListTableClientProps>) => {
  const {
    config: {
      routes: { admin: adminRoute },
    },
  } = useConfig()
  const apiURL = useApiURL()
  const router = useRouter()
  const [running, setRunning] = useState<Running>(null)
  const [proposals, setProposals] = useState<PresetProposal[] | null>(null)

  const endpoint = (suffix: `/${string}`) => apiURL(`/watcher${suffix}`)

  async function run(kind: Exclude<Running, null>, action: () => Promise<void>) {
    setRunning(kind)
    try {
      await action()
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setRunning(null)
    }
  }

  const syncNow = () =>
    run('sync', async () => {
      const answer = await requestJSON<SyncRunAnswer>(endpoint('/sync'), { method: 'POST' })
      const message = `Delivered ${answer.delivered ?? 0}, failed ${answer.failed ?? 0}, still pending ${answer.pending ?? 0}`
      if (answer.failed > 0) toast.warning(message)
      else toast.success(message)
      router.refresh()
    })

  const reconcile = () =>
    run('reconcile', async () => {
      const report = await requestJSON<ReconcileAnswer>(endpoint('/reconcile'), { method: 'POST' })
      const reportURL = formatAdminURL({
        adminRoute,
        path: `/collections/reconcile-reports/${report.id}`,
      })
      // a function, not an element: sonner renders a bare element as a custom toast without its icon
      const message = () => (
        <span>
          {report.summary || 'Reconciliation finished.'}{' '}
          <Link href={reportURL} className="watcher-toast-link">
            Open the report
          </Link>
        </span>
      )
      const show =
        report.outcome === 'error'
          ? toast.error
          : report.outcome === 'drift'
            ? toast.warning
            : toast.success
      show(message, { duration: 15_000 })
      router.refresh()
    })

  const previewPresets = () =>
    run('preview', async () => {
      const answer = await requestJSON<ImportAnswer>(endpoint('/import-presets'), {
        method: 'POST',
        body: { dryRun: true },
      })
      const found = answer.proposals ?? []
      setProposals(found)
      if (found.length === 0) toast.info('Watcher has no presets to import.')
    })

  const importPresets = () =>
    run('import', async () => {
      const answer = await requestJSON<ImportAnswer>(endpoint('/import-presets'), {
        method: 'POST',
        body: { dryRun: false },
      })
      const subscriptions = answer.created?.subscriptions?.length ?? 0
      const services = answer.created?.services?.length ?? 0
      toast.success(
        `Created ${plural(subscriptions, 'subscription')} and ${plural(services, 'service')}.`,
      )
      setProposals(null)
      router.refresh()
    })

  const busy = running !== null
  const toCreate = proposals?.filter((proposal) => proposal.action === 'create').length ?? 0

  return (
    <div className="watcher-actions">
      <div className="watcher-actions__row">
        {[
          {
            kind: 'sync' as const,
            onClick: syncNow,
            label: 'Sync now',
            runningLabel: 'Syncing…',
            description:
              'Deliver every queued change to Watcher now instead of waiting for the next run.',
          },
          {
            kind: 'reconcile' as const,
            secondary: true,
            onClick: reconcile,
            label: 'Reconcile',
            runningLabel: 'Reconciling…',
            description:
              'Compare billing with Watcher, push billing again where they differ, and store a report.',
          },
          {
            kind: 'preview' as const,
            secondary: true,
            onClick: previewPresets,
            label: 'Import presets',
            runningLabel: 'Reading presets…',
            description:
              'Preview subscriptions for Watcher presets billing does not know yet; nothing is created until you confirm.',
          },
        ].map((action) => (
          <div className="watcher-actions__item" key={action.kind}>
            <ActionButton secondary={action.secondary} disabled={busy} onClick={action.onClick}>
              {running === action.kind ? action.runningLabel : action.label}
            </ActionButton>
            <p>{action.description}</p>
          </div>
        ))}
      </div>

      {proposals && proposals.length > 0 && (
        <div className="watcher-actions__proposals">
          <div className="watcher-actions__proposals-title">Presets in Watcher</div>
          <div className="watcher-actions__table-wrap">
            <table className="watcher-actions__table">
              <thead>
                <tr>
                  <th>Preset</th>
                  <th>Title</th>
                  <th>Services</th>
                  <th>Action</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((proposal) => (
                  <tr key={String(proposal.presetId)}>
                    <td>{proposal.presetId}</td>
                    <td>{proposal.title}</td>
                    <td>{proposal.services.length > 0 ? proposal.services.join(', ') : '—'}</td>
                    <td>
                      <span
                        className={`watcher-pill watcher-pill--${proposal.action === 'create' ? 'synced' : 'none'}`}
                      >
                        {proposal.action === 'create' ? 'Create' : 'Skip'}
                      </span>
                      {proposal.reason && (
                        <span className="watcher-actions__reason">{proposal.reason}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="watcher-actions__confirm">
            <ActionButton disabled={busy || toCreate === 0} onClick={importPresets}>
              {running === 'import' ? 'Creating…' : 'Create these subscriptions'}
            </ActionButton>
            <ActionButton secondary disabled={busy} onClick={() => setProposals(null)}>
              Cancel
            </ActionButton>
            <span className="watcher-actions__hint">
              {toCreate === 0
                ? 'Every preset is already known or cannot be imported.'
                : `${plural(toCreate, 'subscription')} will be created.`}
            </span>
          </div>
        </div>
      )}
    </div>
  )
}
