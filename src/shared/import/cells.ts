// Cell readers and the row-rejection helper shared by every format.
import type { Split } from '../fit-types'
import { MAX_REJECTED_ROWS, type RejectedRow } from './types'

/** A cell that makes its row (or, in wide files, its point) unusable; the message is the reason. */
export class RowRejected extends Error {}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i

/** True when a cell holds a plain decimal number (sign, digits, point, exponent; spaces around allowed). */
export function isNumberCell(raw: string): boolean {
  return NUMBER.test(raw.trim())
}

/**
 * Reads a cell that must hold a finite number > 0 (`1e9`, ` 4.1E+06 `, `.5`).
 * Throws RowRejected naming the column and the value; `why` explains the positivity rule.
 */
export function readPositive(raw: string, column: string, why = ': fits are made in log space'): number {
  const text = raw.trim()
  if (text === '') throw new RowRejected(`${column} is empty`)
  if (NON_FINITE.test(text)) throw new RowRejected(`${column} "${text}" is not a finite number`)
  if (!NUMBER.test(text)) {
    const hint = /^[+-]?\d+,\d+$/.test(text) ? ' (write decimals with a point)' : ''
    throw new RowRejected(`${column} "${text}" is not a number${hint}`)
  }
  const value = Number(text)
  if (!Number.isFinite(value)) throw new RowRejected(`${column} ${text} is not a finite number`)
  if (value <= 0) throw new RowRejected(`${column} ${text} must be > 0${why}`)
  return value
}

const SPLITS = new Map<string, Split>([
  ...['', 'fit', 'train', '1'].map((s) => [s, 'fit'] as const),
  ...['heldout', 'held-out', 'held_out', 'test', '0'].map((s) => [s, 'heldout'] as const)
])

/** Reads a split cell: fit | train | 1 | empty => fit; heldout | held-out | held_out | test | 0 => heldout. */
export function readSplit(raw: string, column: string): Split {
  const text = raw.trim()
  const split = SPLITS.get(text.toLowerCase())
  if (!split) throw new RowRejected(`${column} "${text}" is not fit or heldout`)
  return split
}

/** The rows left out: the first MAX_REJECTED_ROWS with their reason, and how many in all. */
export interface RejectedRows {
  rows: RejectedRow[]
  count: number
}

/** Runs `read` for one row or cell; a RowRejected is counted (and kept, up to the limit) and its data left out. */
export function guardRow(rejected: RejectedRows, line: number, read: () => void): boolean {
  try {
    read()
    return true
  } catch (error) {
    if (!(error instanceof RowRejected)) throw error
    rejected.count++
    if (rejected.rows.length < MAX_REJECTED_ROWS) rejected.rows.push({ row: line, reason: error.message })
    return false
  }
}
