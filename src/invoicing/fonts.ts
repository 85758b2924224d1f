/**
 * The typeface of billing's PDFs: Noto Sans (regular and bold) from the npm package
 * `@expo-google-fonts/noto-sans` (SIL Open Font License), embedded and subset by pdfkit. Its one
 * font file covers Latin with every European and Vietnamese letter, Cyrillic and Greek, so an
 * organization's name prints as stored (pdfkit's built-in Helvetica has no Cyrillic, no Polish
 * or Turkish letters). Chinese, Japanese and Korean are not covered: their fonts are tens of
 * megabytes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { create, type Font } from 'fontkit'

const PACKAGE = path.join('node_modules', '@expo-google-fonts', 'noto-sans')
const FILES = {
  regular: path.join('400Regular', 'NotoSans_400Regular.ttf'),
  bold: path.join('700Bold', 'NotoSans_700Bold.ttf'),
}

/** The names billing's documents use with `doc.font()`. */
export const FONT = { regular: 'Noto Sans', bold: 'Noto Sans Bold' } as const

/**
 * The package's folder, looked for from the working directory up (the server bundles this module,
 * so module resolution would point into the bundle, not at node_modules).
 */
function packageDir(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PACKAGE)
    if (fs.existsSync(path.join(candidate, FILES.regular))) return candidate
    if (path.dirname(dir) === dir)
      throw new Error(
        `the PDF font is missing: ${PACKAGE} was not found from ${process.cwd()} up (npm install)`,
      )
  }
}

let loaded: { regular: Font; bold: Font } | undefined

/**
 * A parsed font whose every glyph knows its character. fontkit keeps each glyph it has made, with
 * the characters it was asked for; a glyph first made while a PDF's subset is written (as a part
 * of another letter: `g` in `ğ`) would know none, and the next documents would print it without
 * its character in the text layer (copy, search and extraction show another one). Making every
 * glyph from its character first rules that out.
 */
function openFont(file: string): Font {
  const font = create(fs.readFileSync(file))
  for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint)
  return font
}

/**
 * The two fonts, read and parsed once per process: a font's first text layout parses its tables
 * (about 90 ms), so documents share the parsed font; each document embeds its own subset.
 */
export function documentFonts(): { regular: Font; bold: Font } {
  if (!loaded) {
    const dir = packageDir()
    loaded = {
      regular: openFont(path.join(dir, FILES.regular)),
      bold: openFont(path.join(dir, FILES.bold)),
    }
  }
  return loaded
}
