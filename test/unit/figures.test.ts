import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { axisPair, croppedIndices, fittedRange, gridLineSeries, paddedRange, pointGroups, splitLine } from '../../src/figures/curve-layers'
import { buildFigureOption, type FigureOption, type FigurePanel } from '../../src/figures/figure'
import { DEFAULT_FIGURE_STYLE, dpiProblem, figureSizePt, figureStyle, figureStyleProblem, type FigureStyle } from '../../src/shared/figure-style'
import { logTickLabel, logTicks, superscript } from '../../src/figures/log-ticks'
import { FORM_COLORS, OKABE_ITO, curveColor, formColor } from '../../src/figures/palette'
import type { ChartSeries } from '../../src/figures/panel-layers'
import { figureFonts, renderFigureSvg } from '../../src/main/services/figure-render'
import type { FormName } from '../../src/shared/fit-types'
import { bnsl, curve, fit, m1 } from './helpers/chart-fixtures'
import { root } from './helpers/paths'

const decadeLabels = (ks: number[]): string[] => ks.map((k) => `10${superscript(k)}`)
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('log axis ticks', () => {
  it('labels every decade of 10^3..10^8 as 10³..10⁸, with minor ticks at 2..9 x 10^k', () => {
    const ticks = logTicks(1e3, 1e8)
    expect(ticks.kind).toBe('decades')
    expect(ticks.major.map((v) => logTickLabel(v, ticks.kind))).toEqual(['10³', '10⁴', '10⁵', '10⁶', '10⁷', '10⁸'])
    const expectedMinor = range(3, 7).flatMap((k) => range(2, 9).map((m) => m * 10 ** k))
    expect(ticks.minor).toHaveLength(expectedMinor.length)
    ticks.minor.forEach((v, i) => expect(v).toBeCloseTo(expectedMinor[i], 6))
  })

  it('writes powers of ten with Unicode superscripts, negative ones too', () => {
    expect(logTickLabel(1e3)).toBe('10³')
    expect(logTickLabel(0.01)).toBe('10⁻²')
    expect(logTickLabel(1)).toBe('10⁰')
    expect(superscript(-12)).toBe('⁻¹²')
  })

  it('labels every 2nd or 3rd decade over 16 decades, at most 7 labels, the other decades as minor ticks', () => {
    const ticks = logTicks(1e-4, 1e12)
    expect(ticks.kind).toBe('decades')
    expect(ticks.major.length).toBeLessThanOrEqual(7)
    expect(ticks.major.length).toBeGreaterThanOrEqual(5)
    const exponents = ticks.major.map((v) => Math.round(Math.log10(v)))
    const steps = new Set(exponents.slice(1).map((k, i) => k - exponents[i]))
    expect(steps.size).toBe(1)
    expect([2, 3]).toContain([...steps][0])
    // 10⁰ is among the labelled decades whenever it is in range.
    expect(exponents).toContain(0)
    // Every decade is ticked: labelled or minor, and the minor ticks are decades only.
    const minorExponents = ticks.minor.map((v) => Math.log10(v))
    for (const k of minorExponents) expect(k).toBeCloseTo(Math.round(k), 9)
    expect([...exponents, ...minorExponents.map(Math.round)].sort((a, b) => a - b)).toEqual(range(-4, 12))
  })

  it('labels at least three round values as plain numbers over less than a decade (0.2..0.9)', () => {
    const ticks = logTicks(0.2, 0.9)
    expect(ticks.kind).toBe('values')
    const labels = ticks.major.map((v) => logTickLabel(v, ticks.kind))
    expect(labels.length).toBeGreaterThanOrEqual(3)
    expect(labels).toEqual(expect.arrayContaining(['0.2', '0.3', '0.5']))
    for (const v of ticks.major) expect(v).toBeGreaterThanOrEqual(0.2)
    for (const v of ticks.major) expect(v).toBeLessThanOrEqual(0.9)
  })

  it('writes round values beyond 10⁴ as m×10^k over 3×10⁴..9×10⁵', () => {
    const ticks = logTicks(3e4, 9e5)
    const labels = ticks.major.map((v) => logTickLabel(v, ticks.kind))
    expect(labels).toEqual(expect.arrayContaining(['5×10⁴', '10⁵', '2×10⁵']))
    expect(labels.length).toBeGreaterThanOrEqual(3)
  })

  it('still labels at least two values over a narrow range (2.1..2.3)', () => {
    const ticks = logTicks(2.1, 2.3)
    expect(ticks.major.length).toBeGreaterThanOrEqual(2)
    for (const v of ticks.major) {
      expect(v).toBeGreaterThanOrEqual(2.1 - 1e-9)
      expect(v).toBeLessThanOrEqual(2.3 + 1e-9)
    }
    const labels = ticks.major.map((v) => logTickLabel(v, ticks.kind))
    expect(new Set(labels).size).toBe(labels.length)
  })

  it.each([
    [0, 10],
    [-1, 10],
    [10, 1],
    [5, 5],
    [1, Infinity],
    [Number.NaN, 10]
  ])('gives no ticks for the invalid range %s..%s', (min, max) => {
    expect(logTicks(min, max)).toEqual({ major: [], minor: [], kind: 'values' })
  })

  it('gives no label for a value a log axis cannot show', () => {
    expect(logTickLabel(0)).toBe('')
    expect(logTickLabel(-10)).toBe('')
  })
})

