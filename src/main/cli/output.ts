// Terminal output of the command line: aligned tables, number formats, a progress bar, JSON files.
import { writeFile } from 'node:fs/promises'
import type { ImportResult } from '../../shared/import'

/** Writes lines to stdout. */
export function print(lines: string | string[]): void {
  process.stdout.write(([] as string[]).concat(lines).join('\n') + '\n')
}

/** Writes lines to stderr. */
export function warn(lines: string | string[]): void {
  process.stderr.write(([] as string[]).concat(lines).join('\n') + '\n')
}

/** Ends the process quietly when the reader of stdout goes away (`scaling-studio fit x.csv | head`). */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

/** Lays out rows under a header, columns padded to their widest cell; 'r' columns are right-aligned. */
export function formatTable(header: string[], rows: string[][], align: Array<'l' | 'r'>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

/** "1 curve", "3 curves". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** An RMSLE the way the papers print it (9.13e-2); "-" when absent or not finite. */
export function formatRmsle(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toExponential(2) : '-'
}

/** A ratio or other plain number with fixed decimals; "-" when absent. */
export function formatNumber(value: number | null | undefined, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '-'
}

/** A share 0..1 as a percentage with two decimals (69.44%); "-" when absent. */
export function formatPercent(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : '-'
}

/**
 * A measured value with a few significant digits: plain between 1e-3 and 1e6 (3.142, 12350), else in
 * exponent notation without padding (1e9, 2.5e-5); "∞" for Infinity, "-" when absent or NaN.
 */
export function formatSignificant(value: number | null | undefined, digits = 4): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '-'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞'
  const abs = Math.abs(value)
  if (abs === 0 || (abs >= 1e-3 && abs < 1e6)) return String(Number(value.toPrecision(digits)))
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e')
  return `${Number(mantissa)}e${Number(exponent)}`
}

/** An interval as "[low, high]" with formatSignificant's digits; "-" when both ends are absent. */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  const lo = formatSignificant(low)
  const hi = formatSignificant(high)
  return lo === '-' && hi === '-' ? '-' : `[${lo}, ${hi}]`
}

/** Milliseconds as whole ms below 10 s, else seconds with one decimal. */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-'
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

export interface ProgressBar {
  update(done: number, total: number, detail: string): void
  /** Clears the bar so the next output starts on a clean line. */
  clear(): void
}

const BAR_WIDTH = 24
const REDRAW_MS = 80

/** A one-line progress bar on stderr, drawn only when stderr is a terminal (piped output stays clean). */
export function createProgressBar(label: string): ProgressBar {
  const stream = process.stderr
  if (!stream.isTTY) return { update: () => {}, clear: () => {} }
  const started = performance.now()
  let drawn = false
  let lastDraw = 0
  return {
    update(done, total, detail) {
      const now = performance.now()
      // Redraw at most every REDRAW_MS, but always the last step, so a fast job does not flood the terminal.
      if (now - lastDraw < REDRAW_MS && done < total) return
      lastDraw = now
      const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH
      const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled)
      const text = `${label} [${bar}] ${done}/${total} ${formatDuration(now - started)}  ${detail}`
      stream.write(`\r\x1b[K${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`)
      drawn = true
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K')
      drawn = false
    }
  }
}

/** Writes a value as indented JSON; NaN and Infinity become null, as JSON.stringify does for them. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n', 'utf8')
}

/**
 * Aborts the returned signal on the first Ctrl-C (the job then reports what finished); a second Ctrl-C
 * quits at once. Call the returned `release` when the job is over.
 */
export function abortOnInterrupt(onFirst: () => void): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController()
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(130)
    onFirst()
    controller.abort()
  }
  process.on('SIGINT', handler)
  return { signal: controller.signal, release: () => process.off('SIGINT', handler) }
}

/** The import's warnings (e.g. not UTF-8), the rows it left out, one line each as kept, and how many more beyond those. */
export function warnRejected(fileName: string, imported: Pick<ImportResult, 'rejected' | 'rejectedCount' | 'warnings'>): void {
  for (const warning of imported.warnings) warn(warning)
  for (const { row, reason } of imported.rejected) warn(`${fileName}: skipped row ${row}: ${reason}`)
  const more = imported.rejectedCount - imported.rejected.length
  if (more > 0) warn(`${fileName}: and ${more} more ${more === 1 ? 'row' : 'rows'} skipped`)
}
