// ECharts options for one curve and its fits: the main log-log chart and the residual panel below it.
// Pure functions of the project data (no DOM, no echarts runtime): the window passes the result to
// setOption, the figure exporter and the Node tests call them too.
import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts'
import type { EChartsCoreOption } from 'echarts/core'
import { predict } from '../core/forms'
import { FORM_NAMES, type FormName } from '../shared/fit-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import { formatCompact, formatFull } from './chart-format'
import { breakPositions, defaultForm, isStale } from './fit-summary'
import {
  FORECAST_SERIES_NAME,
  bandName,
  bandSeries,
  forecastLineSeries,
  forecastStartX,
  forecastXMax,
  forecastYValues,
  hoverReadout,
  type ChartForecast,
  type ReadoutInput
} from './forecast-chart'

export interface ChartStyle {
  xLog: boolean
  yLog: boolean
  /** The form drawn emphasised and shown in the residual panel. */
  selectedForm?: FormName
  theme?: 'light'
  /** The point shown in the inspector, ringed on the chart. */
  selectedPoint?: number | null
  /** Forms switched off in the legend; kept here so a redraw does not switch them back on. */
  hiddenForms?: readonly FormName[]
  /** Forecast band levels switched off in the legend (e.g. 0.95). */
  hiddenLevels?: readonly number[]
}

/** A point as the scatter series hold it: x, y (or the residual) and its index in curve.points. */
export type PointDatum = [x: number, y: number, index: number]

export type ChartSeries = (LineSeriesOption | ScatterSeriesOption | CustomSeriesOption) & { id: string; name: string }

export type { ChartForecast } from './forecast-chart'

/** The option object: a plain ECharts option whose series are typed for the tests and the click handler. */
export type ChartOption = EChartsCoreOption & { series: ChartSeries[] }

export const FORM_COLORS: Record<FormName, string> = {
  BNSL: '#3159c9',
  M1: '#c77c1a',
  M2: '#1b8a78',
  M3: '#8a4fbf',
  M4: '#c2416b'
}

/** Points on the prediction grid of each fitted line. */
export const GRID_POINTS = 240
/** The lines run this far beyond the largest x, to show the forecast. */
export const EXTRAPOLATION_FACTOR = 2

export const SERIES_NAMES = {
  fit: 'Fit points',
  heldout: 'Held-out points',
  excluded: 'Excluded'
} as const

const INK = '#1c2330'
const MUTED = '#5f6b7a'
const GRID_LINE = '#e6e9ee'
const EXCLUDED = '#9aa3ad'
/** A filled X: ECharts path symbols are filled, so the cross is drawn as a polygon. */
const CROSS = 'path://M2,0 L5,3 L8,0 L10,2 L7,5 L10,8 L8,10 L5,7 L2,10 L0,8 L3,5 L0,2 Z'
const GRID = { left: 72, right: 28 }
/** Pixels of legend that fit on one row of the narrowest chart the window shows (at 1280 px wide). */
const LEGEND_ONE_ROW = 560
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif'

export interface ChartExtent {
  /** Smallest x of any point. */
  xMin: number
  /** Largest x of any point. */
  xMax: number
  /** End of the prediction grid: the largest x times EXTRAPOLATION_FACTOR, or the farthest forecast x beyond that. */
  xEnd: number
  /** Largest x of the points the forms were fitted to (fit split, not excluded); -Infinity when none. */
  xFitMax: number
}

/**
 * The x range the chart spans; points of every kind count, so excluded points stay on screen. `reach` (the
 * farthest forecast x) extends it.
 */
