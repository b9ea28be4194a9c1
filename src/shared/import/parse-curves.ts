// Parses curve files (long, benchmark, wide, W&B and TensorBoard CSV) into engine curves.
import { guardRow, isNumberCell, readPositive, readSplit, RowRejected, type RejectedRows } from './cells'
import {
  BENCHMARK_COLUMNS,
  detectFormat,
  indexColumns,
  isWandbBand,
  normalise,
  LONG_COLUMNS,
  TENSORBOARD_COLUMNS,
  WANDB_SEPARATOR
} from './detect-format'
import { readTable } from './split-rows'
import {
  ImportError,
  type DetectedFormat,
  type ImportedCurve,
  type ImportOptions,
  type ImportResult
} from './types'

/** Fails the import with a message (ImportError naming the file). */
type Fail = (detail: string) => never

/** Which columns a format reads, resolved against one header. */
type Layout =
  /** One row per point, grouped into curves by the name columns (long, benchmark). */
  | { kind: 'grouped'; name: number[]; x: number; y: number; split: number; weight: number }
  /** One x column and one column per curve; `sparse`: empty cells and short rows are normal (wide, W&B). */
  | { kind: 'columns'; x: number; y: number[]; names: string[]; sparse: boolean }

const ACCEPTED =
  'long (curve,x,y[,split][,weight]), benchmark (Domain,Task,Model,Seen Examples,Loss,Training), ' +
  'wide (an x column, then one numeric column per curve), W&B chart export (Step, "<run> - <metric>"), ' +
  'TensorBoard scalars (Wall time,Step,Value)'
const FORMAT_NAMES: Record<DetectedFormat, string> = {
  long: 'long',
  benchmark: 'benchmark',
  wide: 'wide',
  wandb: 'W&B',
  tensorboard: 'TensorBoard'
}
const MAX_REASONS = 3
/** Repeated header names listed in a message; the rest are counted. */
const MAX_REPEATS = 3

const quoteList = (names: string[]): string => names.map((n) => `"${n}"`).join(', ')

/**
 * Parses the text of a curve file or of text pasted from a spreadsheet into curves.
 * Bad rows are left out and reported with their line number; throws ImportError when nothing
 * can be imported (empty, no data rows, missing columns, unrecognised header, binary content,
 * every row rejected).
 */
export function parseCurves(text: string, options: ImportOptions): ImportResult {
  const { fileName } = options
  const fail: Fail = (detail) => {
    throw new ImportError(fileName, detail)
  }
  if (text.includes('\0')) fail('contains NUL bytes: this is a binary file, not CSV or TSV text')
  const table = readTable(text)
  if (table.unclosedQuoteLine !== null) fail(`line ${table.unclosedQuoteLine}: a quoted field is never closed`)
  const [first, ...rows] = table.rows
  const lines = table.lines.slice(1)
  if (!first) fail('the file is empty')
  const header = first.map((h) => h.trim())
  if (header.every((h) => isNumberCell(h))) {
    fail(`no header row: line ${table.lines[0]} holds numbers, the first line must name the columns`)
  }
  if (rows.length === 0) fail('has a header row but no data rows')

  // A path may name any file (a system file, a key list): its content is quoted only when it looks like curves.
  const detected = detectFormat(header)
  const curveLike = (detected !== null && detected !== 'wide') || rows.some(holdsTwoNumbers)
  const notCurveFile = (): never => {
    const why = header.length === 1 ? 'its lines read as one column (separate columns with commas, tabs or semicolons)' : 'no column of a known format and no row of numbers'
    return fail(`is not a curve file: ${why}; accepted formats: ${ACCEPTED}`)
  }
  const quoting: Fail = (detail) => (curveLike ? fail(detail) : notCurveFile())
  const columns = indexColumns(header)
  if (columns.repeats.length > 0) quoting(describeRepeats(header, columns.repeats))

  const requested = options.format ?? 'auto'
  const format = requested === 'auto' ? detected : requested
  const unrecognised = (): never => {
    const oneColumn =
      header.length === 1 ? ' (read as one column: separate columns with commas, tabs or semicolons)' : ''
    return quoting(`unrecognised columns ${quoteList(header)}${oneColumn}; accepted formats: ${ACCEPTED}`)
  }
  if (!format) return unrecognised()
  const layout = resolveLayout(format, header, columns.byName, options, quoting)
  // A text table with a two-column header is not a wide curve file unless its x cells are numbers.
  if (requested === 'auto' && format === 'wide' && !rows.some((row) => isNumberCell(row[layout.x] ?? ''))) {
    unrecognised()
  }

  const rejected: RejectedRows = { rows: [], count: 0 }
  const curves =
    layout.kind === 'grouped'
      ? readGrouped(rows, lines, header, layout, rejected, fail)
      : readColumns(rows, lines, header, layout, rejected)
  if (curves.length === 0) {
    if (rejected.count === 0) fail('no values: every curve column is empty')
    const reasons = rejected.rows.slice(0, MAX_REASONS).map((r) => `row ${r.row}: ${r.reason}`)
    quoting(`every data row was rejected (${rejected.count}); first reasons: ${reasons.join('; ')}`)
  }
  return { format, curves, rejected: rejected.rows, rejectedCount: rejected.count, columns: header, warnings: [] }
}

