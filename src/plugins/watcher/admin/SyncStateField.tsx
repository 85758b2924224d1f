'use client'

import { toast, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type { GroupFieldClientComponent } from 'payload'
import { useCallback, useEffect, useRef, useState } from 'react'
import { messageOf, requestJSON } from '../../../admin/request'
import { ActionButton } from '../../../admin/ActionButton'
import { useApiURL } from '../../../admin/useApiURL'
import './watcher-admin.scss'

type SyncStatus = 'pending' | 'synced' | 'failed'

interface SyncState {
  id: number | null
  status: SyncStatus | null
  error: string | null
  syncedAt: string | null
}

const statusLabels: Record<SyncStatus | 'none', string> = {
  pending: 'Pending',
  synced: 'Synced',
  failed: 'Failed',
  none: 'Not synced',
}

// the sync job usually settles within seconds; stop watching after this
const POLL_INTERVAL_MS = 1500
const POLL_LIMIT = 20

function toSyncState(value: unknown): SyncState {
  const group = (value ?? {}) as Record<string, unknown>
  const status = group.status
  return {
    // `id` is virtual (read from the stored `remoteId`); either one will do
    id:
      typeof group.id === 'number'
        ? group.id
        : typeof group.remoteId === 'number'
          ? group.remoteId
          : null,
    status: status === 'pending' || status === 'synced' || status === 'failed' ? status : null,
    error: typeof group.error === 'string' && group.error.trim() ? group.error : null,
    syncedAt: typeof group.syncedAt === 'string' && group.syncedAt ? group.syncedAt : null,
  }
}

/** Formats in the browser's zone and locale only after hydration, so the server's zone never shows. */
function useLocalDateTime(iso: string | null): string | null {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  if (!iso) return null
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  if (!mounted) return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

export function SyncStatusPill({ status }: { status: SyncStatus | null }) {
  const key = status ?? 'none'
  return <span className={`watcher-pill watcher-pill--${key}`}>{statusLabels[key]}</span>
}

/**
 * The sidebar panel of the `watcher` group: where the document stands in Watcher, read-only,
 * with a button that queues its sync again.
 */
export const SyncStateField: GroupFieldClientComponent = ({ field, path: pathFromProps }) => {
  const path = pathFromProps ?? ('name' in field && field.name ? field.name : 'watcher')
  const { id: documentId, collectionSlug, data: savedData } = useDocumentInfo()
  const apiURL = useApiURL()

  const formId = useFormFields(
    ([fields]) => fields[`${path}.id`]?.value ?? fields[`${path}.remoteId`]?.value,
  )
  const formStatus = useFormFields(([fields]) => fields[`${path}.status`]?.value)
  const formError = useFormFields(([fields]) => fields[`${path}.error`]?.value)
  const formSyncedAt = useFormFields(([fields]) => fields[`${path}.syncedAt`]?.value)
  const formState = toSyncState({
    id: formId,
    status: formStatus,
    error: formError,
    syncedAt: formSyncedAt,
  })

  // Values fetched after a retry win until the form itself changes (a save, a reload); the page is
  // not refreshed, since that would replace the form state and drop the user's unsaved edits.
  const formKey = JSON.stringify([formState, savedData?.updatedAt ?? null])
  const [fetched, setFetched] = useState<{ basedOn: string; state: SyncState } | null>(null)
  const shown = fetched && fetched.basedOn === formKey ? fetched.state : formState

  const [requesting, setRequesting] = useState(false)
  const [watching, setWatching] = useState(false)
  const watchRun = useRef(0)
  useEffect(() => () => void watchRun.current++, [])

  const syncedAt = useLocalDateTime(shown.syncedAt)
  const numericId =
    typeof documentId === 'string' && /^\d+$/.test(documentId) ? Number(documentId) : documentId

  const watchUntilSettled = useCallback(
    async (basedOn: string) => {
      const run = ++watchRun.current
      setWatching(true)
      try {
        for (let poll = 0; poll < POLL_LIMIT; poll++) {
          await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
          if (run !== watchRun.current) return
          const doc = await requestJSON<{ watcher?: unknown }>(
            apiURL(`/${collectionSlug}/${documentId}`) + '?depth=0',
          )
          if (run !== watchRun.current) return
          const state = toSyncState(doc?.watcher)
          setFetched({ basedOn, state })
          if (state.status !== 'pending') return
        }
      } catch {
        // the panel keeps the last state it knows; a reload shows the current one
      } finally {
        if (run === watchRun.current) setWatching(false)
      }
    },
    [apiURL, collectionSlug, documentId],
  )

  const retry = async () => {
    if (documentId === undefined || !collectionSlug) return
    setRequesting(true)
    try {
      const answer = await requestJSON<{ message?: string; status?: SyncStatus }>(
        apiURL('/watcher/retry'),
        {
          method: 'POST',
          body: { collection: collectionSlug, id: numericId },
        },
      )
      toast.success(answer?.message || 'The sync is queued.')
      setFetched({ basedOn: formKey, state: { ...shown, status: answer?.status ?? 'pending' } })
      void watchUntilSettled(formKey)
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setRequesting(false)
    }
  }

  const label = typeof field.label === 'string' && field.label ? field.label : 'Watcher'
  const description = typeof field.admin?.description === 'string' ? field.admin.description : null

  return (
    <div className="field-type watcher-sync-state" id={`field-${path.replace(/\./g, '__')}`}>
      <div className="watcher-sync-state__header">
        <span className="watcher-sync-state__title">{label}</span>
        <SyncStatusPill status={shown.status} />
      </div>
      <dl className="watcher-sync-state__facts">
        <dt>Watcher id</dt>
        <dd>{shown.id ?? '—'}</dd>
        <dt>Last synced</dt>
        <dd>{shown.syncedAt ? <time dateTime={shown.syncedAt}>{syncedAt}</time> : 'Never'}</dd>
      </dl>
      {shown.error && (
        <div className="watcher-sync-state__error">
          <div className="watcher-sync-state__error-label">Last error</div>
          <pre>{shown.error}</pre>
        </div>
      )}
      {documentId !== undefined && documentId !== null && (
        <div className="watcher-sync-state__actions">
          <ActionButton secondary size="small" disabled={requesting} onClick={retry}>
            {requesting ? 'Queueing…' : 'Retry sync'}
          </ActionButton>
          {watching && <span className="watcher-sync-state__hint">Waiting for the sync job…</span>}
        </div>
      )}
      {description && <p className="watcher-sync-state__description">{description}</p>}
    </div>
  )
}