describe('figure style', () => {
  it('defaults to a single-column figure, 3.25 in wide, 8 pt text, log-log, in colour', () => {
    const style = figureStyle()
    expect(style).toEqual(DEFAULT_FIGURE_STYLE)
    expect(style).toMatchObject({ widthIn: 3.25, fontPt: 8, xLog: true, yLog: true, palette: 'color', layout: 'single' })
    expect(figureStyleProblem(style)).toBeNull()
    expect(figureSizePt(style)).toEqual({ width: 234, height: 2.4 * 72 })
  })

  it('keeps what the caller set and fills in the rest', () => {
    expect(figureStyle({ widthIn: 6.75, palette: 'gray' })).toMatchObject({ widthIn: 6.75, palette: 'gray', fontPt: 8 })
  })

  it.each<[string, Partial<FigureStyle>, RegExp]>([
    ['a width of 0', { widthIn: 0 }, /^widthIn must be a number from 1 to 20 inches \(got 0\)$/],
    ['a 100 pt font', { fontPt: 100 }, /^fontPt must be a number from 4 to 24 points \(got 100\)$/],
    ['a pie layout', { layout: 'pie' as FigureStyle['layout'] }, /^layout must be one of single, overlay, small-multiples$/],
    ['an unknown form', { forms: ['M9' as FormName] }, /^forms must be null or a non-empty list of BNSL, M1, M2, M3, M4$/],
    ['no forms at all', { forms: [] }, /^forms must be/],
    ['a title of 1000 characters', { title: 'x'.repeat(1000) }, /^title is longer than 300 characters$/],
    ['a legend that is not a boolean', { legend: 'yes' as unknown as boolean }, /^legend must be true or false$/]
  ])('refuses %s, naming the field', (_what, partial, message) => {
    expect(() => figureStyle(partial)).toThrow(RangeError)
    expect(() => figureStyle(partial)).toThrow(message)
    expect(figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, ...partial })).toMatch(message)
  })

  it('refuses a style that is not an object', () => {
    expect(figureStyleProblem(null)).toBe('the figure style must be an object')
    expect(figureStyleProblem([])).toBe('the figure style must be an object')
  })

  it('accepts a PNG resolution from 50 to 1200 dpi and refuses others', () => {
    expect(dpiProblem(300)).toBeNull()
    expect(dpiProblem(50)).toBeNull()
    expect(dpiProblem(1200)).toBeNull()
    expect(dpiProblem(10)).toBe('dpi must be a number from 50 to 1200 dots per inch (got 10)')
    expect(dpiProblem('300')).toBe('dpi must be a number from 50 to 1200 dots per inch (got "300")')
    // Values only IPC can carry (a BigInt, a cycle) are described, not serialised: the check never throws.
    expect(dpiProblem(BigInt(300))).toBe('dpi must be a number from 50 to 1200 dots per inch (got 300)')
    const loop: Record<string, unknown> = {}
    loop.self = loop
    expect(figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, fontPt: loop as never })).toBe('fontPt must be a number from 4 to 24 points (got an object)')
    expect(dpiProblem(Number.NaN)).toMatch(/^dpi must be a number/)
  })
})