/** True for a row with at least two number cells: the mark of a table of measurements. */
function holdsTwoNumbers(row: string[]): boolean {
  let found = 0
  for (const cell of row) if (isNumberCell(cell) && ++found === 2) return true
  return false
}

/** Names the columns that share a name, the first few of them; a header column is found by name, so each must be unique. */
function describeRepeats(header: string[], repeats: Array<[number, number]>): string {
  const pairs = repeats.slice(0, MAX_REPEATS).map(([a, b]) =>
    header[a] === header[b] ? `"${header[a]}" (columns ${a + 1} and ${b + 1})` : `"${header[a]}" (column ${a + 1}) and "${header[b]}" (column ${b + 1})`
  )
  const more = repeats.length > MAX_REPEATS ? `, and ${repeats.length - MAX_REPEATS} more` : ''
  return `columns share a name (names are matched ignoring case): ${pairs.join(', ')}${more}`
}

/** Finds the columns the format needs; ImportError naming the missing ones and the ones found. */
function resolveLayout(
  format: DetectedFormat,
  header: string[],
  byName: Map<string, number>,
  options: ImportOptions,
  fail: Fail
): Layout {
  const find = (name: string): number => byName.get(normalise(name)) ?? -1
  const need = (names: string[]): number[] => {
    const index = names.map(find)
    const missing = names.filter((_, i) => index[i] < 0)
    if (missing.length > 0) {
      const s = missing.length === 1 ? '' : 's'
      const found = quoteList(header)
      fail(`missing column${s} ${quoteList(missing)} for the ${FORMAT_NAMES[format]} format; found ${found}`)
    }
    return index
  }
  if (format === 'long') {
    const [name, x, y] = need(LONG_COLUMNS)
    return { kind: 'grouped', name: [name], x, y, split: find('split'), weight: find('weight') }
  }
  if (format === 'benchmark') {
    const [domain, task, model, x, y, split] = need(BENCHMARK_COLUMNS)
    return { kind: 'grouped', name: [domain, task, model], x, y, split, weight: -1 }
  }
  if (format === 'tensorboard') {
    const [x, y] = need([options.xColumn ?? TENSORBOARD_COLUMNS[1], TENSORBOARD_COLUMNS[2]])
    const name = options.curveName ?? options.fileName.replace(/\.[^.]+$/, '')
    return { kind: 'columns', x, y: [y], names: [name], sparse: false }
  }
  const [x] = options.xColumn !== undefined ? need([options.xColumn]) : format === 'wide' ? [0] : need(['Step'])
  const isMetric = (h: string): boolean =>
    format === 'wide' || (h.includes(WANDB_SEPARATOR) && !isWandbBand(h))
  const y = options.yColumns
    ? need(options.yColumns)
    : header.flatMap((h, i) => (i !== x && isMetric(h) ? [i] : []))
  const band = y.find((i) => format === 'wandb' && isWandbBand(header[i]))
  if (band !== undefined) fail(`"${header[band]}" is a W&B min/max band column, not a curve`)
  if (y.length === 0) {
    fail(
      format === 'wide'
        ? `needs an x column and at least one curve column; found ${quoteList(header)}`
        : `no "<run> - <metric>" columns for the W&B format; found ${quoteList(header)}`
    )
  }
  const names = y.map((i) => header[i] || `column ${i + 1}`)
  const seen = new Set<string>()
  const duplicate = names.find((n) => seen.size === seen.add(n).size)
  if (duplicate !== undefined) fail(`two curve columns are named "${duplicate}"`)
  return { kind: 'columns', x, y, names, sparse: true }
}

