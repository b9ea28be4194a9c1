// Edits of a project: pure functions that return a new Project and a label for the undo menu. Nothing is
// mutated; untouched curves, points, fit lists and forecasts are reused by reference, so a history of snapshots
// stays small. A curve's revision goes up when a change can alter its fits (points in or out, split); a stored
// fit, forecast or crossover made at another revision is stale. An edit that changes nothing returns the same project object.
// A bad request throws an Error that says what is wrong, before anything is built.

import { FORM_NAMES } from '../fit-types'
import type { CurveFitResult, FitOptions, FormFit, Split } from '../fit-types'
import type { CrossoverAnswer, CurveForecast } from '../forecast-types'
import { isCrossoverOf, newCurveId } from './document'
import { mapCrossoverNumbers, mapForecastNumbers, toNaN } from './forecast-numbers'
import type { ForecastSettings, Project, ProjectCurve, ProjectPoint, StoredCrossover, StoredFit, StoredForecast } from './types'
import {
  curveProblem,
  fitOptionsProblem,
  forecastSettingsProblem,
  isCurveId,
  storedCrossoverProblem,
  storedFitProblem,
  storedForecastProblem
} from './validate'

export interface EditResult {
  project: Project
  /** What the edit did, for the undo menu: "Import 3 curves", "Exclude point x=4.1e6 of ImageNet/…". */
  label: string
}

export type SplitRule = { kind: 'all-fit' } | { kind: 'largest'; k: number } | { kind: 'x-above'; x: number }

export interface CurveMeta {
  xQuantity?: string
  xUnit?: string
  yMetric?: string
  tags?: string[]
  notes?: string
}

const MAX_LABEL_NAME = 32

/** A curve name for a label, cut short with an ellipsis. */
function short(name: string): string {
  return name.length > MAX_LABEL_NAME ? `${name.slice(0, MAX_LABEL_NAME - 1)}…` : name
}

/** x for a label: 4096000 → "4.1e6", 0.5 → "0.5", 123 → "123". */
export function formatX(x: number): string {
  const a = Math.abs(x)
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return x.toExponential(1).replace('.0e', 'e').replace('e+', 'e')
  return String(Number(x.toPrecision(3)))
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

function edited(p: Project, changes: Partial<Project>, now = new Date()): Project {
  return { ...p, ...changes, modifiedAt: now.toISOString() }
}

function indexOfCurve(p: Project, id: string, edit: string): number {
  const curves = p.curves
  for (let i = 0; i < curves.length; i++) if (curves[i].id === id) return i
  throw new Error(`${edit}: no curve has the id ${JSON.stringify(id)}`)
}

function withCurve(p: Project, index: number, curve: ProjectCurve): Project {
  const curves = p.curves.slice()
  curves[index] = curve
  return edited(p, { curves })
}

/** Unique ids in order; throws on an empty list or an id no curve has. */
function checkIds(p: Project, ids: string[], edit: string): Set<string> {
  if (!Array.isArray(ids) || ids.length === 0) throw new Error(`${edit}: no curves given`)
  const known = new Set(p.curves.map((c) => c.id))
  for (const id of ids) if (!known.has(id)) throw new Error(`${edit}: no curve has the id ${JSON.stringify(id)}`)
  return new Set(ids)
}

function checkPointIndex(curve: ProjectCurve, index: unknown, edit: string): void {
  const n = curve.points.length
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= n) {
    const range = n === 0 ? 'it has no points' : `it has ${plural(n, 'point')}, 0..${n - 1}`
    throw new Error(`${edit}: curve "${curve.name}" has no point ${String(index)} (${range})`)
  }
}

const hasOwnFits = (p: Project, id: string): boolean => Object.hasOwn(p.fits, id)

// ---------------------------------------------------------------------------------------------------------
// Curves

/**
 * Appends curves. A curve whose id is missing, malformed, or already taken (in the project or earlier in
 * the list) gets a new id from newCurveId. Every curve is checked like a curve of a project file.
 */