describe('palette', () => {
  it('draws forms in Okabe-Ito colours, never the yellow that vanishes on white', () => {
    const colours = Object.values(FORM_COLORS)
    for (const c of colours) expect(Object.values(OKABE_ITO)).toContain(c)
    expect(colours).not.toContain(OKABE_ITO.yellow)
    expect(new Set(colours).size).toBe(colours.length)
  })

  it('uses only greys in the grey scale', () => {
    for (const form of ['BNSL', 'M1', 'M2', 'M3', 'M4'] as const) expect(isGrey(formColor(form, 'gray'))).toBe(true)
    for (let i = 0; i < 10; i++) expect(isGrey(curveColor(i, 'gray'))).toBe(true)
  })
})

describe('curve layers', () => {
  it('crops the smallest-x fit points, skipping excluded and held-out points', () => {
    const c = curve()
    expect([...croppedIndices(c, 1)]).toEqual([0])
    // Point 1 is excluded, so a crop of 2 drops points 0 and 2.
    expect([...croppedIndices(c, 2)].sort()).toEqual([0, 2])
    expect(croppedIndices(c, 0).size).toBe(0)
    expect(croppedIndices(c, 10).size).toBe(3)
  })

  it('crops by x, not by the order the points were entered in', () => {
    const c = curve()
    c.points = [...c.points].reverse()
    // Reversed: the fit point at 1e3 is now index 5, the one at 1e5 index 3.
    expect([...croppedIndices(c, 2)].sort()).toEqual([3, 5])
  })

  it('groups points by kind, cropped fit points in a group of their own', () => {
    const groups = pointGroups(curve(), 1)
    expect(groups.cropped.map((d) => d[2])).toEqual([0])
    expect(groups.fit.map((d) => d[2])).toEqual([2, 3])
    expect(groups.heldout.map((d) => d[2])).toEqual([4, 5])
    expect(groups.excluded.map((d) => d[2])).toEqual([1])
  })

  it('leaves out points whose value cannot be drawn', () => {
    const groups = pointGroups(curve(), 0, (i) => (i === 0 ? Number.NaN : i))
    expect(groups.fit.map((d) => d[2])).toEqual([2, 3])
  })

  it('takes the fitted range from the first kept fit point to the largest fit point', () => {
    expect(fittedRange(curve(), { crop: 0 })).toEqual([1e3, 1e6])
    expect(fittedRange(curve(), { crop: 1 })).toEqual([1e5, 1e6])
    // A crop larger than the fit points keeps the last one rather than none.
    expect(fittedRange(curve(), { crop: 9 })).toEqual([1e6, 1e6])
    expect(fittedRange(curve({ points: [{ x: 1, y: 1, split: 'heldout' }] }), { crop: 0 })).toBeNull()
  })

  it('splits a line at the ends of the fitted range, the ends shared so the pieces meet', () => {
    const line: Array<[number, number]> = [1, 2, 3, 4, 5].map((x) => [x, x * 10])
    expect(splitLine(line, [2, 4])).toEqual({
      before: [
        [1, 10],
        [2, 20]
      ],
      inside: [
        [2, 20],
        [3, 30],
        [4, 40]
      ],
      after: [
        [4, 40],
        [5, 50]
      ]
    })
    expect(splitLine(line, null)).toEqual({ before: [], inside: [], after: line })
  })

  it('pads a range out to round numbers that contain it', () => {
    const [lo, hi] = paddedRange(1234, 8.7e7, true)
    expect(lo).toBeLessThan(1234)
    expect(hi).toBeGreaterThan(8.7e7)
    // Ends are 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten.
    for (const end of [lo, hi]) expect([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]).toContain(Number((end / 10 ** Math.floor(Math.log10(end))).toPrecision(6)))
    // Positive values keep a linear axis from going below zero.
    const [a, b] = paddedRange(3, 97, false)
    expect(a).toBe(0)
    expect(b).toBeGreaterThanOrEqual(97)
    expect(b).toBeLessThan(97 * 1.5)
  })

  it('gives a log axis a second axis of the same range that carries the minor ticks', () => {
    const look = { fontSize: 8, nameFontSize: 8, fontFamily: 'DejaVu Sans', color: '#000', lineColor: '#888', lineWidth: 1, tickLength: 3, minorTickLength: 2 }
    const [main, minor] = axisPair(true, [1e3, 1e6], 'x', look) as Array<{
      min: number
      max: number
      axisLabel: { customValues: number[]; formatter: (v: number) => string; show: boolean }
      axisTick: { customValues: number[] }
    }>
    expect(main.axisLabel.customValues).toEqual([1e3, 1e4, 1e5, 1e6])
    expect(main.axisLabel.customValues.map(main.axisLabel.formatter)).toEqual(['10³', '10⁴', '10⁵', '10⁶'])
    expect([minor.min, minor.max]).toEqual([1e3, 1e6])
    expect(minor.axisLabel.show).toBe(false)
    expect(minor.axisTick.customValues).toHaveLength(3 * 8)
    // A linear axis has no second axis.
    expect(axisPair(false, [0, 10], 'x', look)).toHaveLength(1)
  })

  it('draws grid lines at the major ticks inside the plot only', () => {
    const grid = gridLineSeries('g', { log: true, range: [1e3, 1e6], axisIndex: 0 }, { log: true, range: [0.1, 10], axisIndex: 0 }, 1)
    expect((grid.markLine as { data: unknown[] }).data).toEqual([{ xAxis: 1e4 }, { xAxis: 1e5 }, { yAxis: 1 }])
  })
})

