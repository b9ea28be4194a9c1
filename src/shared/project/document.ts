// Making, reading out and writing project documents. Pure TypeScript.
import { DEFAULT_FIT_OPTIONS } from '../fit-types'
import type { CurveInput, FitOptions, Split } from '../fit-types'
import { FORECAST_DEFAULTS } from '../forecast-types'
import type { BandInterval, CrossoverAnswer, CurveForecast, Interval } from '../forecast-types'
import type { ImportedCurve } from '../import'
import { PROJECT_FORMAT, PROJECT_VERSION } from './types'
import type { ForecastSettings, Project, ProjectCurve, ProjectPoint, StoredCrossover, StoredFit, StoredForecast } from './types'

const copySettings = (s: FitOptions): FitOptions => ({ ...s, forms: [...s.forms] })

/** The forecast settings of a new project, and of a version 1 file when it opens: FORECAST_DEFAULTS, as a fresh copy. */
export function defaultForecastSettings(): ForecastSettings {
  const { form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels } = FORECAST_DEFAULTS
  return { form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels: [...levels] }
}

/** An empty project with the default fit and forecast settings. */
export function newProject(name: string, now = new Date()): Project {
  const time = now.toISOString()
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name,
    createdAt: time,
    modifiedAt: time,
    settings: copySettings(DEFAULT_FIT_OPTIONS),
    forecastSettings: defaultForecastSettings(),
    curves: [],
    fits: {},
    forecasts: {},
    crossovers: []
  }
}

export interface CurveImportOptions {
  /** What x measures, for every curve (default ''). */
  xQuantity?: string
  /** What y measures, for every curve (default ''). */
  yMetric?: string
  /** Ids are this prefix and a number (default 'c': c1, c2, ...). */
  idPrefix?: string
  /** Ids already taken (by the project the curves go into); the new ids avoid them. */
  existing?: Iterable<string>
}

/**
 * Turns imported curves into project curves at revision 0: split defaults to 'fit', a weight of 1 is left out
 * (it is the default), ids are `<idPrefix><n>` and unique among themselves and `existing`.
 */
export function projectCurvesFromImport(curves: ImportedCurve[], options: CurveImportOptions = {}): ProjectCurve[] {
  const { xQuantity = '', yMetric = '', idPrefix = 'c' } = options
  const taken = new Set(options.existing)
  let next = 1
  return curves.map((curve) => {
    while (taken.has(`${idPrefix}${next}`)) next++
    const id = `${idPrefix}${next}`
    taken.add(id)
    const points: ProjectPoint[] = new Array(curve.x.length)
    for (let i = 0; i < curve.x.length; i++) {
      const point: ProjectPoint = { x: curve.x[i], y: curve.y[i], split: curve.split?.[i] ?? 'fit' }
      const weight = curve.weight?.[i]
      if (weight !== undefined && weight !== 1) point.weight = weight
      points[i] = point
    }
    return { id, name: curve.name, xQuantity, xUnit: '', yMetric, tags: [], notes: '', points, revision: 0 }
  })
}

/** A new project holding imported curves (ids c1, c2, ... unless idPrefix says otherwise). */
export function projectFromCurves(
  curves: ImportedCurve[],
  options: { name: string; xQuantity?: string; yMetric?: string; attribution?: string; idPrefix?: string },
  now = new Date()
): Project {
  const project = newProject(options.name, now)
  project.curves = projectCurvesFromImport(curves, options)
  if (options.attribution !== undefined) project.attribution = options.attribution
  return project
}

/** The engine's input for one curve: excluded points left out, the split of every other point kept. */
export function curveInput(curve: ProjectCurve): CurveInput {
  const x: number[] = []
  const y: number[] = []
  const split: Split[] = []
  const weight: number[] = []
  for (const p of curve.points) {
    if (p.excluded) continue
    x.push(p.x)
    y.push(p.y)
    split.push(p.split)
    weight.push(p.weight ?? 1)
  }
  // Weights only travel when one differs from 1, keeping fit payloads small.
  return weight.some((w) => w !== 1) ? { name: curve.name, x, y, split, weight } : { name: curve.name, x, y, split }
}

