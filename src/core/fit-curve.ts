import type { CurveFitResult, CurveInput, FitOptions, FormFit, FormName, Selection } from '../shared/fit-types'
import { type Solution, makeFitData, parameterCount, solveBnslChain, solveForm } from './fit-form'
import type { FitData } from './forms'
import { rmsle, rootStandardLogError } from './metrics'
import { type PreparedCurve, prepareCurve } from './prepare'

/** Something the caller can flip to stop a long fit; checked between least-squares runs. */
export interface CancelToken {
  readonly cancelled: boolean
}

/** Share of the distinct fit x values, largest first, held back to validate break count and crop. */
export const VALIDATION_SHARE = 0.2
/** Shares of the distinct fit x values, smallest first, that crop selection tries dropping. */
export const CROP_SHARES = [0, 0.2, 0.4]

/**
 * How BNSL candidates (break count x crop) are averaged: weight = prior x exp(-(v / vBest - 1) / T) for validation
 * RMSLE v. The default candidate (one break, no crop) holds DEFAULT_PRIOR of the prior, the others share the rest:
 * one split of the few largest fit points is too noisy to pick among many candidates (docs/selection.md), so the
 * others take over only when they validate clearly better, and then as an average rather than one pick.
 */
export const AVERAGE_TEMPERATURE = 0.25
export const DEFAULT_PRIOR = 0.99
/**
 * Validation is uninformative when the best candidate's validation RMSLE exceeds this multiple of the default's
 * RMSLE on all fit points: the default, refitted on all points, stands alone.
 */
export const UNINFORMATIVE_VALIDATION = 3
/** Candidates holding less than this share of the total weight are left out (not refitted). */
export const MIN_AVERAGE_WEIGHT = 0.002
/** The averaged curve is matched by one BNSL over the fit points and this many times beyond the largest fit x. */
export const AVERAGE_REACH = 100
/** Points of the averaged curve beyond the largest fit x that the one BNSL is matched to. */
const REACH_POINTS = 24
/** A match worse than this (RMS of ln ŷ) tries one more break. */
const MATCH_TOLERANCE = 0.01

/** With break selection, points a break must leave after it. */
export const BREAK_TAIL_POINTS = 3

/** Keeps the breaks of a BNSL fitted to data off its last BREAK_TAIL_POINTS points (data sorted by x). */
export function limitBreaks(data: FitData): FitData {
  data.breakLimit = data.lx[Math.max(0, data.lx.length - 1 - BREAK_TAIL_POINTS)]
  return data
}

/** Fit points as sorted arrays, with the start index of each distinct x. */
export interface FitPoints {
  x: number[]
  y: number[]
  w: number[]
  /** groupStart[u] = index of the first point with the u-th smallest distinct x. */
  groupStart: number[]
}

export function fitPoints(curve: PreparedCurve): FitPoints {
  const x = curve.fitIndex.map((i) => curve.x[i])
  const y = curve.fitIndex.map((i) => curve.y[i])
  const w = curve.fitIndex.map((i) => curve.weight[i])
  const groupStart = x.flatMap((v, i) => (i === 0 || v !== x[i - 1] ? [i] : []))
  return { x, y, w, groupStart }
}

/**
 * Curves with more fit points than this are fitted on bin means (binFitPoints): the grid search and every
 * least-squares step cost time in proportion to the points, and a dense learning curve (one point per step) holds
 * far more points than its shape needs.
 */
export const LARGE_CURVE_POINTS = 2000
/** Bins of equal width in log x that a large curve's fit points are averaged into. */
export const LARGE_CURVE_BINS = 1000

/**
 * The fit points averaged in `bins` bins of equal width in ln x: each non-empty bin becomes one point at the
 * weighted mean of ln x, with the weighted mean of ln y and the bin's total weight. Where the fitted curve is
 * close to a straight line in log-log across a bin (bins are 1/bins of the x range wide in log), the weighted
 * log-space least-squares objective over the bin means differs from the one over all points by a constant, so the
 * fit is the same; the points of one x always share a bin. counts[j] = fit points in binned point j.
 */
