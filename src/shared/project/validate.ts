// Checks a project document field by field: on open, on save, and on every project payload from the renderer.
// Pure TypeScript. The hot path (500,000 points) is plain loops over the values: a message and its JSON path
// are only built once something is wrong.

import { forecastOptionsProblem } from '../forecast-options'
import { BAND_KINDS, BOOTSTRAP_KINDS, FORECAST_DEFAULTS } from '../forecast-types'
import {
  EXPECTED,
  FIT_STATUSES,
  FORM_NAMES,
  badPointField,
  fitOptionsProblem,
  isBreakCount,
  isOneOf,
  isPositiveFinite,
  listText,
  mustBe,
  pointValueProblem
} from '../schema'
import type { ProjectFileProblem } from '../schema'
import { describeValue, isRecord } from '../value-checks'
import { defaultForecastSettings } from './document'
import { mapCrossoverNumbers, mapForecastNumbers, toNaN } from './forecast-numbers'
import { withKnownFields } from './known-fields'
import { PROJECT_FORMAT, PROJECT_VERSION } from './types'
import type { Project, ProjectCurve, StoredCrossover, StoredForecast } from './types'

export type { ProjectFileProblem }
export { fitOptionsProblem }

/** A project file (or project payload) that cannot be opened, saved or used. The message starts with the file name. */
export class ProjectFileError extends Error {
  override name = 'ProjectFileError'
  readonly fileName?: string
  /** The message without the file name. */
  readonly detail: string
  readonly problem?: ProjectFileProblem

  constructor(detail: string, fileName?: string, problem?: ProjectFileProblem) {
    super(fileName === undefined ? detail : `${fileName}: ${detail}`)
    this.detail = detail
    this.fileName = fileName
    this.problem = problem
  }
}

/** Save onto a file that changed on disk since it was opened or saved here (another window, another program). */
export class FileChangedError extends ProjectFileError {
  override name = 'FileChanged'
  constructor(fileName: string) {
    super('the file changed on disk since it was opened; replace it with this version?', fileName, 'refused')
  }
}

/** Save as onto a file that exists, without the user having agreed to replace it. */
export class FileExistsError extends ProjectFileError {
  override name = 'FileExists'
  constructor(fileName: string) {
    super('a file of that name exists; replace it?', fileName, 'refused')
  }
}

/** Curve ids: short and plain; never `__proto__` (the fits object is keyed by them; lookups use Object.hasOwn). */
const CURVE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/

/** Thrown inside the checks; validateProject turns it into a ProjectFileError. */
class FieldProblem extends Error {
  constructor(
    readonly detail: string,
    readonly problem: ProjectFileProblem = 'invalid'
  ) {
    super(detail)
  }
}

function bad(path: string, expected: string, value: unknown): never {
  throw new FieldProblem(mustBe(path, expected, value))
}

/** Throws the problem a shared check found, if any. */
function refuse(problem: string | null): void {
  if (problem !== null) throw new FieldProblem(problem)
}

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isMetric = (v: unknown): boolean => v === null || (typeof v === 'number' && v >= 0 && v < Infinity)

/** A record key in a path, always quoted: `fits["c7"]`, `params["d1"]`. */
const keyPath = (k: string): string => `[${describeValue(k)}]`

function checkString(value: unknown, path: string): void {
  if (typeof value !== 'string') bad(path, 'a string', value)
}

function checkName(value: unknown, path: string): void {
  if (typeof value !== 'string' || value.trim() === '') bad(path, 'a non-empty string', value)
}

function checkDate(value: unknown, path: string): void {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || !Number.isFinite(Date.parse(value))) {
    bad(path, 'a date and time like "2025-01-31T12:00:00.000Z"', value)
  }
}

function checkRecord(value: unknown, path: string, fields: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) bad(path, `an object with ${fields}`, value)
}

/** Checks every point of one curve; the path of a bad point is built only when it is bad. */
function checkPoints(points: unknown, path: string): void {
  if (!Array.isArray(points)) bad(`${path}.points`, 'an array of points', points)
  for (let j = 0; j < points.length; j++) {
    const p = points[j]
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      bad(`${path}.points[${j}]`, 'an object with x, y and split', p)
    }
    const point = p as Record<string, unknown>
    const which = badPointField(point.x, point.y, point.split, point.weight)
    if (which !== null) throw new FieldProblem(pointValueProblem(which, `${path}.points[${j}].${which}`, point[which]))
    const excluded = point.excluded
    if (excluded !== undefined) {
      if (!isRecord(excluded)) bad(`${path}.points[${j}].excluded`, 'an object with a reason when present', excluded)
      if (typeof excluded.reason !== 'string') bad(`${path}.points[${j}].excluded.reason`, 'a string', excluded.reason)
    }
  }
}