export function chartExtent(curve: ProjectCurve, reach = -Infinity): ChartExtent {
  let xMin = Infinity
  let xMax = -Infinity
  let xFitMax = -Infinity
  for (const p of curve.points) {
    if (!(p.x > 0) || !Number.isFinite(p.x)) continue
    xMin = Math.min(xMin, p.x)
    xMax = Math.max(xMax, p.x)
    if (p.split === 'fit' && !p.excluded) xFitMax = Math.max(xFitMax, p.x)
  }
  if (!Number.isFinite(xMin)) return { xMin: 1, xMax: 10, xEnd: Math.max(10 * EXTRAPOLATION_FACTOR, reach), xFitMax }
  if (xMin === xMax) [xMin, xMax] = [xMin / 2, xMax * 2]
  return { xMin, xMax, xEnd: Math.max(xMax * EXTRAPOLATION_FACTOR, reach), xFitMax }
}

/**
 * x values to draw a fitted line through: log-spaced from `from` to `to`, plus evenly spaced ones when the
 * axis is linear (a log grid is sparse at the right end of a linear axis), plus `anchor` (the largest fit x)
 * so the solid and the dashed segment meet exactly there.
 */
export function predictionGrid(from: number, to: number, xLog: boolean, anchor?: number, n = GRID_POINTS): number[] {
  const values: number[] = []
  const l0 = Math.log(from)
  const l1 = Math.log(to)
  for (let i = 0; i < n; i++) values.push(Math.exp(l0 + ((l1 - l0) * i) / (n - 1)))
  if (!xLog) for (let i = 0; i < n; i++) values.push(from + ((to - from) * i) / (n - 1))
  if (anchor !== undefined && anchor > from && anchor < to) values.push(anchor)
  values[0] = from
  values[n - 1] = to
  return [...new Set(values)].sort((a, b) => a - b)
}

function pointData(curve: ProjectCurve): Record<'fit' | 'heldout' | 'excluded', PointDatum[]> {
  const groups: Record<'fit' | 'heldout' | 'excluded', PointDatum[]> = { fit: [], heldout: [], excluded: [] }
  curve.points.forEach((p, i) => {
    const group = p.excluded ? 'excluded' : p.split
    groups[group].push([p.x, p.y, i])
  })
  return groups
}

function pointSeries(data: Record<'fit' | 'heldout' | 'excluded', PointDatum[]>): ChartSeries[] {
  return [
    {
      id: 'points:fit',
      name: SERIES_NAMES.fit,
      type: 'scatter',
      data: data.fit,
      symbol: 'circle',
      symbolSize: 7,
      itemStyle: { color: INK, borderColor: '#ffffff', borderWidth: 0.5 },
      z: 4
    },
    {
      id: 'points:heldout',
      name: SERIES_NAMES.heldout,
      type: 'scatter',
      data: data.heldout,
      // An 'empty' symbol is filled white and stroked in the item colour.
      symbol: 'emptyCircle',
      symbolSize: 7,
      itemStyle: { color: INK, borderWidth: 1.3 },
      z: 4
    },
    {
      id: 'points:excluded',
      name: SERIES_NAMES.excluded,
      type: 'scatter',
      data: data.excluded,
      symbol: CROSS,
      symbolSize: 8,
      itemStyle: { color: EXCLUDED, opacity: 0.9 },
      z: 3
    }
  ]
}

function selectedPointSeries(curve: ProjectCurve, index: number | null | undefined, y?: (i: number) => number): ChartSeries[] {
  if (index === null || index === undefined || !curve.points[index]) return []
  const p = curve.points[index]
  return [
    {
      id: 'selected',
      name: 'Selected point',
      type: 'scatter',
      data: [[p.x, y ? y(index) : p.y, index]],
      symbol: 'circle',
      symbolSize: 16,
      itemStyle: { color: 'rgba(49, 89, 201, 0.12)', borderColor: FORM_COLORS.BNSL, borderWidth: 2 },
      silent: true,
      z: 5,
      tooltip: { show: false }
    }
  ]
}

