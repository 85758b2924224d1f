import { INTL, type Locale } from './locales'

/** A message's forms by CLDR plural category; `other` is required, the rest as the language has them. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

const rules = new Map<Locale, Intl.PluralRules>()

/** The form of `forms` for `count` in the language (Russian: 1 камера, 2 камеры, 5 камер). */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  let rule = rules.get(locale)
  if (!rule) {
    rule = new Intl.PluralRules(INTL[locale].numbers)
    rules.set(locale, rule)
  }
  return forms[rule.select(count)] ?? forms.other
}