function checkCurve(c: unknown, path: string): void {
  checkRecord(c, path, 'id, name, xQuantity, xUnit, yMetric, tags, notes, points and revision')
  const id = c.id
  if (typeof id !== 'string' || !CURVE_ID.test(id)) {
    bad(`${path}.id`, 'a string of 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit', id)
  }
  checkName(c.name, `${path}.name`)
  checkString(c.xQuantity, `${path}.xQuantity`)
  checkString(c.xUnit, `${path}.xUnit`)
  checkString(c.yMetric, `${path}.yMetric`)
  const tags = c.tags
  if (!Array.isArray(tags)) bad(`${path}.tags`, 'an array of strings', tags)
  for (let t = 0; t < tags.length; t++) checkString(tags[t], `${path}.tags[${t}]`)
  checkString(c.notes, `${path}.notes`)
  if (!isCount(c.revision)) bad(`${path}.revision`, 'a whole number >= 0', c.revision)
  checkPoints(c.points, path)
}

function checkCandidates(value: unknown, path: string, index: 'n' | 'k'): void {
  if (!Array.isArray(value)) bad(path, `an array of { ${index}, validationRmsle }`, value)
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    checkRecord(c, `${path}[${i}]`, `${index} and validationRmsle`)
    const n = c[index]
    if (index === 'n' ? !isBreakCount(n) : !isCount(n)) {
      bad(`${path}[${i}].${index}`, index === 'n' ? EXPECTED.breakCount : 'a whole number >= 0', n)
    }
    const v = c.validationRmsle
    if (!(typeof v === 'number' && v >= 0 && v < Infinity)) bad(`${path}[${i}].validationRmsle`, 'a finite number >= 0', v)
  }
}

/** The averaged candidates of a fit: each a break count and a crop with its validation RMSLE and a weight in 0..1. */
function checkAveraged(value: unknown, path: string): void {
  checkCandidates(value, path, 'n')
  checkCandidates(value, path, 'k')
  for (let i = 0; i < (value as unknown[]).length; i++) {
    const w = (value as Array<Record<string, unknown>>)[i].weight
    if (!(typeof w === 'number' && w >= 0 && w <= 1)) bad(`${path}[${i}].weight`, 'a number from 0 to 1', w)
  }
}

function checkFit(f: unknown, path: string): void {
  checkRecord(f, path, 'form, breaks, crop, params, status and the error measures')
  if (!isOneOf(FORM_NAMES, f.form)) bad(`${path}.form`, EXPECTED.form, f.form)
  if (f.form === 'BNSL' ? !isBreakCount(f.breaks) : f.breaks !== 0) {
    bad(`${path}.breaks`, f.form === 'BNSL' ? EXPECTED.breakCount : `0 for ${f.form}`, f.breaks)
  }
  if (!isCount(f.crop)) bad(`${path}.crop`, 'a whole number >= 0', f.crop)
  const params = f.params
  checkRecord(params, `${path}.params`, 'one finite number per parameter')
  for (const name in params) {
    const v = params[name]
    if (!(typeof v === 'number' && Number.isFinite(v))) bad(`${path}.params${keyPath(name)}`, 'a finite number', v)
  }
  if (!isOneOf(FIT_STATUSES, f.status)) bad(`${path}.status`, `one of ${listText(FIT_STATUSES)}`, f.status)
  if (!isMetric(f.fitRmsle)) bad(`${path}.fitRmsle`, 'a finite number >= 0 or null', f.fitRmsle)
  if (!isMetric(f.fitRsle)) bad(`${path}.fitRsle`, 'a finite number >= 0 or null', f.fitRsle)
  if (!isMetric(f.heldoutRmsle)) bad(`${path}.heldoutRmsle`, 'a finite number >= 0 or null', f.heldoutRmsle)
  if (!isMetric(f.heldoutRsle)) bad(`${path}.heldoutRsle`, 'a finite number >= 0 or null', f.heldoutRsle)
  const selection = f.selection
  checkRecord(selection, `${path}.selection`, 'breaks and crop')
  checkCandidates(selection.breaks, `${path}.selection.breaks`, 'n')
  checkCandidates(selection.crop, `${path}.selection.crop`, 'k')
  if (selection.averaged !== undefined) checkAveraged(selection.averaged, `${path}.selection.averaged`)
  if (!(typeof f.timeMs === 'number' && f.timeMs >= 0 && f.timeMs < Infinity)) {
    bad(`${path}.timeMs`, 'a finite number >= 0', f.timeMs)
  }
  if (!isCount(f.curveRevision)) bad(`${path}.curveRevision`, 'a whole number >= 0', f.curveRevision)
  checkDate(f.fittedAt, `${path}.fittedAt`)
}

