import { describe, expect, it } from 'vitest'
import { predict } from '../../src/core/forms'
import {
  buildChartOption,
  buildResidualOption,
  chartExtent,
  predictionGrid,
  type ChartSeries,
  type PointDatum
} from '../../src/figures/chart-option'
import { formatCompact } from '../../src/figures/chart-format'
import { bestForm, defaultForm } from '../../src/figures/fit-summary'
import { bandData, bandName, bandOpacity, forecastXMax, hoverReadout, interpolateLog } from '../../src/figures/forecast-chart'
import type { CurveForecast } from '../../src/shared/forecast-types'
import { bnsl, curve, fit, m1 } from './helpers/chart-fixtures'

const byId = (series: ChartSeries[], id: string): ChartSeries => {
  const found = series.find((s) => s.id === id)
  if (!found) throw new Error(`no series ${id}`)
  return found
}
const data = (s: ChartSeries): PointDatum[] => s.data as PointDatum[]
const lineData = (s: ChartSeries): Array<[number, number]> => s.data as Array<[number, number]>
const symbol = (s: ChartSeries): unknown => (s as { symbol?: unknown }).symbol
/** The main axis of a dimension (a log axis comes with a second one carrying the minor ticks). */
const axis = (value: unknown): { type: string; min: number; max: number } =>
  (Array.isArray(value) ? value[0] : value) as { type: string; min: number; max: number }
const dash = (s: ChartSeries): unknown => (s as { lineStyle?: { type?: unknown } }).lineStyle?.type