export function binFitPoints(pts: FitPoints, bins: number): { pts: FitPoints; counts: number[] } {
  const lo = Math.log(pts.x[0])
  const width = (Math.log(pts.x[pts.x.length - 1]) - lo) / bins
  const x: number[] = []
  const y: number[] = []
  const w: number[] = []
  const counts: number[] = []
  let bin = -1
  for (let i = 0; i < pts.x.length; i++) {
    const lx = Math.log(pts.x[i])
    const b = width > 0 ? Math.min(bins - 1, Math.floor((lx - lo) / width)) : 0
    if (b !== bin) {
      bin = b
      x.push(0)
      y.push(0)
      w.push(0)
      counts.push(0)
    }
    const j = x.length - 1
    x[j] += pts.w[i] * lx
    y[j] += pts.w[i] * Math.log(pts.y[i])
    w[j] += pts.w[i]
    counts[j]++
  }
  return {
    pts: { x: x.map((v, j) => Math.exp(v / w[j])), y: y.map((v, j) => Math.exp(v / w[j])), w, groupStart: x.map((_, j) => j) },
    counts
  }
}

/** Fit data of the fit points from index `from` up to (not including) `to`. */
export function sliceFitData(pts: FitPoints, lxRef: number, from = 0, to = pts.x.length): FitData {
  return makeFitData(pts.x.slice(from, to), pts.y.slice(from, to), lxRef, pts.w.slice(from, to))
}

export function predictSolution(sol: Solution, lxRef: number, x: readonly number[]): number[] {
  return x.map((v) => Math.exp(sol.model.lnPredict(sol.raw, Math.log(v) - lxRef)))
}

/** The validation split: the first trainEnd fit points train, the rest (the largest valGroups distinct x) validate. */
export function validationSplit(pts: FitPoints): { valGroups: number; trainEnd: number; trainGroups: number } {
  const groups = pts.groupStart.length
  const valGroups = Math.max(1, Math.round(groups * VALIDATION_SHARE))
  return { valGroups, trainEnd: pts.groupStart[groups - valGroups], trainGroups: groups - valGroups }
}

/** A BNSL candidate the selection compared, with its fit on the training points. */
export interface BnslCandidate {
  breaks: number
  crop: number
  validationRmsle: number
  /** Raw parameters fitted on the training points (a warm start for a fit on all of them). */
  raw: number[]
}

interface ValidatedCandidate {
  breaks: number
  /** Cropped points and distinct x. */
  crop: number
  cropGroup: number
  validationRmsle: number
  /** The fits on the training points, best first: warm starts of the fit on all points. */
  seeds: number[][]
}

/**
 * The averaged curve's log predictions at x: the candidates' ln ŷ weighted by their weights.
 */
function averagedLogPrediction(parts: Array<{ sol: Solution; weight: number }>, lxRef: number, x: readonly number[]): number[] {
  const total = parts.reduce((s, p) => s + p.weight, 0)
  const ly = new Array<number>(x.length).fill(0)
  for (const { sol, weight } of parts) {
    x.forEach((v, i) => (ly[i] += (weight / total) * sol.model.lnPredict(sol.raw, Math.log(v) - lxRef)))
  }
  return ly
}

/**
 * One BNSL matching the averaged curve over the fit points from `start` on and up to AVERAGE_REACH times beyond
 * them: the fit the rest of the app draws, forecasts from and reports as parameters. Starts from the candidates
 * with its break count; one more break when that does not match within MATCH_TOLERANCE.
 */
function matchAverage(
  parts: Array<{ sol: Solution; weight: number; breaks: number }>,
  pts: FitPoints,
  lxRef: number,
  start: number,
  breaks: number,
  maxBreaks: number,
  cancelled: () => boolean
): { sol: Solution; breaks: number } {
  const xMax = pts.x[pts.x.length - 1]
  const reach = Array.from({ length: REACH_POINTS }, (_, i) => xMax * AVERAGE_REACH ** ((i + 1) / REACH_POINTS))
  const x = [...pts.x.slice(start), ...reach]
  const ly = averagedLogPrediction(parts, lxRef, x)
  const data = makeFitData(x, ly.map(Math.exp), lxRef)
  const seeds = (n: number): number[][] => parts.filter((p) => p.breaks === n).map((p) => p.sol.raw)
  let best = solveForm('BNSL', breaks, data, { seeds: seeds(breaks), grid: false, cancelled })[0]
  let bestBreaks = breaks
  if (Math.sqrt(best.msle) > MATCH_TOLERANCE && breaks < maxBreaks && !cancelled()) {
    const more = solveForm('BNSL', breaks + 1, data, { seeds: seeds(breaks + 1), parents: [best.raw], cancelled })[0]
    if (more.msle < best.msle) [best, bestBreaks] = [more, breaks + 1]
  }
  return { sol: best, breaks: bestBreaks }
}

