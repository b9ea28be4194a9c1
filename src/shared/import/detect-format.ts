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