/** The fitted curve of a form as [x, y] pairs over a grid, leaving out values that cannot be drawn. */
function fittedLine(fit: StoredFit, grid: number[], yLog: boolean): Array<[number, number]> {
  let values: number[]
  try {
    values = predict(fit.form, fit.params, grid, fit.breaks)
  } catch {
    return []
  }
  const line: Array<[number, number]> = []
  grid.forEach((x, i) => {
    const y = values[i]
    if (Number.isFinite(y) && (!yLog || y > 0)) line.push([x, y])
  })
  return line
}

/** Fits in the fixed order of FORM_NAMES, so colours and legend order never depend on the fit order. */
function orderedFits(fits: readonly StoredFit[]): StoredFit[] {
  return FORM_NAMES.flatMap((form) => fits.filter((f) => f.form === form).slice(0, 1))
}

function formLabel(fit: StoredFit): string {
  return fit.form === 'BNSL' ? `BNSL, ${fit.breaks} break${fit.breaks === 1 ? '' : 's'}` : fit.form
}

function axisName(quantity: string, unit: string, fallback: string): string {
  const name = quantity.trim() || fallback
  return unit.trim() ? `${name} (${unit.trim()})` : name
}

function valueAxis(log: boolean, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: log ? 'log' : 'value',
    ...(log ? { logBase: 10 } : { scale: true }),
    name,
    nameLocation: 'middle',
    nameTextStyle: { color: MUTED, fontSize: 12, fontFamily: FONT },
    axisLine: { show: true, lineStyle: { color: '#b8c0ca' } },
    axisTick: { show: true, lineStyle: { color: '#b8c0ca' } },
    axisLabel: { color: MUTED, fontSize: 11, fontFamily: FONT, formatter: (v: number) => formatCompact(v, 3), hideOverlap: true },
    splitLine: { show: true, lineStyle: { color: GRID_LINE } },
    minorTick: { show: false },
    ...extra
  }
}

/** Round numbers for the ends of a log axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
const LOG_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]

function niceLogFloor(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  const m = v / p
  let best = 1
  for (const c of LOG_MANTISSAS) if (c <= m * (1 + 1e-9)) best = c
  return best * p
}

function niceLogCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  const m = v / p
  for (const c of LOG_MANTISSAS) if (c >= m * (1 - 1e-9)) return c * p
  return 10 * p
}

/** A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over the range. */
function niceStep(range: number, ticks = 5): number {
  const raw = range / ticks
  const p = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p
  return 10 * p
}

/**
 * [min, max] around [lo, hi] padded by a share of the range (in log space on log axes) and widened to
 * round numbers, so the axis ends carry readable labels.
 */