/** What fitBnsl gives: the fit, its break count and crop, what the selection compared and what the fit rests on. */
type BnslFit = Pick<SolvedCurveForm, 'sol' | 'breaks' | 'crop' | 'selection' | 'candidates' | 'restsOn' | 'breakLimited'>

/**
 * BNSL with break-count and crop selection (DESIGN.md, steps 3-4): the largest distinct fit x are held out as a
 * validation set; every break count (up to what the points allow) is fitted on the rest after each crop of
 * CROP_SHARES and scored by RMSLE on the validation points. Instead of the one lowest score, the candidates are
 * averaged in log space with weights from a prior favouring one break without crop (DEFAULT_PRIOR) and falling
 * with their score (AVERAGE_TEMPERATURE), each refitted on all fit
 * points but its cropped ones; one BNSL matched to that average is the fit. A fixed break count averages over
 * crops only; a fixed break count without crop is one plain fit.
 */
function fitBnsl(
  pts: FitPoints,
  lxRef: number,
  options: FitOptions,
  cancelled: () => boolean
): BnslFit {
  const groups = pts.groupStart.length
  const selection: Selection = { breaks: [], crop: [] }
  const fixedBreaks = options.breaks === 'auto' ? null : options.breaks
  const maxByPoints = (points: number, distinct: number): number =>
    Math.min(Math.floor((Math.min(points, distinct) - 3) / 3), fixedBreaks ?? options.maxBreaks)
  const { valGroups, trainEnd } = validationSplit(pts)
  const canValidate = groups - valGroups >= 3 && (options.breaks === 'auto' || options.crop === 'auto')
  const allBreaks = fixedBreaks ?? Math.max(0, maxByPoints(pts.x.length, groups))
  // With selection, a break needs a few points after it to set its new slope; one among the last points only
  // bends the extrapolation to fit their noise.
  const breakLimited = canValidate && fixedBreaks === null
  const finalData = (start: number): FitData => {
    const data = sliceFitData(pts, lxRef, start)
    return breakLimited ? limitBreaks(data) : data
  }
  // Without validation: the largest break count the points allow (or the fixed one), no crop, one plain fit.
  const plainFit = (candidates: BnslCandidate[]): ReturnType<typeof fitBnsl> => {
    const chain = solveBnslChain(allBreaks, finalData(0), { cancelled })
    return { sol: chain[allBreaks][0], breaks: allBreaks, crop: 0, selection, candidates, restsOn: null, breakLimited }
  }
  if (!canValidate) return plainFit([])

  const valX = pts.x.slice(trainEnd)
  const valY = pts.y.slice(trainEnd)
  const validated: ValidatedCandidate[] = []
  const cropGroups = options.crop === 'auto' ? [...new Set(CROP_SHARES.map((s) => Math.round(groups * s)))] : [0]
  let uncropped: Solution[][] | null = null
  for (const g of cropGroups) {
    if (cancelled()) break
    const start = pts.groupStart[g]
    const top = maxByPoints(trainEnd - start, groups - valGroups - g)
    if (top < 0 || (fixedBreaks !== null && top < fixedBreaks)) continue
    const data = sliceFitData(pts, lxRef, start, trainEnd)
    // A crop starts from the uncropped fits (least squares only): dropping a few points rarely moves the
    // optimum far, and a grid search per crop would triple the time of a fit.
    const warm: Solution[][] | null = uncropped
    const chain: Solution[][] =
      warm && warm.length > top
        ? warm.slice(0, top + 1).map((sols, n) => solveForm('BNSL', n, data, { seeds: sols.slice(0, 3).map((s) => s.raw), grid: n === 0, cancelled }))
        : solveBnslChain(top, data, { cancelled })
    if (g === 0) uncropped = chain
    chain.forEach((sols, n) => {
      if (fixedBreaks !== null && n !== fixedBreaks) return
      const validationRmsle = rmsle(predictSolution(sols[0], lxRef, valX), valY)
      if (Number.isFinite(validationRmsle)) validated.push({ breaks: n, crop: start, cropGroup: g, validationRmsle, seeds: sols.slice(0, 3).map((s) => s.raw) })
    })
  }
  const candidates = validated.map(({ breaks, crop, validationRmsle, seeds }) => ({ breaks, crop, validationRmsle, raw: seeds[0] }))
  const restsOn = (c: ValidatedCandidate): BnslCandidate => candidates[validated.indexOf(c)]
  selection.breaks = validated.filter((c) => c.cropGroup === 0).map((c) => ({ n: c.breaks, validationRmsle: c.validationRmsle }))
  if (validated.length === 0) return plainFit(candidates)

  const bestError = Math.max(1e-12, Math.min(...validated.map((c) => c.validationRmsle)))
  // The default: one break (or the fixed count) without crop; fewer breaks when the points allow no more.
  const defaultBreaks = Math.min(fixedBreaks ?? 1, Math.max(...validated.filter((c) => c.cropGroup === 0).map((c) => c.breaks), 0))
  const isDefault = (c: ValidatedCandidate): boolean => c.cropGroup === 0 && c.breaks === defaultBreaks
  const others = validated.filter((c) => !isDefault(c)).length
  const hasDefault = others < validated.length
  const prior = (c: ValidatedCandidate): number =>
    !hasDefault ? 1 : isDefault(c) ? (others === 0 ? 1 : DEFAULT_PRIOR) : (1 - DEFAULT_PRIOR) / others
  const weightOf = (c: ValidatedCandidate): number => prior(c) * Math.exp(-(c.validationRmsle / bestError - 1) / AVERAGE_TEMPERATURE)
  const heaviest = validated.reduce((a, b) => (weightOf(b) > weightOf(a) ? b : a))
  const totalWeight = validated.reduce((s, c) => s + weightOf(c), 0)
  // The crops compared at the break count of the candidate the fit rests on.
  const cropRows = (breaks: number): Selection['crop'] =>
    options.crop === 'auto' ? validated.filter((c) => c.breaks === breaks).map((c) => ({ k: c.crop, validationRmsle: c.validationRmsle })) : []
  const refit = (c: ValidatedCandidate, grid = false): Solution =>
    solveForm('BNSL', c.breaks, finalData(c.crop), { seeds: c.seeds, grid, parents: grid && c.breaks >= 2 ? c.seeds : undefined, cancelled })[0]
  // The default is refitted from its training fits and by a grid search, keeping the better fit of all its
  // points: training fits cannot have seen a break among the validation points. When even the best candidate
  // validates far worse than that fit, the validation points hold something the training points did not show:
  // the scores say nothing about extrapolating, and the default stands alone.
  const fallback = validated.find(isDefault)
  const fallbackSol = fallback ? [refit(fallback), refit(fallback, true)].reduce((a, b) => (b.msle < a.msle ? b : a)) : null
  if (fallback && fallbackSol && bestError > UNINFORMATIVE_VALIDATION * Math.sqrt(fallbackSol.msle)) {
    selection.crop = cropRows(fallback.breaks)
    return { sol: fallbackSol, breaks: fallback.breaks, crop: 0, selection, candidates, restsOn: restsOn(fallback), breakLimited }
  }
  selection.crop = cropRows(heaviest.breaks)
  const kept = validated.filter((c) => weightOf(c) >= MIN_AVERAGE_WEIGHT * totalWeight)
  // Each kept candidate refitted on all fit points after its crop, from its training fits (no grid search).
  const parts = kept.map((c) => ({ sol: c === fallback && fallbackSol ? fallbackSol : refit(c), weight: weightOf(c), breaks: c.breaks }))
  const total = parts.reduce((s, p) => s + p.weight, 0)
  selection.averaged = kept.map((c, i) => ({ n: c.breaks, k: c.crop, validationRmsle: c.validationRmsle, weight: parts[i].weight / total }))
  const heaviestPart = parts[kept.indexOf(heaviest)]
  if (parts.length === 1 || cancelled()) return { sol: heaviestPart.sol, breaks: heaviest.breaks, crop: heaviest.crop, selection, candidates, restsOn: restsOn(heaviest), breakLimited }
  const matched = matchAverage(parts, pts, lxRef, heaviest.crop, heaviest.breaks, fixedBreaks ?? options.maxBreaks, cancelled)
  return { sol: matched.sol, breaks: matched.breaks, crop: heaviest.crop, selection, candidates, restsOn: restsOn(heaviest), breakLimited }
}