function checkFits(fits: unknown, ids: Set<string>): void {
  checkRecord(fits, 'fits', 'one array of fits per curve id')
  for (const id of Object.keys(fits)) {
    const path = `fits${keyPath(id)}`
    if (!ids.has(id)) throw new FieldProblem(`${path} belongs to no curve: no curve has the id ${describeValue(id)}`)
    const list = fits[id]
    if (!Array.isArray(list)) bad(path, 'an array of fits', list)
    for (let i = 0; i < list.length; i++) {
      checkFit(list[i], `${path}[${i}]`)
      for (let j = 0; j < i; j++) {
        if ((list[j] as { form: unknown }).form === (list[i] as { form: unknown }).form) {
          throw new FieldProblem(`${path}[${i}].form repeats "${String(list[i].form)}" of ${path}[${j}]: one fit per form`)
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Forecasts (version 2)

/** Counts the nulls met where a stored result may lack a number: reading turns them into NaN. */
interface Seen {
  nulls: number
}

const BAND_KIND_LIST: readonly unknown[] = BAND_KINDS
const BOOTSTRAP_LIST: readonly unknown[] = BOOTSTRAP_KINDS

/** A number the engine may give as NaN or infinite: any number, or null in the file. */
function checkLoose(v: unknown, path: string, seen: Seen): void {
  if (v === null) seen.nulls++
  else if (typeof v !== 'number') bad(path, 'a number or null', v)
}

function checkPositive(v: unknown, path: string): void {
  if (!isPositiveFinite(v)) bad(path, EXPECTED.positive, v)
}

function checkPositiveList(value: unknown, path: string, what: string): asserts value is number[] {
  if (!Array.isArray(value)) bad(path, `an array of ${what}`, value)
  for (let i = 0; i < value.length; i++) if (!isPositiveFinite(value[i])) bad(`${path}[${i}]`, `one of ${what}`, value[i])
}

/** One number or null per band x; the band is drawn point by point, so a length that differs cannot be drawn. */
function checkBandValues(value: unknown, path: string, length: number, seen: Seen): void {
  if (!Array.isArray(value)) bad(path, `an array of numbers or null, one per band x (${length})`, value)
  if (value.length !== length) throw new FieldProblem(`${path} must have one value per band x (${length}), got ${value.length}`)
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i]
    if (v === null) seen.nulls++
    else if (typeof v !== 'number') bad(`${path}[${i}]`, 'a number or null', v)
  }
}

function checkLevel(v: unknown, path: string): void {
  if (!(typeof v === 'number' && v > 0 && v < 1)) bad(path, 'a level between 0 and 1 (e.g. 0.8)', v)
}

function checkBandKind(v: unknown, path: string): void {
  if (!BAND_KIND_LIST.includes(v)) bad(path, `one of ${BAND_KINDS.join(', ')}`, v)
}

/** Intervals `{ level, low, high }`, with a `kind` when `withKind`. */
function checkIntervals(value: unknown, path: string, seen: Seen, withKind = false): void {
  const fields = withKind ? 'level, kind, low and high' : 'level, low and high'
  if (!Array.isArray(value)) bad(path, `an array of intervals with ${fields}`, value)
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    const at = `${path}[${i}]`
    checkRecord(item, at, fields)
    checkLevel(item.level, `${at}.level`)
    if (withKind) checkBandKind(item.kind, `${at}.kind`)
    checkLoose(item.low, `${at}.low`, seen)
    checkLoose(item.high, `${at}.high`, seen)
  }
}

/** An array whose items are checked by `each`; the item path is built only for a bad item. */
function checkList(value: unknown, path: string, what: string, each: (item: Record<string, unknown>, path: string) => void): unknown[] {
  if (!Array.isArray(value)) bad(path, `an array of ${what}`, value)
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    checkRecord(item, `${path}[${i}]`, what)
    each(item, `${path}[${i}]`)
  }
  return value
}

/** The stored forecast settings: FORECAST_DEFAULTS' fields, checked by the same check as every forecast's options. */
function checkForecastSettings(value: unknown, path: string): void {
  checkRecord(value, path, 'form, breaks, crop, maxBreaks, resamples, seed, bootstrap and levels')
  // The queries and band range are not settings: complete them so the one options check applies.
  const options = { ...value, at: [], targets: [], bandRange: undefined, bandPoints: FORECAST_DEFAULTS.bandPoints }
  const problem = forecastOptionsProblem(options, path)
  if (problem !== null) throw new FieldProblem(problem)
}

function checkForecastResult(r: unknown, path: string, seen: Seen): void {
  checkRecord(r, path, 'curve, form, params, candidates, levels, at, targets, parameters and band')
  checkString(r.curve, `${path}.curve`)
  if (!isOneOf(FORM_NAMES, r.form)) bad(`${path}.form`, EXPECTED.form, r.form)
  if (!isBreakCount(r.breaks)) bad(`${path}.breaks`, EXPECTED.breakCount, r.breaks)
  if (!isCount(r.crop)) bad(`${path}.crop`, 'a whole number >= 0', r.crop)
  const params = r.params
  checkRecord(params, `${path}.params`, 'one number per parameter')
  for (const name in params) checkLoose(params[name], `${path}.params${keyPath(name)}`, seen)
  checkList(r.candidates, `${path}.candidates`, 'candidates with form, breaks, crop, validationRmsle and weight', (c, at) => {
    if (!isOneOf(FORM_NAMES, c.form)) bad(`${at}.form`, EXPECTED.form, c.form)
    if (!isBreakCount(c.breaks)) bad(`${at}.breaks`, EXPECTED.breakCount, c.breaks)
    if (!isCount(c.crop)) bad(`${at}.crop`, 'a whole number >= 0', c.crop)
    checkLoose(c.validationRmsle, `${at}.validationRmsle`, seen)
    checkLoose(c.weight, `${at}.weight`, seen)
  })
  if (r.method !== 'jacobian' && r.method !== 'bootstrap') bad(`${path}.method`, '"jacobian" or "bootstrap"', r.method)
  if (!isCount(r.resamples)) bad(`${path}.resamples`, 'a whole number >= 0', r.resamples)
  if (!isCount(r.failedResamples)) bad(`${path}.failedResamples`, 'a whole number >= 0', r.failedResamples)
  if (!(typeof r.seed === 'number' && Number.isSafeInteger(r.seed))) bad(`${path}.seed`, 'an integer', r.seed)
  if (!BOOTSTRAP_LIST.includes(r.bootstrap)) bad(`${path}.bootstrap`, `one of ${BOOTSTRAP_KINDS.join(', ')}`, r.bootstrap)
  const levels = r.levels
  if (!Array.isArray(levels) || levels.length === 0) bad(`${path}.levels`, 'a non-empty array of levels between 0 and 1', levels)
  for (let i = 0; i < levels.length; i++) checkLevel(levels[i], `${path}.levels[${i}]`)
  checkLoose(r.residualSd, `${path}.residualSd`, seen)
  const extrapolation = r.extrapolation
  checkRecord(extrapolation, `${path}.extrapolation`, 'growth, backtests and points')
  checkLoose(extrapolation.growth, `${path}.extrapolation.growth`, seen)
  if (!isCount(extrapolation.backtests)) bad(`${path}.extrapolation.backtests`, 'a whole number >= 0', extrapolation.backtests)
  if (!isCount(extrapolation.points)) bad(`${path}.extrapolation.points`, 'a whole number >= 0', extrapolation.points)
  checkPositive(r.maxFitX, `${path}.maxFitX`)
  checkPositive(r.minFitX, `${path}.minFitX`)
  checkList(r.at, `${path}.at`, 'forecast points with x, y and bands', (a, at) => {
    checkPositive(a.x, `${at}.x`)
    checkLoose(a.y, `${at}.y`, seen)
    checkIntervals(a.bands, `${at}.bands`, seen, true)
  })
  checkList(r.targets, `${path}.targets`, 'target answers with y, x, reachedShare and bands', (t, at) => {
    checkPositive(t.y, `${at}.y`)
    if (t.x !== null && !isPositiveFinite(t.x)) bad(`${at}.x`, 'a positive finite number, or null when not reached', t.x)
    checkLoose(t.reachedShare, `${at}.reachedShare`, seen)
    checkIntervals(t.bands, `${at}.bands`, seen)
  })
  checkList(r.parameters, `${path}.parameters`, 'parameter estimates with name, value, standardError and intervals', (e, at) => {
    checkString(e.name, `${at}.name`)
    checkLoose(e.value, `${at}.value`, seen)
    if (e.standardError !== null && typeof e.standardError !== 'number') bad(`${at}.standardError`, 'a number or null', e.standardError)
    checkIntervals(e.intervals, `${at}.intervals`, seen)
  })
  const band = r.band
  checkRecord(band, `${path}.band`, 'x, y and intervals')
  checkPositiveList(band.x, `${path}.band.x`, 'positive finite x values')
  const n = band.x.length
  checkBandValues(band.y, `${path}.band.y`, n, seen)
  checkList(band.intervals, `${path}.band.intervals`, 'band edges with level, kind, low and high', (edge, at) => {
    checkLevel(edge.level, `${at}.level`)
    checkBandKind(edge.kind, `${at}.kind`)
    checkBandValues(edge.low, `${at}.low`, n, seen)
    checkBandValues(edge.high, `${at}.high`, n, seen)
  })
  checkLoose(r.timeMs, `${path}.timeMs`, seen)
}

function checkForecast(f: unknown, path: string, seen: Seen): void {
  checkRecord(f, path, 'at, targets, settings, curveRevision, computedAt and result')
  checkPositiveList(f.at, `${path}.at`, 'x values > 0')
  checkPositiveList(f.targets, `${path}.targets`, 'y values > 0')
  checkForecastSettings(f.settings, `${path}.settings`)
  if (!isCount(f.curveRevision)) bad(`${path}.curveRevision`, 'a whole number >= 0', f.curveRevision)
  checkDate(f.computedAt, `${path}.computedAt`)
  checkForecastResult(f.result, `${path}.result`, seen)
  // The answer must answer the questions stored with it, one for one.
  const result = f.result as StoredForecast['result']
  checkAnswers(f.at, result.at.map((a) => a.x), path, 'at', 'x')
  checkAnswers(f.targets, result.targets.map((t) => t.y), path, 'targets', 'y')
}

function checkAnswers(asked: number[], given: number[], path: string, field: 'at' | 'targets', key: 'x' | 'y'): void {
  if (given.length !== asked.length) {
    throw new FieldProblem(`${path}.result.${field} must answer each of ${path}.${field} (${asked.length}), got ${given.length} answers`)
  }
  for (let i = 0; i < asked.length; i++) {
    if (given[i] !== asked[i]) bad(`${path}.result.${field}[${i}].${key}`, `${asked[i]}, as ${path}.${field}[${i}]`, given[i])
  }
}

function checkForecasts(forecasts: unknown, ids: Set<string>, seen: Seen): void {
  checkRecord(forecasts, 'forecasts', 'one forecast per curve id')
  for (const id of Object.keys(forecasts)) {
    const path = `forecasts${keyPath(id)}`
    if (!ids.has(id)) throw new FieldProblem(`${path} belongs to no curve: no curve has the id ${describeValue(id)}`)
    checkForecast(forecasts[id], path, seen)
  }
}

function checkCrossoverResult(r: unknown, path: string, seen: Seen): void {
  checkRecord(r, path, 'curves, range and crossings')
  const curves = r.curves
  if (!Array.isArray(curves) || curves.length !== 2) bad(`${path}.curves`, 'the two curve names', curves)
  checkString(curves[0], `${path}.curves[0]`)
  checkString(curves[1], `${path}.curves[1]`)
  const range = r.range
  if (!Array.isArray(range) || range.length !== 2) bad(`${path}.range`, '[low, high]', range)
  checkPositive(range[0], `${path}.range[0]`)
  checkPositive(range[1], `${path}.range[1]`)
  checkList(r.crossings, `${path}.crossings`, 'crossings with x, lowerAfter, share and bands', (c, at) => {
    checkPositive(c.x, `${at}.x`)
    checkString(c.lowerAfter, `${at}.lowerAfter`)
    checkLoose(c.share, `${at}.share`, seen)
    checkIntervals(c.bands, `${at}.bands`, seen)
  })
}

/** A stored crossover; `ids`, when given, are the project's curve ids, which both its curves must be. */
function checkCrossover(c: unknown, path: string, ids: Set<string> | null, seen: Seen): void {
  checkRecord(c, path, 'curves, range, settings, curveRevisions, computedAt and result')
  const curves = c.curves
  if (!Array.isArray(curves) || curves.length !== 2) bad(`${path}.curves`, 'an array of two curve ids', curves)
  for (let i = 0; i < 2; i++) {
    const id: unknown = curves[i]
    if (!isCurveId(id)) bad(`${path}.curves[${i}]`, 'a curve id', id)
    if (ids && !ids.has(id)) throw new FieldProblem(`${path}.curves[${i}] names no curve: no curve has the id ${describeValue(id)}`)
  }
  if (curves[0] === curves[1]) throw new FieldProblem(`${path}.curves names ${describeValue(curves[0])} twice: a crossover compares two curves`)
  const range = c.range
  if (range !== null) {
    if (!Array.isArray(range) || range.length !== 2) bad(`${path}.range`, '[low, high] or null', range)
    checkPositive(range[0], `${path}.range[0]`)
    checkPositive(range[1], `${path}.range[1]`)
    if (!(range[0] < range[1])) throw new FieldProblem(`${path}.range must be [low, high] with low < high, got [${range[0]}, ${range[1]}]`)
  }
  checkForecastSettings(c.settings, `${path}.settings`)
  const revisions = c.curveRevisions
  if (!Array.isArray(revisions) || revisions.length !== 2) bad(`${path}.curveRevisions`, 'an array of two revisions', revisions)
  for (let i = 0; i < 2; i++) if (!isCount(revisions[i])) bad(`${path}.curveRevisions[${i}]`, 'a whole number >= 0', revisions[i])
  checkDate(c.computedAt, `${path}.computedAt`)
  checkCrossoverResult(c.result, `${path}.result`, seen)
}

function checkCrossovers(crossovers: unknown, ids: Set<string>, seen: Seen): void {
  if (!Array.isArray(crossovers)) bad('crossovers', 'an array of crossovers', crossovers)
  const pairs = new Map<string, number>()
  for (let i = 0; i < crossovers.length; i++) {
    checkCrossover(crossovers[i], `crossovers[${i}]`, ids, seen)
    // One crossover per pair of curves, in either order: storing a pair again replaces it.
    const pair = [...(crossovers[i] as StoredCrossover).curves].sort().join('\n')
    const first = pairs.get(pair)
    if (first !== undefined) throw new FieldProblem(`crossovers[${i}].curves repeats the pair of crossovers[${first}].curves: one crossover per pair of curves`)
    pairs.set(pair, i)
  }
}

/** The project with NaN where its stored results hold null (JSON's stand-in for NaN and infinity). */
function withNaN(p: Project): Project {
  const forecasts: Record<string, StoredForecast> = {}
  for (const id of Object.keys(p.forecasts)) {
    const f = p.forecasts[id]
    forecasts[id] = { ...f, result: mapForecastNumbers(f.result, toNaN) }
  }
  const crossovers = p.crossovers.map((c) => ({ ...c, result: mapCrossoverNumbers(c.result, toNaN) }))
  return { ...p, forecasts, crossovers }
}

/** Format and version come first: a newer version may have changed every other field. */
function checkHeader(value: unknown): asserts value is Record<string, unknown> {
  if (!isRecord(value)) {
    const held = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`
    throw new FieldProblem(`not a Scaling Studio project (the file holds ${held}, not an object)`, 'not-project')
  }
  if (value.format !== PROJECT_FORMAT) {
    const found = value.format === undefined ? 'has no "format" field' : `has "format": ${describeValue(value.format)}`
    const expected = `a project has "format": "${PROJECT_FORMAT}"`
    throw new FieldProblem(`not a Scaling Studio project (it ${found}; ${expected})`, 'not-project')
  }
  const version = value.version
  if (!(typeof version === 'number' && Number.isSafeInteger(version) && version >= 1)) {
    bad('version', 'a whole number >= 1', version)
  }
  if (version > PROJECT_VERSION) {
    throw new FieldProblem(
      `made by a newer Scaling Studio (file format version ${version}; this version reads up to ${PROJECT_VERSION}). ` +
        'Update Scaling Studio to open it; the file was not changed.',
      'newer'
    )
  }
}

function checkProject(value: unknown): Project {
  checkHeader(value)
  checkString(value.name, 'name')
  checkDate(value.createdAt, 'createdAt')
  checkDate(value.modifiedAt, 'modifiedAt')
  if (value.attribution !== undefined) checkString(value.attribution, 'attribution')
  refuse(fitOptionsProblem(value.settings, 'settings'))
  const curves = value.curves
  if (!Array.isArray(curves)) bad('curves', 'an array of curves', curves)
  const ids = new Map<string, number>()
  for (let i = 0; i < curves.length; i++) {
    const path = `curves[${i}]`
    checkCurve(curves[i], path)
    const id = (curves[i] as ProjectCurve).id
    const first = ids.get(id)
    if (first !== undefined) {
      throw new FieldProblem(`${path}.id "${id}" repeats curves[${first}].id: curve ids must be unique`)
    }
    ids.set(id, i)
  }
  const known = new Set(ids.keys())
  checkFits(value.fits, known)
  if (value.version === 1) {
    // Version 1 had no forecasts: it opens with the defaults and is saved as version 2.
    const { forecastSettings: _a, forecasts: _b, crossovers: _c, ...rest } = value
    const upgraded = { ...rest, version: PROJECT_VERSION, forecastSettings: defaultForecastSettings(), forecasts: {}, crossovers: [] }
    return upgraded as unknown as Project
  }
  checkForecastSettings(value.forecastSettings, 'forecastSettings')
  const seen: Seen = { nulls: 0 }
  checkForecasts(value.forecasts, known, seen)
  checkCrossovers(value.crossovers, known, seen)
  const project = value as unknown as Project
  return seen.nulls === 0 ? project : withNaN(project)
}

/**
 * Checks every field of a project (see types.ts and docs/project-format.md) and returns it typed: the same
 * object, except that a version 1 project comes back as a version 2 copy with the default forecast settings and
 * no forecasts, one whose stored results hold null (NaN in the file) as a copy with NaN there, and one with
 * fields the format does not define as a copy without them (known-fields.ts says where). The argument is never
 * changed. No check recurses, and what is kept is as deep as the format, so a field nested 100,000 deep is simply
 * dropped. Throws ProjectFileError naming `source`, the JSON path and the problem:
 * `curves[3].points[12].y must be a positive finite number, got -1`.
 */
export function validateProject(value: unknown, source = 'project'): Project {
  try {
    return withKnownFields(checkProject(value))
  } catch (error) {
    if (error instanceof FieldProblem) throw new ProjectFileError(error.detail, source, error.problem)
    throw error
  }
}

/** Null when the value is a good curve, else the problem (`curve.points[2].y must be ...`). */
export function curveProblem(value: unknown, path = 'curve'): string | null {
  return problemOf(() => checkCurve(value, path))
}

/** Null when the value is a good stored fit, else the problem. */
export function storedFitProblem(value: unknown, path = 'fit'): string | null {
  return problemOf(() => checkFit(value, path))
}

/** Null when the value is good forecast settings, else the problem (`forecastSettings.levels[0] must be ...`). */
export function forecastSettingsProblem(value: unknown, path = 'forecastSettings'): string | null {
  return problemOf(() => checkForecastSettings(value, path))
}

/** Null when the value is a good stored forecast (null allowed where a result may lack a number), else the problem. */
export function storedForecastProblem(value: unknown, path = 'forecast'): string | null {
  return problemOf(() => checkForecast(value, path, { nulls: 0 }))
}

/** Null when the value is a good stored crossover, else the problem; with `ids`, both its curves must be among them. */
export function storedCrossoverProblem(value: unknown, path = 'crossover', ids?: Set<string>): string | null {
  return problemOf(() => checkCrossover(value, path, ids ?? null, { nulls: 0 }))
}

/** True for a well-formed curve id (1 to 64 letters, digits, '_', '.', '-', starting with a letter or digit). */
export function isCurveId(value: unknown): value is string {
  return typeof value === 'string' && CURVE_ID.test(value)
}

function problemOf(check: () => void): string | null {
  try {
    check()
    return null
  } catch (error) {
    if (error instanceof FieldProblem) return error.detail
    throw error
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading the text of a project file

/**
 * Parses the text of a project file and validates it. Throws ProjectFileError naming the file: empty text,
 * text that is not JSON, damaged JSON (with line, column and character position), or any validateProject problem.
 */
export function parseProjectText(text: string, fileName: string): Project {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (error) {
    throw new ProjectFileError(describeBadJson(body, error), fileName, jsonProblemKind(body))
  }
  return validateProject(value, fileName)
}

function firstNonSpace(text: string): number {
  let i = 0
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  return i
}

function jsonProblemKind(text: string): ProjectFileProblem {
  return text.charAt(firstNonSpace(text)) === '{' ? 'damaged' : 'not-project'
}

function describeBadJson(text: string, error: unknown): string {
  const start = firstNonSpace(text)
  if (start === text.length) return 'the file is empty, not a Scaling Studio project'
  if (text.charAt(start) !== '{') {
    return `not a Scaling Studio project (it is not JSON text: it starts with ${describeValue(text.slice(start, start + 20))})`
  }
  const found = findJsonError(text)
  if (!found) return `damaged JSON: ${error instanceof Error ? error.message : String(error)}`
  const { line, column } = lineAndColumn(text, found.position)
  const where = `line ${line}, column ${column} (character ${found.position + 1} of ${text.length})`
  if (found.position >= text.length) {
    const cut = 'the file was probably cut short while being written'
    return `damaged JSON: the text ends early at ${where}, ${found.problem}; ${cut}`
  }
  return `damaged JSON at ${where}: ${found.problem}`
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: position - lineStart + 1 }
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9
const isDigit = (c: number): boolean => c >= 48 && c <= 57

/**
 * Finds where JSON text goes wrong, the same on every JavaScript engine (their JSON.parse messages differ and
 * some give no position). Iterative, so deeply nested damage cannot overflow the stack. Null if the text is fine.
 */
export function findJsonError(text: string): { position: number; problem: string } | null {
  let i = 0
  const n = text.length
  // The open containers, 'o' object or 'a' array; `opened`: the innermost was just opened (no comma before its first item).
  const stack: string[] = []
  let opened = false
  const shown = (at: number): string => (at >= n ? 'the end of the text' : JSON.stringify(text.charAt(at)))
  const fail = (problem: string): { position: number; problem: string } => ({
    position: i,
    problem: `${problem}, found ${shown(i)}`
  })
  const skip = (): void => {
    while (i < n && isSpace(text.charCodeAt(i))) i++
  }
  const digits = (): number => {
    const from = i
    while (i < n && isDigit(text.charCodeAt(i))) i++
    return i - from
  }
  /** Reads one scalar, or opens a container and leaves its items to the loop below; returns a problem or null. */
  const value = (): { position: number; problem: string } | null => {
    skip()
    const c = text.charCodeAt(i)
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const object = c === 123
      i++
      skip()
      // An empty container closes at once: `{}` or `[]`.
      if (text.charCodeAt(i) === (object ? 125 : 93)) {
        i++
        return null
      }
      stack.push(object ? 'o' : 'a')
      opened = true
      return null
    }
    if (c === 34 /* " */) return string()
    if (c === 45 /* - */ || isDigit(c)) {
      if (c === 45) i++
      if (text.charCodeAt(i) === 48) i++
      else if (digits() === 0) return fail('expected a digit in a number')
      if (text.charCodeAt(i) === 46 /* . */) {
        i++
        if (digits() === 0) return fail('expected a digit after the decimal point')
      }
      if (text.charCodeAt(i) === 101 || text.charCodeAt(i) === 69) {
        i++
        if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++
        if (digits() === 0) return fail('expected a digit in the exponent')
      }
      return null
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length
        return null
      }
    }
    return fail('expected a value (an object, array, string, number, true, false or null)')
  }
  const string = (): { position: number; problem: string } | null => {
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 34) {
        i++
        return null
      }
      if (c < 32) return fail('a string is not closed on its line (expected \'"\')')
      if (c === 92 /* \ */) {
        i++
        const e = text.charAt(i)
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return fail('expected 4 hex digits after \\u')
          i += 5
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i++
        else return fail('expected an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u) after a backslash')
      } else i++
    }
    return fail('a string is not closed (expected \'"\')')
  }
  const key = (): { position: number; problem: string } | null => {
    skip()
    if (text.charCodeAt(i) !== 34) return fail('expected a double-quoted property name')
    const problem = string()
    if (problem) return problem
    skip()
    if (text.charCodeAt(i) !== 58 /* : */) return fail("expected ':' after a property name")
    i++
    return value()
  }

  let problem = value()
  while (!problem) {
    skip()
    const top = stack[stack.length - 1]
    if (top === undefined) break
    if (opened) {
      opened = false
      problem = top === 'o' ? key() : value()
      continue
    }
    const c = text.charCodeAt(i)
    const close = top === 'o' ? 125 : 93
    if (c === close) {
      i++
      stack.pop()
      continue
    }
    if (c !== 44 /* , */) {
      problem = fail(
        top === 'o' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element"
      )
      break
    }
    i++
    problem = top === 'o' ? key() : value()
  }
  if (problem) return problem
  skip()
  return i < n ? fail('expected the end of the text after the top-level value') : null
}
