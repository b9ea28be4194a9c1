// `scaling-studio forecast`: imports a curve file, forecasts every curve (and the crossovers asked for) on
// the worker pool with bootstrap intervals, prints a table per curve and writes the documented JSON.
import { basename } from 'node:path'
import type { ForecastJobResult } from '../../shared/contract'
import type { CurveInput } from '../../shared/fit-types'
import { forecastOptionsProblem } from '../../shared/forecast-options'
import type { BandInterval, CrossoverAnswer, CurveForecast, ForecastOptions, Interval } from '../../shared/forecast-types'
import { readCurvesFile } from '../services/read-curves-file'
import { type AtItem, type CliContext, type ForecastCommand, UsageError } from './args'
import { applyHoldout, warnHoldout } from './holdout'
import {
  count,
  formatDuration,
  formatInterval,
  formatPercent,
  formatRmsle,
  formatSignificant,
  formatTable,
  print,
  warn,
  warnRejected,
  writeJsonFile
} from './output'
import { runPoolJob } from './pool-job'

const isHeldout = (curve: CurveInput, i: number): boolean => curve.split?.[i] === 'heldout'

const fitXOf = (curve: CurveInput): number[] => curve.x.filter((_, i) => !isHeldout(curve, i))

const distinctSorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b)

/**
 * The x one curve is forecast at: plain x as given, multiples of its largest fit x, its held-out x; each
 * once, smallest first. A curve without fit points gets no multiples (the engine then says why it fails).
 */
export function resolveAt(curve: CurveInput, items: AtItem[]): number[] {
  const fitX = fitXOf(curve)
  const maxFitX = fitX.length ? Math.max(...fitX) : NaN
  const heldout = distinctSorted(curve.x.filter((_, i) => isHeldout(curve, i)))
  const xs = items.flatMap((item) => {
    if (item.kind === 'x') return [item.x]
    if (item.kind === 'heldout') return heldout
    return Number.isFinite(maxFitX) ? [item.factor * maxFitX] : []
  })
  return distinctSorted(xs)
}

/** "A,B" split into two of the file's curve names (trying each comma, so a name may hold one); UsageError otherwise. */
export function resolveCrossover(text: string, names: Set<string>, fileName: string): [string, string] {
  const commas = [...text.matchAll(/,/g)].map((m) => m.index)
  const splits = commas.map((i): [string, string] => [text.slice(0, i).trim(), text.slice(i + 1).trim()])
  const found = splits.find(([a, b]) => names.has(a) && names.has(b))
  if (found === undefined) {
    const [a, b] = splits[0]
    const missing = names.has(a) ? b : a
    const listed = [...names].slice(0, 8).map((n) => `"${n}"`).join(', ') + (names.size > 8 ? ', ...' : '')
    throw new UsageError(`--crossover: no curve named "${missing}" in ${fileName}; its curves are ${listed}`)
  }
  if (found[0] === found[1]) throw new UsageError(`--crossover needs two different curves, got "${found[0]}" twice`)
  return found
}

/** "80" for 0.8, "97.5" for 0.975: the suffix of a parameter's lowNN/highNN keys. */
const levelKey = (level: number): string => String(Number((level * 100).toPrecision(12)))

/** "80%" for 0.8. */
const levelLabel = (level: number): string => `${levelKey(level)}%`

/** One curve's forecast in the documented JSON shape (numbers at full precision; NaN and Infinity become null). */
function curveJson(f: CurveForecast): unknown {
  // Per level, the prediction band then the confidence band, as the documented example orders them.
  const bands = (list: BandInterval[]): unknown[] =>
    f.levels.flatMap((level) =>
      (['prediction', 'confidence'] as const).flatMap((kind) =>
        list.filter((b) => b.level === level && b.kind === kind).map((b) => ({ level, kind, low: b.low, high: b.high }))
      )
    )
  const intervals = (list: Interval[]): unknown[] => list.map(({ level, low, high }) => ({ level, low, high }))
  return {
    curve: f.curve,
    form: f.form,
    breaks: f.breaks,
    crop: f.crop,
    selection: { candidates: f.candidates.map(({ form, breaks, crop, validationRmsle, weight }) => ({ form, breaks, crop, validationRmsle, weight })) },
    resamples: f.resamples,
    seed: f.seed,
    at: f.at.map((p) => ({ x: p.x, y: p.y, bands: bands(p.bands) })),
    targets: f.targets.map((t) => ({ y: t.y, x: t.x, reachedShare: t.reachedShare, bands: intervals(t.bands) })),
    params: f.parameters.map((p) => ({
      name: p.name,
      value: p.value,
      standardError: p.standardError,
      ...Object.fromEntries(p.intervals.flatMap((i) => [[`low${levelKey(i.level)}`, i.low], [`high${levelKey(i.level)}`, i.high]]))
    }))
  }
}

