// Parses and validates the command line into a typed command; every bad argument becomes a UsageError.
import { statSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIT_OPTIONS, DEFAULT_TIME_BUDGET_SECONDS, FORM_NAMES } from '../../shared/fit-types'
import type { FitOptions, FormName } from '../../shared/fit-types'
import { forecastOptions, forecastOptionsProblem } from '../../shared/forecast-options'
import { BOOTSTRAP_KINDS, FORECAST_DEFAULTS, FORECAST_FORMS, FORECAST_LIMITS } from '../../shared/forecast-types'
import type { ForecastOptions } from '../../shared/forecast-types'
import type { ImportFormat } from '../../shared/import'
import {
  CM_PER_INCH,
  DEFAULT_DPI,
  DEFAULT_FIGURE_STYLE,
  FIGURE_FORMATS,
  FIGURE_PALETTES,
  WIDTH_PRESETS,
  dpiProblem,
  figureStyle,
  type FigureFormat,
  type FigureStyle
} from '../../shared/figure-style'
import { BREAK_COUNTS, CROP_CHOICES, EXPECTED, IMPORT_FORMATS, fitOptionsProblem, timeBudgetProblem } from '../../shared/schema'

export const PROGRAM = 'scaling-studio'

const D = FORECAST_DEFAULTS

export const USAGE = `Usage:
  ${PROGRAM} fit <file> [options]        fit scaling laws to the curves in a CSV file
  ${PROGRAM} forecast <file> [options]   forecast each curve beyond its data, with intervals
  ${PROGRAM} export <file> [options]     figures (SVG, PNG, PDF) and reports of a project or curve file
  ${PROGRAM} bench [options]             compare the engine with the published BNSL results
  ${PROGRAM} --help | <command> --help

fit options:
  --format <f>     ${IMPORT_FORMATS.join('|')} (default auto)
  --forms <list>   comma-separated forms from ${FORM_NAMES.join(',')} (default all)
  --breaks <n>     BNSL breaks: auto|${BREAK_COUNTS.join('|')} (default auto)
  --crop <c>       drop the smallest-x points chosen by validation: ${CROP_CHOICES.join('|')} (default auto)
  --holdout-last <k>   hold out each curve's k largest distinct x (replaces the file's split column)
  --holdout-above <x>  hold out every point with x above this (replaces the file's split column)
                   A curve left with fewer than 2 distinct fit x is skipped and reported as failed (exit 1).
  --threads <n>    worker threads (default: the number of cores)
  --time-budget <s>  seconds one (curve, form) fit may run before it fails (default ${DEFAULT_TIME_BUDGET_SECONDS})
  --json <path>    also write every fit, with its points and predictions, as JSON

forecast options (also --format, --breaks, --crop, --holdout-last, --holdout-above, --threads, --time-budget):
  --forms <f>      the form that forecasts: ${FORECAST_FORMS.join('|')} (default ${D.form}: BNSL with its own
                   selection, the other forms mixed into the resamples by validation)
  --at <list>      x to forecast y at: numbers, multiples of each curve's largest fit x (2x,10x)
                   and/or heldout (each curve's held-out x) (default 2x,10x,100x)
  --target-y <list>  y values to find the x of (the data or compute a target loss needs)
  --crossover <A,B>  where curves A and B cross (repeatable)
  --levels <list>  interval levels between 0 and 1 (default ${D.levels.join(',')})
  --resamples <n>  bootstrap resamples, 0 for the instant approximate answer (default ${D.resamples})
  --seed <n>       seed of the resampling; the same seed gives the same numbers (default ${D.seed})
  --bootstrap <b>  ${BOOTSTRAP_KINDS.join('|')} (default ${D.bootstrap})
  --json <path>    also write every forecast, with parameters and intervals, as JSON

export options (a curve file is fitted first: also --format, --breaks, --crop, --holdout-last,
--holdout-above, --threads, --time-budget; a project file (.json) uses its stored fits and forecasts):
  --figure <path>  write a figure: .svg, .png or .pdf; a path ending in {curve}.<ext> (e.g.
                   "figs/{curve}.pdf") writes one figure per curve into that folder
  --report <path>  write a report: .html, .md (figures beside it), .tex (booktabs), .pdf, .csv or
                   .json; --compare-table <path.csv> writes the compare table
  --curves <list>  curve names, comma-separated (default: every curve)
  --forms <list>   forms to draw (default: every fitted form; the best one per curve when overlaid)
  --overlay | --small-multiples   several curves on one chart, or one panel per curve
  --independent-axes  small multiples with their own axis ranges (default: shared)
  --width-in <w> | --width-cm <w>   figure width (default ${DEFAULT_FIGURE_STYLE.widthIn} in; a double column is ${WIDTH_PRESETS.double})
  --height-in <h> | --height-cm <h> figure height (default ${DEFAULT_FIGURE_STYLE.heightIn} in)
  --dpi <n>        PNG resolution, written into the file (default ${DEFAULT_DPI})
  --font-pt <n>    tick label size in points after placement (default ${DEFAULT_FIGURE_STYLE.fontPt})
  --style <s>      color|gray (default color: Okabe-Ito)
  --bands          draw the stored forecast bands
  --no-breaks      leave out the BNSL break marks
  --title <t>, --x-label <t>, --y-label <t>, --no-legend
  --linear-x, --linear-y   linear axes instead of log

bench options:
  --data <path>    benchmark CSV (default resources/example/benchmark.vision.csv)
  --paper <path>   published held-out RMSLE per curve (default resources/example/paper-rmsle.vision.csv)
  --threads <n>    worker threads (default: the number of cores)
  --curves <n>     only the first n curves, for a quick run
  --json <path>    also write the whole report as JSON

Exit codes: 0 done, 1 a fit or file failed, 2 bad usage, 130 interrupted.`