// Figures -----------------------------------------------------------------------------------------------------

interface Axis {
  gridIndex: number
  min: number
  max: number
  name: string
  axisLine: { show: boolean }
  axisLabel: { show: boolean; customValues?: number[] }
}

/** The labelled axes of a figure, one per grid (the second axis of a log pair carries only minor ticks). */
const mainAxes = (axes: unknown): Axis[] => (axes as Axis[]).filter((a) => a.axisLine.show)
const byId = (option: FigureOption, id: string): ChartSeries => {
  const found = option.series.find((s) => s.id === id)
  if (!found) throw new Error(`no series ${id}`)
  return found
}
const grids = (option: FigureOption): Array<{ left: number; top: number; width: number; height: number }> =>
  option.grid as Array<{ left: number; top: number; width: number; height: number }>
const lineColor = (s: ChartSeries): string => (s as { lineStyle: { color: string } }).lineStyle.color
const itemColor = (s: ChartSeries): string => (s as { itemStyle: { color: string } }).itemStyle.color

function isGrey(colour: string): boolean {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour)
  return hex !== null && hex[1].toLowerCase() === hex[2].toLowerCase() && hex[2].toLowerCase() === hex[3].toLowerCase()
}

/** Panels of `n` curves, each scaled in y so they do not lie on top of each other. */
function panels(n: number, names?: string[]): FigurePanel[] {
  return Array.from({ length: n }, (_, i) => ({
    curve: curve({ id: `c${i}`, name: names?.[i] ?? `curve ${i + 1}` }, 1 + i),
    fits: [fit('M1', { b: 2 * (1 + i), c: -0.3 }, { heldoutRmsle: 0.02 }), bnsl]
  }))
}