describe('buildChartOption', () => {
  const option = buildChartOption(curve(), [m1, bnsl], { xLog: true, yLog: true })

  it('puts fit, held-out and excluded points in separate series with the point index as third value', () => {
    expect(data(byId(option.series, 'points:fit')).map((d) => d[2])).toEqual([0, 2, 3])
    expect(data(byId(option.series, 'points:heldout')).map((d) => d[2])).toEqual([4, 5])
    expect(data(byId(option.series, 'points:excluded'))).toEqual([[1e4, 2 * 1e4 ** -0.3, 1]])
  })

  it('styles the three kinds differently: filled, hollow, grey cross', () => {
    expect(symbol(byId(option.series, 'points:fit'))).toBe('circle')
    expect(symbol(byId(option.series, 'points:heldout'))).toBe('emptyCircle')
    expect(String(symbol(byId(option.series, 'points:excluded')))).toMatch(/^path:\/\//)
  })

  it('draws each form solid up to the largest fit x and dashed from there to twice the largest x', () => {
    const solid = lineData(byId(option.series, 'line:M1'))
    const dashed = lineData(byId(option.series, 'extrapolation:M1'))
    const xFitMax = 1e6
    expect(solid[0][0]).toBe(1e3)
    expect(solid[solid.length - 1][0]).toBe(xFitMax)
    expect(dashed[0][0]).toBe(xFitMax)
    expect(dashed[dashed.length - 1][0]).toBeCloseTo(2e8, 0)
    expect(dash(byId(option.series, 'extrapolation:M1'))).not.toBe('solid')
    expect(dash(byId(option.series, 'line:M1'))).toBe('solid')
    expect(solid.length).toBeGreaterThan(100)
  })

  it('draws the lines from predict() in original units', () => {
    const solid = lineData(byId(option.series, 'line:BNSL'))
    const [x, y] = solid[57]
    expect(y).toBeCloseTo(predict('BNSL', bnsl.params, [x], 2)[0], 12)
  })

  it('gives both segments of a form the form name, so one legend entry toggles both', () => {
    expect(byId(option.series, 'line:BNSL').name).toBe('BNSL')
    expect(byId(option.series, 'extrapolation:BNSL').name).toBe('BNSL')
  })

  it('marks BNSL break positions d_i with vertical mark lines', () => {
    const markLine = byId(option.series, 'line:BNSL').markLine as { data: Array<{ xAxis: number }> }
    expect(markLine.data.map((d) => d.xAxis)).toEqual([3e4, 5e6])
    expect(byId(option.series, 'line:M1').markLine).toBeUndefined()
  })

  it('uses log axes when asked and linear ones otherwise', () => {
    expect(axis(option.xAxis)).toMatchObject({ type: 'log' })
    expect(axis(option.yAxis)).toMatchObject({ type: 'log' })
    const linear = buildChartOption(curve(), [m1], { xLog: false, yLog: false })
    expect(axis(linear.xAxis)).toMatchObject({ type: 'value' })
    expect(axis(linear.yAxis)).toMatchObject({ type: 'value' })
  })

  it('keeps forms hidden in the legend hidden after a redraw', () => {
    const hidden = buildChartOption(curve(), [m1, bnsl], { xLog: true, yLog: true, hiddenForms: ['M1'] })
    expect((hidden.legend as { selected: Record<string, boolean> }).selected).toEqual({ BNSL: true, M1: false })
  })

  it('rings the selected point', () => {
    const selected = buildChartOption(curve(), [], { xLog: true, yLog: true, selectedPoint: 4 })
    expect(data(byId(selected.series, 'selected'))).toEqual([[1e7, 2 * 1e7 ** -0.3, 4]])
  })

  it('draws a curve with no fits as points only', () => {
    const bare = buildChartOption(curve(), [], { xLog: true, yLog: true })
    expect(bare.series.map((s) => s.id)).toEqual(['grid', 'points:fit', 'points:heldout', 'points:excluded'])
  })

  it('starts the dashed segment at the largest fit x that is not excluded', () => {
    const c = curve()
    c.points[3] = { ...c.points[3], excluded: { reason: '' } }
    const o = buildChartOption(c, [m1], { xLog: true, yLog: true })
    expect(lineData(byId(o.series, 'extrapolation:M1'))[0][0]).toBe(1e5)
  })
})

describe('buildResidualOption', () => {
  it('shows ln yhat - ln y per point for the selected form', () => {
    const off = fit('M1', { b: 2.2, c: -0.3 })
    const o = buildResidualOption(curve(), [off, bnsl], { xLog: true, yLog: true, selectedForm: 'M1' })
    for (const d of data(byId(o.series, 'points:fit'))) expect(d[1]).toBeCloseTo(Math.log(2.2 / 2), 10)
    expect(data(byId(o.series, 'points:heldout')).map((d) => d[2])).toEqual([4, 5])
  })

  it('defaults to the best form by held-out RMSLE', () => {
    const o = buildResidualOption(curve(), [bnsl, m1], { xLog: true, yLog: true })
    expect((o.title as { text: string }).text).toContain('M1')
    for (const d of data(byId(o.series, 'points:fit'))) expect(d[1]).toBeCloseTo(0, 10)
  })

  it('draws a zero line', () => {
    const o = buildResidualOption(curve(), [m1], { xLog: true, yLog: true })
    expect((byId(o.series, 'points:fit').markLine as { data: unknown[] }).data).toEqual([{ yAxis: 0 }])
  })

  it('shares the x axis of the main chart', () => {
    const style = { xLog: true, yLog: true }
    const main = axis(buildChartOption(curve(), [m1], style).xAxis)
    const res = axis(buildResidualOption(curve(), [m1], style).xAxis)
    expect([res.min, res.max]).toEqual([main.min, main.max])
  })
})

describe('chart helpers', () => {
  it('spans the data and twice beyond the largest x', () => {
    expect(chartExtent(curve())).toEqual({ xMin: 1e3, xMax: 1e8, xEnd: 2e8, xFitMax: 1e6 })
  })

  it('puts the largest fit x on the prediction grid', () => {
    const grid = predictionGrid(1, 1000, true, 37)
    expect(grid).toContain(37)
    expect(grid[0]).toBe(1)
    expect(grid[grid.length - 1]).toBe(1000)
  })

  it('picks the best form by the lowest finite held-out RMSLE', () => {
    expect(bestForm([bnsl, m1])).toBe('M1')
    expect(bestForm([fit('M2', {}, { heldoutRmsle: null })])).toBeNull()
    expect(defaultForm([fit('M2', {}, { heldoutRmsle: null, fitRmsle: 0.2 }), fit('M3', {}, { heldoutRmsle: null, fitRmsle: 0.1 })])).toBe('M3')
  })

  it('formats numbers compactly', () => {
    expect(formatCompact(123456789)).toBe('1.23e8')
    expect(formatCompact(0.000012)).toBe('1.2e-5')
    expect(formatCompact(0.125)).toBe('0.125')
    expect(formatCompact(null)).toBe('—')
  })
})

describe('break marks', () => {
  it('labels each break d_i and merges labels of breaks too close to read apart', () => {
    const close = fit('BNSL', { a: 1e-3, b: 2, c0: 0.3, c1: 0.2, d1: 3e4, f1: 0.5, c2: -0.1, d2: 3.3e4, f2: 1 }, { breaks: 2 })
    const o = buildChartOption(curve(), [close], { xLog: true, yLog: true })
    const markLine = byId(o.series, 'line:BNSL').markLine as { data: Array<{ name: string; xAxis: number; label?: { show: boolean } }> }
    expect(markLine.data).toEqual([
      { name: 'd1, d2', xAxis: 3e4 },
      { name: 'd2', xAxis: 3.3e4, label: { show: false } }
    ])
  })

  it('leaves out breaks outside the chart but keeps their numbering', () => {
    const far = fit('BNSL', { a: 1e-3, b: 2, c0: 0.3, c1: 0.2, d1: 10, f1: 0.5, c2: -0.1, d2: 5e6, f2: 1 }, { breaks: 2 })
    const o = buildChartOption(curve(), [far], { xLog: true, yLog: true })
    const markLine = byId(o.series, 'line:BNSL').markLine as { data: Array<{ name: string; xAxis: number }> }
    expect(markLine.data).toEqual([{ name: 'd2', xAxis: 5e6 }])
  })
})

/** A forecast of y = 2 x^-0.3 with bands of ±10% (80%) and ±25% (95%) from x = 1e3 to 1e9. */
function forecastOf(overrides: Partial<CurveForecast> = {}): CurveForecast {
  const bandX = [1e3, 1e5, 1e7, 1e9]
  const y = bandX.map((x) => 2 * x ** -0.3)
  return {
    curve: 'vit/ImageNet',
    form: 'M1',
    breaks: 0,
    crop: 0,
    params: { b: 2, c: -0.3 },
    candidates: [{ form: 'M1', breaks: 0, crop: 0, validationRmsle: 0.01, weight: 1 }],
    method: 'bootstrap',
    resamples: 200,
    failedResamples: 0,
    seed: 1,
    bootstrap: 'pairs',
    levels: [0.8, 0.95],
    residualSd: 0.01,
    extrapolation: { growth: 0.1, backtests: 3, points: 6 },
    maxFitX: 1e6,
    minFitX: 1e3,
    at: [{ x: 1e9, y: 2 * 1e9 ** -0.3, bands: [] }],
    targets: [],
    parameters: [],
    band: {
      x: bandX,
      y,
      intervals: [
        { level: 0.8, kind: 'prediction', low: y.map((v) => v * 0.9), high: y.map((v) => v * 1.1) },
        { level: 0.8, kind: 'confidence', low: y.map((v) => v * 0.95), high: y.map((v) => v * 1.05) },
        { level: 0.95, kind: 'prediction', low: y.map((v) => v * 0.75), high: y.map((v) => v * 1.25) }
      ]
    },
    timeMs: 10,
    ...overrides
  }
}

type RenderItem = (params: { dataIndex: number }, api: { coord: (v: [number, number]) => number[] }) => { shape: { points: number[][] } } | null
const renderItem = (s: ChartSeries): RenderItem => (s as unknown as { renderItem: RenderItem }).renderItem
/** A stand-in for the chart's coordinate system: decades of x and y as pixels. */
const logCoord = ([x, y]: [number, number]): number[] => [Math.log10(x), Math.log10(y)]

describe('forecast on the chart', () => {
  const forecast = { result: forecastOf() }
  const option = buildChartOption(curve(), [m1], { xLog: true, yLog: true }, forecast)

  it('draws one band series per level, as a custom series, the widest first so the narrower lies on top', () => {
    const bands = option.series.filter((s) => s.type === 'custom')
    expect(bands.map((s) => s.id)).toEqual(['band:0.95', 'band:0.8'])
    expect(bands.map((s) => s.name)).toEqual([bandName(0.95), bandName(0.8)])
    expect(bandName(0.8)).toBe('80% band')
  })

  it('draws each band as one polygon along the upper edge and back along the lower edge', () => {
    const band = byId(option.series, 'band:0.8')
    const polygon = renderItem(band)({ dataIndex: 0 }, { coord: logCoord })
    const y = forecast.result.band.y
    const expected = [
      ...forecast.result.band.x.map((x, i) => logCoord([x, y[i] * 1.1])),
      ...forecast.result.band.x.map((x, i) => logCoord([x, y[i] * 0.9])).reverse()
    ]
    expect(polygon?.shape.points).toHaveLength(8)
    polygon?.shape.points.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(expected[i][0], 12)
      expect(p[1]).toBeCloseTo(expected[i][1], 12)
    })
    // The polygon is drawn once, not once per row.
    expect(renderItem(band)({ dataIndex: 1 }, { coord: logCoord })).toBeNull()
  })

  it('uses the prediction band, not the confidence band, and shades the wider level lighter', () => {
    expect(bandData(forecast.result, 0.8, true)[0][2]).toBeCloseTo(forecast.result.band.y[0] * 1.1, 12)
    expect(bandOpacity(0.95, [0.8, 0.95])).toBeLessThan(bandOpacity(0.8, [0.8, 0.95]))
  })

  it('leaves band corners a log axis cannot draw out of the polygon', () => {
    const result = forecastOf()
    result.band.intervals[0].low[1] = -0.1
    expect(bandData(result, 0.8, true).map((r) => r[0])).toEqual([1e3, 1e7, 1e9])
    expect(bandData(result, 0.8, false).map((r) => r[0])).toEqual([1e3, 1e5, 1e7, 1e9])
  })

  it('extends the x range, the fitted lines and the residual panel to the farthest forecast x', () => {
    const plain = buildChartOption(curve(), [m1], { xLog: true, yLog: true })
    expect(axis(plain.xAxis).max).toBeLessThan(1e9)
    expect(axis(option.xAxis).max).toBeGreaterThanOrEqual(1e9)
    expect(Math.max(...lineData(byId(option.series, 'extrapolation:M1')).map(([x]) => x))).toBe(1e9)
    const residual = buildResidualOption(curve(), [m1], { xLog: true, yLog: true }, forecast)
    expect(axis(residual.xAxis).max).toBe(axis(option.xAxis).max)
    expect(forecastXMax(forecastOf({ at: [{ x: 3e10, y: 1e-3, bands: [] }] }))).toBe(3e10)
  })

  it('gives each level and the forecast a legend entry, and a level switched off stays off', () => {
    const legend = option.legend as { data: string[]; selected: Record<string, boolean> }
    expect(legend.data).toEqual(expect.arrayContaining(['Forecast', '80% band', '95% band']))
    expect(legend.selected['95% band']).toBe(true)
    const hidden = buildChartOption(curve(), [m1], { xLog: true, yLog: true, hiddenLevels: [0.95] }, forecast)
    expect((hidden.legend as { selected: Record<string, boolean> }).selected).toMatchObject({ '95% band': false, '80% band': true })
    // The y axis no longer makes room for the hidden band.
    expect(axis(hidden.yAxis).min).toBeGreaterThanOrEqual(axis(option.yAxis).min)
  })

  it('marks the forecast points on the forecast line', () => {
    expect(byId(option.series, 'forecast:points').data).toEqual([[1e9, 2 * 1e9 ** -0.3]])
    expect(lineData(byId(option.series, 'forecast:line'))).toHaveLength(4)
  })

  it('draws no forecast series without a forecast', () => {
    const plain = buildChartOption(curve(), [m1], { xLog: true, yLog: true })
    expect(plain.series.filter((s) => s.id.startsWith('band:') || s.id.startsWith('forecast:'))).toEqual([])
  })
})