export function addCurves(p: Project, curves: ProjectCurve[]): EditResult {
  if (!Array.isArray(curves) || curves.length === 0) throw new Error('addCurves: no curves given')
  const taken = new Set(p.curves.map((c) => c.id))
  const added: ProjectCurve[] = []
  for (let i = 0; i < curves.length; i++) {
    const curve = curves[i]
    const id = (curve as { id?: unknown } | null)?.id
    const keep = isCurveId(id) && !taken.has(id)
    const placed = keep ? curve : { ...curve, id: newCurveId(taken) }
    const problem = curveProblem(placed, `curves[${i}]`)
    if (problem) throw new Error(`addCurves: ${problem}`)
    taken.add(placed.id)
    added.push(placed)
  }
  const label = added.length === 1 ? `Import curve ${short(added[0].name)}` : `Import ${added.length} curves`
  return { project: edited(p, { curves: [...p.curves, ...added] }), label }
}

/** The record without the given keys; the same record when it has none of them. */
function without<T>(record: Record<string, T>, gone: Set<string>): Record<string, T> {
  if (![...gone].some((id) => Object.hasOwn(record, id))) return record
  const kept: Record<string, T> = {}
  for (const id of Object.keys(record)) if (!gone.has(id)) kept[id] = record[id]
  return kept
}

/** Removes curves, their fits and forecasts, and the crossovers that name any of them. */
export function deleteCurves(p: Project, ids: string[]): EditResult {
  const gone = checkIds(p, ids, 'deleteCurves')
  const curves = p.curves.filter((c) => !gone.has(c.id))
  const fits = without(p.fits, gone)
  const forecasts = without(p.forecasts, gone)
  const names = (c: StoredCrossover): boolean => gone.has(c.curves[0]) || gone.has(c.curves[1])
  const crossovers = p.crossovers.some(names) ? p.crossovers.filter((c) => !names(c)) : p.crossovers
  const first = p.curves.find((c) => gone.has(c.id)) as ProjectCurve
  const label = gone.size === 1 ? `Delete curve ${short(first.name)}` : `Delete ${gone.size} curves`
  return { project: edited(p, { curves, fits, forecasts, crossovers }), label }
}

/** Renames a curve; the name is trimmed and must not be empty. Fits stay (they are kept by id). */
export function renameCurve(p: Project, id: string, name: string): EditResult {
  const index = indexOfCurve(p, id, 'renameCurve')
  if (typeof name !== 'string' || name.trim() === '') throw new Error('renameCurve: the new name is empty')
  const curve = p.curves[index]
  const trimmed = name.trim()
  const label = `Rename ${short(curve.name)} to ${short(trimmed)}`
  if (trimmed === curve.name) return { project: p, label }
  return { project: withCurve(p, index, { ...curve, name: trimmed }), label }
}

const META_LABELS: Record<keyof CurveMeta, string> = {
  xQuantity: 'x quantity',
  xUnit: 'x unit',
  yMetric: 'y metric',
  tags: 'tags',
  notes: 'notes'
}

/** Changes what x and y measure, the tags (trimmed, empty and repeated ones dropped) or the notes of a curve. */
export function updateCurveMeta(p: Project, id: string, meta: CurveMeta): EditResult {
  const index = indexOfCurve(p, id, 'updateCurveMeta')
  const curve = p.curves[index]
  const next: ProjectCurve = { ...curve }
  const changed: Array<keyof CurveMeta> = []
  for (const field of ['xQuantity', 'xUnit', 'yMetric', 'notes'] as const) {
    const value = meta[field]
    if (value === undefined) continue
    if (typeof value !== 'string') throw new Error(`updateCurveMeta: ${field} must be a string`)
    if (value !== curve[field]) {
      next[field] = value
      changed.push(field)
    }
  }
  if (meta.tags !== undefined) {
    if (!Array.isArray(meta.tags) || meta.tags.some((t) => typeof t !== 'string')) {
      throw new Error('updateCurveMeta: tags must be an array of strings')
    }
    const tags = [...new Set(meta.tags.map((t) => t.trim()).filter((t) => t !== ''))]
    if (tags.length !== curve.tags.length || tags.some((t, i) => t !== curve.tags[i])) {
      next.tags = tags
      changed.push('tags')
    }
  }
  const what = changed.length === 1 ? META_LABELS[changed[0]] : 'details'
  const label = `Edit ${what} of ${short(curve.name)}`
  if (changed.length === 0) return { project: p, label }
  return { project: withCurve(p, index, next), label }
}