describe('buildFigureOption: single', () => {
  const option = buildFigureOption([{ curve: curve(), fits: [m1, bnsl] }], figureStyle())

  it('draws one grid with a solid line and a dashed extrapolation for each fitted form', () => {
    expect(grids(option)).toHaveLength(1)
    for (const form of ['BNSL', 'M1']) {
      expect(byId(option, `line:${form}`).data).not.toHaveLength(0)
      expect(byId(option, `extrapolation:${form}`).data).not.toHaveLength(0)
    }
    expect(lineColor(byId(option, 'line:BNSL'))).toBe(FORM_COLORS.BNSL)
    expect(lineColor(byId(option, 'line:M1'))).toBe(FORM_COLORS.M1)
  })

  it('draws only the forms asked for', () => {
    const only = buildFigureOption([{ curve: curve(), fits: [m1, bnsl] }], figureStyle({ forms: ['M1'] }))
    expect(only.series.some((s) => s.id === 'line:BNSL')).toBe(false)
    expect(only.series.some((s) => s.id === 'line:M1')).toBe(true)
  })

  it('names the legend entries after the forms, BNSL with its break count', () => {
    const legend = option.legend as { data: Array<{ name: string } | string>; formatter: (name: string) => string; show: boolean }
    const names = legend.data.map((d) => (typeof d === 'string' ? d : d.name))
    expect(names).toEqual(expect.arrayContaining(['BNSL', 'M1', 'Fit points', 'Held-out points']))
    expect(legend.formatter('BNSL')).toBe('BNSL, 2 breaks')
    expect(legend.show).toBe(true)
  })

  it('hides the legend when asked', () => {
    const bare = buildFigureOption([{ curve: curve(), fits: [m1] }], figureStyle({ legend: false }))
    expect((bare.legend as { show: boolean }).show).toBe(false)
  })

  it('lays the plot out inside the canvas, in points', () => {
    const style = figureStyle()
    const { width, height } = figureSizePt(style)
    const [g] = grids(option)
    expect(g.left).toBeGreaterThan(0)
    expect(g.top).toBeGreaterThan(0)
    expect(g.left + g.width).toBeLessThan(width)
    expect(g.top + g.height).toBeLessThan(height)
  })

  it('uses only grey lines in the grey scale', () => {
    const grey = buildFigureOption([{ curve: curve(), fits: [m1, bnsl] }], figureStyle({ palette: 'gray' }))
    const lines = grey.series.filter((s) => /^(line|extrapolation|before):/.test(s.id))
    expect(lines.length).toBeGreaterThanOrEqual(4)
    for (const s of lines) expect(isGrey(lineColor(s)), `${s.id} is ${lineColor(s)}`).toBe(true)
    // The forms are told apart by their dash instead.
    const dash = (s: ChartSeries): unknown => (s as { lineStyle: { type: unknown } }).lineStyle.type
    expect(dash(byId(grey, 'line:BNSL'))).not.toEqual(dash(byId(grey, 'line:M1')))
  })

  it('refuses a figure without curves', () => {
    expect(() => buildFigureOption([], figureStyle())).toThrow(RangeError)
    expect(() => buildFigureOption([], figureStyle())).toThrow('a figure needs at least one curve')
  })
})

describe('buildFigureOption: overlay', () => {
  const option = buildFigureOption(panels(3), figureStyle({ layout: 'overlay' }))

  it('draws every curve on one chart with one legend entry per curve', () => {
    expect(grids(option)).toHaveLength(1)
    const legend = option.legend as { data: Array<{ name: string; icon: string }> }
    expect(legend.data.map((d) => d.name)).toEqual(['curve 1', 'curve 2', 'curve 3'])
  })

  it('gives each curve its own colour and marker, its legend icon the same marker', () => {
    const fitPoints = [0, 1, 2].map((i) => byId(option, `p${i}:points:fit`))
    expect(new Set(fitPoints.map(itemColor)).size).toBe(3)
    const symbols = fitPoints.map((s) => (s as { symbol: string }).symbol)
    expect(new Set(symbols).size).toBe(3)
    const legend = option.legend as { data: Array<{ name: string; icon: string }> }
    expect(legend.data.map((d) => d.icon)).toEqual(symbols)
    // Each curve's line takes the curve's colour.
    for (let i = 0; i < 3; i++) expect(lineColor(byId(option, `p${i}:line:M1`))).toBe(itemColor(fitPoints[i]))
  })

  it('draws the best form of each curve only', () => {
    expect(option.series.filter((s) => /^p\d:line:/.test(s.id)).map((s) => s.id)).toEqual(['p0:line:M1', 'p1:line:M1', 'p2:line:M1'])
  })

  it('uses only grey colours in the grey scale', () => {
    const grey = buildFigureOption(panels(3), figureStyle({ layout: 'overlay', palette: 'gray' }))
    const lines = grey.series.filter((s) => /:(line|extrapolation|before):/.test(s.id))
    expect(lines.length).toBeGreaterThanOrEqual(6)
    for (const s of lines) expect(isGrey(lineColor(s)), `${s.id} is ${lineColor(s)}`).toBe(true)
  })
})