describe('hover readout', () => {
  const base = { curve: curve(), fits: [m1], hiddenLevels: new Set<number>(), tolerance: 0.01, xLog: true }

  it('shows x, the point there, each shown form and the forecast with its bands', () => {
    const lines = hoverReadout({ ...base, forecast: { result: forecastOf(), approximate: true } }, 1e5, [1e3, 1e9])
    expect(lines[0]).toBe('x = 1e5')
    expect(lines[1]).toMatch(/^Point 3 \(fit point, x 1e5\): y = /)
    expect(lines[2]).toBe(`M1: ${formatCompact(2 * 1e5 ** -0.3, 4)}`)
    expect(lines[3]).toContain('Forecast (M1, approximate)')
    expect(lines[3]).toContain('80% ')
    expect(lines[3]).toContain('95% ')
  })

  it('names no point between points and leaves hidden levels out', () => {
    const lines = hoverReadout({ ...base, forecast: { result: forecastOf() }, hiddenLevels: new Set([0.95]) }, 3e5, [1e3, 1e9])
    expect(lines.some((l) => l.startsWith('Point'))).toBe(false)
    expect(lines.at(-1)).not.toContain('95%')
  })

  it('interpolates the band in log space', () => {
    expect(interpolateLog([1, 100], [1, 100], 10)).toBeCloseTo(10, 12)
    expect(interpolateLog([1, 100], [1, 100], 1000)).toBeNaN()
  })
})

