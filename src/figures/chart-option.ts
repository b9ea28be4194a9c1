// ECharts options for one curve and its fits in the window: the main log-log chart and the residual panel below
// it. Pure functions of the project data (no DOM, no echarts runtime): the window passes the result to setOption.
// The layers (points, lines, bands, axes) are the ones the exported figures are made of (panel-layers.ts).
import type { EChartsCoreOption } from 'echarts/core'
import { predict } from '../core/forms'
import type { FormName } from '../shared/fit-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import { formatCompact } from './chart-format'
import { AXIS_COLORS, axisPair, gridLineSeries, niceStep, pointGroups, cropSource } from './curve-layers'
import { defaultForm } from './fit-summary'
import { bandName, forecastXMax, hoverReadout, type ChartForecast, type ReadoutInput } from './forecast-chart'
import { FORM_COLORS, INK, MUTED } from './palette'
import {
  SCREEN_LOOK,
  axisName,
  chartExtent,
  formLabel,
  legendLabel,
  orderedFits,
  panelLayers,
  pointSeries,
  xRange,
  yRange,
  type ChartSeries
} from './panel-layers'

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

export type { ChartForecast } from './forecast-chart'
export type { PointDatum } from './curve-layers'
export { FORM_COLORS } from './palette'
export { chartExtent, predictionGrid, xRange, GRID_POINTS, EXTRAPOLATION_FACTOR, SERIES_NAMES } from './panel-layers'
export type { ChartExtent, ChartSeries } from './panel-layers'

/** The option object: a plain ECharts option whose series are typed for the tests and the click handler. */
export type ChartOption = EChartsCoreOption & { series: ChartSeries[] }

const GRID = { left: 72, right: 28 }
/** Pixels of legend that fit on one row of the narrowest chart the window shows (at 1280 px wide). */
const LEGEND_ONE_ROW = 560
/** Width in pixels of the plot area the window's chart usually has; break labels are spaced for it. */
const PLOT_WIDTH = 640

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
      itemStyle: { color: 'rgba(0, 114, 178, 0.12)', borderColor: FORM_COLORS.BNSL, borderWidth: 2 },
      silent: true,
      z: 5,
      tooltip: { show: false }
    }
  ]
}

