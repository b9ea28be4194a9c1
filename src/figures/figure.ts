// The ECharts option of an exported figure: one curve, several curves on one chart, or one panel per curve,
// laid out in points at the asked size (so font sizes are the sizes printed). Built from the same panel layers
// as the window's chart; main renders it to SVG, PNG and PDF, the Export dialog previews that rendering. Pure.
import type { EChartsCoreOption } from 'echarts/core'
import { FORM_NAMES, type FormName } from '../shared/fit-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'
import { AXIS_COLORS, axisPair, axisTickValues, gridLineSeries, linearTicks, type AxisLook } from './curve-layers'
import { bestFit, defaultForm } from './fit-summary'
import type { ChartForecast } from './forecast-chart'
import { FORECAST_SERIES_NAME, forecastXMax } from './forecast-chart'
import { figureSizePt, type FigureStyle } from '../shared/figure-style'
import { logTickLabel } from './log-ticks'
import { INK, curveColor, curveSymbol, formDash } from './palette'
import {
  axisName,
  chartExtent,
  legendLabel,
  orderedFits,
  panelLayers,
  printLook,
  unionExtent,
  xRange,
  yRange,
  type ChartSeries,
  type Look
} from './panel-layers'

/** One curve of a figure with its fits and, when it has one, its forecast. */
export interface FigurePanel {
  curve: ProjectCurve
  fits: readonly StoredFit[]
  forecast?: ChartForecast | null
}

export type FigureOption = EChartsCoreOption & { series: ChartSeries[] }

/** Width of text in the figure font, estimated per character (DejaVu Sans averages about 0.6 em). */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.6
}