describe('hover readout among dense points', () => {
  it('names only the nearest point and counts the others close by', () => {
    const dense = curve({ points: Array.from({ length: 50 }, (_, i) => ({ x: 1e6 * (1 + i * 1e-4), y: 0.5, split: 'fit' as const })) })
    const lines = hoverReadout({ curve: dense, fits: [], hiddenLevels: new Set(), tolerance: 0.01, xLog: true }, 1.001e6, [1e3, 1e9])
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^Point 11 \(fit point.*\(\+49 more nearby\)$/)
  })
})

describe('forecast after a crop', () => {
  it('starts the band and the forecast line at the smallest fit point the forecast kept', () => {
    // Fit points at 1e3, 1e5, 1e6 (1e4 is excluded); a crop of 1 drops 1e3, so the band starts at 1e5.
    const option = buildChartOption(curve(), [], { xLog: true, yLog: true }, { result: forecastOf({ crop: 1 }) })
    expect(lineData(byId(option.series, 'forecast:line')).map(([x]) => x)).toEqual([1e5, 1e7, 1e9])
    expect((byId(option.series, 'band:0.8').data as number[][]).map(([x]) => x)).toEqual([1e5, 1e7, 1e9])
  })
})

describe('a fit that cropped its smallest points', () => {
  const cropXs = [1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6]
  // Steep (x^-6) below a sharp break at 1e4, gentle (x^-0.3) above: 5e5 at x = 1e3, under 1 over the fitted range.
  const steep = fit('BNSL', { a: 0.01, b: 5e23, c0: 6, c1: -5.7, d1: 1e4, f1: 0.1 }, { breaks: 1, crop: 2 })
  const onLine = predict('BNSL', steep.params, cropXs, 1)
  const cropped = curve({
    points: cropXs.map((x, i) => ({ x, y: i < 2 ? [1, 0.8][i] : onLine[i], split: i < 6 ? ('fit' as const) : ('heldout' as const) }))
  })
  const option = buildChartOption(cropped, [steep], { xLog: true, yLog: true })
  const largestY = Math.max(...cropped.points.map((p) => p.y))

  it('draws the points the crop dropped as their own kind, not as fit points', () => {
    expect(data(byId(option.series, 'points:cropped')).map((d) => d[2])).toEqual([0, 1])
    expect(data(byId(option.series, 'points:fit')).map((d) => d[2])).toEqual([2, 3, 4, 5])
  })

  it('draws the line solid from the first kept fit point to the largest fit point, dashed before and after', () => {
    const solid = lineData(byId(option.series, 'line:BNSL'))
    expect(solid[0][0]).toBe(1e4)
    expect(solid[solid.length - 1][0]).toBe(3e5)
    expect(dash(byId(option.series, 'line:BNSL'))).toBe('solid')
    const before = lineData(byId(option.series, 'before:BNSL'))
    expect(before[0][0]).toBe(1e3)
    expect(before[before.length - 1][0]).toBe(1e4)
    expect(Array.isArray(dash(byId(option.series, 'before:BNSL')))).toBe(true)
    expect(lineData(byId(option.series, 'extrapolation:BNSL'))[0][0]).toBe(3e5)
    expect(Array.isArray(dash(byId(option.series, 'extrapolation:BNSL')))).toBe(true)
  })

  it('keeps the y axis on the data although the line before the fitted range reaches 10^5', () => {
    expect(Math.max(...lineData(byId(option.series, 'before:BNSL')).map(([, y]) => y))).toBeGreaterThan(1e5)
    const y = axis(option.yAxis)
    expect(y.max).toBeGreaterThanOrEqual(largestY)
    expect(y.max).toBeLessThanOrEqual(3 * largestY)
  })
})