function pointTooltip(curve: ProjectCurve, index: number): string {
  const p = curve.points[index]
  if (!p) return ''
  const kind = p.excluded ? 'excluded' : p.split === 'fit' ? 'fit point' : 'held-out point'
  const reason = p.excluded?.reason ? ` — ${escapeHtml(p.excluded.reason)}` : ''
  return `<b>Point ${index + 1}</b> · ${kind}${reason}<br/>x = ${formatCompact(p.x, 4)}<br/>y = ${formatCompact(p.y, 4)}`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const AXIS_LOOK = {
  fontSize: SCREEN_LOOK.font,
  nameFontSize: SCREEN_LOOK.nameFont,
  fontFamily: SCREEN_LOOK.fontFamily,
  color: AXIS_COLORS.color,
  lineColor: AXIS_COLORS.lineColor,
  lineWidth: 1,
  tickLength: SCREEN_LOOK.tick,
  minorTickLength: SCREEN_LOOK.minorTick
}

/**
 * The main chart of one curve: fit points filled, held-out points hollow, points a form's crop dropped light,
 * excluded points as grey crosses; each fitted form as a line, solid over the range it was fitted on and dashed
 * beyond; BNSL break positions d_i as vertical mark lines. With a forecast: its prediction band per level, its
 * line and its points, and a hover readout. The axes follow the data, the forecast and the fitted ranges of
 * the lines, never an extrapolation running off.
 */
export function buildChartOption(
  curve: ProjectCurve,
  fits: readonly StoredFit[],
  style: ChartStyle,
  forecast?: ChartForecast | null
): ChartOption {
  const extent = chartExtent(curve, forecastXMax(forecast?.result))
  const hiddenLevels = new Set(style.hiddenLevels ?? [])
  const hidden = new Set(style.hiddenForms ?? [])
  const forms = orderedFits(fits)
  const [xMin, xMax] = xRange(extent, style.xLog)
  const layers = panelLayers(curve, forms, forecast ?? null, {
    look: SCREEN_LOOK,
    xLog: style.xLog,
    yLog: style.yLog,
    extent,
    xRange: [xMin, xMax],
    hiddenForms: hidden,
    hiddenLevels,
    selectedForm: style.selectedForm,
    breaks: true,
    bands: true,
    plotWidth: PLOT_WIDTH
  })
  const [yMin, yMax] = yRange(layers.yValues, style.yLog)

  const legendSelected: Record<string, boolean> = {}
  for (const fit of forms) legendSelected[fit.form] = !hidden.has(fit.form)
  for (const level of forecast?.result.levels ?? []) legendSelected[bandName(level)] = !hiddenLevels.has(level)
  const label = legendLabel(forms)
  // The legend wraps to a second row on a narrow chart; leave room for it then.
  const legendWidth = layers.legend.reduce((w, name) => w + label(name).length * 6.6 + 32, 0)
  const top = legendWidth > LEGEND_ONE_ROW ? 62 : 40
  const xAxes = axisPair(style.xLog, [xMin, xMax], axisName(curve.xQuantity, curve.xUnit, 'x'), AXIS_LOOK, { nameGap: 28, position: 'bottom' })
  const yAxes = axisPair(style.yLog, [yMin, yMax], axisName(curve.yMetric, '', 'y'), AXIS_LOOK, { nameGap: 52, position: 'left' })

  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: SCREEN_LOOK.fontFamily },
    grid: { left: GRID.left, right: GRID.right, top, bottom: 48 },
    legend: {
      top: 6,
      left: GRID.left - 8,
      itemWidth: 18,
      itemHeight: 10,
      itemGap: 14,
      textStyle: { color: INK, fontSize: 12 },
      data: layers.legend,
      selected: legendSelected,
      formatter: label
    },
    tooltip: readoutTooltip(
      {
        curve,
        fits: forms.filter((f) => !hidden.has(f.form)),
        forecast,
        hiddenLevels,
        tolerance: READOUT_TOLERANCE,
        xLog: style.xLog
      },
      [xMin, xMax]
    ),
    xAxis: xAxes,
    yAxis: yAxes,
    series: [
      gridLineSeries('grid', { log: style.xLog, range: [xMin, xMax], axisIndex: 0 }, { log: style.yLog, range: [yMin, yMax], axisIndex: 0 }, 1),
      ...layers.series,
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
 * (reaching as far as the forecast when there is one). The y axis runs between whole steps, so every label
 * sits on a tick and none collides with an end.
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
  const groups = pointGroups(curve, cropSource(fit ? [fit] : [])?.crop ?? 0, (i) => values[i] ?? NaN)
  const finite = values.filter((v) => Number.isFinite(v))
  const largest = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0.02) * 1.1
  const step = niceStep(2 * largest, 4)
  const bound = Math.ceil(largest / step) * step
  const [xMin, xMax] = xRange(extent, style.xLog)
  const color = fit ? FORM_COLORS[fit.form] : MUTED
  const series = pointSeries(groups, SCREEN_LOOK, null)
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
    textStyle: { fontFamily: SCREEN_LOOK.fontFamily },
    grid: { left: GRID.left, right: GRID.right, top: 26, bottom: 24 },
    title: {
      text: fit ? `Residuals of ${formLabel(fit)}` : 'Residuals: no fit yet',
      left: GRID.left - 8,
      top: 2,
      textStyle: { fontSize: 12, fontWeight: 500, color: fit ? INK : MUTED, fontFamily: SCREEN_LOOK.fontFamily }
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
    xAxis: axisPair(style.xLog, [xMin, xMax], '', AXIS_LOOK, { axisLabel: { show: false }, position: 'bottom' }),
    yAxis: {
      type: 'value',
      min: -bound,
      max: bound,
      interval: step,
      name: 'ln ŷ − ln y',
      nameLocation: 'middle',
      nameGap: 52,
      nameTextStyle: { color: MUTED, fontSize: SCREEN_LOOK.nameFont, fontFamily: SCREEN_LOOK.fontFamily },
      axisLine: { show: true, lineStyle: { color: AXIS_COLORS.lineColor } },
      axisTick: { show: true, lineStyle: { color: AXIS_COLORS.lineColor } },
      axisLabel: { color: MUTED, fontSize: SCREEN_LOOK.font, fontFamily: SCREEN_LOOK.fontFamily, formatter: (v: number) => formatCompact(v, 3) },
      splitLine: { show: true, lineStyle: { color: '#e6e9ee' } }
    },
    series: [...series, ...selectedPointSeries(curve, style.selectedPoint, (i) => values[i])].filter(
      (s) => s.id !== 'selected' || fit !== undefined
    )
  }
}