/** A command line that cannot be run; the message says what to change. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Points to hold out in a file without a split column: each curve's k largest distinct x, or every x above a value. */
export type Holdout = { kind: 'last'; count: number } | { kind: 'above'; x: number }

export interface FitCommand {
  command: 'fit'
  file: string
  format: ImportFormat
  options: FitOptions
  holdout?: Holdout
  threads?: number
  json?: string
}

/** One item of --at: a plain x, a multiple of the curve's largest fit x, or every held-out x of the curve. */
export type AtItem = { kind: 'x'; x: number } | { kind: 'times'; factor: number } | { kind: 'heldout' }

export interface ForecastCommand {
  command: 'forecast'
  file: string
  format: ImportFormat
  /** Checked options; `at` is empty here and resolved per curve from `at` below. */
  options: ForecastOptions
  at: AtItem[]
  /** Each --crossover "A,B" as given: split into two of the file's curve names once it is read. */
  crossovers: string[]
  holdout?: Holdout
  threads?: number
  /** Seconds one curve's forecast may run (--time-budget); absent: the default. */
  timeBudgetSeconds?: number
  json?: string
}

export interface BenchCommand {
  command: 'bench'
  /** Absent: the example benchmark in the package. */
  data?: string
  paper?: string
  threads?: number
  curves?: number
  json?: string
}

/** What every command runs with, found by the entry from its own location. */
export interface CliContext {
  /** The built fit worker. */
  workerPath: string
  /** The package root, for the default benchmark files. */
  packageRoot: string
}

export interface ExportCommand {
  command: 'export'
  file: string
  format: ImportFormat
  /** Fit options for a curve file (a project file keeps its fits). */
  options: FitOptions
  holdout?: Holdout
  threads?: number
  curves: string[] | null
  /** Figure file, or with perCurve the folder the figures go into. */
  figure?: { path: string; perCurve: boolean; format: FigureFormat }
  report?: { path: string; kind: 'report' | 'compare-table' }
  style: FigureStyle
  dpi: number
}

/** The usage text: asked for (--help, exit 0), or shown because no command was given (bad usage, exit 2). */
export interface HelpCommand {
  command: 'help'
  asked: boolean
}

export type Command = FitCommand | ForecastCommand | ExportCommand | BenchCommand | HelpCommand