function crossoverJson(c: CrossoverAnswer): unknown {
  return {
    curves: c.curves,
    x: c.crossings.map((k) => k.x),
    // bands[i]: the intervals of crossing x[i], one per level.
    bands: c.crossings.map((k) => k.bands.map(({ level, low, high }) => ({ level, low, high })))
  }
}

export function forecastJson(result: ForecastJobResult, errors: Array<{ curve: string; message: string }>): unknown {
  return {
    curves: result.forecasts.map(curveJson),
    crossovers: result.crossovers.map(crossoverJson),
    errors,
    ...(result.cancelled && { cancelled: true })
  }
}

function describePoints(curve: CurveInput): string {
  const heldout = curve.x.filter((_, i) => isHeldout(curve, i)).length
  const fitX = fitXOf(curve)
  const largest = fitX.length ? `; largest fit x ${formatSignificant(Math.max(...fitX))}` : ''
  return `${curve.x.length} points: ${curve.x.length - heldout} fit, ${heldout} held-out${largest}`
}

function describeForm(f: CurveForecast): string {
  if (f.form === 'BNSL') return `BNSL, ${count(f.breaks, 'break')}, crop ${f.crop}`
  return f.crop ? `${f.form}, crop ${f.crop}` : f.form
}

function describeMethod(f: CurveForecast): string {
  if (f.method === 'jacobian') return 'approximate intervals from the least-squares Jacobian (no resamples)'
  const failed = f.failedResamples ? ` (${f.failedResamples} failed)` : ''
  return `${f.resamples} ${f.bootstrap} resamples${failed}, seed ${f.seed}`
}

/** The held-out y measured at x: the value, or the geometric mean of several with their count. */
function heldoutYAt(curve: CurveInput, x: number): string {
  const ys = curve.y.filter((_, i) => isHeldout(curve, i) && curve.x[i] === x)
  if (ys.length === 0) return ''
  if (ys.length === 1) return formatSignificant(ys[0])
  const mean = Math.exp(ys.reduce((s, y) => s + Math.log(y), 0) / ys.length)
  return `${formatSignificant(mean)} (${ys.length} pts)`
}

function band(bands: BandInterval[], level: number, kind: BandInterval['kind']): string {
  const b = bands.find((i) => i.level === level && i.kind === kind)
  return b ? formatInterval(b.low, b.high) : '-'
}

function interval(list: Interval[], level: number): string {
  const i = list.find((b) => b.level === level)
  return i ? formatInterval(i.low, i.high) : '-'
}

/** The tables of one forecast: the form and how it was chosen, the candidates, y at each x, the targets. */
function curveTables(curve: CurveInput, f: CurveForecast): string[] {
  const lines = [`${curve.name}  (${describePoints(curve)})`, `form ${describeForm(f)}; ${describeMethod(f)}`]
  lines.push(
    ...formatTable(
      ['candidate', 'breaks', 'crop', 'validation RMSLE', 'weight'],
      f.candidates.map((c) => [c.form, c.form === 'BNSL' ? String(c.breaks) : '-', String(c.crop), formatRmsle(c.validationRmsle), formatPercent(c.weight)]),
      ['l', 'r', 'r', 'r', 'r']
    )
  )
  if (f.at.length) {
    const anyHeldout = f.at.some((p) => heldoutYAt(curve, p.x) !== '')
    const header = ['x', 'x / fit', 'y', ...f.levels.map((l) => `${levelLabel(l)} prediction`), ...(anyHeldout ? ['held-out y'] : [])]
    const rows = f.at.map((p) => [
      formatSignificant(p.x),
      `${formatSignificant(p.x / f.maxFitX, 3)}x`,
      formatSignificant(p.y),
      ...f.levels.map((l) => band(p.bands, l, 'prediction')),
      ...(anyHeldout ? [heldoutYAt(curve, p.x)] : [])
    ])
    lines.push('', ...formatTable(header, rows, header.map((_, i) => (i < 3 ? 'r' : 'l'))))
  }
  if (f.targets.length) {
    const header = ['target y', 'x', ...f.levels.map((l) => `${levelLabel(l)} interval`), 'reached']
    const rows = f.targets.map((t) => [
      formatSignificant(t.y),
      t.x === null ? 'not reached' : formatSignificant(t.x),
      ...f.levels.map((l) => (t.reachedShare > 0 ? interval(t.bands, l) : '-')),
      formatPercent(t.reachedShare)
    ])
    lines.push('', ...formatTable(header, rows, header.map((_, i) => (i < 2 || i === header.length - 1 ? 'r' : 'l'))))
  }
  return [...lines, '']
}

