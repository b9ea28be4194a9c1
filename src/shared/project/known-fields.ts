// Fields the project format does not define are dropped when a project is read or checked (validateProject),
// at every level of the document: the project, its settings, each curve, point, stored fit, forecast and
// crossover, and every object inside them (a fit's selection, a forecast's result with its candidates,
// answers, parameters and band). Every field kept is one the validator checked, so a loaded project is only as
// deep as the format (about 10 levels) whatever the file held. The compiler insists that each set names every
// field of its type.
import type { FitOptions, Selection } from '../fit-types'
import type {
  BandInterval,
  CrossoverAnswer,
  CurveForecast,
  ExtrapolationError,
  ForecastBand,
  ForecastCandidate,
  ForecastPoint,
  Interval,
  ParameterEstimate,
  TargetAnswer
} from '../forecast-types'
import type { ForecastSettings, Project, ProjectCurve, ProjectPoint, StoredCrossover, StoredFit, StoredForecast } from './types'

type FieldSet<T> = { readonly [K in keyof Required<T>]: true }

const PROJECT: FieldSet<Project> = {
  format: true,
  version: true,
  name: true,
  createdAt: true,
  modifiedAt: true,
  attribution: true,
  settings: true,
  forecastSettings: true,
  curves: true,
  fits: true,
  forecasts: true,
  crossovers: true
}
const SETTINGS: FieldSet<FitOptions> = { forms: true, breaks: true, crop: true, maxBreaks: true, timeBudgetSeconds: true }
const FORECAST_SETTINGS: FieldSet<ForecastSettings> = {
  form: true,
  breaks: true,
  crop: true,
  maxBreaks: true,
  resamples: true,
  seed: true,
  bootstrap: true,
  levels: true
}
const CURVE: FieldSet<ProjectCurve> = {
  id: true,
  name: true,
  xQuantity: true,
  xUnit: true,
  yMetric: true,
  tags: true,
  notes: true,
  points: true,
  revision: true
}
const POINT: FieldSet<ProjectPoint> = { x: true, y: true, split: true, weight: true, excluded: true }
const EXCLUDED: FieldSet<NonNullable<ProjectPoint['excluded']>> = { reason: true }
const FIT: FieldSet<StoredFit> = {
  form: true,
  breaks: true,
  crop: true,
  params: true,
  status: true,
  fitRmsle: true,
  fitRsle: true,
  heldoutRmsle: true,
  heldoutRsle: true,
  selection: true,
  timeMs: true,
  curveRevision: true,
  fittedAt: true
}
const SELECTION: FieldSet<Selection> = { breaks: true, crop: true, averaged: true }
const BREAKS_CANDIDATE: FieldSet<Selection['breaks'][number]> = { n: true, validationRmsle: true }
const CROP_CANDIDATE: FieldSet<Selection['crop'][number]> = { k: true, validationRmsle: true }
const AVERAGED_CANDIDATE: FieldSet<NonNullable<Selection['averaged']>[number]> = { n: true, k: true, validationRmsle: true, weight: true }
const FORECAST: FieldSet<StoredForecast> = { at: true, targets: true, settings: true, result: true, curveRevision: true, computedAt: true }
const CROSSOVER: FieldSet<StoredCrossover> = {
  curves: true,
  range: true,
  result: true,
  settings: true,
  curveRevisions: true,
  computedAt: true
}

const RESULT: FieldSet<CurveForecast> = {
  curve: true,
  form: true,
  breaks: true,
  crop: true,
  params: true,
  candidates: true,
  method: true,
  resamples: true,
  failedResamples: true,
  seed: true,
  bootstrap: true,
  levels: true,
  residualSd: true,
  extrapolation: true,
  maxFitX: true,
  minFitX: true,
  at: true,
  targets: true,
  parameters: true,
  band: true,
  timeMs: true
}
const CANDIDATE: FieldSet<ForecastCandidate> = { form: true, breaks: true, crop: true, validationRmsle: true, weight: true }
const EXTRAPOLATION: FieldSet<ExtrapolationError> = { growth: true, backtests: true, points: true }
const INTERVAL: FieldSet<Interval> = { level: true, low: true, high: true }
const BAND_INTERVAL: FieldSet<BandInterval> = { level: true, kind: true, low: true, high: true }
const AT: FieldSet<ForecastPoint> = { x: true, y: true, bands: true }
const TARGET: FieldSet<TargetAnswer> = { y: true, x: true, reachedShare: true, bands: true }
const PARAMETER: FieldSet<ParameterEstimate> = { name: true, value: true, standardError: true, intervals: true }
const BAND: FieldSet<ForecastBand> = { x: true, y: true, intervals: true }
const BAND_EDGE: FieldSet<ForecastBand['intervals'][number]> = { level: true, kind: true, low: true, high: true }
const CROSSOVER_ANSWER: FieldSet<CrossoverAnswer> = { curves: true, range: true, crossings: true }
const CROSSING: FieldSet<CrossoverAnswer['crossings'][number]> = { x: true, lowerAfter: true, share: true, bands: true }

