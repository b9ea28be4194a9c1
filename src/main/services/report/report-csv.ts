// The report and the compare table as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break). Numbers are written at full precision (the shortest text that reads
// back to the same double), an empty field is no value, and a text field a spreadsheet would run as a formula
// (starting with = + - @, tab or CR) gets a leading apostrophe.
import type { CompareTable, CurveSection, ReportModel } from './report-model'

type Field = string | number | boolean | null | undefined

/** One field as RFC 4180 wants it, with text guarded against formula injection; numbers are never guarded. */
function csvField(value: Field): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvLine = (fields: readonly Field[]): string => fields.map(csvField).join(',')

/**
 * The columns of the report CSV. One tidy table: every row is one observation, `record` says which kind, and a
 * row fills the columns its kind uses (the rest are empty):
 * - `report`: name (software, software_version, generated_at, project) and text.
 * - `setting`: name (fit.forms, fit.breaks, fit.crop, fit.max_breaks, forecast.form, forecast.breaks, ...) and text.
 * - `curve`: curve_id, curve, and either name (points, fit_points, heldout_points, excluded_points, revision) with
 *   value, or name (x_quantity, x_unit, y_metric, tags, notes) with text.
 * - `fit`: one per form fitted: form, breaks, crop, status, stale, fit_rmsle, heldout_rmsle, and best (true for the
 *   form with the lowest held-out RMSLE) in text.
 * - `param`: one per parameter of a fit: form, breaks, crop, status, stale, name (the parameter), value.
 * - `selection`: one per candidate a fit compared: form, breaks and crop (the fit's), name (breaks or crop),
 *   candidate (the break count or crop compared), validation_rmsle, and text `chosen` for the one the fit used.
 * - `forecast`: one per asked x, level and band kind: form, breaks, crop (of the forecasting fit), stale, x, y,
 *   level, band (prediction or confidence), low, high. An x without intervals has one row with empty level.
 * - `target`: one per asked y and level: y (the target), x (where it is reached; empty when not), share (of
 *   resamples that reach it), level, low, high.
 * - `forecast_param`: one per parameter of the forecasting fit and level: name, value, standard_error, level, low, high.
 * - `forecast_candidate`: one per candidate the forecast compared: form, breaks, crop, validation_rmsle, share (its
 *   weight among the resamples).
 * - `forecast_info`: name (method, bootstrap in text; resamples, failed_resamples, seed, residual_sd, min_fit_x,
 *   max_fit_x, extrapolation_growth, asked_form in text) with value or text.
 * - `crossover`: one per crossing and level: curve_id and curve (the first curve), other_curve_id and other_curve,
 *   stale, x (the crossing), share (of resample pairs), text (the name of the curve lower after it), level, low,
 *   high. A pair with no crossing in range has one row with empty x.
 * - `crossover_range`: one per pair: the x range searched in low and high; text `asked`, or `default` when the
 *   engine chose it from both curves' fit points.
 */
export const REPORT_CSV_COLUMNS = [
  'record',
  'curve_id',
  'curve',
  'form',
  'breaks',
  'crop',
  'status',
  'stale',
  'name',
  'value',
  'text',
  'standard_error',
  'fit_rmsle',
  'heldout_rmsle',
  'candidate',
  'validation_rmsle',
  'x',
  'y',
  'level',
  'band',
  'low',
  'high',
  'share',
  'other_curve_id',
  'other_curve'
] as const

type Column = (typeof REPORT_CSV_COLUMNS)[number]
type Row = Partial<Record<Column, Field>>

