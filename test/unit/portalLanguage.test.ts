/**
 * The portal's language (src/portal/language.ts): the user's own, else the organization's, else
 * the browser's among the four billing speaks, else English; before sign-in only the browser's.
 */
import { describe, expect, it } from 'vitest'
import { acceptedLocale, portalLocale } from '../../src/portal/language'

describe('the portal language', () => {
  it('is the signed-in user’s own language first, whatever the organization and browser say', () => {
    expect(
      portalLocale({
        user: { locale: 'pt' },
        organization: { locale: 'ru' },
        acceptLanguage: 'es-ES,es;q=0.9',
      }),
    ).toBe('pt')
  })

  it('is the organization’s language for a user who chose none', () => {
    for (const locale of [null, undefined, ''])
      expect(
        portalLocale({ user: { locale }, organization: { locale: 'ru' }, acceptLanguage: 'pt' }),
      ).toBe('ru')
    // an organization's language is English by default: a signed-in member then reads English
    expect(portalLocale({ user: {}, organization: { locale: 'en' }, acceptLanguage: 'es' })).toBe(
      'en',
    )
  })

  it('falls back to the browser’s language, then English, without an organization language', () => {
    expect(portalLocale({ user: {}, organization: null, acceptLanguage: 'es-MX,es;q=0.9' })).toBe(
      'es',
    )
    expect(portalLocale({ user: {}, organization: { locale: null }, acceptLanguage: 'de' })).toBe(
      'en',
    )
    expect(portalLocale({})).toBe('en')
  })

  it('before sign-in takes only the browser’s language (no organization is known to be the user’s)', () => {
    expect(
      portalLocale({ user: null, organization: { locale: 'ru' }, acceptLanguage: 'pt-BR' }),
    ).toBe('pt')
    expect(portalLocale({ user: null, acceptLanguage: 'ru-RU,ru;q=0.9,en-US;q=0.8' })).toBe('ru')
    expect(portalLocale({ user: null, acceptLanguage: null })).toBe('en')
  })

  it('ignores a language billing does not speak, stored or asked for', () => {
    expect(
      portalLocale({
        user: { locale: 'de' },
        organization: { locale: 'fr' },
        acceptLanguage: 'it',
      }),
    ).toBe('en')
  })
})

describe('Accept-Language', () => {
  it.each([
    ['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt'],
    ['de-DE,de;q=0.9,ru;q=0.5', 'ru'],
    ['en;q=0.5, es;q=0.8', 'es'],
    ['fr-CA, ES', 'es'],
    ['ru;q=0, pt;q=0.1', 'pt'],
    ['RU', 'ru'],
  ])('%s -> %s', (header, locale) => {
    expect(acceptedLocale(header)).toBe(locale)
  })

  it.each([[''], ['*'], ['de, fr;q=0.9'], ['ru;q=0'], [null], [undefined]])(
    '%s names none of the four',
    (header) => {
      expect(acceptedLocale(header)).toBeUndefined()
    },
  )
})