const fitFlags = {
  format: { type: 'string' },
  forms: { type: 'string' },
  breaks: { type: 'string' },
  crop: { type: 'string' },
  'holdout-last': { type: 'string' },
  'holdout-above': { type: 'string' },
  threads: { type: 'string' },
  'time-budget': { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

const forecastFlags = {
  ...fitFlags,
  at: { type: 'string' },
  'target-y': { type: 'string' },
  crossover: { type: 'string', multiple: true },
  levels: { type: 'string' },
  resamples: { type: 'string' },
  seed: { type: 'string' },
  bootstrap: { type: 'string' }
} as const

const benchFlags = {
  data: { type: 'string' },
  paper: { type: 'string' },
  threads: { type: 'string' },
  curves: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`)
  }
  return n
}

/** A finite number, in plain or exponent notation (1e9); the flag is named when it is not one. */
function finiteNumber(flag: string, text: string): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag}: "${text}" is not a number`)
  return n
}

/** --time-budget: seconds, as the fit settings take them; absent when the flag is not given. */
function timeBudget(value: string | undefined): { timeBudgetSeconds?: number } {
  if (value === undefined) return {}
  const seconds = finiteNumber('time-budget', value)
  if (timeBudgetProblem(seconds, '--time-budget') !== null) throw new UsageError(`--time-budget must be ${EXPECTED.timeBudget}, got ${value}`)
  return { timeBudgetSeconds: seconds }
}

/** A comma-separated list of positive numbers; at least one. */
function positiveNumbers(flag: string, value: string): number[] {
  const items = value.split(',').map((v) => v.trim())
  if (items.every((v) => v === '')) throw new UsageError(`--${flag} needs at least one number`)
  return items.map((item) => {
    const n = finiteNumber(flag, item)
    if (n <= 0) throw new UsageError(`--${flag} values must be > 0, got ${item}`)
    return n
  })
}

function parseHoldout(values: { 'holdout-last'?: string; 'holdout-above'?: string }): Holdout | undefined {
  const last = values['holdout-last']
  const above = values['holdout-above']
  if (last !== undefined && above !== undefined) throw new UsageError('--holdout-last and --holdout-above cannot be used together; choose one')
  if (last !== undefined) return { kind: 'last', count: positiveInteger('holdout-last', last) as number }
  if (above !== undefined) {
    const x = finiteNumber('holdout-above', above)
    if (x <= 0) throw new UsageError(`--holdout-above must be an x > 0, got ${above}`)
    return { kind: 'above', x }
  }
  return undefined
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase())
  if (found === undefined) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`)
  return found
}

function parseForms(value: string | undefined): FormName[] {
  if (value === undefined) return [...FORM_NAMES]
  const forms = value.split(',').map((f) => f.trim()).filter((f) => f !== '')
  if (forms.length === 0) throw new UsageError(`--forms needs at least one of ${FORM_NAMES.join(', ')}`)
  return forms.map((f, i) => {
    const form = FORM_NAMES.find((name) => name.toLowerCase() === f.toLowerCase())
    if (form === undefined) throw new UsageError(`--forms: unknown form "${f}"; the forms are ${FORM_NAMES.join(', ')}`)
    if (forms.findIndex((g) => g.toLowerCase() === f.toLowerCase()) !== i) throw new UsageError(`--forms lists "${form}" twice`)
    return form
  })
}

function parseBreaks(value: string | undefined): FitOptions['breaks'] {
  const choice = oneOf('breaks', value, ['auto', ...BREAK_COUNTS.map(String)], 'auto')
  return choice === 'auto' ? 'auto' : (BREAK_COUNTS.find((n) => String(n) === choice) ?? 'auto')
}

/** The fit options a command assembled, through the same check as the app's fit:run and project settings. */
function checkedFitOptions(options: FitOptions): FitOptions {
  const problem = fitOptionsProblem(options, 'options')
  if (problem !== null) {
    throw new UsageError(problem.replace(/^options\.(\w+)/, (whole, field: string) => FLAG_OF_FIELD[field] ?? whole))
  }
  return options
}

/** A path the user named must be an existing file; a missing one is a usage error, not a failed fit. */
function existingFile(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  let isFile = false
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw new UsageError(`${flag}: no such file: ${path}`)
  }
  if (!isFile) throw new UsageError(`${flag}: not a file: ${path}`)
  return path
}

/** The folder of a --json path must exist, so that a long run is not lost at the very end. */
/** An output file whose folder must exist. */
function outputPath(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  const folder = dirname(resolve(path))
  let isFolder = false
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    // Reported below.
  }
  if (!isFolder) throw new UsageError(`--${flag}: the folder ${folder} does not exist`)
  return path
}

const exportFlags = {
  ...fitFlags,
  figure: { type: 'string' },
  report: { type: 'string' },
  'compare-table': { type: 'string' },
  curves: { type: 'string' },
  overlay: { type: 'boolean' },
  'small-multiples': { type: 'boolean' },
  'independent-axes': { type: 'boolean' },
  'width-in': { type: 'string' },
  'height-in': { type: 'string' },
  'width-cm': { type: 'string' },
  'height-cm': { type: 'string' },
  dpi: { type: 'string' },
  'font-pt': { type: 'string' },
  style: { type: 'string' },
  bands: { type: 'boolean' },
  'no-breaks': { type: 'boolean' },
  title: { type: 'string' },
  'x-label': { type: 'string' },
  'y-label': { type: 'string' },
  'no-legend': { type: 'boolean' },
  'linear-x': { type: 'boolean' },
  'linear-y': { type: 'boolean' }
} as const

function parseWith<T extends typeof fitFlags | typeof forecastFlags | typeof exportFlags | typeof benchFlags>(args: string[], flags: T, command: string) {
  try {
    return parseArgs({ args, options: flags, allowPositionals: true, strict: true })
  } catch (error) {
    // node:util already names the flag ("Unknown option '--x'"); say which command it was given to.
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function parseFit(args: string[]): Command {
  const { values, positionals } = parseWith(args, fitFlags, 'fit')
  if (values.help) return { command: 'help', asked: true }
  if (positionals.length === 0) throw new UsageError('fit: name the curve file to fit, e.g. scaling-studio fit runs.csv')
  if (positionals.length > 1) throw new UsageError(`fit: expected one file, got ${positionals.length}: ${positionals.join(' ')}`)
  const breaks = parseBreaks(values.breaks)
  return {
    command: 'fit',
    file: existingFile('fit', positionals[0]) as string,
    format: oneOf('format', values.format, IMPORT_FORMATS, 'auto'),
    options: checkedFitOptions({
      forms: parseForms(values.forms),
      breaks,
      crop: oneOf('crop', values.crop, CROP_CHOICES, 'auto'),
      // A fixed break count needs no search above it; 'auto' searches the engine's default range.
      maxBreaks: breaks === 'auto' ? DEFAULT_FIT_OPTIONS.maxBreaks : breaks,
      ...timeBudget(values['time-budget'])
    }),
    holdout: parseHoldout(values),
    threads: positiveInteger('threads', values.threads),
    json: outputPath('json', values.json)
  }
}

/** --at: numbers, multiples ("10x") and "heldout", comma-separated. */
function parseAt(value: string | undefined): AtItem[] {
  if (value === undefined) return [2, 10, 100].map((factor) => ({ kind: 'times', factor }))
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '')
  if (items.length === 0) throw new UsageError('--at needs at least one x, a multiple like 10x, or heldout')
  if (items.length > FORECAST_LIMITS.maxQueries) throw new UsageError(`--at takes at most ${FORECAST_LIMITS.maxQueries} values, got ${items.length}`)
  return items.map((item): AtItem => {
    if (item.toLowerCase() === 'heldout') return { kind: 'heldout' }
    const multiple = /^(.+?)\s*[x×]$/i.exec(item)
    const text = multiple ? multiple[1] : item
    const n = Number(text)
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`--at: "${item}" is not an x > 0, a multiple of the largest fit x like 10x, or heldout`)
    }
    return multiple ? { kind: 'times', factor: n } : { kind: 'x', x: n }
  })
}

function parseLevels(value: string | undefined): number[] {
  if (value === undefined) return [...FORECAST_DEFAULTS.levels]
  const levels = value.split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => finiteNumber('levels', v))
  if (levels.length === 0) throw new UsageError('--levels needs at least one level between 0 and 1, e.g. 0.8,0.95')
  for (const level of levels) {
    if (!(level > 0 && level < 1)) throw new UsageError(`--levels must be between 0 and 1 (0.8 for an 80% interval), got ${level}`)
  }
  const twice = levels.find((l, i) => levels.indexOf(l) !== i)
  if (twice !== undefined) throw new UsageError(`--levels lists ${twice} twice`)
  return levels
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return FORECAST_DEFAULTS.seed
  const n = Number(value)
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--seed must be an integer, got "${value}"`)
  return n
}

