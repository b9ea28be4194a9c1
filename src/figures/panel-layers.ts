// The series of one curve's panel, shared by the window's chart and every exported figure: points by kind, each
// form's line (solid over the range it was fitted on, dashed beyond), break marks, the forecast's bands and
// line, and the y values the axis must show. Sizes come from a Look: pixels in the window, points in a figure.
import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts'
import { FORM_NAMES, type FormName } from '../shared/fit-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import {
  cropSource,
  fittedLine,
  fittedRange,
  paddedRange,
  pointGroups,
  splitLine,
  valueBounds,
  type PointDatum,
  type PointKind
} from './curve-layers'
import { breakPositions, isStale } from './fit-summary'
import {
  FORECAST_SERIES_NAME,
  bandName,
  bandSeries,
  forecastLineSeries,
  forecastStartX,
  forecastYValues,
  type ChartForecast
} from './forecast-chart'
import type { FigurePalette } from '../shared/figure-style'
import { BAND_FILL, FORECAST_INK, INK, LIGHT, formColor, formDash } from './palette'

export type ChartSeries = (LineSeriesOption | ScatterSeriesOption | CustomSeriesOption) & { id: string; name: string }

/** Sizes of text, lines and markers, and the palette: in pixels for the window, in points for a figure. */
export interface Look {
  font: number
  nameFont: number
  titleFont: number
  legendFont: number
  fontFamily: string
  line: number
  symbol: number
  tick: number
  minorTick: number
  palette: FigurePalette
  /** Break labels above the plot ('top', for the window) or along their line inside it ('along', for figures). */
  breakLabels: 'top' | 'along'
}

const SCREEN_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif'

export const SCREEN_LOOK: Look = {
  font: 11,
  nameFont: 12,
  titleFont: 12,
  legendFont: 12,
  fontFamily: SCREEN_FONT,
  line: 1.7,
  symbol: 7,
  tick: 5,
  minorTick: 3,
  palette: 'color',
  breakLabels: 'top'
}

/** The family the exported figures name; main renders and embeds this font (resources/fonts). */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans'

/** A figure's look at a tick-label size in points: everything else in proportion, lines never thinner than print allows. */
export function printLook(fontPt: number, palette: FigurePalette): Look {
  return {
    font: fontPt,
    nameFont: fontPt,
    titleFont: Math.round(fontPt * 1.15 * 2) / 2,
    legendFont: fontPt,
    fontFamily: FIGURE_FONT_FAMILY,
    line: Math.min(2, Math.max(0.75, fontPt * 0.14)),
    symbol: Math.max(2.5, fontPt * 0.5),
    tick: Math.max(2, fontPt * 0.4),
    minorTick: Math.max(1.2, fontPt * 0.22),
    palette,
    breakLabels: 'along'
  }
}

/** Points on the prediction grid of each fitted line. */
export const GRID_POINTS = 240
/** The lines run this far beyond the largest x, to show the forecast. */
export const EXTRAPOLATION_FACTOR = 2

export const SERIES_NAMES: Record<PointKind, string> = {
  fit: 'Fit points',
  heldout: 'Held-out points',
  cropped: 'Cropped',
  excluded: 'Excluded'
}

/** A filled X: ECharts path symbols are filled, so the cross is drawn as a polygon. */
const CROSS = 'path://M2,0 L5,3 L8,0 L10,2 L7,5 L10,8 L8,10 L5,7 L2,10 L0,8 L3,5 L0,2 Z'

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

/** The extent covering several curves' extents (shared axes of small multiples, an overlay). */
export function unionExtent(extents: readonly ChartExtent[]): ChartExtent {
  return extents.reduce((a, b) => ({
    xMin: Math.min(a.xMin, b.xMin),
    xMax: Math.max(a.xMax, b.xMax),
    xEnd: Math.max(a.xEnd, b.xEnd),
    xFitMax: Math.max(a.xFitMax, b.xFitMax)
  }))
}