/**
 * The engine's input for several curves (all when ids is absent), with the map from the name each carries back
 * in CurveFitResult to its curve id. A name two curves share gets the id appended (`name [c7]`) so that every
 * engine name is unique, as fit:run requires.
 */
export function fitInputs(project: Project, ids?: string[]): { curves: CurveInput[]; nameToId: Map<string, string> } {
  const wanted = ids && new Set(ids)
  const chosen = wanted ? project.curves.filter((c) => wanted.has(c.id)) : project.curves
  const count = new Map<string, number>()
  for (const c of chosen) count.set(c.name, (count.get(c.name) ?? 0) + 1)
  const nameToId = new Map<string, string>()
  const curves = chosen.map((c) => {
    const input = curveInput(c)
    if ((count.get(c.name) ?? 0) > 1) input.name = `${c.name} [${c.id}]`
    nameToId.set(input.name, c.id)
    return input
  })
  return { curves, nameToId }
}

/** The first id `c<n>` not in `existing`, n counting up from existing.size + 1. */
export function newCurveId(existing: Set<string>): string {
  let n = existing.size + 1
  while (existing.has(`c${n}`)) n++
  return `c${n}`
}

export interface ProjectStats {
  curves: number
  points: number
  /** Points left out of fits. */
  excludedPoints: number
  /** Curves with at least one stored fit. */
  fittedCurves: number
  /** Stored fits made at an older revision of their curve. */
  staleFits: number
  /** Curves with a stored forecast. */
  forecastCurves: number
  /** Stored forecasts made at an older revision of their curve. */
  staleForecasts: number
}

/** Counts for the status bar: curves, points, exclusions, fitted and forecast curves, stale fits and forecasts. */
export function projectStats(p: Project): ProjectStats {
  let points = 0
  let excludedPoints = 0
  let fittedCurves = 0
  let staleFits = 0
  let forecastCurves = 0
  let staleForecasts = 0
  for (const curve of p.curves) {
    points += curve.points.length
    for (const point of curve.points) if (point.excluded) excludedPoints++
    const fits = fitsOf(p, curve.id)
    if (fits.length > 0) fittedCurves++
    for (const fit of fits) if (fit.curveRevision !== curve.revision) staleFits++
    const forecast = forecastOf(p, curve.id)
    if (forecast) {
      forecastCurves++
      if (forecast.curveRevision !== curve.revision) staleForecasts++
    }
  }
  return { curves: p.curves.length, points, excludedPoints, fittedCurves, staleFits, forecastCurves, staleForecasts }
}

const NO_FITS: StoredFit[] = []

/** The stored fits of one curve (never an inherited property of the fits object). */
export function fitsOf(p: Project, id: string): StoredFit[] {
  return Object.hasOwn(p.fits, id) ? p.fits[id] : NO_FITS
}

/** True when the fit was made at an older revision of the curve's points. */
export function isFitStale(curve: ProjectCurve, fit: StoredFit): boolean {
  return fit.curveRevision !== curve.revision
}

/** The stored forecast of one curve, or null (never an inherited property of the forecasts object). */
export function forecastOf(p: Project, id: string): StoredForecast | null {
  return Object.hasOwn(p.forecasts, id) ? p.forecasts[id] : null
}

/** True when the forecast was made at another revision of the curve's points: it is shown as stale until recomputed. */
export function isForecastStale(curve: ProjectCurve, forecast: StoredForecast): boolean {
  return forecast.curveRevision !== curve.revision
}

/** True when a crossover's curves are the pair a and b, in either order. */
export function isCrossoverOf(crossover: Pick<StoredCrossover, 'curves'>, a: string, b: string): boolean {
  const [x, y] = crossover.curves
  return (x === a && y === b) || (x === b && y === a)
}

/** The stored crossover of two curves (in either order), or null. */
export function crossoverOf(p: Project, a: string, b: string): StoredCrossover | null {
  return p.crossovers.find((c) => isCrossoverOf(c, a, b)) ?? null
}

/** True when either curve's points changed since the crossover was computed (or a curve is gone). */
export function isCrossoverStale(p: Project, crossover: StoredCrossover): boolean {
  return crossover.curves.some((id, i) => p.curves.find((c) => c.id === id)?.revision !== crossover.curveRevisions[i])
}

