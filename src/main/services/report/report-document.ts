// The report as a sequence of blocks (headings, paragraphs, facts, tables, figures) with every number already
// formatted for reading (4 significant digits, a dash for no value): what the HTML, Markdown and PDF writers
// lay out, each in its own way. The text is plain: each writer escapes it for its format.
import { formatCompact } from '../../../figures/chart-format'
import { formatLevel } from '../../../figures/forecast-chart'
import type { FitOptions } from '../../../shared/fit-types'
import type { ForecastSettings } from '../../../shared/project/types'
import type { CompareTable, CrossoverSection, CurveSection, FitSection, ForecastSection, IntervalValue, ReportModel } from './report-model'

export interface Cell {
  text: string
  strong?: boolean
}

export interface Column {
  label: string
  numeric?: boolean
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; muted?: boolean }
  | { kind: 'facts'; items: Array<[label: string, value: string]> }
  | { kind: 'table'; caption: string; columns: Column[]; rows: Cell[][]; footer?: Cell[] }
  | { kind: 'figure'; curveId: string; slug: string; caption: string }

export const DASH = '—'
const DIGITS = 4

/** A number for reading: 4 significant digits, scientific outside 1e-3..1e4, a dash for none. */
export const num = (v: number | null | undefined): string => formatCompact(v, DIGITS)
const share = (v: number | null): string => (v === null ? DASH : `${Math.round(v * 1000) / 10}%`)
const cell = (text: string, strong = false): Cell => (strong ? { text, strong } : { text })
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`

function formatIntervalText(i: IntervalValue | undefined): string {
  if (!i || i.low === null || i.high === null) return DASH
  return `${num(i.low)} – ${num(i.high)}`
}

function axisLabel(quantity: string, unit: string): string {
  if (!quantity && !unit) return DASH
  return unit ? `${quantity || 'x'} (${unit})` : quantity
}

function fitSettingsText(s: FitOptions): Array<[string, string]> {
  return [
    ['Forms', s.forms.join(', ') || DASH],
    ['BNSL breaks', s.breaks === 'auto' ? `auto (0 to ${s.maxBreaks}, by validation)` : String(s.breaks)],
    ['Crop', s.crop === 'auto' ? 'auto (by validation)' : 'none']
  ]
}

function forecastSettingsText(s: ForecastSettings): Array<[string, string]> {
  return [
    ['Forecast form', s.form],
    ['Forecast breaks', s.breaks === 'auto' ? `auto (0 to ${s.maxBreaks})` : String(s.breaks)],
    ['Forecast crop', s.crop],
    ['Resamples', s.resamples === 0 ? '0 (approximate intervals from the Jacobian)' : `${s.resamples} (${s.bootstrap} bootstrap, seed ${s.seed})`],
    ['Interval levels', s.levels.map(formatLevel).join(', ')]
  ]
}

/** The whole report as blocks, in reading order. */
export function reportBlocks(model: ReportModel, hasFigure: (curveId: string) => boolean): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: model.title || 'Untitled project' },
    {
      kind: 'paragraph',
      muted: true,
      text: `Report of ${plural(model.project.curveCount, 'curve')}, made with ${model.software.name} ${model.software.version} on ${model.generatedAt}.`
    }
  ]
  if (model.project.attribution) blocks.push({ kind: 'paragraph', muted: true, text: `Data: ${model.project.attribution}` })
  blocks.push(
    { kind: 'heading', level: 2, text: 'Settings' },
    { kind: 'facts', items: [...fitSettingsText(model.fitSettings), ...forecastSettingsText(model.forecastSettings)] },
    { kind: 'heading', level: 2, text: 'Forms compared' },
    ...summaryBlocks(model.summary)
  )
  for (const curve of model.curves) blocks.push(...curveBlocks(curve, hasFigure(curve.id)))
  if (model.crossovers.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Crossovers' }, crossoverTable(model.crossovers))
  }
  return blocks
}

function summaryBlocks(summary: CompareTable): Block[] {
  if (summary.rows.length === 0) return [{ kind: 'paragraph', text: 'The report has no curves.' }]
  const table: Block = {
    kind: 'table',
    caption: 'Held-out RMSLE of each form (lower is better); the best form of each curve in bold',
    columns: [
      { label: 'Curve' },
      { label: 'Points', numeric: true },
      ...summary.forms.map((form) => ({ label: form, numeric: true })),
      { label: 'Best' }
    ],
    rows: summary.rows.map((row) => [
      cell(row.stale ? `${row.name} (stale fits)` : row.name),
      cell(String(row.points.total)),
      ...summary.forms.map((form) => {
        const value = row.heldout[form]
        return cell(value === undefined ? '' : num(value), row.best === form)
      }),
      cell(row.best ?? DASH)
    ]),
    footer: [
      cell(`Win rate (${summary.ranked} ranked)`),
      cell(''),
      ...summary.winRates.map((w) => cell(`${share(w.rate)} (${w.wins})`)),
      cell('')
    ]
  }
  return [table]
}

function curveBlocks(curve: CurveSection, hasFigure: boolean): Block[] {
  const { points } = curve
  const counts = [`${points.fit} fit`, `${points.heldout} held out`, ...(points.excluded > 0 ? [`${points.excluded} excluded`] : [])]
  const facts: Array<[string, string]> = [
    ['x', axisLabel(curve.xQuantity, curve.xUnit)],
    ['y', curve.yMetric || DASH],
    ['Points', `${points.total}: ${counts.join(', ')}`]
  ]
  if (curve.tags.length > 0) facts.push(['Tags', curve.tags.join(', ')])
  if (curve.notes.trim()) facts.push(['Notes', curve.notes.trim()])
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: curve.name }, { kind: 'facts', items: facts }]
  if (hasFigure) blocks.push({ kind: 'figure', curveId: curve.id, slug: curve.slug, caption: `${curve.name}: points, fits and forecast` })
  if (curve.fits.length === 0) blocks.push({ kind: 'paragraph', text: 'No fits.' })
  else blocks.push(fitsTable(curve.fits), paramsTable(curve.fits), ...selectionBlocks(curve.fits))
  if (curve.forecast) blocks.push(...forecastBlocks(curve.forecast))
  return blocks
}

function fitsTable(fits: readonly FitSection[]): Block {
  return {
    kind: 'table',
    caption: 'Fits (the best form by held-out RMSLE in bold)',
    columns: [
      { label: 'Form' },
      { label: 'Breaks', numeric: true },
      { label: 'Break positions' },
      { label: 'Crop', numeric: true },
      { label: 'Fit RMSLE', numeric: true },
      { label: 'Held-out RMSLE', numeric: true },
      { label: 'Status' }
    ],
    rows: fits.map((f) => [
      cell(f.form, f.best),
      cell(f.form === 'BNSL' ? String(f.breaks) : DASH),
      cell(f.breakPositions.length > 0 ? f.breakPositions.map(num).join(', ') : DASH),
      cell(String(f.crop)),
      cell(num(f.fitRmsle)),
      cell(num(f.heldoutRmsle), f.best),
      cell(f.stale ? `${f.status}, stale` : f.status)
    ])
  }
}

function paramsTable(fits: readonly FitSection[]): Block {
  return {
    kind: 'table',
    caption: 'Parameters in original units (full precision in the JSON and CSV reports)',
    columns: [{ label: 'Form' }, { label: 'Parameters' }],
    rows: fits.map((f) => [cell(f.form), cell(f.params.map((p) => `${p.name} = ${num(p.value)}`).join(', ') || DASH)])
  }
}

function selectionBlocks(fits: readonly FitSection[]): Block[] {
  const rows = fits.flatMap((f) => [
    ...f.selection.breaks.map((c) => [cell(f.form), cell('breaks'), cell(String(c.n)), cell(num(c.validationRmsle), c.chosen), cell(c.chosen ? 'chosen' : '')]),
    ...f.selection.crop.map((c) => [cell(f.form), cell('crop'), cell(String(c.k)), cell(num(c.validationRmsle), c.chosen), cell(c.chosen ? 'chosen' : '')])
  ])
  if (rows.length === 0) return []
  return [
    {
      kind: 'table',
      caption: 'Selection: validation RMSLE of each break count and crop compared',
      columns: [{ label: 'Form' }, { label: 'Compared' }, { label: 'Candidate', numeric: true }, { label: 'Validation RMSLE', numeric: true }, { label: '' }],
      rows
    }
  ]
}

function forecastBlocks(f: ForecastSection): Block[] {
  const form = `${f.form}${f.form === 'BNSL' ? ` with ${plural(f.breaks, 'break')}` : ''}, crop ${f.crop}`
  const mixed = f.candidates.filter((c) => (c.weight ?? 0) > 0).length
  const others = mixed > 1 ? `; ${plural(mixed - 1, 'other form')} mixed into the resamples by validation error` : ''
  // Why auto forecasts from this form, from what it compared (a forecast stored before auto drew BNSL may have
  // picked another form although BNSL validated).
  const bnsl = f.candidates.find((c) => c.form === 'BNSL')
  const why =
    f.form === 'BNSL'
      ? 'BNSL with its own selection'
      : !bnsl
        ? 'BNSL could not be fitted, so the lowest validation error picked'
        : Number.isFinite(bnsl.validationRmsle ?? NaN)
          ? 'the lowest validation error picked'
          : 'BNSL had no validation error, so the lowest validation error picked'
  const chosen = f.askedForm === 'auto' ? `${form} (auto: ${why}${others})` : form
  const method =
    f.method === 'bootstrap'
      ? `${f.resamples} ${f.bootstrap} bootstrap resamples (seed ${f.seed}${f.failedResamples > 0 ? `, ${f.failedResamples} failed` : ''})`
      : 'approximate intervals from the Jacobian'
  const text = `${chosen}; ${method}. Largest fit x ${num(f.maxFitX)}; residual log sd ${num(f.residualSd)}.${f.stale ? ' Stale: made before the points last changed.' : ''}`
  const blocks: Block[] = [{ kind: 'heading', level: 3, text: 'Forecast' }, { kind: 'paragraph', text }]
  const levels = f.levels
  if (f.at.length > 0) {
    blocks.push({
      kind: 'table',
      caption: 'y at each asked x, with its prediction and confidence intervals',
      columns: [
        { label: 'x', numeric: true },
        { label: '× largest fit x', numeric: true },
        { label: 'y', numeric: true },
        ...(['prediction', 'confidence'] as const).flatMap((kind) => levels.map((l) => ({ label: `${formatLevel(l)} ${kind}`, numeric: true })))
      ],
      rows: f.at.map((p) => [
        cell(num(p.x)),
        cell(p.multiple === null ? DASH : `${num(p.multiple)}×`),
        cell(num(p.y), true),
        ...(['prediction', 'confidence'] as const).flatMap((kind) =>
          levels.map((l) => cell(formatIntervalText(p.intervals.find((i) => i.kind === kind && i.level === l))))
        )
      ])
    })
  }
  if (f.targets.length > 0) {
    blocks.push({
      kind: 'table',
      caption: 'x that reaches each asked y, among the resamples that reach it',
      columns: [
        { label: 'Target y', numeric: true },
        { label: 'x', numeric: true },
        { label: 'Reached', numeric: true },
        ...levels.map((l) => ({ label: `${formatLevel(l)} interval`, numeric: true }))
      ],
      rows: f.targets.map((t) => [
        cell(num(t.y)),
        cell(t.x === null ? 'not reached' : num(t.x), true),
        cell(share(t.reachedShare)),
        ...levels.map((l) => cell(formatIntervalText(t.intervals.find((i) => i.level === l))))
      ])
    })
  }
  if (f.parameters.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Parameters of the forecasting fit (${f.form})`,
      columns: [
        { label: 'Parameter' },
        { label: 'Value', numeric: true },
        { label: 'Std. error', numeric: true },
        ...levels.map((l) => ({ label: `${formatLevel(l)} interval`, numeric: true }))
      ],
      rows: f.parameters.map((p) => [
        cell(p.name),
        cell(num(p.value)),
        cell(num(p.standardError)),
        ...levels.map((l) => cell(formatIntervalText(p.intervals.find((i) => i.level === l))))
      ])
    })
  }
  if (f.candidates.length > 0) {
    blocks.push({
      kind: 'table',
      caption: 'Candidates compared by validation on the largest fit points: the one that forecasts first, then best first',
      columns: [{ label: 'Form' }, { label: 'Breaks', numeric: true }, { label: 'Crop', numeric: true }, { label: 'Validation RMSLE', numeric: true }, { label: 'Weight', numeric: true }],
      rows: f.candidates.map((c) => [
        cell(c.form),
        cell(c.form === 'BNSL' ? String(c.breaks) : DASH),
        cell(String(c.crop)),
        cell(num(c.validationRmsle)),
        cell(share(c.weight))
      ])
    })
  }
  return blocks
}