// ---------------------------------------------------------------------------------------------------------
// Points

function checkSplit(split: unknown, edit: string): asserts split is Split {
  if (split !== 'fit' && split !== 'heldout') {
    throw new Error(`${edit}: split must be "fit" or "heldout", got ${String(split)}`)
  }
}

/** The curve with new splits (a new points array sharing unchanged points), or the same curve if none change. */
function resplit(curve: ProjectCurve, splitOf: (p: ProjectPoint, i: number) => Split): ProjectCurve {
  let points: ProjectPoint[] | null = null
  for (let i = 0; i < curve.points.length; i++) {
    const point = curve.points[i]
    const split = splitOf(point, i)
    if (split === point.split) continue
    points ??= curve.points.slice()
    points[i] = { ...point, split }
  }
  return points ? { ...curve, points, revision: curve.revision + 1 } : curve
}

const splitWords = (split: Split): string => (split === 'heldout' ? 'held out' : 'fit')

/** Marks some points of one curve as fit or held-out points. */
export function setPointSplit(p: Project, id: string, indices: number[], split: Split): EditResult {
  const edit = 'setPointSplit'
  const index = indexOfCurve(p, id, edit)
  checkSplit(split, edit)
  const curve = p.curves[index]
  if (!Array.isArray(indices) || indices.length === 0) throw new Error(`${edit}: no points given`)
  for (const i of indices) checkPointIndex(curve, i, edit)
  const chosen = new Set(indices)
  const next = resplit(curve, (point, i) => (chosen.has(i) ? split : point.split))
  const which = chosen.size === 1 ? `point x=${formatX(curve.points[indices[0]].x)}` : plural(chosen.size, 'point')
  const label = `Mark ${which} of ${short(curve.name)} as ${splitWords(split)}`
  return { project: next === curve ? p : withCurve(p, index, next), label }
}

/** The smallest x held out by a 'largest k' rule: the k-th largest distinct x among included points. */
function largestThreshold(curve: ProjectCurve, k: number): number {
  if (k === 0) return Infinity
  const xs = [...new Set(curve.points.filter((pt) => !pt.excluded).map((pt) => pt.x))].sort((a, b) => b - a)
  return xs.length === 0 ? Infinity : xs[Math.min(k, xs.length) - 1]
}

/**
 * Sets the split of every point of some curves by a rule: 'all-fit'; 'largest' holds out the points at the k
 * largest distinct x of the included points (k points when the x values are distinct; repeated runs at one x
 * stay together; an excluded point does not count); 'x-above' holds out the points with x > rule.x.
 */
export function setSplitRule(p: Project, ids: string[], rule: SplitRule): EditResult {
  const edit = 'setSplitRule'
  const chosen = checkIds(p, ids, edit)
  let describeRule: string
  let thresholdOf: (c: ProjectCurve) => number
  let strict = false
  if (rule?.kind === 'all-fit') {
    describeRule = 'Use every point for fitting'
    thresholdOf = () => Infinity
  } else if (rule?.kind === 'largest') {
    if (typeof rule.k !== 'number' || !Number.isInteger(rule.k) || rule.k < 0) {
      throw new Error(`${edit}: k must be a whole number >= 0, got ${String(rule.k)}`)
    }
    describeRule =
      rule.k === 0 ? 'Use every point for fitting' : `Hold out the ${plural(rule.k, 'largest x', 'largest x values')}`
    thresholdOf = (c) => largestThreshold(c, rule.k)
  } else if (rule?.kind === 'x-above') {
    if (typeof rule.x !== 'number' || !Number.isFinite(rule.x)) {
      throw new Error(`${edit}: x must be a finite number, got ${String(rule.x)}`)
    }
    describeRule = `Hold out x > ${formatX(rule.x)}`
    thresholdOf = () => rule.x
    strict = true
  } else {
    throw new Error(`${edit}: rule must be { kind: 'all-fit' }, { kind: 'largest', k } or { kind: 'x-above', x }`)
  }
  let curves: ProjectCurve[] | null = null
  let first: ProjectCurve | null = null
  for (let i = 0; i < p.curves.length; i++) {
    const curve = p.curves[i]
    if (!chosen.has(curve.id)) continue
    first ??= curve
    const t = thresholdOf(curve)
    const next = resplit(curve, (point) => ((strict ? point.x > t : point.x >= t) ? 'heldout' : 'fit'))
    if (next === curve) continue
    curves ??= p.curves.slice()
    curves[i] = next
  }
  const target = chosen.size === 1 ? `in ${short((first as ProjectCurve).name)}` : `in ${chosen.size} curves`
  const label = `${describeRule} ${target}`
  return { project: curves ? edited(p, { curves }) : p, label }
}