// ---------------------------------------------------------------------------------------------------------
// Writing: stable, human-readable JSON. Two-space indent, one point per line, keys in a fixed order.

/** A number as JSON writes it: the shortest text that reads back as the same double. */
const num = (v: number): string => (Number.isFinite(v) ? String(v) : 'null')
const str = (v: string): string => JSON.stringify(v)

/** A value on one line with spaces after ':' and ',': `{ "x": 1, "y": 2 }`, `["a", "b"]`. Like JSON.stringify otherwise. */
function inline(value: unknown): string {
  if (typeof value === 'number') return num(value)
  if (typeof value === 'string') return str(value)
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    let s = '['
    for (let i = 0; i < value.length; i++) s += (i ? ', ' : '') + (value[i] === undefined ? 'null' : inline(value[i]))
    return `${s}]`
  }
  let s = ''
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue
    const v = (value as Record<string, unknown>)[k]
    if (v !== undefined && typeof v !== 'function') s += (s ? ', ' : '') + str(k) + ': ' + inline(v)
  }
  return s ? `{ ${s} }` : '{}'
}

const splitText = (split: string): string => (split === 'fit' ? '"fit"' : split === 'heldout' ? '"heldout"' : inline(split))

/** One line per point, `{ "x": 4096000, "y": 0.97, "split": "fit" }`, separated by ",\n". */
function pointLines(points: ProjectPoint[], pad: string): string {
  // Lines joined once per curve: a flat string per curve keeps the garbage collector's work small.
  const lines: string[] = new Array(points.length)
  for (let i = 0; i < points.length; i++) {
    const p = points[i]
    let line = `${pad}{ "x": ${num(p.x)}, "y": ${num(p.y)}, "split": ${splitText(p.split)}`
    if (p.weight !== undefined) line += `, "weight": ${num(p.weight)}`
    if (p.excluded !== undefined) line += `, "excluded": { "reason": ${str(p.excluded.reason)} }`
    lines[i] = `${line} }`
  }
  return lines.join(',\n')
}

function curveText(c: ProjectCurve, pad: string): string {
  const q = `\n${pad}  `
  const points = c.points.length ? `[\n${pointLines(c.points, `${pad}    `)}${q}]` : '[]'
  return (
    `${pad}{${q}"id": ${str(c.id)},${q}"name": ${str(c.name)},${q}"xQuantity": ${str(c.xQuantity)},` +
    `${q}"xUnit": ${str(c.xUnit)},${q}"yMetric": ${str(c.yMetric)},${q}"tags": ${inline(c.tags)},` +
    `${q}"notes": ${str(c.notes)},${q}"revision": ${num(c.revision)},${q}"points": ${points}\n${pad}}`
  )
}

function fitText(f: StoredFit, pad: string): string {
  const q = `\n${pad}  `
  const metric = (v: number | null): string => (v === null ? 'null' : num(v))
  return (
    `${pad}{${q}"form": ${str(f.form)},${q}"breaks": ${num(f.breaks)},${q}"crop": ${num(f.crop)},` +
    `${q}"params": ${inline(f.params)},${q}"status": ${str(f.status)},` +
    `${q}"fitRmsle": ${metric(f.fitRmsle)},${q}"fitRsle": ${metric(f.fitRsle)},` +
    `${q}"heldoutRmsle": ${metric(f.heldoutRmsle)},${q}"heldoutRsle": ${metric(f.heldoutRsle)},` +
    `${q}"selection": {${q}  "breaks": ${inline(f.selection.breaks)},${q}  "crop": ${inline(f.selection.crop)}` +
    `${f.selection.averaged ? `,${q}  "averaged": ${inline(f.selection.averaged)}` : ''}${q}},` +
    `${q}"timeMs": ${num(f.timeMs)},${q}"curveRevision": ${num(f.curveRevision)},${q}"fittedAt": ${str(f.fittedAt)}\n${pad}}`
  )
}

/** Items one per line inside brackets, `[\n<items>\n<pad>]`, or `[]`. Each item carries its own indent. */
const listText = (items: string[], pad: string): string => (items.length ? `[\n${items.join(',\n')}\n${pad}]` : '[]')

