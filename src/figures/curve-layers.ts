// The parts every chart of a curve is made of, for the window's chart and the exported figures alike: the
// points by kind (fit, held-out, cropped by a form, excluded), each form's line split into the range it was
// fitted on and the extrapolation beyond, axes with log ticks as papers print them, and light grid lines. Pure.
import type { LineSeriesOption } from 'echarts/charts'
import { predict } from '../core/forms'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import { formatCompact } from './chart-format'
import { logTickLabel, logTicks, type AxisTicks } from './log-ticks'
import { GRID_LINE, MUTED } from './palette'

export const POINT_KINDS = ['fit', 'heldout', 'cropped', 'excluded'] as const
export type PointKind = (typeof POINT_KINDS)[number]

/** A point as the scatter series hold it: x, y (or the residual) and its index in curve.points. */
export type PointDatum = [x: number, y: number, index: number]

export type XY = [number, number]

/** Indices of the fit points a crop drops: the `crop` smallest-x fit points that are not excluded (ties by order). */
export function croppedIndices(curve: ProjectCurve, crop: number): Set<number> {
  if (!(crop > 0)) return new Set()
  const fitIdx = curve.points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.split === 'fit' && !p.excluded)
    .sort((a, b) => a.p.x - b.p.x || a.i - b.i)
  return new Set(fitIdx.slice(0, crop).map(({ i }) => i))
}

/** The shown fit that drops the most points by its crop (BNSL's selection), or null when none crops. */
export function cropSource(fits: readonly StoredFit[]): StoredFit | null {
  let source: StoredFit | null = null
  for (const fit of fits) if (fit.crop > 0 && (source === null || fit.crop > source.crop)) source = fit
  return source
}

/** Points by kind; `cropped` holds the fit points that `crop` drops. Values a log axis cannot draw are left out. */
export function pointGroups(
  curve: ProjectCurve,
  crop: number,
  y: (index: number) => number = (i) => curve.points[i].y
): Record<PointKind, PointDatum[]> {
  const groups: Record<PointKind, PointDatum[]> = { fit: [], heldout: [], cropped: [], excluded: [] }
  const cropped = croppedIndices(curve, crop)
  curve.points.forEach((p, i) => {
    const value = y(i)
    if (!Number.isFinite(value) || !Number.isFinite(p.x)) return
    const kind: PointKind = p.excluded ? 'excluded' : cropped.has(i) ? 'cropped' : p.split
    groups[kind].push([p.x, value, i])
  })
  return groups
}

/**
 * The x range a fit was fitted on: from the smallest fit point its crop kept to the largest fit point (excluded
 * points count for neither end); null when the curve has no fit points.
 */
export function fittedRange(curve: ProjectCurve, fit: Pick<StoredFit, 'crop'>): [number, number] | null {
  const xs = curve.points
    .filter((p) => p.split === 'fit' && !p.excluded && p.x > 0 && Number.isFinite(p.x))
    .map((p) => p.x)
    .sort((a, b) => a - b)
  if (xs.length === 0) return null
  return [xs[Math.min(Math.max(0, fit.crop), xs.length - 1)], xs[xs.length - 1]]
}

/** The fitted curve of a form as [x, y] pairs over a grid, leaving out values that cannot be drawn. */
export function fittedLine(fit: StoredFit, grid: readonly number[], yLog: boolean): XY[] {
  let values: number[]
  try {
    values = predict(fit.form, fit.params, [...grid], fit.breaks)
  } catch {
    return []
  }
  const line: XY[] = []
  grid.forEach((x, i) => {
    const y = values[i]
    if (Number.isFinite(y) && (!yLog || y > 0)) line.push([x, y])
  })
  return line
}

/** A line cut at the ends of the fitted range: the ends belong to both neighbours, so the pieces meet. */
export function splitLine(line: readonly XY[], range: [number, number] | null): { before: XY[]; inside: XY[]; after: XY[] } {
  if (!range) return { before: [], inside: [], after: [...line] }
  const [lo, hi] = range
  return {
    before: line.filter(([x]) => x <= lo),
    inside: line.filter(([x]) => x >= lo && x <= hi),
    after: line.filter(([x]) => x >= hi)
  }
}

/** Sizes and colours of axes; the window uses pixels, the exported figures points. */
export interface AxisLook {
  fontSize: number
  nameFontSize: number
  fontFamily: string
  color: string
  lineColor: string
  lineWidth: number
  tickLength: number
  minorTickLength: number
}

/** Ticks shown on a log axis, major and minor; null for a linear one, labelled at linearTicks. */
export function axisTickValues(log: boolean, min: number, max: number): AxisTicks | null {
  return log ? logTicks(min, max) : null
}

/**
 * An axis and, for a log axis, a second axis over the same range carrying the minor ticks (ECharts puts no minor
 * ticks at 2..9 x 10^k on a log axis of its own). Grid lines are drawn by gridLineSeries, at the major ticks.
 */
