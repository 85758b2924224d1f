'use client'

import {
  Button,
  Modal,
  toast,
  useAuth,
  useDocumentInfo,
  useModal,
  useTranslation,
} from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { hasRole } from '../../access/roles'
import { ActionButton } from '../../admin/ActionButton'
import { messageOf, requestJSON } from '../../admin/request'
import { useApiURL } from '../../admin/useApiURL'
import { currencyExponent } from '../../billing/currency'
import { formatMoney } from '../../billing/money'
import { INTL, localeOr, messages } from '../../i18n'
import type { SimulationResult } from '../simulate'
import './pricing-admin.scss'

const MODAL = 'try-price-change'
/** Rows of the per-organization table shown; the CSV has every one. */
const ROWS_SHOWN = 20

const pad = (value: number) => String(value).padStart(2, '0')
const today = new Date()
const lastMonth = (() => {
  const month = new Date(today.getFullYear(), today.getMonth() - 1, 1)
  return `${month.getFullYear()}-${pad(month.getMonth() + 1)}`
})()
const nextMonthStart = (() => {
  const month = new Date(today.getFullYear(), today.getMonth() + 1, 1)
  return `${month.getFullYear()}-${pad(month.getMonth() + 1)}-01`
})()

/** A decimal amount as people write it ("4", "4.5", "4,50") in minor units; null when it is not one. */
function minorUnits(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency)
  const match = /^(\d{1,12})(?:[.,](\d*))?$/.exec(text.trim())
  if (!match || (match[2] ?? '').length > exponent) return null
  return Number(match[1]) * 10 ** exponent + Number((match[2] ?? '').padEnd(exponent, '0') || 0)
}

const idOf = (value: unknown): number | null =>
  typeof value === 'number'
    ? value
    : value && typeof value === 'object' && 'id' in value
      ? Number((value as { id: unknown }).id)
      : null

interface ServiceOption {
  id: number
  title: string
}

/**
 * "Try a price change" in the edit view of a subscription or a service: a new price from a day (and
 * for a subscription, a different set of services), replayed on a closed month by
 * POST /api/pricing/simulate; the result's totals, the change per organization, the threshold
 * crossings, the CSV; Publish (admin) or Cancel (nothing is stored).
 */
/** One labelled input of the form; its name is the last part of its id. */
function FormInput({
  id,
  label,
  onChange,
  ...input
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  type?: 'month' | 'date'
  required?: boolean
  max?: string
  inputMode?: 'decimal'
}) {
  return (
    <label htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        name={id.slice(id.lastIndexOf('-') + 1)}
        onChange={(event) => onChange(event.target.value)}
        {...input}
      />
    </label>
  )
}