/**
 * Leaves a point out of fits with a reason (possibly ''), or takes it back in with null. Changing only the
 * reason of an excluded point keeps the revision: the fits do not change.
 */
export function setPointExcluded(p: Project, id: string, index: number, excluded: { reason: string } | null): EditResult {
  const edit = 'setPointExcluded'
  const at = indexOfCurve(p, id, edit)
  const curve = p.curves[at]
  checkPointIndex(curve, index, edit)
  if (excluded !== null && (typeof excluded !== 'object' || typeof excluded.reason !== 'string')) {
    throw new Error(`${edit}: excluded must be { reason: string } or null`)
  }
  const point = curve.points[index]
  const where = `point x=${formatX(point.x)} of ${short(curve.name)}`
  let next: ProjectPoint
  let label: string
  if (excluded === null) {
    label = `Include ${where}`
    if (!point.excluded) return { project: p, label }
    const { excluded: _dropped, ...rest } = point
    next = rest
  } else {
    label = point.excluded ? `Change the reason for excluding ${where}` : `Exclude ${where}`
    if (point.excluded?.reason === excluded.reason) return { project: p, label }
    next = { ...point, excluded: { reason: excluded.reason } }
  }
  const points = curve.points.slice()
  points[index] = next
  const revision = !point.excluded === !next.excluded ? curve.revision : curve.revision + 1
  return { project: withCurve(p, at, { ...curve, points, revision }), label }
}

/** Sets a point's weight in the fit objective (1 is the default and is not stored). */
export function setPointWeight(p: Project, id: string, index: number, weight: number): EditResult {
  const edit = 'setPointWeight'
  const at = indexOfCurve(p, id, edit)
  const curve = p.curves[at]
  checkPointIndex(curve, index, edit)
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
    throw new Error(`${edit}: the weight must be a positive number, not ${String(weight)}`)
  }
  const point = curve.points[index]
  const label = `Set the weight of point x=${formatX(point.x)} of ${short(curve.name)} to ${weight}`
  if ((point.weight ?? 1) === weight) return { project: p, label }
  const { weight: _old, ...rest } = point
  const points = curve.points.slice()
  points[index] = weight === 1 ? rest : { ...rest, weight }
  return { project: withCurve(p, at, { ...curve, points, revision: curve.revision + 1 }), label }
}

// ---------------------------------------------------------------------------------------------------------
// Settings and fits