export function axisPair(
  log: boolean,
  [min, max]: [number, number],
  name: string,
  look: AxisLook,
  extra: Record<string, unknown> = {}
): Array<Record<string, unknown>> {
  const ticks = axisTickValues(log, min, max)
  // A linear axis too is labelled where gridLineSeries draws, not where ECharts' own 1-2-3-5 rounding would.
  const labelled = ticks ? ticks.major : linearTicks(min, max)
  const labelShown = (extra.axisLabel as { show?: boolean } | undefined)?.show !== false
  const base = {
    type: log ? 'log' : 'value',
    ...(log ? { logBase: 10 } : { scale: true }),
    min,
    max,
    gridIndex: (extra.gridIndex as number | undefined) ?? 0
  }
  const main: Record<string, unknown> = {
    ...base,
    name,
    nameLocation: 'middle',
    nameTextStyle: { color: look.color, fontSize: look.nameFontSize, fontFamily: look.fontFamily },
    axisLine: { show: true, onZero: false, lineStyle: { color: look.lineColor, width: look.lineWidth } },
    axisTick: {
      show: true,
      length: look.tickLength,
      lineStyle: { color: look.lineColor, width: look.lineWidth },
      ...(labelled.length > 0 && { customValues: labelled })
    },
    splitLine: { show: false },
    minorTick: { show: false },
    ...extra,
    axisLabel: {
      color: look.color,
      fontSize: look.fontSize,
      fontFamily: look.fontFamily,
      margin: look.tickLength + look.fontSize * 0.3,
      formatter: ticks ? (v: number) => logTickLabel(v, ticks.kind) : (v: number) => formatCompact(v, 3),
      hideOverlap: !log,
      ...(labelled.length > 0 && { customValues: labelled }),
      ...(extra.axisLabel as Record<string, unknown> | undefined),
      show: labelShown
    }
  }
  if (!ticks || ticks.minor.length === 0) return [main]
  const minor: Record<string, unknown> = {
    ...base,
    position: extra.position,
    name: '',
    axisLine: { show: false },
    axisLabel: { show: false },
    axisPointer: { show: false },
    axisTick: {
      show: true,
      length: look.minorTickLength,
      lineStyle: { color: look.lineColor, width: look.lineWidth * 0.8 },
      customValues: ticks.minor
    },
    splitLine: { show: false },
    silent: true
  }
  return [main, minor]
}

/** Light grid lines at the major ticks of both axes, as one silent series of mark lines. */
export function gridLineSeries(
  id: string,
  x: { log: boolean; range: [number, number]; axisIndex: number },
  y: { log: boolean; range: [number, number]; axisIndex: number },
  width: number
): LineSeriesOption & { id: string; name: string } {
  const values = (axis: typeof x): number[] => {
    const ticks = axisTickValues(axis.log, axis.range[0], axis.range[1])
    if (ticks) return ticks.major.filter((v) => v > axis.range[0] && v < axis.range[1])
    return linearTicks(axis.range[0], axis.range[1]).filter((v) => v > axis.range[0] && v < axis.range[1])
  }
  return {
    id,
    name: '',
    type: 'line',
    data: [],
    xAxisIndex: x.axisIndex,
    yAxisIndex: y.axisIndex,
    silent: true,
    tooltip: { show: false },
    z: 0,
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      label: { show: false },
      lineStyle: { color: GRID_LINE, width, type: 'solid' },
      data: [...values(x).map((v) => ({ xAxis: v })), ...values(y).map((v) => ({ yAxis: v }))]
    }
  }
}

/** The labelled values of a linear axis over [min, max], grid lines there too: a 1-2-2.5-5 step, about five intervals. */
export function linearTicks(min: number, max: number, intervals = 5): number[] {
  const span = max - min
  if (!(span > 0)) return []
  const step = niceStep(span, intervals)
  const ticks: number[] = []
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  return ticks
}

/** Round numbers for the ends of a log axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
const LOG_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]

function niceLogFloor(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  const m = v / p
  let best = 1
  for (const c of LOG_MANTISSAS) if (c <= m * (1 + 1e-9)) best = c
  return round12(best * p)
}

/** 3 x 0.1 as 0.3, not 0.30000000000000004: an axis end must equal the tick value written there. */
function round12(v: number): number {
  return Number(v.toPrecision(12))
}

function niceLogCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  const m = v / p
  for (const c of LOG_MANTISSAS) if (c >= m * (1 - 1e-9)) return round12(c * p)
  return round12(10 * p)
}

/** A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over the range. */
export function niceStep(range: number, ticks = 5): number {
  const raw = range / ticks
  const p = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p
  return 10 * p
}

/**
 * [min, max] around [lo, hi] padded by a share of the range (in log space on log axes) and widened to round
 * numbers, so the axis ends carry readable labels.
 */
export function paddedRange(lo: number, hi: number, log: boolean, share = 0.04): [number, number] {
  if (log) {
    const l0 = Math.log10(lo)
    const l1 = Math.log10(hi)
    const pad = Math.max((l1 - l0) * share, 0.02)
    return [niceLogFloor(10 ** (l0 - pad)), niceLogCeil(10 ** (l1 + pad))]
  }
  const span = hi - lo || Math.abs(hi) || 1
  const step = niceStep(span * (1 + 2 * share))
  const min = Math.floor((lo - span * share) / step) * step
  // Values that are all positive keep a non-negative axis.
  return [lo >= 0 && min < 0 ? 0 : min, Math.ceil((hi + span * share) / step) * step]
}

/** The smallest and largest of the values a y axis must show (finite, and positive on a log axis). */
export function valueBounds(values: Iterable<number>, log: boolean): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (!Number.isFinite(v) || (log && !(v > 0))) continue
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return lo <= hi ? [lo, hi] : null
}

export const AXIS_COLORS = { color: MUTED, lineColor: '#8a949f' } as const