/** Forecast settings on one line, keys in the documented order whatever order they came in. */
function forecastSettingsText(s: ForecastSettings): string {
  const { form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels } = s
  return inline({ form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels })
}

const intervalsText = (list: Interval[]): string => inline(list.map(({ level, low, high }) => ({ level, low, high })))
const bandsText = (list: BandInterval[]): string => inline(list.map(({ level, kind, low, high }) => ({ level, kind, low, high })))

/** A forecast's answer: scalars one per line, each query, candidate, parameter and band edge on its own line. */
function forecastResultText(r: CurveForecast, pad: string): string {
  const q = `\n${pad}  `
  const item = `${pad}    `
  const candidates = r.candidates.map(({ form, breaks, crop, validationRmsle, weight }) =>
    item + inline({ form, breaks, crop, validationRmsle, weight })
  )
  const at = r.at.map((a) => `${item}{ "x": ${num(a.x)}, "y": ${num(a.y)}, "bands": ${bandsText(a.bands)} }`)
  const targets = r.targets.map(
    (t) => `${item}{ "y": ${num(t.y)}, "x": ${t.x === null ? 'null' : num(t.x)}, "reachedShare": ${num(t.reachedShare)}, "bands": ${intervalsText(t.bands)} }`
  )
  const parameters = r.parameters.map(
    (e) =>
      `${item}{ "name": ${str(e.name)}, "value": ${num(e.value)}, ` +
      `"standardError": ${e.standardError === null ? 'null' : num(e.standardError)}, "intervals": ${intervalsText(e.intervals)} }`
  )
  const bandEdges = r.band.intervals.map(({ level, kind, low, high }) => `${pad}      ${inline({ level, kind, low, high })}`)
  const { growth, backtests, points } = r.extrapolation
  return (
    `{${q}"curve": ${str(r.curve)},${q}"form": ${str(r.form)},${q}"breaks": ${num(r.breaks)},${q}"crop": ${num(r.crop)},` +
    `${q}"params": ${inline(r.params)},${q}"candidates": ${listText(candidates, `${pad}  `)},` +
    `${q}"method": ${str(r.method)},${q}"resamples": ${num(r.resamples)},${q}"failedResamples": ${num(r.failedResamples)},` +
    `${q}"seed": ${num(r.seed)},${q}"bootstrap": ${str(r.bootstrap)},${q}"levels": ${inline(r.levels)},` +
    `${q}"residualSd": ${num(r.residualSd)},${q}"extrapolation": ${inline({ growth, backtests, points })},` +
    `${q}"maxFitX": ${num(r.maxFitX)},${q}"minFitX": ${num(r.minFitX)},` +
    `${q}"at": ${listText(at, `${pad}  `)},${q}"targets": ${listText(targets, `${pad}  `)},` +
    `${q}"parameters": ${listText(parameters, `${pad}  `)},` +
    `${q}"band": {${q}  "x": ${inline(r.band.x)},${q}  "y": ${inline(r.band.y)},${q}  "intervals": ${listText(bandEdges, `${pad}    `)}${q}},` +
    `${q}"timeMs": ${num(r.timeMs)}\n${pad}}`
  )
}

function forecastText(f: StoredForecast, pad: string): string {
  const q = `\n${pad}  `
  return (
    `{${q}"at": ${inline(f.at)},${q}"targets": ${inline(f.targets)},${q}"settings": ${forecastSettingsText(f.settings)},` +
    `${q}"curveRevision": ${num(f.curveRevision)},${q}"computedAt": ${str(f.computedAt)},` +
    `${q}"result": ${forecastResultText(f.result, `${pad}  `)}\n${pad}}`
  )
}

function crossoverResultText(r: CrossoverAnswer, pad: string): string {
  const q = `\n${pad}  `
  const crossings = r.crossings.map(
    (c) => `${pad}    { "x": ${num(c.x)}, "lowerAfter": ${str(c.lowerAfter)}, "share": ${num(c.share)}, "bands": ${intervalsText(c.bands)} }`
  )
  return `{${q}"curves": ${inline(r.curves)},${q}"range": ${inline(r.range)},${q}"crossings": ${listText(crossings, `${pad}  `)}\n${pad}}`
}

