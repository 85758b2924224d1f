/**
 * The part of fontkit (pdfkit's font engine, which ships no types) billing uses: a parsed font to
 * hand to pdfkit's `registerFont`, which takes fontkit fonts as well as font files.
 */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string
    /** Every character the font maps to a glyph. */
    characterSet: number[]
    glyphForCodePoint(codePoint: number): unknown
    layout(text: string): unknown
  }
  export function create(buffer: Uint8Array): Font
}
