'use client'

import { toast, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type { GroupFieldClientComponent } from 'payload'
import { useCallback, useEffect, useRef, useState } from 'react'
import { messageOf, requestJSON } from '../../../admin/request'
import { ActionButton } from '../../../admin/ActionButton'
import { useAdminLanguage } from '../../../admin/useAdminLanguage'
import { useApiURL } from '../../../admin/useApiURL'
import { INTL, type Locale } from '../../../i18n'
import './watcher-admin.scss'

type SyncStatus = 'pending' | 'synced' | 'failed'

interface SyncState {
  id: number | null
  status: SyncStatus | null
  error: string | null
  syncedAt: string | null
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

/** Formats in the browser's zone, in the admin's language, only after hydration, so the server's zone never shows. */
function useLocalDateTime(iso: string | null, locale: Locale): string | null {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  if (!iso) return null
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  if (!mounted) return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
  return date.toLocaleString(INTL[locale].longDates, { dateStyle: 'medium', timeStyle: 'medium' })
}

export function SyncStatusPill({ status }: { status: SyncStatus | null }) {
  const { text } = useAdminLanguage()
  const key = status ?? 'none'
  const label = status ? text.options.syncStatus[status] : text.syncState.notSynced
  return <span className={`watcher-pill watcher-pill--${key}`}>{label}</span>
}

/**
 * The sidebar panel of the `watcher` group: where the document stands in Watcher, read-only,
 * with a button that queues its sync again.
 */
export const SyncStateField: GroupFieldClientComponent = ({ field, path: pathFromProps }) => {
  const path = pathFromProps ?? ('name' in field && field.name ? field.name : 'watcher')
  const { id: documentId, collectionSlug, data: savedData } = useDocumentInfo()
  const apiURL = useApiURL()
  const { locale, text: catalogue, inLanguage } = useAdminLanguage()
  const text = catalogue.syncState

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

  const syncedAt = useLocalDateTime(shown.syncedAt, locale)
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
          locale,
        },
      )
      toast.success(answer?.message || text.queued)
      setFetched({ basedOn: formKey, state: { ...shown, status: answer?.status ?? 'pending' } })
      void watchUntilSettled(formKey)
    } catch (error) {
      toast.error(messageOf(error, locale))
    } finally {
      setRequesting(false)
    }
  }

  // the config's label and description are per-language records (src/i18n inEveryLanguage)
  const label = inLanguage(field.label) ?? 'Watcher'
  const description = inLanguage(field.admin?.description)

  return (
    <div className="field-type watcher-sync-state" id={`field-${path.replace(/\./g, '__')}`}>
      <div className="watcher-sync-state__header">
        <span className="watcher-sync-state__title">{label}</span>
        <SyncStatusPill status={shown.status} />
      </div>
      <dl className="watcher-sync-state__facts">
        <dt>{text.watcherId}</dt>
        <dd>{shown.id ?? '—'}</dd>
        <dt>{text.lastSynced}</dt>
        <dd>{shown.syncedAt ? <time dateTime={shown.syncedAt}>{syncedAt}</time> : text.never}</dd>
      </dl>
      {shown.error && (
        <div className="watcher-sync-state__error">
          <div className="watcher-sync-state__error-label">{text.lastError}</div>
          <pre>{shown.error}</pre>
        </div>
      )}
      {documentId !== undefined && documentId !== null && (
        <div className="watcher-sync-state__actions">
          <ActionButton secondary size="small" disabled={requesting} onClick={retry}>
            {requesting ? text.queueing : text.retry}
          </ActionButton>
          {watching && <span className="watcher-sync-state__hint">{text.waiting}</span>}
        </div>
      )}
      {description && <p className="watcher-sync-state__description">{description}</p>}
    </div>
  )
}
