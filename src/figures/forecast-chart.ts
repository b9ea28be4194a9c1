// The forecast on a curve's chart: prediction bands as shaded polygons (a custom series: stacked areas
// misbehave on log axes), the forecast line, the forecast points, and the hover readout. Pure functions.
import type { CustomSeriesOption } from 'echarts/charts'
import { predict } from '../core/forms'
import type { CurveForecast } from '../shared/forecast-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import { formatCompact } from './chart-format'
import type { ChartSeries } from './panel-layers'
import { BAND_FILL, FORECAST_INK } from './palette'

/** What the chart needs to draw a forecast: the answer, the levels switched off, and how fresh it is. */
export interface ChartForecast {
  result: CurveForecast
  /** True while only the instant Jacobian answer is there. */
  approximate?: boolean
  /** True when the curve's points changed after the forecast was made. */
  stale?: boolean
}

/** A band's corners: [x, low, high] per x of the band curve, finite and drawable only. */
export type BandDatum = [x: number, low: number, high: number]

/** Opacity of the band of each level: wider (less likely) bands lighter, so the inner band reads darker. */
const MIN_OPACITY = 0.1
const MAX_OPACITY = 0.22

/** "80% band": the legend entry and series name of a level's band. */
export function bandName(level: number): string {
  return `${formatLevel(level)} band`
}