describe('a steep power law extrapolated', () => {
  const fitXs = [10, 30, 100, 300, 1000]
  it.each([
    { c: 4, what: 'rising', end: 'max' as const },
    { c: -4, what: 'falling', end: 'min' as const }
  ])('does not stretch the y axis when it runs $what beyond the data', ({ c, end }) => {
    const steep = fit('M1', { b: c > 0 ? 1e-12 : 1e12, c })
    const fitYs = predict('M1', steep.params, fitXs)
    // A held-out point where the curve levels off; the line runs on to 6000.
    const points = [...fitXs.map((x, i) => ({ x, y: fitYs[i], split: 'fit' as const })), { x: 3000, y: fitYs[4], split: 'heldout' as const }]
    const option = buildChartOption(curve({ points }), [steep], { xLog: true, yLog: true })
    const ys = points.map((p) => p.y)
    const y = axis(option.yAxis)
    const extrapolated = lineData(byId(option.series, 'extrapolation:M1')).map(([, v]) => v)
    if (end === 'max') {
      expect(Math.max(...extrapolated)).toBeGreaterThan(100 * Math.max(...ys))
      expect(y.max).toBeLessThanOrEqual(3 * Math.max(...ys))
    } else {
      expect(Math.min(...extrapolated)).toBeLessThan(Math.min(...ys) / 100)
      expect(y.min).toBeGreaterThanOrEqual(Math.min(...ys) / 3)
    }
  })
})