function parseResamples(value: string | undefined): number {
  if (value === undefined) return FORECAST_DEFAULTS.resamples
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || n > FORECAST_LIMITS.maxResamples) {
    throw new UsageError(`--resamples must be an integer from 0 to ${FORECAST_LIMITS.maxResamples}, got "${value}"`)
  }
  return n
}

/** "A,B": two curve names (split against the file's names later, so a name may itself hold a comma). */
function parseCrossover(value: string): string {
  if (!value.includes(',')) throw new UsageError(`--crossover needs two curve names separated by a comma, e.g. --crossover "small,large"; got "${value}"`)
  return value
}

/** Which option field of fitOptionsProblem's or forecastOptionsProblem's message is which flag. */
const FLAG_OF_FIELD: Record<string, string> = {
  form: '--forms',
  forms: '--forms',
  timeBudgetSeconds: '--time-budget',
  breaks: '--breaks',
  crop: '--crop',
  resamples: '--resamples',
  seed: '--seed',
  bootstrap: '--bootstrap',
  levels: '--levels',
  at: '--at',
  targets: '--target-y'
}

function parseForecast(args: string[]): Command {
  const { values, positionals } = parseWith(args, forecastFlags, 'forecast')
  if (values.help) return { command: 'help', asked: true }
  if (positionals.length === 0) throw new UsageError('forecast: name the curve file to forecast, e.g. scaling-studio forecast runs.csv')
  if (positionals.length > 1) throw new UsageError(`forecast: expected one file, got ${positionals.length}: ${positionals.join(' ')}`)
  if (values.forms?.includes(',')) {
    throw new UsageError(`--forms takes one form for a forecast (${FORECAST_FORMS.join(', ')}), got "${values.forms}"`)
  }
  const breaks = parseBreaks(values.breaks)
  const targets = values['target-y'] === undefined ? [] : positiveNumbers('target-y', values['target-y'])
  const options = forecastOptions({
    form: oneOf('forms', values.forms, FORECAST_FORMS, FORECAST_DEFAULTS.form),
    breaks,
    crop: oneOf('crop', values.crop, CROP_CHOICES, FORECAST_DEFAULTS.crop),
    maxBreaks: breaks === 'auto' ? FORECAST_DEFAULTS.maxBreaks : breaks,
    resamples: parseResamples(values.resamples),
    seed: parseSeed(values.seed),
    bootstrap: oneOf('bootstrap', values.bootstrap, BOOTSTRAP_KINDS, FORECAST_DEFAULTS.bootstrap),
    levels: parseLevels(values.levels),
    targets
  })
  // The same rules as the app's: a message naming an option field is reworded to name its flag.
  const problem = forecastOptionsProblem(options, 'options')
  if (problem !== null) {
    throw new UsageError(problem.replace(/^options\.(\w+)/, (whole, field: string) => FLAG_OF_FIELD[field] ?? whole))
  }
  return {
    command: 'forecast',
    file: existingFile('forecast', positionals[0]) as string,
    format: oneOf('format', values.format, IMPORT_FORMATS, 'auto'),
    options,
    at: parseAt(values.at),
    crossovers: (values.crossover ?? []).map(parseCrossover),
    holdout: parseHoldout(values),
    threads: positiveInteger('threads', values.threads),
    ...timeBudget(values['time-budget']),
    json: outputPath('json', values.json)
  }
}