function crossoverTable(crossovers: readonly CrossoverSection[]): Block {
  const levels = [...new Set(crossovers.flatMap((c) => c.crossings.flatMap((x) => x.intervals.map((i) => i.level))))].sort((a, b) => a - b)
  const rows: Cell[][] = []
  for (const c of crossovers) {
    const pair = `${c.curves[0].name} × ${c.curves[1].name}${c.stale ? ' (stale)' : ''}`
    const range = `${num(c.range[0])} – ${num(c.range[1])}${c.rangeAsked ? '' : ' (default)'}`
    if (c.crossings.length === 0) rows.push([cell(pair), cell(range), cell('none in range'), cell(DASH), cell(DASH), ...levels.map(() => cell(DASH))])
    c.crossings.forEach((x, i) => {
      rows.push([
        cell(i === 0 ? pair : ''),
        cell(i === 0 ? range : ''),
        cell(num(x.x), true),
        cell(x.lowerAfter.name),
        cell(share(x.share)),
        ...levels.map((l) => cell(formatIntervalText(x.intervals.find((v) => v.level === l))))
      ])
    })
  }
  return {
    kind: 'table',
    caption: 'Where two curves’ forecasts cross, with the curve that is lower after the crossing',
    columns: [
      { label: 'Curves' },
      { label: 'x range' },
      { label: 'Crossing x', numeric: true },
      { label: 'Lower after' },
      { label: 'Share', numeric: true },
      ...levels.map((l) => ({ label: `${formatLevel(l)} interval`, numeric: true }))
    ],
    rows
  }
}