function curveRows(c: CurveSection): Row[] {
  const base = { curve_id: c.id, curve: c.name }
  const rows: Row[] = [
    ...(
      [
        ['points', c.points.total],
        ['fit_points', c.points.fit],
        ['heldout_points', c.points.heldout],
        ['excluded_points', c.points.excluded],
        ['revision', c.revision]
      ] as const
    ).map(([name, value]) => ({ record: 'curve', ...base, name, value })),
    ...(
      [
        ['x_quantity', c.xQuantity],
        ['x_unit', c.xUnit],
        ['y_metric', c.yMetric],
        ['tags', c.tags.join(', ')],
        ['notes', c.notes]
      ] as const
    ).map(([name, text]) => ({ record: 'curve', ...base, name, text }))
  ]
  for (const fit of c.fits) {
    const of = { ...base, form: fit.form, breaks: fit.breaks, crop: fit.crop, status: fit.status, stale: fit.stale }
    rows.push({ record: 'fit', ...of, fit_rmsle: fit.fitRmsle, heldout_rmsle: fit.heldoutRmsle, text: fit.best ? 'best' : '' })
    for (const p of fit.params) rows.push({ record: 'param', ...of, name: p.name, value: p.value })
    const sel = { record: 'selection', ...base, form: fit.form, breaks: fit.breaks, crop: fit.crop }
    for (const s of fit.selection.breaks) rows.push({ ...sel, name: 'breaks', candidate: s.n, validation_rmsle: s.validationRmsle, text: s.chosen ? 'chosen' : '' })
    for (const s of fit.selection.crop) rows.push({ ...sel, name: 'crop', candidate: s.k, validation_rmsle: s.validationRmsle, text: s.chosen ? 'chosen' : '' })
  }
  const f = c.forecast
  if (!f) return rows
  const of = { ...base, form: f.form, breaks: f.breaks, crop: f.crop, stale: f.stale }
  const info: Array<[string, Field, 'value' | 'text']> = [
    ['asked_form', f.askedForm, 'text'],
    ['method', f.method, 'text'],
    ['bootstrap', f.bootstrap, 'text'],
    ['resamples', f.resamples, 'value'],
    ['failed_resamples', f.failedResamples, 'value'],
    ['seed', f.seed, 'value'],
    ['residual_sd', f.residualSd, 'value'],
    ['min_fit_x', f.minFitX, 'value'],
    ['max_fit_x', f.maxFitX, 'value'],
    ['extrapolation_growth', f.extrapolation.growth, 'value']
  ]
  for (const [name, v, column] of info) rows.push({ record: 'forecast_info', ...of, name, [column]: v })
  for (const p of f.at) {
    if (p.intervals.length === 0) rows.push({ record: 'forecast', ...of, x: p.x, y: p.y })
    for (const i of p.intervals) rows.push({ record: 'forecast', ...of, x: p.x, y: p.y, level: i.level, band: i.kind, low: i.low, high: i.high })
  }
  for (const t of f.targets) {
    const target = { record: 'target', ...of, y: t.y, x: t.x, share: t.reachedShare }
    if (t.intervals.length === 0) rows.push(target)
    for (const i of t.intervals) rows.push({ ...target, level: i.level, low: i.low, high: i.high })
  }
  for (const p of f.parameters) {
    const param = { record: 'forecast_param', ...of, name: p.name, value: p.value, standard_error: p.standardError }
    if (p.intervals.length === 0) rows.push(param)
    for (const i of p.intervals) rows.push({ ...param, level: i.level, low: i.low, high: i.high })
  }
  for (const k of f.candidates) {
    rows.push({ record: 'forecast_candidate', ...base, form: k.form, breaks: k.breaks, crop: k.crop, validation_rmsle: k.validationRmsle, share: k.weight })
  }
  return rows
}

function reportRows(model: ReportModel): Row[] {
  const fit = model.fitSettings
  const forecast = model.forecastSettings
  const settings: Array<[string, Field]> = [
    ['fit.forms', fit.forms.join(' ')],
    ['fit.breaks', String(fit.breaks)],
    ['fit.crop', fit.crop],
    ['fit.max_breaks', String(fit.maxBreaks)],
    ['forecast.form', forecast.form],
    ['forecast.breaks', String(forecast.breaks)],
    ['forecast.crop', forecast.crop],
    ['forecast.max_breaks', String(forecast.maxBreaks)],
    ['forecast.resamples', String(forecast.resamples)],
    ['forecast.seed', String(forecast.seed)],
    ['forecast.bootstrap', forecast.bootstrap],
    ['forecast.levels', forecast.levels.join(' ')]
  ]
  const rows: Row[] = [
    { record: 'report', name: 'software', text: model.software.name },
    { record: 'report', name: 'software_version', text: model.software.version },
    { record: 'report', name: 'generated_at', text: model.generatedAt },
    { record: 'report', name: 'project', text: model.project.name },
    ...settings.map(([name, text]) => ({ record: 'setting', name, text })),
    ...model.curves.flatMap(curveRows)
  ]
  for (const c of model.crossovers) {
    const pair = {
      record: 'crossover',
      curve_id: c.curves[0].id,
      curve: c.curves[0].name,
      other_curve_id: c.curves[1].id,
      other_curve: c.curves[1].name,
      stale: c.stale
    }
    rows.push({ ...pair, record: 'crossover_range', low: c.range[0], high: c.range[1], text: c.rangeAsked ? 'asked' : 'default' })
    if (c.crossings.length === 0) rows.push(pair)
    for (const x of c.crossings) {
      const crossing = { ...pair, x: x.x, share: x.share, text: x.lowerAfter.name }
      if (x.intervals.length === 0) rows.push(crossing)
      for (const i of x.intervals) rows.push({ ...crossing, level: i.level, low: i.low, high: i.high })
    }
  }
  return rows
}

/** The report as one tidy CSV table (see REPORT_CSV_COLUMNS). */
export function reportCsv(model: ReportModel): string {
  const lines = [csvLine(REPORT_CSV_COLUMNS), ...reportRows(model).map((row) => csvLine(REPORT_CSV_COLUMNS.map((c) => row[c])))]
  return `${lines.join('\r\n')}\r\n`
}

/**
 * The Compare view's project table as CSV: one row per curve with its point counts, the held-out RMSLE of each
 * fitted form (`heldout_rmsle_<form>`, empty when the form has none or was not fitted), the best form and
 * whether some fit is stale.
 */
export function compareCsv(table: CompareTable): string {
  const header = [
    'curve_id',
    'curve',
    'points',
    'fit_points',
    'heldout_points',
    'excluded_points',
    ...table.forms.map((f) => `heldout_rmsle_${f}`),
    'best',
    'stale'
  ]
  const rows = table.rows.map((r) =>
    csvLine([
      r.id,
      r.name,
      r.points.total,
      r.points.fit,
      r.points.heldout,
      r.points.excluded,
      ...table.forms.map((f) => r.heldout[f]),
      r.best ?? '',
      r.stale
    ])
  )
  return `${[csvLine(header), ...rows].join('\r\n')}\r\n`
}