/** One form solved on one curve, with what the forecast engine reuses: the points, the centring, the candidates. */
export interface SolvedCurveForm {
  prepared: PreparedCurve
  /** The points the form was fitted to: the curve's fit points, or their bin means for a large curve. */
  pts: FitPoints
  /** The curve's own fit points (pts itself unless the curve was binned). */
  curvePoints: FitPoints
  lxRef: number
  sol: Solution
  breaks: number
  /** Points of pts dropped before fitting. */
  crop: number
  /** The curve's own fit points that crop drops (equal to crop unless the curve was binned). */
  croppedPoints: number
  /** The curve's own fit points before pts[k]: a crop of k points of pts counted in the curve's points. */
  cropPoints: (k: number) => number
  selection: Selection
  /** BNSL only: every candidate the selection compared. */
  candidates: BnslCandidate[]
  /**
   * BNSL only: the candidate the fit rests on (the heaviest of the average, or the default standing alone); null
   * without validation (a fixed break count without crop, too few points) and for M1-M4.
   */
  restsOn: BnslCandidate | null
  /** BNSL only: breaks were kept off the last BREAK_TAIL_POINTS fit points (break selection ran). */
  breakLimited: boolean
}

/** Validates a curve and fits one form to it (for BNSL with break and crop selection); see fitCurveForm. */
export function solveCurveForm(curve: CurveInput, form: FormName, options: FitOptions, cancel?: CancelToken): SolvedCurveForm {
  const fixedBreaks = form === 'BNSL' && options.breaks !== 'auto' ? options.breaks : 0
  const prepared = prepareCurve(curve, parameterCount(form, fixedBreaks))
  const all = fitPoints(prepared)
  const binned = all.x.length > LARGE_CURVE_POINTS ? binFitPoints(all, LARGE_CURVE_BINS) : null
  const pts = binned?.pts ?? all
  const lxRef = pts.x.reduce((s, v) => s + Math.log(v), 0) / pts.x.length
  const cancelled = (): boolean => cancel?.cancelled ?? false
  // Crops are counted in the curve's own points wherever they are shown.
  const starts = [0]
  for (const c of binned?.counts ?? []) starts.push(starts[starts.length - 1] + c)
  const cropPoints = (k: number): number => (binned ? starts[k] : k)
  if (form !== 'BNSL') {
    const sol = solveForm(form, 0, sliceFitData(pts, lxRef), { cancelled })[0]
    return { prepared, pts, curvePoints: all, lxRef, sol, breaks: 0, crop: 0, croppedPoints: 0, cropPoints, selection: { breaks: [], crop: [] }, candidates: [], restsOn: null, breakLimited: false }
  }
  const fit = fitBnsl(pts, lxRef, options, cancelled)
  if (!binned) return { prepared, pts, curvePoints: all, lxRef, ...fit, croppedPoints: fit.crop, cropPoints }
  const { breaks, crop, averaged } = fit.selection
  const selection: Selection = {
    breaks,
    crop: crop.map((row) => ({ ...row, k: cropPoints(row.k) })),
    ...(averaged && { averaged: averaged.map((row) => ({ ...row, k: cropPoints(row.k) })) })
  }
  return { prepared, pts, curvePoints: all, lxRef, ...fit, selection, croppedPoints: cropPoints(fit.crop), cropPoints }
}

