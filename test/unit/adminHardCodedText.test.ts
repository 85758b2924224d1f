/**
 * No sentence a person reads is hard-coded in English in this project's admin components
 * (issue 16): their texts come from the admin catalogue in the admin's language. A heuristic
 * over the sources: JSX text with a word in it, and text props (label, title, heading, body,
 * placeholder, tooltip, empty, description…) given as a literal with a word in it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const FOLDERS = [
  'src/admin',
  'src/dashboard',
  'src/invoicing/admin',
  'src/ledger/admin',
  'src/payments/admin',
  'src/creditNotes/admin',
  'src/plugins/watcher/admin',
]

const components = FOLDERS.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => join(folder, name)),
)

/** A word of two or more letters: what a sentence has and a symbol, code or class name has not. */
const WORD = /[A-Za-z]{2,}/

/** What a person reads: JSX text between tags, and literal text props. */
function hardCodedTexts(source: string): string[] {
  const found: string[] = []
  // JSX text: after a tag's end (its `>` right after the tag's name, an attribute or `/`; not an
  // arrow, a comparison or a generic) up to the next tag or expression
  for (const match of source.matchAll(/(?<=<[^<>]*[\w"'}/])>([^<>{}()=;`'"]+)</g)) {
    const text = match[1]!.trim()
    if (text && WORD.test(text)) found.push(text)
  }
  const props =
    /\b(label|title|heading|body|placeholder|tooltip|empty|description|confirmLabel|confirmingLabel|runningLabel|name|aria-label)=("[^"]*"|\{'[^']*'\}|\{`[^`]*`\})/g
  for (const match of source.matchAll(props)) {
    const text = match[2]!.replace(/^\{?["'`]|["'`]\}?$/g, '')
    // a data key or an identifier (dataKey="paid", name="revenue") is not text
    if (/\s/.test(text) && WORD.test(text)) found.push(`${match[1]}=${text}`)
  }
  return found
}

describe('admin components have no hard-coded English text', () => {
  it('finds components to check', () => {
    expect(components.length).toBeGreaterThan(8)
  })

  it.each(components)('%s', (file) => {
    expect(hardCodedTexts(readFileSync(file, 'utf8'))).toEqual([])
  })

  it('the heuristic catches what it is meant to', () => {
    expect(hardCodedTexts('<span>Payment date</span>')).toEqual(['Payment date'])
    expect(hardCodedTexts('<Stat label="Failed jobs" />')).toEqual(['label=Failed jobs'])
    expect(hardCodedTexts('<span>{text.paymentDate}</span><Bar dataKey="paid" />')).toEqual([])
  })
})