/**
 * x values to draw a fitted line through: log-spaced from `from` to `to`, plus evenly spaced ones when the
 * axis is linear (a log grid is sparse at the right end of a linear axis), plus the `anchors` (the ends of the
 * fitted range) so the solid and the dashed segments meet exactly there.
 */
export function predictionGrid(from: number, to: number, xLog: boolean, anchor?: number | readonly number[], n = GRID_POINTS): number[] {
  const values: number[] = []
  const l0 = Math.log(from)
  const l1 = Math.log(to)
  for (let i = 0; i < n; i++) values.push(Math.exp(l0 + ((l1 - l0) * i) / (n - 1)))
  if (!xLog) for (let i = 0; i < n; i++) values.push(from + ((to - from) * i) / (n - 1))
  for (const a of anchor === undefined ? [] : typeof anchor === 'number' ? [anchor] : anchor) {
    if (a > from && a < to) values.push(a)
  }
  values[0] = from
  values[n - 1] = to
  return [...new Set(values)].sort((a, b) => a - b)
}

/** The x axis range, the same for the main chart and the residual panel so that they line up. */
export function xRange(extent: ChartExtent, xLog: boolean): [number, number] {
  if (xLog) return paddedRange(extent.xMin, extent.xEnd, true, 0.01)
  return [0, niceCeil(extent.xEnd)]
}

/** The y axis range around the values it must show (points, forecast, fitted stretches of the lines). */
export function yRange(values: readonly number[], yLog: boolean): [number, number] {
  const bounds = valueBounds(values, yLog)
  if (!bounds) return yLog ? [1, 10] : [0, 1]
  return paddedRange(bounds[0], bounds[1], yLog)
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above v (v > 0). */
function niceCeil(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= v) return m * step
  return 10 * step
}

/** Fits in the fixed order of FORM_NAMES, so colours and legend order never depend on the fit order. */
export function orderedFits(fits: readonly StoredFit[]): StoredFit[] {
  return FORM_NAMES.flatMap((form) => fits.filter((f) => f.form === form).slice(0, 1))
}

/** An axis name from what the curve measures and its unit: "seen examples (images)", or the fallback ("x"). */
export function axisName(quantity: string, unit: string, fallback: string): string {
  const name = quantity.trim() || fallback
  return unit.trim() ? `${name} (${unit.trim()})` : name
}

export function formLabel(fit: StoredFit): string {
  return fit.form === 'BNSL' ? `BNSL, ${fit.breaks} break${fit.breaks === 1 ? '' : 's'}` : fit.form
}

/** The legend's text for a series name: a form with its break count, anything else as it is. */
export function legendLabel(fits: readonly StoredFit[]): (name: string) => string {
  return (name) => {
    const fit = fits.find((f) => f.form === name)
    return fit ? formLabel(fit) : name
  }
}

/** How one curve looks among several on one chart: its colour, marker and legend name for every layer. */
export interface CurveLook {
  color: string
  symbol: string
  name: string
}

/**
 * The point series: fit points filled, held-out hollow, cropped ones light, excluded ones as light crosses. On
 * its own a curve is drawn in ink; among several (`curveLook`), in its colour and marker, every kind under the
 * curve's name so one legend entry toggles the curve.
 */