function parseBench(args: string[]): Command {
  const { values, positionals } = parseWith(args, benchFlags, 'bench')
  if (values.help) return { command: 'help', asked: true }
  if (positionals.length > 0) throw new UsageError(`bench takes no file argument (use --data), got: ${positionals.join(' ')}`)
  return {
    command: 'bench',
    data: existingFile('--data', values.data),
    paper: existingFile('--paper', values.paper),
    threads: positiveInteger('threads', values.threads),
    curves: positiveInteger('curves', values.curves),
    json: outputPath('json', values.json)
  }
}

/** A length flag in inches, or its centimetre twin converted; both given is an error. */
function lengthIn(values: Record<string, unknown>, name: 'width' | 'height'): number | undefined {
  const inches = values[`${name}-in`] as string | undefined
  const cm = values[`${name}-cm`] as string | undefined
  if (inches !== undefined && cm !== undefined) throw new UsageError(`give --${name}-in or --${name}-cm, not both`)
  if (inches !== undefined) return finiteNumber(`${name}-in`, inches)
  if (cm !== undefined) return finiteNumber(`${name}-cm`, cm) / CM_PER_INCH
  return undefined
}

/** --figure: a file, or "folder/{curve}.ext" for one figure per curve. */
function parseFigureTarget(path: string): NonNullable<ExportCommand['figure']> {
  const perCurve = /(^|[\\/])\{curve\}\.([A-Za-z]+)$/.exec(path)
  const ext = (perCurve ? perCurve[2] : extname(path).slice(1)).toLowerCase()
  if (!(FIGURE_FORMATS as readonly string[]).includes(ext)) {
    throw new UsageError(`--figure: "${path}" must end in .svg, .png or .pdf (or {curve}.svg|png|pdf for one figure per curve)`)
  }
  const format = ext as FigureFormat
  if (!perCurve) {
    outputPath('figure', path)
    return { path, perCurve: false, format }
  }
  return { path: dirname(path), perCurve: true, format }
}