/** The object with only the fields of `fields`: the same object when it has no other, so a clean one is not copied. */
function known<T extends object>(value: T, fields: FieldSet<T>): T {
  for (const key in value) {
    if (Object.hasOwn(fields, key)) continue
    const kept: Record<string, unknown> = {}
    for (const k in value) if (Object.hasOwn(fields, k)) kept[k] = value[k]
    return kept as T
  }
  return value
}

/** Each item through fn; the same list when no item changed. */
function eachKnown<T>(list: T[], fn: (item: T) => T): T[] {
  let out: T[] | null = null
  for (let i = 0; i < list.length; i++) {
    const item = fn(list[i])
    if (out === null && item !== list[i]) out = list.slice(0, i)
    if (out !== null) out.push(item)
  }
  return out ?? list
}

/** Each value of a record through fn; the same record when no value changed. */
function valuesKnown<T>(record: Record<string, T>, fn: (item: T) => T): Record<string, T> {
  let out: Record<string, T> | null = null
  for (const key of Object.keys(record)) {
    const item = fn(record[key])
    if (out === null && item !== record[key]) out = { ...record }
    if (out !== null) out[key] = item
  }
  return out ?? record
}

/** The object with `changes` applied when any differs from its own value; else the object itself. */
function withChanges<T extends object>(value: T, changes: Partial<T>): T {
  for (const key in changes) if (changes[key] !== value[key]) return { ...value, ...changes }
  return value
}

function knownPoint(p: ProjectPoint): ProjectPoint {
  // The hot path (500,000 points): counting keys is several times cheaper than looking each one up.
  let keys = 0
  for (const _ in p) keys++
  const point = keys === 3 + (p.weight === undefined ? 0 : 1) + (p.excluded === undefined ? 0 : 1) ? p : known(p, POINT)
  return p.excluded === undefined ? point : withChanges(point, { excluded: known(p.excluded, EXCLUDED) })
}

function knownCurve(c: ProjectCurve): ProjectCurve {
  return withChanges(known(c, CURVE), { points: eachKnown(c.points, knownPoint) })
}

function knownSelection(s: Selection): Selection {
  const selection = withChanges(known(s, SELECTION), {
    breaks: eachKnown(s.breaks, (c) => known(c, BREAKS_CANDIDATE)),
    crop: eachKnown(s.crop, (c) => known(c, CROP_CANDIDATE))
  })
  return s.averaged === undefined ? selection : withChanges(selection, { averaged: eachKnown(s.averaged, (c) => known(c, AVERAGED_CANDIDATE)) })
}

function knownFit(f: StoredFit): StoredFit {
  return withChanges(known(f, FIT), { selection: knownSelection(f.selection) })
}

const intervals = (list: Interval[]): Interval[] => eachKnown(list, (i) => known(i, INTERVAL))

function knownResult(r: CurveForecast): CurveForecast {
  return withChanges(known(r, RESULT), {
    candidates: eachKnown(r.candidates, (c) => known(c, CANDIDATE)),
    extrapolation: known(r.extrapolation, EXTRAPOLATION),
    at: eachKnown(r.at, (a) => withChanges(known(a, AT), { bands: eachKnown(a.bands, (b) => known(b, BAND_INTERVAL)) })),
    targets: eachKnown(r.targets, (t) => withChanges(known(t, TARGET), { bands: intervals(t.bands) })),
    parameters: eachKnown(r.parameters, (e) => withChanges(known(e, PARAMETER), { intervals: intervals(e.intervals) })),
    band: withChanges(known(r.band, BAND), { intervals: eachKnown(r.band.intervals, (edge) => known(edge, BAND_EDGE)) })
  })
}

function knownForecast(f: StoredForecast): StoredForecast {
  return withChanges(known(f, FORECAST), { settings: known(f.settings, FORECAST_SETTINGS), result: knownResult(f.result) })
}

function knownCrossover(c: StoredCrossover): StoredCrossover {
  const result = withChanges(known(c.result, CROSSOVER_ANSWER), {
    crossings: eachKnown(c.result.crossings, (x) => withChanges(known(x, CROSSING), { bands: intervals(x.bands) }))
  })
  return withChanges(known(c, CROSSOVER), { settings: known(c.settings, FORECAST_SETTINGS), result })
}

/**
 * The project without the fields the format does not define (see above): the same object when it has none, else
 * a copy sharing every part that had none. The argument is never changed. Takes a checked version 2 project.
 */
export function withKnownFields(p: Project): Project {
  return withChanges(known(p, PROJECT), {
    settings: known(p.settings, SETTINGS),
    forecastSettings: known(p.forecastSettings, FORECAST_SETTINGS),
    curves: eachKnown(p.curves, knownCurve),
    fits: valuesKnown(p.fits, (list) => eachKnown(list, knownFit)),
    forecasts: valuesKnown(p.forecasts, knownForecast),
    crossovers: eachKnown(p.crossovers, knownCrossover)
  })
}
