// The project table of the Compare view: sort by any column, and the win rate of each form.
import type { FormName } from '../../../../shared/fit-types'
import type { CurveSummary } from './curve-summary'

export type SortKey = 'name' | 'points' | 'best' | FormName
export type SortDirection = 'asc' | 'desc'

export interface SortState {
  key: SortKey
  direction: SortDirection
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

function sortValue(row: CurveSummary, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return row.name
    case 'points':
      return row.points
    case 'best':
      return row.best
    default:
      return row.heldout[key] ?? null
  }
}

/**
 * Rows sorted by a column. Empty cells (no fit, no held-out points) go last in either direction, and ties
 * keep the list order, so the table never jumps about.
 */
export function sortRows(rows: readonly CurveSummary[], sort: SortState): CurveSummary[] {
  const sign = sort.direction === 'asc' ? 1 : -1
  const keyed = rows.map((row, i) => ({ row, i, v: sortValue(row, sort.key) }))
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1
    const c = typeof a.v === 'string' ? collator.compare(a.v, b.v as string) : a.v - (b.v as number)
    return c !== 0 ? sign * c : a.i - b.i
  })
  return keyed.map((k) => k.row)
}

/** Clicking a header: the same column flips direction; a new column starts ascending. */
export function nextSort(current: SortState, key: SortKey): SortState {
  return current.key === key ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }
}

export { winRates, type WinRate } from '../../../../figures/fit-summary'
