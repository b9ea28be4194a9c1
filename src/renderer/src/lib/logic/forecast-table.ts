// The forecast panel's answers as rows, and as tab-separated text for the clipboard. Pure.
import { formatCompact } from '../../../../figures/chart-format'
import { formatLevel } from '../../../../figures/forecast-chart'
import type { CrossoverAnswer, CurveForecast, Interval } from '../../../../shared/forecast-types'

/** Multiples of the largest fit x offered as one-click x targets. */
export const X_SHORTCUTS = [2, 10, 100] as const

/** Adds values to a list of queries: positive finite ones only, no repeats, in increasing order. */
export function addQueries(list: readonly number[], values: readonly number[]): number[] {
  const all = [...list, ...values.filter((v) => Number.isFinite(v) && v > 0)]
  return [...new Set(all)].sort((a, b) => a - b)
}

/** A number typed by the user ("1e9", "2,000,000", "3.5e10"); null when it is not a positive finite number. */
export function parseQuery(text: string): number | null {
  const cleaned = text.trim().replace(/[,_\s]/g, '')
  if (cleaned === '') return null
  const value = Number(cleaned)
  return Number.isFinite(value) && value > 0 ? value : null
}

/** A level's interval of a list, or null. */
function intervalAt(bands: readonly Interval[] | undefined, level: number): Interval | null {
  return bands?.find((b) => b.level === level) ?? null
}

export function formatInterval(interval: Interval | null, digits = 3): string {
  if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '—'
  return `${formatCompact(interval.low, digits)} – ${formatCompact(interval.high, digits)}`
}

export interface AtRow {
  x: number
  /** x as a multiple of the largest fit x ("10x"), for the label. */
  multiple: number
  y: number
  intervals: Array<Interval | null>
}

export interface TargetRow {
  y: number
  x: number | null
  reachedShare: number
  intervals: Array<Interval | null>
}

/** Rows of y at each asked x, with the prediction interval at each level. */
export function atRows(result: CurveForecast, levels: readonly number[]): AtRow[] {
  return result.at.map((p) => ({
    x: p.x,
    multiple: p.x / result.maxFitX,
    y: p.y,
    intervals: levels.map((level) => intervalAt(p.bands.filter((b) => b.kind === 'prediction'), level))
  }))
}

/** Rows of the x at which each target y is reached, with intervals among the resamples that reach it. */
export function targetRows(result: CurveForecast, levels: readonly number[]): TargetRow[] {
  return result.targets.map((t) => ({
    y: t.y,
    x: t.x,
    reachedShare: t.reachedShare,
    intervals: levels.map((level) => intervalAt(t.bands, level))
  }))
}

/** "10×" for a multiple of the largest fit x, "0.5×" below it. */
export function formatMultiple(multiple: number): string {
  return `${formatCompact(multiple, 3)}×`
}

const full = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v))

/**
 * The answers as tab-separated text, numbers at full precision: one table of y at x, one of x for each
 * target, one of crossings; a blank line between tables.
 */
export function forecastTsv(curveName: string, result: CurveForecast, crossover: CrossoverAnswer | null = null): string {
  const levels = [...result.levels].sort((a, b) => a - b)
  const bounds = (label: string): string[] => levels.flatMap((l) => [`${label} ${formatLevel(l)} low`, `${label} ${formatLevel(l)} high`])
  const cells = (intervals: Array<Interval | null>): string[] => intervals.flatMap((i) => [full(i?.low), full(i?.high)])
  const lines: string[] = [`# ${curveName}: ${result.form}${result.form === 'BNSL' ? ` (${result.breaks} breaks)` : ''}, ${result.method === 'bootstrap' ? `${result.resamples} resamples, seed ${result.seed}` : 'approximate (Jacobian)'}`]
  if (result.at.length > 0) {
    lines.push(['x', 'y', ...bounds('y')].join('\t'))
    for (const row of atRows(result, levels)) lines.push([full(row.x), full(row.y), ...cells(row.intervals)].join('\t'))
  }
  if (result.targets.length > 0) {
    if (result.at.length > 0) lines.push('')
    lines.push(['target y', 'x', 'reached share', ...bounds('x')].join('\t'))
    for (const row of targetRows(result, levels)) {
      lines.push([full(row.y), row.x === null ? 'not reached' : full(row.x), full(row.reachedShare), ...cells(row.intervals)].join('\t'))
    }
  }
  if (crossover) {
    lines.push('', `# crossover ${crossover.curves[0]} × ${crossover.curves[1]}`)
    if (crossover.crossings.length === 0) lines.push('no crossover in range')
    else {
      lines.push(['x', 'lower after', 'share', ...bounds('x')].join('\t'))
      for (const c of crossover.crossings) {
        lines.push([full(c.x), c.lowerAfter, full(c.share), ...cells(levels.map((l) => intervalAt(c.bands, l)))].join('\t'))
      }
    }
  }
  return `${lines.join('\n')}\n`
}

/** Curves grouped by identical queries, so that each group is one request (the options carry one list of x and y). */
export function groupByQueries<T extends { at: readonly number[]; targets: readonly number[] }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = `${item.at.join(',')}|${item.targets.join(',')}`
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return [...groups.values()]
}