/** Text cut to a width with an ellipsis, so a long curve name never runs over its neighbour. */
function fitText(text: string, width: number, size: number): string {
  const max = Math.max(4, Math.floor(width / (size * 0.6)))
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** The forms a panel draws: those asked for, else every fit for one curve, the best (by held-out error) otherwise. */
function shownFits(fits: readonly StoredFit[], forms: FormName[] | null, best: boolean): StoredFit[] {
  const ordered = orderedFits(fits)
  if (forms) return ordered.filter((f) => forms.includes(f.form))
  if (!best) return ordered
  const chosen = bestFit(ordered)?.form ?? defaultForm(ordered)
  return ordered.filter((f) => f.form === chosen)
}

/** The width the labels of an axis take: the longest tick label. */
function tickLabelWidth(log: boolean, [min, max]: [number, number], font: number): number {
  const ticks = axisTickValues(log, min, max)
  const labels = ticks ? ticks.major.map((v) => logTickLabel(v, ticks.kind)) : linearTicks(min, max).map((v) => String(Number(v.toPrecision(3))))
  return labels.reduce((w, l) => Math.max(w, textWidth(l, font)), 0)
}

/** Legend icon of a line: a bar of the line's thickness (solid or in its dash) inside an icon-sized box, so it is not stretched. */
function lineIcon(dash: number[] | 'solid'): string {
  const pattern = dash === 'solid' ? [24, 0] : dash.map((d) => d * 2.2)
  const bars: string[] = []
  for (let x = 0, i = 0; x < 24; i++) {
    const length = pattern[i % pattern.length]
    if (i % 2 === 0) bars.push(`M${x},4.2 H${Math.min(24, x + length)} V5.8 H${x} Z`)
    x += Math.max(0.5, length)
  }
  // Two zero-length marks at the corners fix the icon's box to 24 x 10.
  return `path://M0,0 L0.01,0 ${bars.join(' ')} M24,10 L23.99,10`
}

/** The legend entries with icons that look like what they name: lines as lines, curves as their marker. */
function legendData(names: readonly string[], layout: string, panels: readonly FigurePanel[], palette: FigureStyle['palette']): unknown[] {
  return names.map((name) => {
    if (layout === 'overlay') {
      const i = panels.findIndex((p) => p.curve.name === name)
      return i >= 0 ? { name, icon: curveSymbol(i) } : name
    }
    if ((FORM_NAMES as readonly string[]).includes(name)) return { name, icon: lineIcon(formDash(name as FormName, palette)) }
    if (name === FORECAST_SERIES_NAME) return { name, icon: lineIcon([1, 1.5]) }
    return name
  })
}

/** Rows a horizontal legend of these labels takes at this width. */
function legendRows(labels: readonly string[], width: number, look: Look): number {
  let rows = 1
  let used = 0
  for (const label of labels) {
    const item = textWidth(label, look.legendFont) + look.legendFont * 2.6 + 5
    if (used > 0 && used + item > width) {
      rows++
      used = 0
    }
    used += item
  }
  return rows
}

function axisLook(look: Look): AxisLook {
  return {
    fontSize: look.font,
    nameFontSize: look.nameFont,
    fontFamily: look.fontFamily,
    color: INK,
    lineColor: AXIS_COLORS.lineColor,
    lineWidth: Math.max(0.5, look.line * 0.5),
    tickLength: look.tick,
    minorTickLength: look.minorTick
  }
}

interface Cell {
  left: number
  top: number
  width: number
  height: number
}

/**
 * The figure for the panels at the style's size: 'single' draws the first curve with every shown form in its
 * colour; 'overlay' draws the curves on one chart, one colour and marker per curve; 'small-multiples' one
 * panel per curve in a grid, with shared axes (tick labels on the outer panels only) when asked.
 */
export function buildFigureOption(panels: readonly FigurePanel[], style: FigureStyle): FigureOption {
  if (panels.length === 0) throw new RangeError('a figure needs at least one curve')
  const look = printLook(style.fontPt, style.palette)
  const { width, height } = figureSizePt(style)
  const layout = panels.length === 1 ? 'single' : style.layout === 'single' ? 'overlay' : style.layout
  const f = look.font
  const margin = f * 0.6
  const titleHeight = style.title.trim() ? look.titleFont * 1.6 : 0
  const first = panels[0].curve
  const xName = style.xLabel ?? axisName(first.xQuantity, first.xUnit, 'x')
  const yName = style.yLabel ?? axisName(first.yMetric, '', 'y')

  const fitsOf = panels.map((p) => shownFits(p.fits, style.forms, layout === 'overlay'))
  const extents = panels.map((p) => chartExtent(p.curve, style.bands ? forecastXMax(p.forecast?.result) : -Infinity))
  const multiples = layout === 'small-multiples'
  const shared = !multiples || style.sharedAxes
  const sharedExtent = unionExtent(extents)
  const xRanges = extents.map((e) => xRange(shared ? sharedExtent : e, style.xLog))

  // Grid geometry: columns and rows of cells; one cell when the curves share a chart.
  const count = multiples ? panels.length : 1
  const columns = multiples ? Math.min(count, Math.max(1, Math.round(Math.sqrt((count * width) / height)))) : 1
  const rows = Math.ceil(count / columns)

  // First pass: the layers of each curve with a provisional plot width, to know the y values and the legend.
  const build = (plotWidth: number): Array<ReturnType<typeof panelLayers>> =>
    panels.map((panel, i) =>
      panelLayers(panel.curve, fitsOf[i], panel.forecast ?? null, {
        look,
        xLog: style.xLog,
        yLog: style.yLog,
        extent: shared ? sharedExtent : extents[i],
        xRange: xRanges[i],
        hiddenForms: new Set(),
        hiddenLevels: new Set(),
        breaks: style.breaks,
        bands: style.bands,
        plotWidth,
        curveLook: layout === 'overlay' ? { color: curveColor(i, style.palette), symbol: curveSymbol(i), name: panel.curve.name } : null
      })
    )
  let layers = build(width / columns)
  const yValues = layers.flatMap((l) => l.yValues)
  const yRanges = layers.map((l) => yRange(shared ? yValues : l.yValues, style.yLog))

  const legendNames = [...new Set(layers.flatMap((l) => l.legend))]
  const label = legendLabel(fitsOf.length === 1 ? fitsOf[0] : [])
  const legendHeight = style.legend ? legendRows(legendNames.map(label), width - 2 * margin, look) * look.legendFont * 1.5 + f * 0.4 : 0

  const yLabelWidth = Math.max(...yRanges.map((r) => tickLabelWidth(style.yLog, r, f)))
  const left = margin + look.nameFont * 1.3 + yLabelWidth + look.tick + f * 0.4
  const bottom = margin + look.nameFont * 1.3 + f * 1.3 + look.tick
  const panelTitle = multiples ? f * 1.4 : 0
  const top = margin + titleHeight + legendHeight + panelTitle + (multiples ? 0 : f * 0.6)
  const right = margin + f * 0.8
  const gapX = multiples ? (shared ? f * 1.2 : yLabelWidth + look.tick + f * 1.2) : 0
  const gapY = multiples ? panelTitle + (shared ? f * 0.8 : f * 1.3 + look.tick + f * 0.4) : 0
  const cellWidth = (width - left - right - gapX * (columns - 1)) / columns
  const cellHeight = (height - top - bottom - gapY * (rows - 1)) / rows
  if (!(cellWidth > f * 3) || !(cellHeight > f * 3)) {
    throw new RangeError(
      `${width / 72} x ${height / 72} in is too small for ${count} panel${count === 1 ? '' : 's'} at ${style.fontPt} pt: make the figure larger or the font smaller`
    )
  }
  // Break labels are spaced for the real plot width.
  layers = build(cellWidth)
  const cells: Cell[] = Array.from({ length: count }, (_, i) => ({
    left: left + (i % columns) * (cellWidth + gapX),
    top: top + Math.floor(i / columns) * (cellHeight + gapY),
    width: cellWidth,
    height: cellHeight
  }))

  const xAxis: Array<Record<string, unknown>> = []
  const yAxis: Array<Record<string, unknown>> = []
  const series: ChartSeries[] = []
  const titles: Array<Record<string, unknown>> = []
  const alook = axisLook(look)
  cells.forEach((cell, g) => {
    const column = g % columns
    const row = Math.floor(g / columns)
    const bottomRow = row === rows - 1 || g + columns >= count
    const showXLabels = !multiples || !shared || bottomRow
    const showYLabels = !multiples || !shared || column === 0
    const xIndex = xAxis.length
    const yIndex = yAxis.length
    const xr = multiples ? xRanges[g] : xRanges[0]
    const yr = multiples ? yRanges[g] : yRanges[0]
    xAxis.push(
      ...axisPair(style.xLog, xr, bottomRow ? xName : '', alook, {
        gridIndex: g,
        position: 'bottom',
        nameGap: look.tick + f * 1.5,
        axisLabel: { show: showXLabels }
      })
    )
    yAxis.push(
      ...axisPair(style.yLog, yr, column === 0 ? yName : '', alook, {
        gridIndex: g,
        position: 'left',
        nameGap: yLabelWidth + look.tick + f * 0.7,
        axisLabel: { show: showYLabels }
      })
    )
    series.push({
      ...gridLineSeries(`p${g}:grid`, { log: style.xLog, range: xr, axisIndex: xIndex }, { log: style.yLog, range: yr, axisIndex: yIndex }, 0.4),
      xAxisIndex: xIndex,
      yAxisIndex: yIndex
    })
    const members = multiples ? [g] : panels.map((_, i) => i)
    for (const i of members) {
      const prefix = count === 1 && panels.length === 1 ? '' : `p${i}:`
      for (const s of layers[i].series) series.push({ ...s, id: `${prefix}${s.id}`, xAxisIndex: xIndex, yAxisIndex: yIndex } as ChartSeries)
    }
    if (multiples) {
      titles.push({
        text: fitText(panels[g].curve.name, cell.width, f),
        left: cell.left,
        top: cell.top - panelTitle,
        textStyle: { fontSize: f, fontWeight: 'normal', color: INK, fontFamily: look.fontFamily }
      })
    }
  })
  if (titleHeight > 0) {
    titles.unshift({
      text: fitText(style.title.trim(), width - 2 * margin, look.titleFont),
      left: 'center',
      top: margin,
      textStyle: { fontSize: look.titleFont, fontWeight: 'bold', color: INK, fontFamily: look.fontFamily }
    })
  }

  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: look.fontFamily },
    title: titles,
    grid: cells.map((c) => ({ left: c.left, top: c.top, width: c.width, height: c.height, containLabel: false })),
    legend: {
      show: style.legend,
      top: margin + titleHeight,
      left: margin,
      width: width - 2 * margin,
      // Curves are named by their marker, forms by a line.
      itemWidth: layout === 'overlay' ? look.legendFont * 0.9 : look.legendFont * 1.8,
      itemHeight: layout === 'overlay' ? look.legendFont * 0.9 : look.legendFont * 0.8,
      itemGap: look.legendFont * 0.8,
      padding: 0,
      textStyle: { color: INK, fontSize: look.legendFont, fontFamily: look.fontFamily },
      data: legendData(legendNames, layout, panels, style.palette),
      formatter: label
    },
    xAxis,
    yAxis,
    series
  }
}
