// Recognises an import format from a header row.
import type { DetectedFormat } from './types'

export const BENCHMARK_COLUMNS = ['Domain', 'Task', 'Model', 'Seen Examples', 'Loss', 'Training']
export const TENSORBOARD_COLUMNS = ['Wall time', 'Step', 'Value']
export const LONG_COLUMNS = ['curve', 'x', 'y']
/** W&B names a chart series `<run> - <metric>`. */
export const WANDB_SEPARATOR = ' - '
const WANDB_BAND = /__(MIN|MAX)$/

/** Trimmed, lower-case header name for case-insensitive matching. */
export const normalise = (name: string): string => name.trim().toLowerCase()

/** Index of a column by case-insensitive name, or -1. */
export function findColumn(header: string[], name: string): number {
  return header.findIndex((h) => normalise(h) === normalise(name))
}

/** A header's columns by normalised name (blank names left out), and each later column whose name repeats an earlier one. */
export interface ColumnIndex {
  byName: Map<string, number>
  /** [first, repeat] column indices, in order of the repeat. */
  repeats: Array<[number, number]>
}

/** Indexes a header once, so finding a column costs the same for 3 columns and for 100,000. */
export function indexColumns(header: string[]): ColumnIndex {
  const byName = new Map<string, number>()
  const repeats: Array<[number, number]> = []
  header.forEach((h, i) => {
    const key = normalise(h)
    if (key === '') return
    const first = byName.get(key)
    if (first === undefined) byName.set(key, i)
    else repeats.push([first, i])
  })
  return { byName, repeats }
}

/** True for a W&B min/max band column (`<run> - <metric>__MIN`), which is never a curve. */
export const isWandbBand = (name: string): boolean => WANDB_BAND.test(name.trim())

/**
 * Names the format a header belongs to, or null. Checks, in order: the benchmark's six columns,
 * curve+x+y (long), Wall time+Step+Value (TensorBoard), Step plus `run - metric` columns (W&B),
 * then any header of two or more columns (wide; the caller checks the data is numeric).
 */
export function detectFormat(header: string[]): DetectedFormat | null {
  const has = (columns: string[]): boolean => columns.every((c) => findColumn(header, c) >= 0)
  if (header.length === BENCHMARK_COLUMNS.length && has(BENCHMARK_COLUMNS)) return 'benchmark'
  if (has(LONG_COLUMNS)) return 'long'
  if (has(TENSORBOARD_COLUMNS)) return 'tensorboard'
  if (has(['Step']) && header.some((h) => h.includes(WANDB_SEPARATOR))) return 'wandb'
  return header.length >= 2 ? 'wide' : null
}