function parseExport(args: string[]): Command {
  const { values, positionals } = parseWith(args, exportFlags, 'export')
  if (values.help) return { command: 'help', asked: true }
  if (positionals.length === 0) throw new UsageError('export: name a project (.json) or curve file, e.g. scaling-studio export runs.csv --figure fig.pdf')
  if (positionals.length > 1) throw new UsageError(`export: expected one file, got ${positionals.length}: ${positionals.join(' ')}`)
  const reports = [values.report, values['compare-table']].filter((v) => v !== undefined)
  if (values.figure === undefined && reports.length === 0) throw new UsageError('export: say what to write: --figure <path>, --report <path> or --compare-table <path.csv>')
  if (reports.length > 1) throw new UsageError('export: give --report or --compare-table, not both')
  if (values.overlay && values['small-multiples']) throw new UsageError('export: choose --overlay or --small-multiples, not both')
  const breaks = parseBreaks(values.breaks)
  const partial: Partial<FigureStyle> = {
    layout: values.overlay ? 'overlay' : values['small-multiples'] ? 'small-multiples' : 'single',
    palette: oneOf('style', values.style, FIGURE_PALETTES, 'color'),
    forms: values.forms === undefined ? null : parseForms(values.forms),
    bands: values.bands === true,
    breaks: values['no-breaks'] !== true,
    legend: values['no-legend'] !== true,
    sharedAxes: values['independent-axes'] !== true,
    xLog: values['linear-x'] !== true,
    yLog: values['linear-y'] !== true,
    title: values.title ?? '',
    xLabel: values['x-label'] ?? null,
    yLabel: values['y-label'] ?? null
  }
  const width = lengthIn(values, 'width')
  const height = lengthIn(values, 'height')
  const font = values['font-pt'] === undefined ? undefined : finiteNumber('font-pt', values['font-pt'])
  if (width !== undefined) partial.widthIn = width
  if (height !== undefined) partial.heightIn = height
  if (font !== undefined) partial.fontPt = font
  let style: FigureStyle
  try {
    style = figureStyle(partial)
  } catch (error) {
    throw new UsageError(`export: ${error instanceof Error ? error.message : String(error)}`)
  }
  const dpi = values.dpi === undefined ? DEFAULT_DPI : finiteNumber('dpi', values.dpi)
  const dpiIssue = dpiProblem(dpi)
  if (dpiIssue) throw new UsageError(`--${dpiIssue}`)
  const reportPath = values.report ?? values['compare-table']
  if (reportPath !== undefined) outputPath(values.report !== undefined ? 'report' : 'compare-table', reportPath)
  return {
    command: 'export',
    file: existingFile('export', positionals[0]) as string,
    format: oneOf('format', values.format, IMPORT_FORMATS, 'auto'),
    options: checkedFitOptions({
      forms: parseForms(undefined),
      breaks,
      crop: oneOf('crop', values.crop, CROP_CHOICES, 'auto'),
      maxBreaks: breaks === 'auto' ? DEFAULT_FIT_OPTIONS.maxBreaks : breaks,
      ...timeBudget(values['time-budget'])
    }),
    holdout: parseHoldout(values),
    threads: positiveInteger('threads', values.threads),
    curves: values.curves === undefined ? null : values.curves.split(',').map((c) => c.trim()).filter((c) => c !== ''),
    ...(values.figure !== undefined && { figure: parseFigureTarget(values.figure) }),
    ...(reportPath !== undefined && { report: { path: reportPath, kind: values.report !== undefined ? 'report' : 'compare-table' } }),
    style,
    dpi
  }
}

/** Reads the arguments after the program name into a command; throws UsageError when they cannot be run. */
export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv
  if (name === undefined) return { command: 'help', asked: false }
  if (name === '--help' || name === '-h' || name === 'help') return { command: 'help', asked: true }
  if (name === 'fit') return parseFit(rest)
  if (name === 'forecast') return parseForecast(rest)
  if (name === 'export') return parseExport(rest)
  if (name === 'bench') return parseBench(rest)
  throw new UsageError(`unknown command "${name}"; the commands are fit, forecast, export and bench`)
}