/**
 * Fits one functional form to one curve: validation, grid search, multi-start least squares,
 * and for BNSL break-count and crop selection by validation on the largest fit points.
 * Throws CurveInputError naming the curve when its points cannot be fitted.
 */
export function fitCurveForm(curve: CurveInput, form: FormName, options: FitOptions, cancel?: CancelToken): FormFit {
  const started = performance.now()
  const cancelled = (): boolean => cancel?.cancelled ?? false
  const { prepared, lxRef, sol, breaks, croppedPoints: crop, selection } = solveCurveForm(curve, form, options, cancel)

  const yhat = predictSolution(sol, lxRef, prepared.x)
  const pick = (idx: number[]): [number[], number[]] => [idx.map((i) => yhat[i]), idx.map((i) => prepared.y[i])]
  // Fit error over the points the form was fitted to: cropped points are not among them.
  const [fitHat, fitY] = pick(prepared.fitIndex.slice(crop))
  const [heldHat, heldY] = pick(prepared.heldoutIndex)
  return {
    form,
    breaks,
    crop,
    params: sol.model.toParams(sol.raw, lxRef),
    status: cancelled() ? 'cancelled' : sol.status,
    fitRmsle: rmsle(fitHat, fitY),
    fitRsle: rootStandardLogError(fitHat, fitY),
    heldoutRmsle: rmsle(heldHat, heldY),
    heldoutRsle: rootStandardLogError(heldHat, heldY),
    selection,
    points: prepared.x.map((x, i) => ({ x, y: prepared.y[i], split: prepared.split[i], yhat: yhat[i] })),
    timeMs: performance.now() - started
  }
}

/** Fits every form in options.forms to one curve. */
export function fitCurve(curve: CurveInput, options: FitOptions, cancel?: CancelToken): CurveFitResult {
  return { curve: curve.name, fits: options.forms.map((form) => fitCurveForm(curve, form, options, cancel)) }
}