export function pointSeries(groups: Record<PointKind, PointDatum[]>, look: Look, curveLook: CurveLook | null): ChartSeries[] {
  const color = curveLook?.color ?? INK
  const symbol = curveLook?.symbol ?? 'circle'
  const name = (kind: PointKind): string => curveLook?.name ?? SERIES_NAMES[kind]
  const size = look.symbol
  return [
    {
      id: 'points:fit',
      name: name('fit'),
      type: 'scatter',
      data: groups.fit,
      symbol,
      symbolSize: size,
      itemStyle: { color, borderColor: '#ffffff', borderWidth: size * 0.07 },
      z: 4
    },
    {
      id: 'points:heldout',
      name: name('heldout'),
      type: 'scatter',
      data: groups.heldout,
      // An 'empty' symbol is filled white and stroked in the item colour.
      symbol: `empty${symbol[0].toUpperCase()}${symbol.slice(1)}`,
      symbolSize: size,
      itemStyle: { color, borderWidth: Math.max(0.6, size * 0.18) },
      z: 4
    },
    {
      id: 'points:cropped',
      name: name('cropped'),
      type: 'scatter',
      data: groups.cropped,
      symbol,
      symbolSize: size,
      itemStyle: { color: curveLook ? color : LIGHT, opacity: curveLook ? 0.3 : 0.75 },
      z: 3
    },
    {
      id: 'points:excluded',
      name: name('excluded'),
      type: 'scatter',
      data: groups.excluded,
      symbol: CROSS,
      symbolSize: size * 1.1,
      itemStyle: { color: LIGHT, opacity: 0.9 },
      z: 3
    }
  ].filter((s) => s.id === 'points:fit' || s.id === 'points:heldout' || s.data.length > 0 || s.id === 'points:excluded') as ChartSeries[]
}

interface BreakMark {
  name: string
  xAxis: number
  label?: { show: boolean }
}

/**
 * Mark-line data for break positions d_1..d_n within the chart's x range, each labelled d_i; a label closer
 * to the one before than its own width (at the plot's width) joins it ("d1, d2").
 */