export const TryPriceChange = () => {
  const { id, collectionSlug, data } = useDocumentInfo()
  const { user } = useAuth()
  const { i18n } = useTranslation()
  const locale = localeOr(i18n.language)
  const t = messages(locale).pricing
  const numbers = INTL[locale].numbers
  const apiURL = useApiURL()
  const router = useRouter()
  const { openModal, closeModal, isModalOpen } = useModal()
  const formId = useId()

  const isSubscription = collectionSlug === 'subscriptions'
  const currency = typeof data?.currency === 'string' ? data.currency : 'USD'
  const currentServices = isSubscription
    ? ((data?.services as unknown[] | undefined) ?? []).map(idOf).filter((v) => v !== null)
    : []

  const [period, setPeriod] = useState(lastMonth)
  const [price, setPrice] = useState('')
  const [from, setFrom] = useState(nextMonthStart)
  const [threshold, setThreshold] = useState('')
  const [services, setServices] = useState<number[]>(currentServices as number[])
  const [options, setOptions] = useState<ServiceOption[]>([])
  const [result, setResult] = useState<SimulationResult | null>(null)
  const [busy, setBusy] = useState<'simulate' | 'publish' | 'csv' | null>(null)
  const [confirming, setConfirming] = useState(false)

  const open = isModalOpen(MODAL)
  useEffect(() => {
    if (!open || !isSubscription) return
    requestJSON<{ docs: ServiceOption[] }>(
      apiURL(
        `/services?depth=0&limit=200&sort=title&where[currency][equals]=${encodeURIComponent(currency)}`,
      ),
    )
      .then((answer) => setOptions(answer.docs))
      .catch((error) => toast.error(messageOf(error)))
  }, [open, isSubscription, currency, apiURL])

  // staff only; a new document has no price to change yet
  if (!hasRole(user, 'admin', 'accountant')) return null
  if (id === undefined || id === null || id === '') return null
  const documentId = Number(id)
  const title = typeof data?.title === 'string' ? data.title : `#${id}`
  const money = (amount: number, inCurrency = currency) => formatMoney(amount, inCurrency, numbers)

  /** The change as the endpoints want it; null (and a message) when the form is not complete. */
  function change() {
    const amount = price.trim() === '' ? null : minorUnits(price, currency)
    if (price.trim() !== '' && amount === null) {
      toast.error(t.needPrice)
      return null
    }
    const sameServices =
      services.length === currentServices.length &&
      services.every((service) => currentServices.includes(service))
    if (isSubscription && services.length === 0) {
      toast.error(t.needServices)
      return null
    }
    if (amount === null && (!isSubscription || sameServices)) {
      toast.error(t.needPrice)
      return null
    }
    if (!isSubscription) return { servicePrices: [{ service: documentId, amount: amount!, from }] }
    return {
      ...(amount === null
        ? {}
        : { subscriptionPrices: [{ subscription: documentId, amount, from }] }),
      ...(sameServices ? {} : { serviceSets: [{ subscription: documentId, services, from }] }),
    }
  }

  function request() {
    const body = change()
    if (!body) return null
    const limit = threshold.trim() === '' ? null : minorUnits(threshold, currency)
    return { period, ...body, ...(limit === null ? {} : { thresholds: { [currency]: limit } }) }
  }

  async function simulate(event: FormEvent) {
    event.preventDefault()
    event.stopPropagation() // the modal is portalled out of the document's form
    const body = request()
    if (!body) return
    setBusy('simulate')
    setConfirming(false)
    try {
      setResult(
        await requestJSON<SimulationResult>(apiURL('/pricing/simulate'), { method: 'POST', body }),
      )
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setBusy(null)
    }
  }

  async function downloadCsv() {
    const body = request()
    if (!body) return
    setBusy('csv')
    try {
      const response = await fetch(apiURL('/pricing/simulate?format=csv'), {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
      const link = document.createElement('a')
      link.href = URL.createObjectURL(await response.blob())
      link.download = `price-simulation-${period}.csv`
      link.click()
      URL.revokeObjectURL(link.href)
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setBusy(null)
    }
  }

  async function publish() {
    const body = change()
    if (!body) return
    setBusy('publish')
    try {
      await requestJSON(apiURL('/pricing/publish'), { method: 'POST', body })
      toast.success(t.published)
      cancel()
      router.refresh()
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setBusy(null)
    }
  }

  function cancel() {
    setResult(null)
    setConfirming(false)
    closeModal(MODAL)
  }

  const admin = hasRole(user, 'admin')
  const percent = (value: string | null) => (value === null ? '—' : `${value} %`)

  return (
    <div className="pricing-try">
      <ActionButton secondary onClick={() => openModal(MODAL)}>
        {t.button}
      </ActionButton>
      {open && (
        <Modal slug={MODAL} className="pricing-modal" closeOnBlur={false}>
          <div className="pricing-modal__wrapper">
            <h2>{t.heading({ title })}</h2>
            <p className="pricing-modal__intro">{t.intro}</p>
            <form className="pricing-modal__form" onSubmit={simulate}>
              <FormInput
                id={`${formId}-period`}
                label={t.period}
                type="month"
                required
                max={lastMonth}
                value={period}
                onChange={setPeriod}
              />
              <FormInput
                id={`${formId}-price`}
                label={`${t.newPrice} (${currency})`}
                inputMode="decimal"
                value={price}
                onChange={setPrice}
              />
              <FormInput
                id={`${formId}-from`}
                label={t.effectiveFrom}
                type="date"
                required
                value={from}
                onChange={setFrom}
              />
              <FormInput
                id={`${formId}-threshold`}
                label={`${t.threshold} (${currency})`}
                inputMode="decimal"
                value={threshold}
                onChange={setThreshold}
              />
              {isSubscription && options.length > 0 && (
                <fieldset className="pricing-modal__services">
                  <legend>{t.services}</legend>
                  {options.map((option) => (
                    <label key={option.id}>
                      <input
                        type="checkbox"
                        checked={services.includes(option.id)}
                        onChange={(event) =>
                          setServices((chosen) =>
                            event.target.checked
                              ? [...chosen, option.id]
                              : chosen.filter((service) => service !== option.id),
                          )
                        }
                      />
                      {option.title}
                    </label>
                  ))}
                </fieldset>
              )}
              <div className="pricing-modal__controls">
                <Button size="medium" type="submit" disabled={busy !== null}>
                  {busy === 'simulate' ? t.simulating : t.simulate}
                </Button>
                <Button buttonStyle="secondary" size="medium" onClick={cancel}>
                  {t.cancel}
                </Button>
              </div>
            </form>

            {result && (
              <div className="pricing-result" data-testid="pricing-result">
                <h3>{t.totalsHeading}</h3>
                <table className="pricing-table">
                  <thead>
                    <tr>
                      <th>{t.columns.currency}</th>
                      <th>{t.columns.organizations}</th>
                      <th>{t.columns.before}</th>
                      <th>{t.columns.after}</th>
                      <th>{t.columns.delta}</th>
                      <th>{t.columns.percent}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.currencies.map((row) => (
                      <tr key={row.currency}>
                        <td>{row.currency}</td>
                        <td>{row.organizations}</td>
                        <td>{money(row.totalBefore, row.currency)}</td>
                        <td>{money(row.totalAfter, row.currency)}</td>
                        <td>{money(row.delta, row.currency)}</td>
                        <td>{percent(row.percent)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {result.organizations.length === 0 && <p>{t.noUsage}</p>}

                <h3>{t.organizationsHeading}</h3>
                <table className="pricing-table">
                  <thead>
                    <tr>
                      <th>{t.columns.organization}</th>
                      <th>{t.columns.before}</th>
                      <th>{t.columns.after}</th>
                      <th>{t.columns.delta}</th>
                      <th>{t.columns.percent}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.organizations.slice(0, ROWS_SHOWN).map((row) => (
                      <tr key={row.organization}>
                        <td>{row.title}</td>
                        <td>{money(row.totalBefore, row.currency)}</td>
                        <td>{money(row.totalAfter, row.currency)}</td>
                        <td>{money(row.delta, row.currency)}</td>
                        <td>{percent(row.percent)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {result.organizations.length > ROWS_SHOWN && (
                  <p>
                    {t.shown({
                      shown: ROWS_SHOWN,
                      total: result.organizations.length,
                      locale,
                    })}
                  </p>
                )}
                {result.failed.length > 0 && (
                  <p>{t.failed({ count: result.failed.length, locale })}</p>
                )}

                {threshold.trim() !== '' && (
                  <>
                    <h3>{t.crossingsHeading}</h3>
                    {result.crossings.length === 0 ? (
                      <p>{t.noCrossings}</p>
                    ) : (
                      <table className="pricing-table">
                        <thead>
                          <tr>
                            <th>{t.columns.organization}</th>
                            <th>{t.columns.before}</th>
                            <th>{t.columns.after}</th>
                            <th>{t.columns.direction}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {result.crossings.map((row) => (
                            <tr key={row.organization}>
                              <td>{row.title}</td>
                              <td>{money(row.totalBefore, row.currency)}</td>
                              <td>{money(row.totalAfter, row.currency)}</td>
                              <td>{row.direction === 'up' ? t.up : t.down}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </>
                )}

                <div className="pricing-modal__controls">
                  <Button
                    buttonStyle="secondary"
                    size="medium"
                    disabled={busy !== null}
                    onClick={downloadCsv}
                  >
                    {t.downloadCsv}
                  </Button>
                  {admin ? (
                    <Button
                      size="medium"
                      disabled={busy !== null}
                      onClick={() => setConfirming(true)}
                    >
                      {t.publish}
                    </Button>
                  ) : (
                    <span className="pricing-modal__note">{t.adminOnlyPublish}</span>
                  )}
                  <Button buttonStyle="secondary" size="medium" onClick={cancel}>
                    {t.cancel}
                  </Button>
                </div>
                {confirming && (
                  <div className="pricing-confirm" role="alertdialog">
                    <strong>{t.publishHeading}</strong>
                    <p>{t.publishBody({ from })}</p>
                    <div className="pricing-modal__controls">
                      <Button size="medium" disabled={busy !== null} onClick={publish}>
                        {busy === 'publish' ? t.publishing : t.publish}
                      </Button>
                      <Button
                        buttonStyle="secondary"
                        size="medium"
                        onClick={() => setConfirming(false)}
                      >
                        {t.cancel}
                      </Button>
                    </div>
                  </div>
                )}
              </div>
            )}
          </div>
        </Modal>
      )}
    </div>
  )
}