export function formatLevel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`
}

export const FORECAST_SERIES_NAME = 'Forecast'

/** The band's opacity at one level: the widest band is lightest; bands overlap, so the inner one adds up darker. */
export function bandOpacity(level: number, levels: readonly number[]): number {
  const sorted = [...levels].sort((a, b) => a - b)
  if (sorted.length <= 1) return MAX_OPACITY
  const rank = sorted.indexOf(level) / (sorted.length - 1)
  return MAX_OPACITY - (MAX_OPACITY - MIN_OPACITY) * rank
}

/**
 * Where the forecast's curve starts on the chart: the smallest fit point the forecast kept (its crop drops the
 * smallest ones; the line is no forecast there).
 */
export function forecastStartX(curve: ProjectCurve, result: CurveForecast): number {
  const xs = curve.points.filter((p) => p.split === 'fit' && !p.excluded && p.x > 0).map((p) => p.x)
  xs.sort((a, b) => a - b)
  return xs[Math.min(result.crop, xs.length - 1)] ?? 0
}

/** The prediction band of one level as [x, low, high] rows from x = `from` on, leaving out what a log axis cannot draw. */
export function bandData(result: CurveForecast, level: number, yLog: boolean, from = 0): BandDatum[] {
  const interval = result.band.intervals.find((i) => i.kind === 'prediction' && i.level === level)
  if (!interval) return []
  const rows: BandDatum[] = []
  result.band.x.forEach((x, i) => {
    const low = interval.low[i]
    const high = interval.high[i]
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(x > 0) || x < from) return
    if (yLog && !(low > 0)) return
    rows.push([x, low, high])
  })
  return rows
}

type Coord = (value: [number, number]) => number[]

/** The polygon of a band in pixels: along the upper edge left to right, back along the lower edge. */
export function bandPolygon(rows: readonly BandDatum[], coord: Coord): number[][] {
  const upper = rows.map(([x, , high]) => coord([x, high]))
  const lower = rows.map(([x, low]) => coord([x, low])).reverse()
  return [...upper, ...lower]
}

/** renderItem of a band series: the whole polygon is drawn once, for the first row; the other rows only carry data. */
export function bandRenderItem(rows: readonly BandDatum[], fill: string, opacity: number) {
  return (params: { dataIndex: number }, api: { coord: Coord }): Record<string, unknown> | null => {
    if (params.dataIndex !== 0 || rows.length < 2) return null
    return {
      type: 'polygon',
      shape: { points: bandPolygon(rows, api.coord) },
      style: { fill, opacity, stroke: fill, lineWidth: 0.6, strokeOpacity: Math.min(1, opacity * 2.5) },
      silent: true
    }
  }
}

/** One custom series per level, widest first so the narrower bands lie on top. */
export function bandSeries(forecast: ChartForecast, yLog: boolean, from = 0, fill: string = BAND_FILL.color): ChartSeries[] {
  const levels = [...forecast.result.levels].sort((a, b) => b - a)
  return levels.map((level) => {
    const rows = bandData(forecast.result, level, yLog, from)
    const opacity = bandOpacity(level, forecast.result.levels) * (forecast.stale ? 0.5 : 1)
    return {
      id: `band:${level}`,
      name: bandName(level),
      type: 'custom',
      data: rows,
      encode: { x: 0, y: [1, 2] },
      renderItem: bandRenderItem(rows, fill, opacity) as unknown as CustomSeriesOption['renderItem'],
      itemStyle: { color: fill, opacity: Math.min(1, opacity * 2) },
      clip: true,
      silent: true,
      z: 1,
      tooltip: { show: false }
    }
  })
}

/** The forecast's central line (the chosen form, refitted by the forecast) and its points at the asked x. */
export function forecastLineSeries(
  forecast: ChartForecast,
  yLog: boolean,
  from = 0,
  color: string = FORECAST_INK.color,
  symbolSize = 11
): ChartSeries[] {
  const { result } = forecast
  const line = result.band.x
    .map((x, i): [number, number] => [x, result.band.y[i]])
    .filter(([x, y]) => Number.isFinite(y) && x > 0 && x >= from && (!yLog || y > 0))
  const points = result.at.filter((p) => Number.isFinite(p.y) && (!yLog || p.y > 0)).map((p) => [p.x, p.y])
  const opacity = forecast.stale ? 0.5 : 1
  return [
    {
      id: 'forecast:line',
      name: FORECAST_SERIES_NAME,
      type: 'line',
      data: line,
      showSymbol: false,
      symbol: 'none',
      clip: true,
      color,
      lineStyle: { color, width: Math.max(0.75, symbolSize * 0.13), type: [2, 3], opacity },
      z: 2,
      tooltip: { show: false }
    },
    {
      id: 'forecast:points',
      name: FORECAST_SERIES_NAME,
      type: 'scatter',
      data: points,
      symbol: 'diamond',
      symbolSize,
      color,
      itemStyle: { color, borderColor: '#ffffff', borderWidth: symbolSize * 0.09, opacity },
      z: 6
    }
  ]
}

/** The farthest x the forecast reaches: its band's end and every asked x. */
export function forecastXMax(result: CurveForecast | null | undefined): number {
  if (!result) return -Infinity
  let max = -Infinity
  for (const x of result.band.x) if (Number.isFinite(x)) max = Math.max(max, x)
  for (const p of result.at) if (Number.isFinite(p.x)) max = Math.max(max, p.x)
  return max
}

/** y values of the shown bands and forecast points, for the y axis range. */
export function forecastYValues(forecast: ChartForecast, hiddenLevels: ReadonlySet<number>, yLog: boolean, from = 0): number[] {
  const ys: number[] = []
  for (const level of forecast.result.levels) {
    if (hiddenLevels.has(level)) continue
    for (const [, low, high] of bandData(forecast.result, level, yLog, from)) ys.push(low, high)
  }
  for (const p of forecast.result.at) if (Number.isFinite(p.y) && (!yLog || p.y > 0)) ys.push(p.y)
  return ys
}

/** Linear interpolation of ys over increasing xs in log x (log y when all positive); NaN outside the range. */
export function interpolateLog(xs: readonly number[], ys: readonly number[], x: number): number {
  if (xs.length === 0 || !(x >= xs[0]) || !(x <= xs[xs.length - 1])) return NaN
  let i = 1
  while (i < xs.length - 1 && xs[i] < x) i++
  const x0 = xs[i - 1]
  const x1 = xs[i] ?? x0
  const y0 = ys[i - 1]
  const y1 = ys[i] ?? y0
  if (x1 === x0) return y0
  const t = (Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))
  if (y0 > 0 && y1 > 0) return Math.exp(Math.log(y0) + t * (Math.log(y1) - Math.log(y0)))
  return y0 + t * (y1 - y0)
}

export interface ReadoutInput {
  curve: ProjectCurve
  /** The forms drawn (hidden ones left out). */
  fits: readonly StoredFit[]
  forecast?: ChartForecast | null
  hiddenLevels: ReadonlySet<number>
  /** Share of the x axis (in log x on a log axis) within which a point counts as "at" the hovered x. */
  tolerance: number
  xLog: boolean
}

/** The point of the curve nearest to x, if within the tolerance, and how many others are that close too. */
function pointsNear(input: ReadoutInput, x: number, [x0, x1]: [number, number]): string[] {
  const pos = (v: number): number => (input.xLog ? Math.log(v / x0) / Math.log(x1 / x0) : (v - x0) / (x1 - x0))
  let nearest = -1
  let best = Infinity
  let close = 0
  input.curve.points.forEach((p, i) => {
    const distance = p.x > 0 ? Math.abs(pos(p.x) - pos(x)) : Infinity
    if (distance > input.tolerance) return
    close++
    if (distance < best) [nearest, best] = [i, distance]
  })
  const p = input.curve.points[nearest]
  if (!p) return []
  const kind = p.excluded ? 'excluded' : p.split === 'fit' ? 'fit point' : 'held-out point'
  const others = close > 1 ? ` (+${close - 1} more nearby)` : ''
  return [`Point ${nearest + 1} (${kind}, x ${formatCompact(p.x, 4)}): y = ${formatCompact(p.y, 4)}${others}`]
}

/**
 * The hover readout at x: x itself, the y of any point there, each shown form's prediction, and the
 * forecast with its shown bands. Plain lines; the tooltip joins them.
 */
export function hoverReadout(input: ReadoutInput, x: number, axisRange: [number, number]): string[] {
  const lines = [`x = ${formatCompact(x, 4)}`, ...pointsNear(input, x, axisRange)]
  for (const fit of input.fits) {
    let y = NaN
    try {
      y = predict(fit.form, fit.params, [x], fit.breaks)[0]
    } catch {
      // A form that cannot be evaluated shows a dash.
    }
    lines.push(`${fit.form}: ${formatCompact(y, 4)}`)
  }
  const forecast = input.forecast?.result
  if (forecast) {
    const y = interpolateLog(forecast.band.x, forecast.band.y, x)
    const bands = [...forecast.levels]
      .sort((a, b) => a - b)
      .filter((level) => !input.hiddenLevels.has(level))
      .map((level) => {
        const interval = forecast.band.intervals.find((i) => i.kind === 'prediction' && i.level === level)
        if (!interval) return null
        const low = interpolateLog(forecast.band.x, interval.low, x)
        const high = interpolateLog(forecast.band.x, interval.high, x)
        return Number.isFinite(low) ? `${formatLevel(level)} ${formatCompact(low, 3)}–${formatCompact(high, 3)}` : null
      })
      .filter((b): b is string => b !== null)
    if (Number.isFinite(y)) {
      const label = `Forecast (${forecast.form}${input.forecast?.approximate ? ', approximate' : ''})`
      lines.push(`${label}: ${formatCompact(y, 4)}${bands.length ? ` · ${bands.join(' · ')}` : ''}`)
    }
  }
  return lines
}