/** Rejects a row whose field count differs from the header's; empty trailing fields are tolerated. */
function checkFieldCount(row: string[], width: number, sparse: boolean): void {
  const count = row.length > width && row.slice(width).every((f) => f.trim() === '') ? width : row.length
  if (count === width || (sparse && count < width)) return
  throw new RowRejected(`has ${count} field${count === 1 ? '' : 's'} but the header has ${width}`)
}

/** Reads one point per row and groups points into curves by name, in order of first appearance. */
function readGrouped(
  rows: string[][],
  lines: number[],
  header: string[],
  layout: Extract<Layout, { kind: 'grouped' }>,
  rejected: RejectedRows,
  fail: Fail
): ImportedCurve[] {
  const curves = new Map<string, ImportedCurve>()
  // The name parts and first row of each curve: "a/b" + "c" and "a" + "b/c" join into one name.
  const origins = new Map<string, { parts: string[]; line: number }>()
  const { x: xi, y: yi, split: si, weight: wi } = layout
  rows.forEach((row, r) =>
    guardRow(rejected, lines[r], () => {
      checkFieldCount(row, header.length, false)
      const parts = layout.name.map((i) => row[i].trim())
      const empty = parts.findIndex((p) => p === '')
      if (empty >= 0) throw new RowRejected(`${header[layout.name[empty]]} is empty`)
      const name = parts.join('/')
      const origin = origins.get(name)
      if (!origin) origins.set(name, { parts, line: lines[r] })
      else if (origin.parts.some((p, i) => p !== parts[i])) {
        const columns = layout.name.map((i) => header[i]).join(', ')
        fail(
          `rows ${origin.line} and ${lines[r]} both make the curve name "${name}" from different ${columns} ` +
            `(${quoteList(origin.parts)} and ${quoteList(parts)}): the parts cannot be told apart`
        )
      }
      const x = readPositive(row[xi], header[xi])
      const y = readPositive(row[yi], header[yi])
      const split = si < 0 ? undefined : readSplit(row[si], header[si])
      // An empty weight means the default weight 1, as an empty split means fit.
      const weight = wi < 0 ? undefined : row[wi].trim() === '' ? 1 : readPositive(row[wi], header[wi], '')
      let curve = curves.get(name)
      if (!curve) {
        curve = { name, x: [], y: [], ...(split && { split: [] }), ...(weight !== undefined && { weight: [] }) }
        curves.set(name, curve)
      }
      curve.x.push(x)
      curve.y.push(y)
      if (split) curve.split?.push(split)
      if (weight !== undefined) curve.weight?.push(weight)
    })
  )
  return [...curves.values()]
}

/**
 * Reads an x column and one column per curve. A bad x drops the row; a bad y cell drops only its point.
 * In sparse layouts (wide, W&B) empty cells and short rows are skipped silently.
 */
function readColumns(
  rows: string[][],
  lines: number[],
  header: string[],
  layout: Extract<Layout, { kind: 'columns' }>,
  rejected: RejectedRows
): ImportedCurve[] {
  const curves: ImportedCurve[] = layout.names.map((name) => ({ name, x: [], y: [] }))
  const blank = (raw: string | undefined): boolean => (raw ?? '').trim() === ''
  rows.forEach((row, r) => {
    // Ragged curves are normal in wide files: a row with no values is not an error.
    if (layout.sparse && layout.y.every((i) => blank(row[i]))) return
    let x = 0
    const rowOk = guardRow(rejected, lines[r], () => {
      checkFieldCount(row, header.length, layout.sparse)
      x = readPositive(row[layout.x] ?? '', header[layout.x] || 'x')
    })
    if (!rowOk) return
    layout.y.forEach((i, c) => {
      if (layout.sparse && blank(row[i])) return
      guardRow(rejected, lines[r], () => {
        curves[c].y.push(readPositive(row[i] ?? '', header[i] || layout.names[c]))
        curves[c].x.push(x)
      })
    })
  })
  return curves.filter((c) => c.x.length > 0)
}
