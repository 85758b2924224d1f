/**
 * The admin in the operator's language (issue 16): every collection and global names itself, its
 * group and its description in all four languages, and the fields people fill in or read on the
 * collections have labels, descriptions and option labels in all four too (Payload's own
 * fields carry Payload's translations, as functions). A plain English string fails.
 */
import type { Field, SanitizedConfig } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'
import { LOCALES } from '../../src/i18n'

let config: SanitizedConfig

beforeAll(async () => {
  config = await (await import('../../payload.config')).default
})

/** A text in every language: a record with each locale's own non-empty text. */
function inEveryLanguage(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false
  const record = value as Record<string, unknown>
  return LOCALES.every((locale) => typeof record[locale] === 'string' && record[locale] !== '')
}

/** Payload's own labels are functions of its translations; ours are per-language records. */
const translated = (value: unknown) => typeof value === 'function' || inEveryLanguage(value)

const slugs = new WeakMap<Field[], string>()
const slugOf = (fields: Field[]) => slugs.get(fields) ?? ''

/** What a person sees of each field without a label, description or option in every language. */
function untranslated(fields: Field[], path = ''): string[] {
  const found: string[] = []
  for (const field of fields) {
    const admin = (
      field as {
        admin?: {
          hidden?: boolean
          disabled?: boolean
          description?: unknown
          components?: { Field?: unknown }
        }
      }
    ).admin
    // not shown: hidden, disabled, or drawn by no component (Payload's own internals)
    if ((field as { hidden?: boolean }).hidden || admin?.hidden || admin?.disabled) continue
    if (admin?.components?.Field === false) continue
    const name = 'name' in field ? field.name : undefined
    const at = name ? (path ? `${path}.${name}` : name) : path
    if (name && field.type !== 'ui') {
      if (!translated((field as { label?: unknown }).label)) found.push(`${at}: label`)
      if (admin?.description !== undefined && !translated(admin.description)) {
        found.push(`${at}: description`)
      }
      const codes = CODES.has(`${slugOf(fields)} ${at}`)
      if ((field.type === 'select' || field.type === 'radio') && name !== 'locale' && !codes) {
        for (const option of field.options) {
          if (typeof option === 'string' || !translated(option.label)) {
            found.push(`${at}: option ${typeof option === 'string' ? option : option.value}`)
          }
        }
      }
    }
    if ('fields' in field && Array.isArray(field.fields))
      found.push(...untranslated(field.fields, at))
    if (field.type === 'tabs') {
      for (const tab of field.tabs) found.push(...untranslated(tab.fields, at))
    }
  }
  return found
}

/** Option labels that are identifiers integrators type (webhook event types): shown as they are. */
const CODES = new Set(['webhook-endpoints events'])

describe('admin labels in every language', () => {
  it('every collection shown in the admin: its names, group and description', () => {
    const missing: string[] = []
    for (const collection of config.collections) {
      if (collection.admin?.hidden === true || collection.slug.startsWith('payload-')) continue
      if (!inEveryLanguage(collection.labels.singular)) missing.push(`${collection.slug}: singular`)
      if (!inEveryLanguage(collection.labels.plural)) missing.push(`${collection.slug}: plural`)
      if (!inEveryLanguage(collection.admin?.group)) missing.push(`${collection.slug}: group`)
      const description = collection.admin?.description
      if (description !== undefined && !inEveryLanguage(description)) {
        missing.push(`${collection.slug}: description`)
      }
    }
    expect(missing).toEqual([])
  })

  it('the dunning policy global: its name, group, description and fields', () => {
    const policy = config.globals.find((global) => global.slug === 'dunning-policy')!
    expect(inEveryLanguage(policy.label)).toBe(true)
    expect(inEveryLanguage(policy.admin?.group)).toBe(true)
    expect(inEveryLanguage(policy.admin?.description)).toBe(true)
    expect(untranslated(policy.fields)).toEqual([])
  })

  it('every field a person sees, in every collection shown in the admin', () => {
    const missing: string[] = []
    for (const collection of config.collections) {
      if (collection.admin?.hidden === true || collection.slug.startsWith('payload-')) continue
      slugs.set(collection.fields, collection.slug)
      missing.push(
        ...untranslated(collection.fields).map((problem) => `${collection.slug} ${problem}`),
      )
    }
    expect(missing).toEqual([])
  })

  it('the texts differ between languages (nothing left in English)', () => {
    const services = config.collections.find((collection) => collection.slug === 'services')!
    const plural = services.labels.plural as Record<string, string>
    expect(new Set(LOCALES.map((locale) => plural[locale])).size).toBe(LOCALES.length)
    expect(plural.ru).toBe('Услуги')
  })
})