function crossoverText(c: StoredCrossover, pad: string): string {
  const q = `\n${pad}  `
  return (
    `${pad}{${q}"curves": ${inline(c.curves)},${q}"range": ${c.range === null ? 'null' : inline(c.range)},` +
    `${q}"settings": ${forecastSettingsText(c.settings)},${q}"curveRevisions": ${inline(c.curveRevisions)},` +
    `${q}"computedAt": ${str(c.computedAt)},${q}"result": ${crossoverResultText(c.result, `${pad}  `)}\n${pad}}`
  )
}

/** The project's JSON text, every line but the first starting with `pad`; no final newline. */
function projectText(p: Project, pad: string): string {
  const q = `\n${pad}  `
  // Always the current version: a version 1 object (a payload checked but not upgraded) is written with the
  // version 2 defaults rather than as a version 1 file holding fields version 1 does not define.
  const forecastSettings = p.forecastSettings ?? defaultForecastSettings()
  const forecasts = p.forecasts ?? {}
  const crossovers = p.crossovers ?? []
  let head = `{${q}"format": ${str(p.format)},${q}"version": ${num(PROJECT_VERSION)},${q}"name": ${str(p.name)},`
  head += `${q}"createdAt": ${str(p.createdAt)},${q}"modifiedAt": ${str(p.modifiedAt)},`
  if (p.attribution !== undefined) head += `${q}"attribution": ${str(p.attribution)},`
  head += `${q}"settings": ${inline(p.settings)},`
  head += `${q}"forecastSettings": ${forecastSettingsText(forecastSettings)},`
  const parts: string[] = [head]
  if (p.curves.length === 0) parts.push(`${q}"curves": [],`)
  else {
    const curves = p.curves.map((c) => curveText(c, `${pad}    `))
    parts.push(`${q}"curves": [\n`, curves.join(',\n'), `${q}],`)
  }
  // Fits follow the order of the curves, so the text does not depend on the order fits were made in.
  const fits: string[] = []
  for (const c of p.curves) {
    if (!Object.hasOwn(p.fits, c.id)) continue
    const list = p.fits[c.id]
    const key = `${pad}    ${str(c.id)}: `
    fits.push(list.length ? `${key}[\n${list.map((f) => fitText(f, `${pad}      `)).join(',\n')}\n${pad}    ]` : `${key}[]`)
  }
  parts.push(fits.length ? `${q}"fits": {\n${fits.join(',\n')}${q}},` : `${q}"fits": {},`)
  // Forecasts too follow the curve order; those and crossovers of ids no curve has are left out.
  const stored: string[] = []
  const ids = new Set<string>()
  for (const c of p.curves) {
    ids.add(c.id)
    if (Object.hasOwn(forecasts, c.id)) stored.push(`${pad}    ${str(c.id)}: ${forecastText(forecasts[c.id], `${pad}    `)}`)
  }
  parts.push(stored.length ? `${q}"forecasts": {\n${stored.join(',\n')}${q}},` : `${q}"forecasts": {},`)
  const pairs = crossovers.filter((c) => ids.has(c.curves[0]) && ids.has(c.curves[1])).map((c) => crossoverText(c, `${pad}    `))
  parts.push(`${q}"crossovers": ${listText(pairs, `${pad}  `)}`)
  parts.push(`\n${pad}}`)
  return parts.join('')
}

/**
 * The project as the text of its file: stable (fixed key order, fits in curve order), two-space indent, each
 * point on one line (`{ "x": 4096000, "y": 0.97, "split": "fit" }`), numbers at full precision, a final newline.
 * Writes the fields of docs/project-format.md only, always as the current version; fits, forecasts and crossovers of
 * ids no curve has are left out. NaN and infinite numbers are written as null (JSON has neither).
 */
export function serializeProject(p: Project): string {
  return `${projectText(p, '')}\n`
}

/** The same text nested at an indent, for a wrapper object (the recovery file). No final newline. */
export function serializeProjectNested(p: Project, pad: string): string {
  return projectText(p, pad)
}