function crossoverTable(c: CrossoverAnswer, levels: number[]): string[] {
  const [a, b] = c.curves
  const range = `x from ${formatSignificant(c.range[0])} to ${formatSignificant(c.range[1])}`
  if (c.crossings.length === 0) return [`crossover ${a} × ${b}: no crossover in range (${range})`, '']
  const header = ['x', ...levels.map((l) => `${levelLabel(l)} interval`), 'lower after', 'share']
  const rows = c.crossings.map((k) => [formatSignificant(k.x), ...levels.map((l) => interval(k.bands, l)), k.lowerAfter, formatPercent(k.share)])
  return [`crossover ${a} × ${b}  (${range})`, ...formatTable(header, rows, ['r', ...levels.map((): 'l' => 'l'), 'l', 'r']), '']
}

/** Runs `forecast`; returns the exit code: 0 all forecast, 1 a curve, crossover or the file failed, 130 interrupted. */
export async function runForecastCommand(command: ForecastCommand, context: CliContext): Promise<number> {
  const fileName = basename(command.file)
  const imported = await readCurvesFile(command.file, { format: command.format })
  warnRejected(fileName, imported)
  // Crossover names are checked against the whole file before any work, so a typo costs nothing.
  const names = new Set(imported.curves.map((c) => c.name))
  const pairs = command.crossovers.map((text) => resolveCrossover(text, names, fileName))
  const held = applyHoldout(imported.curves, command.holdout)
  warnHoldout(held, command.holdout)
  const errors: Array<{ curve: string; message: string }> = [...held.skipped]

  const optionsOf = new Map<string, ForecastOptions>()
  const curves: CurveInput[] = []
  for (const curve of held.curves) {
    const options = { ...command.options, at: resolveAt(curve, command.at) }
    const problem = forecastOptionsProblem(options, '--at')
    if (problem !== null) {
      errors.push({ curve: curve.name, message: problem.replace(/^--at\.at/, '--at') })
      continue
    }
    if (command.at.some((a) => a.kind === 'heldout') && !curve.split?.includes('heldout')) {
      warn(`--at heldout: curve "${curve.name}" has no held-out points`)
    }
    optionsOf.set(curve.name, options)
    curves.push(curve)
  }
  const crossovers = pairs.flatMap((pair) => {
    const missing = pair.find((name) => !optionsOf.has(name))
    if (missing === undefined) return [{ curves: pair, range: null }]
    errors.push({ curve: `${pair[0]} × ${pair[1]}`, message: `curve "${missing}" is not forecast (see its error)` })
    return []
  })
  if (curves.length === 0) {
    warn(`${fileName}: no curve to forecast`)
    for (const e of errors) warn(`failed: ${e.curve}: ${e.message}`)
    return 1
  }

  const { resamples } = command.options
  const result: ForecastJobResult = await runPoolJob(
    { workerPath: context.workerPath, threads: command.threads, label: 'forecasting', stopping: 'forecasts' },
    (pool) =>
      `forecasting ${count(curves.length, 'curve')}${crossovers.length ? ` and ${count(crossovers.length, 'crossover')}` : ''}` +
      ` with ${count(resamples, 'resample')} on ${count(pool.threads, 'thread')}`,
    ({ pool, bar, signal }) =>
      pool.runForecastJob(curves, command.options, crossovers, {
        signal,
        ...(command.timeBudgetSeconds !== undefined && { timeBudgetMs: command.timeBudgetSeconds * 1000 }),
        onProgress: (p) => bar.update(p.done, p.total, p.curve),
        optionsFor: (curve) => optionsOf.get(curve.name) ?? command.options
      })
  )
  errors.push(...result.errors)

  // Written before the tables, so that a closed stdout (`| head`) cannot lose it.
  if (command.json !== undefined) {
    await writeJsonFile(command.json, forecastJson(result, errors))
    warn(`wrote ${command.json}`)
  }
  const byName = new Map(result.forecasts.map((f) => [f.curve, f]))
  for (const curve of curves) {
    const f = byName.get(curve.name)
    if (f) print(curveTables(curve, f))
  }
  for (const c of result.crossovers) print(crossoverTable(c, command.options.levels))
  for (const e of errors) warn(`failed: ${e.curve}: ${e.message}`)
  const tasks = curves.length + crossovers.length
  const finished = result.forecasts.length + result.crossovers.length
  warn(
    `${result.cancelled ? 'cancelled' : 'done'}: ${finished} of ${tasks} forecasts in ${formatDuration(result.elapsedMs)}` +
      `${errors.length ? `, ${errors.length} failed` : ''}`
  )
  if (result.cancelled) return 130
  return errors.length ? 1 : 0
}
