// Turns the bytes of a curve file into text. Pure: the same in main's parse worker and in the window's.
import { parseCurves } from './parse-curves'
import type { ImportOptions, ImportResult } from './types'

/** Windows-1252 bytes 0x80-0x9F (WHATWG Encoding); every other byte is its Latin-1 code point. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
]
const CHUNK = 1 << 15

/** Decodes Windows-1252 here: Node's TextDecoder reads that label as Latin-1, which loses € and the curly quotes. */
function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = []
  const codes = new Uint16Array(Math.min(CHUNK, bytes.length))
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length)
    for (let i = start; i < end; i++) {
      const b = bytes[i]
      codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b
    }
    parts.push(String.fromCharCode(...codes.subarray(0, end - start)))
  }
  return parts.join('')
}

export interface DecodedText {
  text: string
  /** Set when the bytes were not UTF-8 and were read as Windows-1252; names the file and the first line concerned. */
  warning: string | null
}

/**
 * Decodes UTF-8, or UTF-16 when the file starts with its byte-order mark (Excel's "Unicode text" export).
 * Bytes that are not UTF-8 are read as Windows-1252 with a warning rather than refused: that is what Excel's
 * plain "CSV" saves on Western European systems, every byte has a meaning in it, and the numbers a fit uses
 * are ASCII in any such code page, so only names can come out wrong, and the warning asks the user to look.
 */
export function decodeCurveBytes(bytes: Uint8Array, fileName: string): DecodedText {
  const bom = (bytes[0] << 8) | bytes[1]
  if (bom === 0xfffe) return { text: new TextDecoder('utf-16le').decode(bytes), warning: null }
  if (bom === 0xfeff) return { text: new TextDecoder('utf-16be').decode(bytes), warning: null }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warning: null }
  } catch {
    // Lossy UTF-8 marks the first bad byte with U+FFFD; line breaks are ASCII, so its line is the byte's line.
    const lossy = new TextDecoder('utf-8').decode(bytes)
    const bad = lossy.indexOf('\uFFFD')
    let line = 1
    for (let i = lossy.indexOf('\n'); i >= 0 && i < bad; i = lossy.indexOf('\n', i + 1)) line++
    const warning =
      `${fileName}: not UTF-8 text (line ${line} is the first that is not); read as Windows-1252 (Western European). ` +
      'Check that the curve names read correctly.'
    return { text: decodeWindows1252(bytes), warning }
  }
}

/** Decodes a curve file's bytes and parses them; a decoding warning joins the result's warnings. */
export function parseCurveBytes(bytes: Uint8Array, options: ImportOptions): ImportResult {
  const { text, warning } = decodeCurveBytes(bytes, options.fileName)
  const result = parseCurves(text, options)
  return warning === null ? result : { ...result, warnings: [warning, ...result.warnings] }
}