describe('log axes of the window chart', () => {
  type LogAxis = {
    min: number
    max: number
    axisLabel: { customValues: number[]; formatter: (v: number) => string; show?: boolean }
    axisTick: { customValues: number[] }
  }
  const option = buildChartOption(curve(), [m1, bnsl], { xLog: true, yLog: true })
  const [main, minor] = option.xAxis as LogAxis[]

  it('labels the decades of x as 10³..10⁸', () => {
    expect(main.axisLabel.customValues).toEqual([1e3, 1e4, 1e5, 1e6, 1e7, 1e8])
    expect(main.axisLabel.customValues.map((v) => main.axisLabel.formatter(v))).toEqual(['10³', '10⁴', '10⁵', '10⁶', '10⁷', '10⁸'])
  })

  it('puts minor ticks at 2..9 x 10^k on a second, unlabelled axis over the same range', () => {
    expect([minor.min, minor.max]).toEqual([main.min, main.max])
    expect(minor.axisLabel.show).toBe(false)
    expect(minor.axisTick.customValues).toEqual(expect.arrayContaining([2e3, 5e3, 9e3, 2e4, 5e7]))
    for (const v of minor.axisTick.customValues) expect(main.axisLabel.customValues).not.toContain(v)
  })
})

describe('residual axis', () => {
  it.each([1.01, 1.1, 1.5, 5])('runs between whole steps when the fit is off by a factor %s', (factor) => {
    const off = fit('M1', { b: 2 * factor, c: -0.3 })
    const o = buildResidualOption(curve(), [off], { xLog: true, yLog: true })
    const y = o.yAxis as { min: number; max: number; interval: number }
    const steps = (v: number): number => v / y.interval
    expect(steps(y.max)).toBeCloseTo(Math.round(steps(y.max)), 9)
    expect(steps(y.min)).toBeCloseTo(Math.round(steps(y.min)), 9)
    expect(y.min).toBe(-y.max)
    expect(y.max).toBeGreaterThanOrEqual(Math.log(factor))
    // Few enough steps for the labels to stand apart.
    expect(Math.round(steps(y.max - y.min))).toBeLessThanOrEqual(8)
  })
})