describe('buildFigureOption: small multiples', () => {
  const style = figureStyle({ layout: 'small-multiples', widthIn: 6.75, heightIn: 4.5 })
  const option = buildFigureOption(panels(5), style)
  const { width, height } = figureSizePt(style)

  it('draws one grid per curve, each inside the canvas and none overlapping another', () => {
    const cells = grids(option)
    expect(cells).toHaveLength(5)
    for (const c of cells) {
      expect(c.left).toBeGreaterThanOrEqual(0)
      expect(c.top).toBeGreaterThanOrEqual(0)
      expect(c.width).toBeGreaterThan(0)
      expect(c.height).toBeGreaterThan(0)
      expect(c.left + c.width).toBeLessThanOrEqual(width)
      expect(c.top + c.height).toBeLessThanOrEqual(height)
    }
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const [a, b] = [cells[i], cells[j]]
        const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top
        expect(apart, `panels ${i} and ${j} overlap`).toBe(true)
      }
    }
  })

  it('titles each panel with its curve', () => {
    const titles = option.title as Array<{ text: string }>
    expect(titles.map((t) => t.text)).toEqual(['curve 1', 'curve 2', 'curve 3', 'curve 4', 'curve 5'])
  })

  it('with shared axes, gives every panel the same ranges and tick labels on the outer panels only', () => {
    const cells = grids(option)
    const x = mainAxes(option.xAxis)
    const y = mainAxes(option.yAxis)
    expect(x.map((a) => a.gridIndex)).toEqual([0, 1, 2, 3, 4])
    expect(new Set(x.map((a) => `${a.min}..${a.max}`)).size).toBe(1)
    expect(new Set(y.map((a) => `${a.min}..${a.max}`)).size).toBe(1)
    const leftmost = Math.min(...cells.map((c) => c.left))
    for (const [g, c] of cells.entries()) {
      // Nothing is drawn below a panel whose x labels show; a panel left of it hides its y labels.
      const below = cells.some((o) => o.top > c.top && o.left < c.left + c.width && c.left < o.left + o.width)
      expect(x[g].axisLabel.show, `x labels of panel ${g}`).toBe(!below)
      expect(y[g].axisLabel.show, `y labels of panel ${g}`).toBe(c.left === leftmost)
    }
    expect(x.filter((a) => a.axisLabel.show).length).toBeLessThan(5)
    expect(y.filter((a) => a.axisLabel.show).length).toBeLessThan(5)
  })

  it('without shared axes, gives each panel its own range and its own tick labels', () => {
    const own = buildFigureOption(
      [
        { curve: curve({ name: 'small' }, 1), fits: [m1] },
        { curve: curve({ name: 'large', points: curve().points.map((p) => ({ ...p, x: p.x * 1e4, y: p.y * 100 })) }), fits: [m1] }
      ],
      figureStyle({ layout: 'small-multiples', sharedAxes: false, widthIn: 6.75, heightIn: 3 })
    )
    const x = mainAxes(own.xAxis)
    const y = mainAxes(own.yAxis)
    expect(x).toHaveLength(2)
    expect(x[1].min).toBeGreaterThan(x[0].min)
    expect(x[1].max).toBeGreaterThan(x[0].max)
    expect(y[1].max).toBeGreaterThan(y[0].max)
    for (const a of [...x, ...y]) expect(a.axisLabel.show).toBe(true)
  })

  it('refuses a size too small for its panels, saying what to change', () => {
    const tiny = figureStyle({ layout: 'small-multiples', widthIn: 1, heightIn: 0.75, fontPt: 24 })
    expect(() => buildFigureOption(panels(5), tiny)).toThrow(RangeError)
    expect(() => buildFigureOption(panels(5), tiny)).toThrow('1 x 0.75 in is too small for 5 panels at 24 pt: make the figure larger or the font smaller')
  })
})