/** Changes some fit settings; the result must be valid settings as a whole. */
export function updateSettings(p: Project, settings: Partial<FitOptions>): EditResult {
  const given = settings ?? {}
  const next: FitOptions = {
    forms: given.forms ?? p.settings.forms,
    breaks: given.breaks ?? p.settings.breaks,
    crop: given.crop ?? p.settings.crop,
    maxBreaks: given.maxBreaks ?? p.settings.maxBreaks
  }
  const budget = given.timeBudgetSeconds ?? p.settings.timeBudgetSeconds
  if (budget !== undefined) next.timeBudgetSeconds = budget
  const problem = fitOptionsProblem(next, 'settings')
  if (problem) throw new Error(`updateSettings: ${problem}`)
  next.forms = [...next.forms]
  const label = 'Change fit settings'
  const same =
    next.breaks === p.settings.breaks &&
    next.crop === p.settings.crop &&
    next.maxBreaks === p.settings.maxBreaks &&
    next.timeBudgetSeconds === p.settings.timeBudgetSeconds &&
    next.forms.length === p.settings.forms.length &&
    next.forms.every((f, i) => f === p.settings.forms[i])
  return { project: same ? p : edited(p, { settings: next }), label }
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)
const formOrder = (a: StoredFit, b: StoredFit): number => FORM_NAMES.indexOf(a.form) - FORM_NAMES.indexOf(b.form)

/**
 * A FormFit as stored: without the per-point predictions; NaN or infinite error measures become null; selection
 * candidates whose validation error was not finite (that candidate failed) are left out. Null when a
 * parameter is not finite: such a fit cannot be used or stored.
 */
export function toStoredFit(fit: FormFit, curveRevision: number, fittedAt: string): StoredFit | null {
  for (const v of Object.values(fit.params)) if (!Number.isFinite(v)) return null
  const ok = (c: { validationRmsle: number }): boolean => Number.isFinite(c.validationRmsle)
  return {
    form: fit.form,
    breaks: fit.breaks,
    crop: fit.crop,
    params: { ...fit.params },
    status: fit.status,
    fitRmsle: finiteOrNull(fit.fitRmsle),
    fitRsle: finiteOrNull(fit.fitRsle),
    heldoutRmsle: finiteOrNull(fit.heldoutRmsle),
    heldoutRsle: finiteOrNull(fit.heldoutRsle),
    selection: {
      breaks: fit.selection.breaks.filter(ok).map(({ n, validationRmsle }) => ({ n, validationRmsle })),
      crop: fit.selection.crop.filter(ok).map(({ k, validationRmsle }) => ({ k, validationRmsle })),
      ...(fit.selection.averaged && {
        averaged: fit.selection.averaged.filter(ok).map(({ n, k, validationRmsle, weight }) => ({ n, k, validationRmsle, weight }))
      })
    },
    timeMs: Number.isFinite(fit.timeMs) && fit.timeMs >= 0 ? fit.timeMs : 0,
    curveRevision,
    fittedAt
  }
}

/**
 * Stores the engine's results (keyed by the curve name sent to the engine; nameToId maps it back to the id).
 * Each form's fit replaces that curve's fit of the same form; a fit with a non-finite parameter removes it.
 * Fits are kept in form order. `revisions` gives the revision each curve had when the fit was requested
 * (default: its revision now), so a curve edited during the fit gets a stale fit. Results for curves deleted
 * meanwhile are dropped; a name nameToId does not know is an error.
 */
export function applyFitResults(
  p: Project,
  results: CurveFitResult[],
  nameToId: Map<string, string>,
  now = new Date(),
  revisions?: Map<string, number>
): EditResult {
  const edit = 'applyFitResults'
  if (!Array.isArray(results)) throw new Error(`${edit}: results must be an array`)
  const fittedAt = now.toISOString()
  const byId = new Map(p.curves.map((c) => [c.id, c]))
  const updates = new Map<string, StoredFit[]>()
  const names: string[] = []
  for (const result of results) {
    const id = nameToId.get(result.curve)
    if (id === undefined) throw new Error(`${edit}: no curve id for the result of "${result.curve}"`)
    const curve = byId.get(id)
    if (!curve) continue
    const revision = revisions?.get(id) ?? curve.revision
    const forms = new Set(result.fits.map((f) => f.form))
    const kept = (updates.get(id) ?? (hasOwnFits(p, id) ? p.fits[id] : [])).filter((f) => !forms.has(f.form))
    const added: StoredFit[] = []
    for (const fit of result.fits) {
      const stored = toStoredFit(fit, revision, fittedAt)
      if (!stored) continue
      const problem = storedFitProblem(stored, `the ${fit.form} fit of "${result.curve}"`)
      if (problem) throw new Error(`${edit}: ${problem}`)
      added.push(stored)
    }
    updates.set(id, [...kept, ...added].sort(formOrder))
    names.push(curve.name)
  }
  const label = names.length === 1 ? `Fit ${short(names[0])}` : `Fit ${names.length} curves`
  if (updates.size === 0) return { project: p, label }
  const fits: Record<string, StoredFit[]> = { ...p.fits }
  for (const [id, list] of updates) {
    if (list.length) fits[id] = list
    else delete fits[id]
  }
  return { project: edited(p, { fits }, now), label }
}

