/**
 * The message catalogue: every language has every key English has (and no other), each message
 * of the same kind (text or function of parameters); plurals follow the language's rules through
 * Intl.PluralRules; numbers, money, rates and days are written the language's way.
 */
import { describe, expect, it } from 'vitest'
import { taxRateText } from '../../src/billing/format'
import { formatMoney } from '../../src/billing/money'
import {
  formatDay,
  formatDecimal,
  INTL,
  LOCALES,
  messages,
  plural,
  type Locale,
} from '../../src/i18n'

/** Every leaf of a catalogue as `path: kind`. */
function shapeOf(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path}: function(${value.length})`]
  if (typeof value === 'string') return [`${path}: text`]
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([key, inner]) => shapeOf(inner, path ? `${path}.${key}` : key))
    .sort()
}

/** Intl writes narrow and no-break spaces in numbers; compared as plain spaces. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('the catalogue', () => {
  it.each(LOCALES.filter((locale) => locale !== 'en'))(
    '%s has every message English has, of the same kind, and no other',
    (locale) => {
      expect(shapeOf(messages(locale))).toEqual(shapeOf(messages('en')))
    },
  )

  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s is translated, not a copy', (locale) => {
    const text = messages(locale)
    expect(text.invoicePdf.howCalculated).not.toBe(messages('en').invoicePdf.howCalculated)
    expect(text.creditNotePdf.howApplied).not.toBe(messages('en').creditNotePdf.howApplied)
    expect(text.invoicePdf.noUsage).not.toBe(messages('en').invoicePdf.noUsage)
  })
})

describe('plurals through Intl.PluralRules', () => {
  it.each([
    [1, '1 камера'],
    [2, '2 камеры'],
    [4, '4 камеры'],
    [5, '5 камер'],
    [11, '11 камер'],
    [12, '12 камер'],
    [21, '21 камера'],
    [22, '22 камеры'],
    [25, '25 камер'],
    [101, '101 камера'],
    [111, '111 камер'],
  ])('Russian: %i is "%s"', (count, text) => {
    expect(messages('ru').counts.cameras({ count })).toBe(text)
  })

  it.each([
    ['en', 1, '1 camera'],
    ['en', 2, '2 cameras'],
    ['en', 0, '0 cameras'],
    ['es', 1, '1 cámara'],
    ['es', 5, '5 cámaras'],
    ['pt', 1, '1 câmera'],
    ['pt', 3, '3 câmeras'],
  ] as [Locale, number, string][])('%s: %i is "%s"', (locale, count, text) => {
    expect(messages(locale).counts.cameras({ count })).toBe(text)
  })

  it('a form the language lacks falls back to other', () => {
    expect(plural('en', 2, { other: 'many' })).toBe('many')
  })
})

describe('numbers, money, rates and days in the language', () => {
  it.each([
    ['en', 123456, 'RUB', 'RUB 1,234.56'],
    ['ru', 123456, 'RUB', '1 234,56 ₽'],
    ['pt', 123456, 'BRL', 'R$ 1.234,56'],
    ['es', 123456, 'EUR', '1234,56 €'],
    ['ru', 100, 'JPY', '100 ¥'],
  ] as [Locale, number, string, string][])(
    '%s: %i %s is "%s"',
    (locale, amount, currency, text) => {
      expect(spaces(formatMoney(amount, currency, INTL[locale].numbers))).toBe(text)
    },
  )

  it.each([
    ['en', '2026-11-01'],
    ['ru', '01.11.2026'],
    ['es', '01/11/2026'],
    ['pt', '01/11/2026'],
  ] as [Locale, string][])('%s writes 1 November 2026 as %s', (locale, text) => {
    expect(formatDay('2026-11-01T10:00:00Z', locale, 'UTC')).toBe(text)
    // the payer's calendar day, not UTC's
    expect(formatDay('2026-10-31T23:30:00Z', locale, 'Europe/Moscow')).toBe(text)
  })

  it('writes a day in UTC when the time zone is unknown, instead of failing the document', () => {
    expect(formatDay('2026-11-01T10:00:00Z', 'ru', 'Mars/Olympus')).toBe('01.11.2026')
  })

  it('writes decimals and tax rates with the language separators, exactly', () => {
    expect(formatDecimal('53.50', 'en')).toBe('53.50')
    expect(formatDecimal('53.50', 'ru')).toBe('53,50')
    expect(spaces(formatDecimal('1234.5', 'ru'))).toBe('1 234,50')
    expect(spaces(taxRateText(725, INTL.ru.numbers)!)).toBe('7,25 %')
    expect(taxRateText(2000, INTL.en.numbers)).toBe('20%')
    expect(taxRateText(5, INTL.pt.numbers)).toBe('0,05%')
    expect(taxRateText(725)).toBe('7.25%')
  })
})
