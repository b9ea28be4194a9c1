// Splits delimited text into rows of fields: RFC-4180 quoting, CRLF / LF / CR, BOM, comma, tab or semicolon.

export type Delimiter = ',' | '\t' | ';'

/** Rows with the line each starts on, for reports; blank rows are dropped. */
export interface Table {
  delimiter: Delimiter
  rows: string[][]
  /** 1-based line number where each row starts. */
  lines: number[]
  /** Line of a row whose quoted field never closes, or null. */
  unclosedQuoteLine: number | null
}

const DELIMITERS: Delimiter[] = [',', '\t', ';']
const QUOTE = 34
const CR = 13
const LF = 10
const SPACE = 32

/** Picks the delimiter seen most often outside quotes in the first non-blank line; ties favour comma, then tab. */
export function detectDelimiter(text: string): Delimiter {
  const header = (/^[ \t]*\S.*$/m.exec(text)?.[0] ?? '').replace(/"(?:[^"]|"")*"/g, '')
  let best: Delimiter = ','
  let bestCount = 0
  for (const d of DELIMITERS) {
    const count = header.split(d).length - 1
    if (count > bestCount) [best, bestCount] = [d, count]
  }
  return best
}

/** Reads text into a Table, keeping each row's starting line number. Rows whose fields are all blank are dropped. */
export function readTable(text: string): Table {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const delimiter = detectDelimiter(text)
  const delim = delimiter.charCodeAt(0)
  const isEnd = (c: number): boolean => c === delim || c === LF || c === CR
  const rows: string[][] = []
  const lines: number[] = []
  const n = text.length
  let unclosedQuoteLine: number | null = null
  let line = 1
  let rowLine = 1
  let row: string[] = []
  let i = 0
  for (;;) {
    let k = i
    while (k < n && text.charCodeAt(k) === SPACE) k++
    let field = ''
    if (k < n && text.charCodeAt(k) === QUOTE) {
      let j = k + 1
      for (;;) {
        const q = text.indexOf('"', j)
        const end = q < 0 ? n : q
        // Line breaks inside quotes still count, so later rows report their true line.
        for (let p = j; p < end; p++) {
          const c = text.charCodeAt(p)
          if (c === LF || (c === CR && text.charCodeAt(p + 1) !== LF)) line++
        }
        field += text.slice(j, end)
        if (q < 0) {
          unclosedQuoteLine ??= rowLine
          j = n
          break
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += '"'
          j = q + 2
        } else {
          j = q + 1
          break
        }
      }
      i = j
    }
    let e = i
    while (e < n && !isEnd(text.charCodeAt(e))) e++
    row.push(field + text.slice(i, e))
    i = e
    if (i < n && text.charCodeAt(i) === delim) {
      i++
      continue
    }
    if (row.some((f) => f.trim() !== '')) {
      rows.push(row)
      lines.push(rowLine)
    }
    if (i >= n) break
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1
    rowLine = ++line
    row = []
  }
  return { delimiter, rows, lines, unclosedQuoteLine }
}

/**
 * Splits CSV, TSV (text pasted from a spreadsheet) or semicolon-separated text into rows of fields.
 * The delimiter is detected from the header line; RFC-4180 quotes, CRLF and a BOM are handled; blank rows are dropped.
 */
export function splitRows(text: string): { delimiter: Delimiter; rows: string[][] } {
  const { delimiter, rows } = readTable(text)
  return { delimiter, rows }
}