function paddedRange(lo: number, hi: number, log: boolean, share = 0.04): [number, number] {
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

/** The x axis range, the same for the main chart and the residual panel so that they line up. */
export function xRange(extent: ChartExtent, xLog: boolean): [number, number] {
  if (xLog) return paddedRange(extent.xMin, extent.xEnd, true, 0.01)
  return [0, niceCeil(extent.xEnd)]
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above v (v > 0). */
function niceCeil(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step
  return 10 * step
}

function pointTooltip(curve: ProjectCurve, index: number): string {
  const p = curve.points[index]
  if (!p) return ''
  const kind = p.excluded ? 'excluded' : p.split === 'fit' ? 'fit point' : 'held-out point'
  const reason = p.excluded?.reason ? ` — ${escapeHtml(p.excluded.reason)}` : ''
  return `<b>Point ${index + 1}</b> · ${kind}${reason}<br/>x = ${formatFull(p.x)}<br/>y = ${formatFull(p.y)}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * The main chart of one curve: fit points filled, held-out points hollow, excluded points as grey crosses;
 * each fitted form as a line over a dense grid from the smallest x to twice the largest (or the farthest
 * forecast x), solid up to the largest fit x and dashed beyond it; BNSL break positions d_i as vertical mark
 * lines. With a forecast: its prediction band per level, its line and its points, and a hover readout.
 */
export function buildChartOption(
  curve: ProjectCurve,
  fits: readonly StoredFit[],
  style: ChartStyle,
  forecast?: ChartForecast | null
): ChartOption {
  const extent = chartExtent(curve, forecastXMax(forecast?.result))
  const hiddenLevels = new Set(style.hiddenLevels ?? [])
  const forecastFrom = forecast ? forecastStartX(curve, forecast.result) : 0
  const groups = pointData(curve)
  const forms = orderedFits(fits)
  const hidden = new Set(style.hiddenForms ?? [])
  const grid = predictionGrid(extent.xMin, extent.xEnd, style.xLog, extent.xFitMax)

  const ys = curve.points.map((p) => p.y).filter((y) => Number.isFinite(y) && (!style.yLog || y > 0))
  // reduce, not Math.min(...ys): a spread of 100,000 arguments overflows the stack.
  const yPointMin = ys.length ? ys.reduce((m, y) => Math.min(m, y), Infinity) : 1
  const yPointMax = ys.length ? ys.reduce((m, y) => Math.max(m, y), -Infinity) : 10
  // Lines may run off towards 0 or infinity when extrapolated; the y axis follows them only so far.
  const yFloor = style.yLog ? yPointMin / 20 : yPointMin - 2 * (yPointMax - yPointMin || Math.abs(yPointMax))
  const yCeil = style.yLog ? yPointMax * 20 : yPointMax + 2 * (yPointMax - yPointMin || Math.abs(yPointMax))
  let yLo = yPointMin
  let yHi = yPointMax
  for (const y of forecast ? forecastYValues(forecast, hiddenLevels, style.yLog, forecastFrom) : []) {
    if (y >= yFloor && y <= yCeil) {
      yLo = Math.min(yLo, y)
      yHi = Math.max(yHi, y)
    }
  }

  const lineSeries: ChartSeries[] = []
  for (const fit of forms) {
    const line = fittedLine(fit, grid, style.yLog)
    if (!hidden.has(fit.form)) {
      for (const [, y] of line) {
        if (y >= yFloor && y <= yCeil) {
          yLo = Math.min(yLo, y)
          yHi = Math.max(yHi, y)
        }
      }
    }
    const color = FORM_COLORS[fit.form]
    const selected = style.selectedForm === fit.form
    const stale = isStale(fit, curve)
    const width = selected ? 2.6 : 1.7
    const opacity = stale ? 0.45 : style.selectedForm && !selected ? 0.7 : 1
    const solid = line.filter(([x]) => x <= extent.xFitMax)
    const dashed = line.filter(([x]) => x >= extent.xFitMax)
    const breaks = breakMarks(breakPositions(fit), extent, style.xLog)
    const common = {
      type: 'line' as const,
      name: fit.form,
      showSymbol: false,
      symbol: 'none',
      smooth: false,
      clip: true,
      color,
      emphasis: { focus: 'series' as const, lineStyle: { width: width + 1 } },
      z: selected ? 3 : 2
    }
    lineSeries.push({
      ...common,
      id: `line:${fit.form}`,
      data: solid,
      lineStyle: { color, width, opacity, type: 'solid' },
      tooltip: { show: false },
      ...(breaks.length > 0 && {
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          lineStyle: { color, type: [2, 3], width: 1, opacity: 0.85 },
          label: { show: true, position: 'end', color, fontSize: 10, fontFamily: FONT, formatter: '{b}' },
          data: breaks
        }
      })
    })
    lineSeries.push({
      ...common,
      id: `extrapolation:${fit.form}`,
      data: dashed,
      lineStyle: { color, width, opacity, type: [6, 4] },
      tooltip: { show: false }
    })
  }

  const [yMin, yMax] = paddedRange(Math.max(yLo, yFloor), Math.min(yHi, yCeil), style.yLog)
  const [xMin, xMax] = xRange(extent, style.xLog)

  const legendSelected: Record<string, boolean> = {}
  for (const fit of forms) legendSelected[fit.form] = !hidden.has(fit.form)
  const formNames = forms.map((f) => f.form)
  const pointNames = (['fit', 'heldout', 'excluded'] as const).filter((k) => groups[k].length > 0).map((k) => SERIES_NAMES[k])
  const legendLabel = (name: string): string => {
    const fit = forms.find((f) => f.form === name)
    return fit ? formLabel(fit) : name
  }
  const forecastNames = forecast ? [FORECAST_SERIES_NAME, ...[...forecast.result.levels].sort((a, b) => a - b).map(bandName)] : []
  for (const level of forecast?.result.levels ?? []) legendSelected[bandName(level)] = !hiddenLevels.has(level)
  const legendNames = [...formNames, ...forecastNames, ...pointNames]
  // The legend wraps to a second row on a narrow chart; leave room for it then.
  const legendWidth = legendNames.reduce((w, name) => w + legendLabel(name).length * 6.6 + 32, 0)
  const top = legendWidth > LEGEND_ONE_ROW ? 62 : 40

  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT },
    grid: { left: GRID.left, right: GRID.right, top, bottom: 48 },
    legend: {
      top: 6,
      left: GRID.left - 8,
      itemWidth: 18,
      itemHeight: 10,
      itemGap: 14,
      textStyle: { color: INK, fontSize: 12 },
      data: legendNames,
      selected: legendSelected,
      formatter: legendLabel
    },
    tooltip: readoutTooltip({
      curve,
      fits: forms.filter((f) => !hidden.has(f.form)),
      forecast,
      hiddenLevels,
      tolerance: READOUT_TOLERANCE,
      xLog: style.xLog
    }, [xMin, xMax]),
    xAxis: valueAxis(style.xLog, axisName(curve.xQuantity, curve.xUnit, 'x'), {
      nameGap: 28,
      min: xMin,
      max: xMax
    }),
    yAxis: valueAxis(style.yLog, axisName(curve.yMetric, '', 'y'), { nameGap: 52, min: yMin, max: yMax }),
    series: [
      ...(forecast ? bandSeries(forecast, style.yLog, forecastFrom) : []),
      ...lineSeries,
      ...(forecast ? forecastLineSeries(forecast, style.yLog, forecastFrom) : []),
      ...pointSeries(groups),
      ...selectedPointSeries(curve, style.selectedPoint)
    ]
  }
}

/** Share of the x axis within which the readout names a point as the one under the pointer. */
const READOUT_TOLERANCE = 0.012

/** The hover readout: an axis-triggered tooltip that follows the pointer's x, not the nearest series item. */
function readoutTooltip(input: ReadoutInput, axisRange: [number, number]): Record<string, unknown> {
  return {
    trigger: 'axis',
    confine: true,
    textStyle: { fontSize: 12 },
    axisPointer: { type: 'line', snap: false, lineStyle: { color: '#9aa3ad', type: 'dashed' }, label: { show: false } },
    formatter: (params: unknown) => {
      const first: unknown = Array.isArray(params) ? params[0] : params
      const x = (first as { axisValue?: unknown } | undefined)?.axisValue
      if (typeof x !== 'number' || !(Number.isFinite(x))) return ''
      return hoverReadout(input, x, axisRange).map(escapeHtml).join('<br/>')
    }
  }
}

interface BreakMark {
  name: string
  xAxis: number
  label?: { show: boolean }
}

/** Break labels closer than this share of the x axis are merged into one ("d2, d3"), so they stay legible. */
const MERGE_LABELS = 0.04

/**
 * Mark-line data for break positions d_1..d_n within the chart's x range, each labelled d_i; a label that
 * would collide with the one before joins it.
 */
function breakMarks(positions: number[], extent: ChartExtent, xLog: boolean): BreakMark[] {
  const [x0, x1] = xRange(extent, xLog)
  const share = (d: number): number => (xLog ? Math.log(d / x0) / Math.log(x1 / x0) : (d - x0) / (x1 - x0))
  const marks: BreakMark[] = []
  let last: { mark: BreakMark; share: number } | null = null
  positions.forEach((d, i) => {
    if (d < extent.xMin || d > extent.xEnd) return
    const name = `d${i + 1}`
    if (last && share(d) - last.share < MERGE_LABELS) {
      last.mark.name += `, ${name}`
      marks.push({ name, xAxis: d, label: { show: false } })
      return
    }
    const mark: BreakMark = { name, xAxis: d }
    marks.push(mark)
    last = { mark, share: share(d) }
  })
  return marks
}

/** ln yhat - ln y of every point for one fit; NaN where the prediction is unusable. */
export function residuals(curve: ProjectCurve, fit: StoredFit): number[] {
  let yhat: number[]
  try {
    yhat = predict(
      fit.form,
      fit.params,
      curve.points.map((p) => p.x),
      fit.breaks
    )
  } catch {
    return curve.points.map(() => NaN)
  }
  return curve.points.map((p, i) => (yhat[i] > 0 && p.y > 0 ? Math.log(yhat[i]) - Math.log(p.y) : NaN))
}

/**
 * The residual panel under the main chart: ln yhat - ln y per point for the selected form (by default the
 * best by held-out RMSLE), the point kinds styled as in the main chart, a zero line, and the same x axis
 * (reaching as far as the forecast when there is one).
 */
export function buildResidualOption(
  curve: ProjectCurve,
  fits: readonly StoredFit[],
  style: ChartStyle,
  forecast?: ChartForecast | null
): ChartOption {
  const extent = chartExtent(curve, forecastXMax(forecast?.result))
  const form = style.selectedForm && fits.some((f) => f.form === style.selectedForm) ? style.selectedForm : defaultForm(fits)
  const fit = form ? fits.find((f) => f.form === form) : undefined
  const values = fit ? residuals(curve, fit) : []
  const groups: Record<'fit' | 'heldout' | 'excluded', PointDatum[]> = { fit: [], heldout: [], excluded: [] }
  curve.points.forEach((p, i) => {
    if (!Number.isFinite(values[i])) return
    groups[p.excluded ? 'excluded' : p.split].push([p.x, values[i], i])
  })
  const finite = values.filter((v) => Number.isFinite(v))
  const largest = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0.02) * 1.1
  const step = niceStep(2 * largest, 4)
  const bound = Math.ceil(largest / step) * step
  const [xMin, xMax] = xRange(extent, style.xLog)
  const color = fit ? FORM_COLORS[fit.form] : MUTED
  const series = pointSeries(groups)
  series[0] = {
    ...series[0],
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      label: { show: false },
      lineStyle: { color, width: 1.2, type: 'solid', opacity: 0.8 },
      data: [{ yAxis: 0 }]
    }
  }
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT },
    grid: { left: GRID.left, right: GRID.right, top: 26, bottom: 24 },
    title: {
      text: fit ? `Residuals of ${formLabel(fit)}` : 'Residuals: no fit yet',
      left: GRID.left - 8,
      top: 2,
      textStyle: { fontSize: 12, fontWeight: 500, color: fit ? INK : MUTED, fontFamily: FONT }
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      textStyle: { fontSize: 12 },
      formatter: (params: { data?: unknown }) => {
        if (!Array.isArray(params.data) || typeof params.data[2] !== 'number') return ''
        return `${pointTooltip(curve, params.data[2])}<br/>ln ŷ − ln y = ${formatCompact(params.data[1] as number, 4)}`
      }
    },
    xAxis: valueAxis(style.xLog, '', { axisLabel: { show: false }, min: xMin, max: xMax }),
    yAxis: valueAxis(false, 'ln ŷ − ln y', { nameGap: 52, min: -bound, max: bound, scale: false }),
    series: [...series, ...selectedPointSeries(curve, style.selectedPoint, (i) => values[i])].filter(
      (s) => s.id !== 'selected' || fit !== undefined
    )
  }
}