// SVG ------------------------------------------------------------------------------------------------------------

const fonts = figureFonts(join(root, 'resources'))

/** The text content of every <text> element, entities left as they are. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])

describe('figures as SVG', () => {
  const style = figureStyle()
  const svg = renderFigureSvg(buildFigureOption([{ curve: curve(), fits: [m1, bnsl] }], style), style, fonts)

  it('labels the log axes by decades, 10³ to 10⁸ on x', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(decadeLabels([3, 4, 5, 6, 7, 8])))
  })

  it('names the axes and the forms in the legend', () => {
    expect(texts(svg)).toEqual(expect.arrayContaining(['seen examples', 'error rate', 'BNSL, 2 breaks', 'M1']))
  })

  it('draws each form as a stroked path in its colour', () => {
    for (const colour of [FORM_COLORS.BNSL, FORM_COLORS.M1]) {
      const strokes = [...svg.matchAll(/<path\b[^>]*>/g)].filter((m) => m[0].toLowerCase().includes(`stroke="${colour.toLowerCase()}"`) && m[0].includes('fill="none"'))
      expect(strokes.length, `paths stroked ${colour}`).toBeGreaterThanOrEqual(2)
    }
  })

  it('is as wide in inches as the style asks', () => {
    const rootTag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? ''
    expect(rootTag).toContain(`width="${style.widthIn}in"`)
    expect(rootTag).toContain(`height="${style.heightIn}in"`)
    expect(rootTag).toContain('viewBox="0 0 234 172.8"')
  })

  it('puts a grid line at every labelled value of a linear axis, and a label at every grid line', () => {
    const linear = figureStyle({ yLog: false })
    const drawn = renderFigureSvg(buildFigureOption([{ curve: curve(), fits: [m1, bnsl] }], linear), linear, fonts)
    // y tick labels are anchored at their end, left of the axis; grid lines are horizontal paths in the grid colour.
    const labelYs = [...drawn.matchAll(/<text\b[^>]*text-anchor="end"[^>]*translate\([\d.]+ ([\d.]+)\)[^>]*>[-\d.]+<\/text>/g)].map((m) => Number(m[1]))
    const gridYs = [...drawn.matchAll(/<path d="M[\d.]+ ([\d.]+)L[\d.]+ ([\d.]+)"[^>]*stroke="#e6e9ee"/g)].filter((m) => m[1] === m[2]).map((m) => Number(m[1]))
    expect(labelYs.length).toBeGreaterThanOrEqual(3)
    const [top, bottom] = [Math.min(...labelYs), Math.max(...labelYs)]
    const inner = labelYs.filter((y) => y > top && y < bottom)
    expect(inner.length).toBeGreaterThanOrEqual(1)
    for (const y of inner) expect(gridYs.some((g) => Math.abs(g - y) < 1), `a grid line at the label at ${y}`).toBe(true)
    for (const g of gridYs) expect(labelYs.some((y) => Math.abs(g - y) < 1), `a label at the grid line at ${g}`).toBe(true)
  })

  it('escapes a script-like curve name and title, so they stay text', () => {
    const name = '<script>alert(1)</script> & \\'
    const overlay = figureStyle({ layout: 'overlay', title: '<b>x</b>', widthIn: 6.75, heightIn: 3 })
    const escaped = renderFigureSvg(buildFigureOption(panels(3, [name, 'b', 'c']), overlay), overlay, fonts)
    expect(texts(escaped)).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\')
    expect(texts(escaped)).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(escaped).not.toMatch(/<script/i)
    expect(escaped).not.toMatch(/<b>/)
  })
})
