'use client'

import { Link, toast, useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type { BeforeListTableClientProps } from 'payload'
import { formatAdminURL } from 'payload/shared'
import { useState } from 'react'
import { messageOf, requestJSON } from '../../../admin/request'
import { ActionButton } from '../../../admin/ActionButton'
import { useAdminLanguage } from '../../../admin/useAdminLanguage'
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
  const { locale, text: catalogue } = useAdminLanguage()
  const text = catalogue.watcherActions

  const endpoint = (suffix: `/${string}`) => apiURL(`/watcher${suffix}`)

  async function run(kind: Exclude<Running, null>, action: () => Promise<void>) {
    setRunning(kind)
    try {
      await action()
    } catch (error) {
      toast.error(messageOf(error, locale))
    } finally {
      setRunning(null)
    }
  }

  const syncNow = () =>
    run('sync', async () => {
      const answer = await requestJSON<SyncRunAnswer>(endpoint('/sync'), {
        method: 'POST',
        locale,
      })
      const message = text.synced({
        delivered: answer.delivered ?? 0,
        failed: answer.failed ?? 0,
        pending: answer.pending ?? 0,
      })
      if (answer.failed > 0) toast.warning(message)
      else toast.success(message)
      router.refresh()
    })

  const reconcile = () =>
    run('reconcile', async () => {
      const report = await requestJSON<ReconcileAnswer>(endpoint('/reconcile'), {
        method: 'POST',
        locale,
      })
      const reportURL = formatAdminURL({
        adminRoute,
        path: `/collections/reconcile-reports/${report.id}`,
      })
      // a function, not an element: sonner renders a bare element as a custom toast without its icon
      const message = () => (
        <span>
          {report.summary || text.reconciled}{' '}
          <Link href={reportURL} className="watcher-toast-link">
            {text.openReport}
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
        locale,
      })
      const found = answer.proposals ?? []
      setProposals(found)
      if (found.length === 0) toast.info(text.noPresets)
    })

  const importPresets = () =>
    run('import', async () => {
      const answer = await requestJSON<ImportAnswer>(endpoint('/import-presets'), {
        method: 'POST',
        body: { dryRun: false },
        locale,
      })
      const subscriptions = answer.created?.subscriptions?.length ?? 0
      const services = answer.created?.services?.length ?? 0
      toast.success(text.created({ subscriptions, services }))
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
            label: text.syncNow,
            runningLabel: text.syncing,
            description: text.syncHint,
          },
          {
            kind: 'reconcile' as const,
            secondary: true,
            onClick: reconcile,
            label: text.reconcile,
            runningLabel: text.reconciling,
            description: text.reconcileHint,
          },
          {
            kind: 'preview' as const,
            secondary: true,
            onClick: previewPresets,
            label: text.importPresets,
            runningLabel: text.readingPresets,
            description: text.importHint,
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
          <div className="watcher-actions__proposals-title">{text.presetsInWatcher}</div>
          <div className="watcher-actions__table-wrap">
            <table className="watcher-actions__table">
              <thead>
                <tr>
                  <th>{text.preset}</th>
                  <th>{text.title}</th>
                  <th>{text.services}</th>
                  <th>{text.action}</th>
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
                        {proposal.action === 'create' ? text.create : text.skip}
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
              {running === 'import' ? text.creating : text.createSubscriptions}
            </ActionButton>
            <ActionButton secondary disabled={busy} onClick={() => setProposals(null)}>
              {text.cancel}
            </ActionButton>
            <span className="watcher-actions__hint">
              {toCreate === 0 ? text.nothingToCreate : text.willCreate({ count: toCreate })}
            </span>
          </div>
        </div>
      )}
    </div>
  )
}