/** Removes every stored fit of some curves. */
export function clearFits(p: Project, ids: string[]): EditResult {
  const chosen = checkIds(p, ids, 'clearFits')
  const first = p.curves.find((c) => chosen.has(c.id)) as ProjectCurve
  const label = chosen.size === 1 ? `Clear fits of ${short(first.name)}` : `Clear fits of ${chosen.size} curves`
  if (![...chosen].some((id) => hasOwnFits(p, id))) return { project: p, label }
  const fits: Record<string, StoredFit[]> = {}
  for (const id of Object.keys(p.fits)) if (!chosen.has(id)) fits[id] = p.fits[id]
  return { project: edited(p, { fits }), label }
}

// ---------------------------------------------------------------------------------------------------------
// Forecasts and crossovers

/** A forecast to store for one curve: the queries asked, the settings used and the engine's answer. */
export interface ForecastToStore {
  at: number[]
  targets: number[]
  settings: ForecastSettings
  result: CurveForecast
}

/** A crossover to store: the two curves (by id), the x range asked for (null: the engine's default), the settings and the answer. */
export interface CrossoverToStore {
  curves: [string, string]
  range: [number, number] | null
  settings: ForecastSettings
  result: CrossoverAnswer
}

const copyForecastSettings = (s: ForecastSettings): ForecastSettings => ({
  form: s.form,
  breaks: s.breaks,
  crop: s.crop,
  maxBreaks: s.maxBreaks,
  resamples: s.resamples,
  seed: s.seed,
  bootstrap: s.bootstrap,
  levels: [...s.levels]
})

/** Changes some forecast settings; the result must be valid settings as a whole. */
export function updateForecastSettings(p: Project, settings: Partial<ForecastSettings>): EditResult {
  const current = p.forecastSettings
  const given = settings ?? {}
  const next: ForecastSettings = {
    form: given.form ?? current.form,
    breaks: given.breaks ?? current.breaks,
    crop: given.crop ?? current.crop,
    maxBreaks: given.maxBreaks ?? current.maxBreaks,
    resamples: given.resamples ?? current.resamples,
    seed: given.seed ?? current.seed,
    bootstrap: given.bootstrap ?? current.bootstrap,
    levels: given.levels ?? current.levels
  }
  const problem = forecastSettingsProblem(next)
  if (problem) throw new Error(`updateForecastSettings: ${problem}`)
  next.levels = [...next.levels]
  const label = 'Change forecast settings'
  const same =
    (Object.keys(next) as Array<keyof ForecastSettings>).every((k) => k === 'levels' || next[k] === current[k]) &&
    next.levels.length === current.levels.length &&
    next.levels.every((l, i) => l === current.levels[i])
  return { project: same ? p : edited(p, { forecastSettings: next }), label }
}

/**
 * Stores the forecast of one curve, replacing the one it had. The answer is copied with every number that has no
 * finite value made NaN (what the file gives back: it stores them as null). `revision`: the curve's revision when
 * the forecast was requested (default: its revision now), so a curve edited meanwhile gets a stale forecast.
 */
