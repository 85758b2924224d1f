import type { Locale } from './locales'
import { en, type Messages } from './messages/en'
import { es } from './messages/es'
import { pt } from './messages/pt'
import { ru } from './messages/ru'

const CATALOGUES: Record<Locale, Messages> = { en, ru, es, pt }

/** Every text a subscriber reads, in the language: `messages('ru').invoicePdf.title`. */
export const messages = (locale: Locale): Messages => CATALOGUES[locale]

export type { Messages }