function breakMarks(
  positions: number[],
  extent: ChartExtent,
  [x0, x1]: [number, number],
  xLog: boolean,
  font: number,
  plotWidth: number,
  along: boolean
): BreakMark[] {
  const share = (d: number): number => (xLog ? Math.log(d / x0) / Math.log(x1 / x0) : (d - x0) / (x1 - x0))
  const marks: BreakMark[] = []
  let last: { mark: BreakMark; share: number } | null = null
  positions.forEach((d, i) => {
    if (d < extent.xMin || d > extent.xEnd) return
    const name = `d${i + 1}`
    // A label along its line needs its height to the next one; a label above the plot its width.
    const room = last ? (along ? font * 1.4 : last.mark.name.length * 0.62 * font + font) / plotWidth : 0
    if (last && share(d) - last.share < Math.max(0.04, room)) {
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

export interface PanelOptions {
  look: Look
  xLog: boolean
  yLog: boolean
  extent: ChartExtent
  xRange: [number, number]
  hiddenForms: ReadonlySet<FormName>
  hiddenLevels: ReadonlySet<number>
  selectedForm?: FormName
  /** Mark BNSL break positions. */
  breaks: boolean
  /** Draw the forecast (bands, line, points) when there is one. */
  bands: boolean
  /** Width of the plot area in the look's units, to space break labels. */
  plotWidth: number
  /** Set when several curves share one chart. */
  curveLook?: CurveLook | null
}

export interface PanelLayers {
  series: ChartSeries[]
  /** y values the axis must show: every point, the shown forecast, the fitted stretch of each shown line. */
  yValues: number[]
  /** Legend entries of this panel, in order. */
  legend: string[]
}

/** Everything drawn for one curve in one panel; ids are bare ('line:BNSL'), callers prefix them when panels share a chart. */
export function panelLayers(curve: ProjectCurve, forms: readonly StoredFit[], forecast: ChartForecast | null, o: PanelOptions): PanelLayers {
  const { look, curveLook } = o
  const shownForecast = o.bands ? forecast : null
  const forecastFrom = shownForecast ? forecastStartX(curve, shownForecast.result) : 0
  const groups = pointGroups(curve, cropSource(forms.filter((f) => !o.hiddenForms.has(f.form)))?.crop ?? 0)
  const yValues: number[] = []
  for (const kind of ['fit', 'heldout', 'cropped', 'excluded'] as const) for (const d of groups[kind]) yValues.push(d[1])
  if (shownForecast) yValues.push(...forecastYValues(shownForecast, o.hiddenLevels, o.yLog, forecastFrom))
  const pointBounds = valueBounds(yValues, o.yLog)
  // A fitted stretch far off the data (a fit gone wrong) must not squash the data to a line either.
  const inReach = (y: number): boolean => {
    if (!pointBounds) return true
    const [lo, hi] = pointBounds
    if (o.yLog) return y >= lo / 20 && y <= hi * 20
    const span = hi - lo || Math.abs(hi)
    return y >= lo - 2 * span && y <= hi + 2 * span
  }

  const lineSeries: ChartSeries[] = []
  for (const fit of forms) {
    const range = fittedRange(curve, fit)
    const grid = predictionGrid(o.extent.xMin, o.extent.xEnd, o.xLog, range ?? undefined)
    const parts = splitLine(fittedLine(fit, grid, o.yLog), range)
    if (!o.hiddenForms.has(fit.form)) for (const [, y] of parts.inside) if (inReach(y)) yValues.push(y)
    const color = curveLook?.color ?? formColor(fit.form, look.palette)
    const selected = o.selectedForm === fit.form
    const width = selected ? look.line * 1.5 : look.line
    const opacity = isStale(fit, curve) ? 0.45 : o.selectedForm && !selected ? 0.7 : 1
    const name = curveLook?.name ?? fit.form
    const dash = formDash(fit.form, look.palette)
    const breaks = o.breaks ? breakMarks(breakPositions(fit), o.extent, o.xRange, o.xLog, look.font * 0.9, o.plotWidth, look.breakLabels === 'along') : []
    const common = {
      type: 'line' as const,
      name,
      showSymbol: false,
      symbol: 'none',
      smooth: false,
      clip: true,
      color,
      emphasis: { focus: 'series' as const, lineStyle: { width: width + 1 } },
      tooltip: { show: false },
      z: selected ? 3 : 2
    }
    const dashed = [look.line * 3.5, look.line * 2.3]
    lineSeries.push({
      ...common,
      id: `line:${fit.form}`,
      data: parts.inside,
      lineStyle: { color, width, opacity, type: dash },
      ...(breaks.length > 0 && {
        markLine: {
          silent: true,
          symbol: 'none',
          animation: false,
          lineStyle: { color, type: [look.line, look.line * 2], width: Math.max(0.5, look.line * 0.6), opacity: 0.85 },
          label: {
            show: true,
            position: look.breakLabels === 'along' ? 'insideEndTop' : 'end',
            color,
            fontSize: look.font * 0.9,
            fontFamily: look.fontFamily,
            formatter: '{b}',
            distance: look.breakLabels === 'along' ? 1 : 2
          },
          data: breaks
        }
      })
    })
    lineSeries.push({ ...common, id: `extrapolation:${fit.form}`, data: parts.after, lineStyle: { color, width, opacity, type: dashed } })
    if (parts.before.length > 1) {
      lineSeries.push({ ...common, id: `before:${fit.form}`, data: parts.before, lineStyle: { color, width: width * 0.8, opacity: opacity * 0.6, type: dashed } })
    }
  }

  const forecastColors = curveLook
    ? { fill: curveLook.color, line: curveLook.color }
    : { fill: BAND_FILL[look.palette], line: FORECAST_INK[look.palette] }
  const bandLayers = shownForecast ? bandSeries(shownForecast, o.yLog, forecastFrom, forecastColors.fill) : []
  const forecastLayers = shownForecast ? forecastLineSeries(shownForecast, o.yLog, forecastFrom, forecastColors.line, look.symbol * 1.5) : []
  if (curveLook) for (const s of [...bandLayers, ...forecastLayers]) s.name = curveLook.name

  const points = pointSeries(groups, look, curveLook ?? null)
  const legend = curveLook
    ? [curveLook.name]
    : [
        ...forms.map((f) => f.form),
        ...(shownForecast ? [FORECAST_SERIES_NAME, ...[...shownForecast.result.levels].sort((a, b) => a - b).map(bandName)] : []),
        ...(['fit', 'heldout', 'cropped', 'excluded'] as const).filter((k) => groups[k].length > 0).map((k) => SERIES_NAMES[k])
      ]
  return { series: [...bandLayers, ...lineSeries, ...forecastLayers, ...points], yValues, legend }
}