export function storeForecast(p: Project, id: string, forecast: ForecastToStore, now = new Date(), revision?: number): EditResult {
  const edit = 'storeForecast'
  const curve = p.curves[indexOfCurve(p, id, edit)]
  if (typeof forecast !== 'object' || forecast === null) throw new Error(`${edit}: the forecast must be an object`)
  // Checked as given first, so a malformed answer is refused with its own message before it is copied.
  const given: StoredForecast = {
    at: forecast.at,
    targets: forecast.targets,
    settings: forecast.settings,
    curveRevision: revision ?? curve.revision,
    computedAt: now.toISOString(),
    result: forecast.result
  }
  const problem = storedForecastProblem(given, `the forecast of "${curve.name}"`)
  if (problem) throw new Error(`${edit}: ${problem}`)
  const stored: StoredForecast = {
    ...given,
    at: [...given.at],
    targets: [...given.targets],
    settings: copyForecastSettings(given.settings),
    result: mapForecastNumbers(given.result, toNaN)
  }
  return { project: edited(p, { forecasts: { ...p.forecasts, [id]: stored } }, now), label: `Forecast ${short(curve.name)}` }
}

/** Removes the stored forecast of one curve (the same project when it has none). */
export function removeForecast(p: Project, id: string): EditResult {
  const curve = p.curves[indexOfCurve(p, id, 'removeForecast')]
  const label = `Remove the forecast of ${short(curve.name)}`
  if (!Object.hasOwn(p.forecasts, id)) return { project: p, label }
  return { project: edited(p, { forecasts: without(p.forecasts, new Set([id])) }), label }
}

/** Both curves of a pair, checked: they exist and differ. */
function crossoverCurves(p: Project, curves: unknown, edit: string): [ProjectCurve, ProjectCurve] {
  if (!Array.isArray(curves) || curves.length !== 2) throw new Error(`${edit}: curves must be two curve ids`)
  const [a, b] = curves.map((id: string) => p.curves[indexOfCurve(p, id, edit)])
  if (a === b) throw new Error(`${edit}: a crossover compares two different curves, got ${JSON.stringify(a.id)} twice`)
  return [a, b]
}

/**
 * Stores a crossover between two curves, replacing the one stored for the same pair (in either order) in its
 * place, or adding it at the end. Numbers without a finite value become NaN, as in storeForecast. `revisions`:
 * the two curves' revisions when it was requested (default: their revisions now).
 */
export function storeCrossover(p: Project, crossover: CrossoverToStore, now = new Date(), revisions?: [number, number]): EditResult {
  const edit = 'storeCrossover'
  if (typeof crossover !== 'object' || crossover === null) throw new Error(`${edit}: the crossover must be an object`)
  const [a, b] = crossoverCurves(p, crossover.curves, edit)
  const given: StoredCrossover = {
    curves: [a.id, b.id],
    range: crossover.range,
    settings: crossover.settings,
    curveRevisions: revisions ?? [a.revision, b.revision],
    computedAt: now.toISOString(),
    result: crossover.result
  }
  const problem = storedCrossoverProblem(given, `the crossover of "${a.name}" and "${b.name}"`)
  if (problem) throw new Error(`${edit}: ${problem}`)
  const stored: StoredCrossover = {
    ...given,
    range: given.range === null ? null : [given.range[0], given.range[1]],
    settings: copyForecastSettings(given.settings),
    curveRevisions: [given.curveRevisions[0], given.curveRevisions[1]],
    result: mapCrossoverNumbers(given.result, toNaN)
  }
  const index = p.crossovers.findIndex((c) => isCrossoverOf(c, a.id, b.id))
  const crossovers = p.crossovers.slice()
  if (index >= 0) crossovers[index] = stored
  else crossovers.push(stored)
  return { project: edited(p, { crossovers }, now), label: `Crossover of ${short(a.name)} and ${short(b.name)}` }
}

/** Removes the stored crossover of two curves, in either order (the same project when there is none). */
export function removeCrossover(p: Project, curves: [string, string]): EditResult {
  const [a, b] = crossoverCurves(p, curves, 'removeCrossover')
  const label = `Remove the crossover of ${short(a.name)} and ${short(b.name)}`
  const crossovers = p.crossovers.filter((c) => !isCrossoverOf(c, a.id, b.id))
  if (crossovers.length === p.crossovers.length) return { project: p, label }
  return { project: edited(p, { crossovers }), label }
}
