// The report as booktabs tables to \input into a paper: one row per curve and form (breaks, crop, fit and held-out
// RMSLE, and on the forecasting form's row the forecast at the first asked x with its 80% interval), then every
// asked x of every forecast. No preamble: the reader's document has one.
import { formatLevel } from '../../../figures/forecast-chart'
import { DASH, num } from './report-document'
import type { CurveSection, IntervalValue, ReportModel } from './report-model'

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}'
}

/** Text set as typed: every character LaTeX would read as a command, group, math or comment is escaped. */
function escapeLatex(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\&%$#_{}~^<>|]/g, (c) => LATEX_SPECIALS[c])
}

/** A number for a table: 4 significant digits, `1.23e8` as $1.23\times10^{8}$, --- for none. */
function latexNumber(value: number | null | undefined): string {
  const text = num(value)
  if (text === DASH) return '---'
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(text)
  if (m) return `$${m[1]}\\times10^{${m[2]}}$`
  return text.startsWith('-') ? `$${text}$` : text
}

function latexInterval(i: IntervalValue | undefined): string {
  if (!i || i.low === null || i.high === null) return '---'
  return `[${latexNumber(i.low)}, ${latexNumber(i.high)}]`
}

const row = (cells: string[]): string => `${cells.join(' & ')} \\\\`

/** The forecast cells of a curve's rows: x, y and the 80% prediction interval at the first asked x. */
function forecastCells(curve: CurveSection): string[] {
  const first = curve.forecast?.at[0]
  if (!first) return ['---', '---', '---']
  const interval = first.intervals.find((i) => i.kind === 'prediction' && i.level === 0.8)
  return [latexNumber(first.x), latexNumber(first.y), latexInterval(interval)]
}

function fitRows(curve: CurveSection): string[] {
  const f = curve.forecast
  // The forecast goes on the row of the fit it used (same form, breaks and crop), else on a row of its own.
  const match = f ? curve.fits.findIndex((fit) => fit.form === f.form && fit.breaks === f.breaks && fit.crop === f.crop) : -1
  const rows = curve.fits.map((fit, i) => [
    escapeLatex(fit.form) + (fit.stale ? ' (stale)' : ''),
    fit.form === 'BNSL' ? String(fit.breaks) : '---',
    String(fit.crop),
    latexNumber(fit.fitRmsle),
    latexNumber(fit.heldoutRmsle),
    ...(i === match ? forecastCells(curve) : ['', '', ''])
  ])
  if (f && match < 0) {
    rows.push([`${f.form} (forecast)`, f.form === 'BNSL' ? String(f.breaks) : '---', String(f.crop), '---', '---', ...forecastCells(curve)])
  }
  if (rows.length === 0) rows.push(['---', '---', '---', '---', '---', '', '', ''])
  return rows.map((cells, i) => row([i === 0 ? escapeLatex(curve.name) : '', ...cells]))
}

/** The fits table: spec, header and rows. */
function fitsTable(model: ReportModel): string[] {
  const groups = model.curves.map(fitRows)
  return [
    '\\begin{tabular}{llrrrrrrl}',
    '\\toprule',
    row(['Curve', 'Form', 'Breaks', 'Crop', 'Fit RMSLE', 'Held-out RMSLE', 'Forecast $x$', 'Forecast $y$', '80\\,\\% interval']),
    '\\midrule',
    ...groups.flatMap((rows, i) => (i > 0 ? ['\\addlinespace', ...rows] : rows)),
    '\\bottomrule',
    '\\end{tabular}'
  ]
}

/** Every asked x of every forecast with its prediction interval at each level. */
function forecastsTable(model: ReportModel): string[] {
  const forecasts = model.curves.filter((c) => c.forecast && c.forecast.at.length > 0)
  if (forecasts.length === 0) return []
  const levels = [...new Set(forecasts.flatMap((c) => c.forecast?.levels ?? []))].sort((a, b) => a - b)
  const rows = forecasts.flatMap((curve) => {
    const f = curve.forecast
    if (!f) return []
    const form = `${f.form}${f.form === 'BNSL' ? ` (${f.breaks} ${f.breaks === 1 ? 'break' : 'breaks'})` : ''}${f.stale ? ' (stale)' : ''}`
    return f.at.map((p, i) =>
      row([
        i === 0 ? escapeLatex(curve.name) : '',
        i === 0 ? escapeLatex(form) : '',
        latexNumber(p.x),
        latexNumber(p.y),
        ...levels.map((l) => latexInterval(p.intervals.find((v) => v.kind === 'prediction' && v.level === l)))
      ])
    )
  })
  return [
    '',
    '% Forecasts: y at every asked x with its prediction interval at each level.',
    `\\begin{tabular}{llrr${'l'.repeat(levels.length)}}`,
    '\\toprule',
    row(['Curve', 'Form', '$x$', '$y$', ...levels.map((l) => `${formatLevel(l).replace('%', '\\,\\%')} interval`)]),
    '\\midrule',
    ...rows,
    '\\bottomrule',
    '\\end{tabular}'
  ]
}

/** The report's tables as LaTeX source. */
export function reportLatex(model: ReportModel): string {
  const lines = [
    `% ${escapeLatex(`${model.software.name} ${model.software.version}: report of ${model.title || 'Untitled project'}, ${model.generatedAt}`)}`,
    '% Needs \\usepackage{booktabs} in the preamble; \\input this file where the tables go.',
    '% RMSLE: root mean squared log error; held out: on the points kept out of the fit. --- marks no value.',
    ...fitsTable(model),
    ...forecastsTable(model)
  ]
  return `${lines.join('\n')}\n`
}
