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
export const CROP_SHARES = [0, 0.1, 0.2, 0.3, 0.4]

/** With break selection, points a break must leave after it. */
export const BREAK_TAIL_POINTS = 3

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

interface Validated {
  chain: Solution[][]
  error: number
}

/**
 * BNSL with n breaks, warm-started: with fits of every break count up to n at hand (from the
 * selection), only n is solved, seeded by them and extending the (n-1)-break ones; otherwise the
 * whole chain 0..n is solved. Returns a chain whose level n is new.
 */
function solveWarm(n: number, data: FitData, warm: Solution[][] | undefined, cancelled: () => boolean): Solution[][] {
  if (!warm || warm.length <= n) return solveBnslChain(n, data, { cancelled })
  const seeds = warm[n].map((s) => s.raw)
  const parents = n >= 2 ? warm[n - 1].slice(0, 3).map((s) => s.raw) : undefined
  return [...warm.slice(0, n), solveForm('BNSL', n, data, { cancelled, seeds, parents })]
}

/** The n with the lowest validation error; ties go to fewer breaks. */
function argminBy<T>(items: T[], score: (t: T) => number): T {
  return items.reduce((best, t) => (score(t) < score(best) ? t : best))
}

/**
 * BNSL with break-count and crop selection (DESIGN.md, steps 3-4): the largest distinct fit x
 * are held out as a validation set; each candidate break count, then each crop, is fitted on
 * the rest and scored by RMSLE on the validation points; the winner is refitted on all fit
 * points but the cropped ones.
 */
function fitBnsl(
  pts: FitPoints,
  lxRef: number,
  options: FitOptions,
  cancelled: () => boolean
): { sol: Solution; breaks: number; crop: number; selection: Selection; candidates: BnslCandidate[] } {
  const groups = pts.groupStart.length
  const selection: Selection = { breaks: [], crop: [] }
  const candidates: BnslCandidate[] = []
  const fixedBreaks = options.breaks === 'auto' ? null : options.breaks
  const maxByPoints = (points: number, distinct: number): number =>
    Math.min(Math.floor((Math.min(points, distinct) - 3) / 3), fixedBreaks ?? options.maxBreaks)
  const { valGroups, trainEnd } = validationSplit(pts)
  const canValidate = groups - valGroups >= 3 && (options.breaks === 'auto' || options.crop === 'auto')

  let breaks = fixedBreaks ?? Math.max(0, maxByPoints(pts.x.length, groups))
  let crop = 0
  let warm: Solution[][] | undefined
  if (canValidate) {
    const valX = pts.x.slice(trainEnd)
    const valY = pts.y.slice(trainEnd)
    const validate = (cropGroup: number, n: number, seeds?: Solution[][]): Validated | null => {
      const start = pts.groupStart[cropGroup]
      if (maxByPoints(trainEnd - start, groups - valGroups - cropGroup) < n) return null
      const data = sliceFitData(pts, lxRef, start, trainEnd)
      const chain = solveWarm(n, data, seeds, cancelled)
      return { chain, error: rmsle(predictSolution(chain[n][0], lxRef, valX), valY) }
    }
    const topBreaks = fixedBreaks ?? maxByPoints(trainEnd, groups - valGroups)
    if (topBreaks >= 0) {
      const full = validate(0, topBreaks)
      if (full) {
        const errors = full.chain.map((sols) => rmsle(predictSolution(sols[0], lxRef, valX), valY))
        full.chain.forEach((sols, n) => candidates.push({ breaks: n, crop: 0, validationRmsle: errors[n], raw: sols[0].raw }))
        if (fixedBreaks === null) {
          selection.breaks = errors.map((e, n) => ({ n, validationRmsle: e }))
          breaks = argminBy(selection.breaks, (c) => c.validationRmsle).n
        }
        warm = full.chain.slice(0, breaks + 1)
        if (options.crop === 'auto') {
          const cropGroups = [...new Set(CROP_SHARES.map((s) => Math.round(groups * s)))]
          const tried: Array<{ k: number; group: number; validationRmsle: number; chain: Solution[][] }> = [
            { k: 0, group: 0, validationRmsle: errors[breaks], chain: warm }
          ]
          for (const g of cropGroups.filter((g) => g > 0)) {
            if (cancelled()) break
            const v = validate(g, breaks, warm)
            if (v) {
              tried.push({ k: pts.groupStart[g], group: g, validationRmsle: v.error, chain: v.chain })
              candidates.push({ breaks, crop: pts.groupStart[g], validationRmsle: v.error, raw: v.chain[breaks][0].raw })
            }
          }
          selection.crop = tried.map(({ k, validationRmsle }) => ({ k, validationRmsle }))
          const chosen = argminBy(tried, (c) => c.validationRmsle)
          crop = chosen.k
          warm = chosen.chain.map((sols, n) => [...sols.slice(0, 1), ...(warm?.[n].slice(0, 1) ?? [])])
        }
      }
    }
  }
  const data = sliceFitData(pts, lxRef, crop)
  // With selection, a break needs a few points after it to set its new slope; one among the last
  // points only bends the extrapolation to fit their noise.
  if (canValidate && fixedBreaks === null) data.breakLimit = data.lx[Math.max(0, data.lx.length - 1 - BREAK_TAIL_POINTS)]
  const chain = solveWarm(breaks, data, warm, cancelled)
  return { sol: chain[breaks][0], breaks, crop, selection, candidates }
}

/** One form solved on one curve, with what the forecast engine reuses: the points, the centring, the candidates. */
export interface SolvedCurveForm {
  prepared: PreparedCurve
  pts: FitPoints
  lxRef: number
  sol: Solution
  breaks: number
  crop: number
  selection: Selection
  /** BNSL only: every candidate the selection compared. */
  candidates: BnslCandidate[]
}

/** Validates a curve and fits one form to it (for BNSL with break and crop selection); see fitCurveForm. */
export function solveCurveForm(curve: CurveInput, form: FormName, options: FitOptions, cancel?: CancelToken): SolvedCurveForm {
  const fixedBreaks = form === 'BNSL' && options.breaks !== 'auto' ? options.breaks : 0
  const prepared = prepareCurve(curve, parameterCount(form, fixedBreaks))
  const pts = fitPoints(prepared)
  const lxRef = pts.x.reduce((s, v) => s + Math.log(v), 0) / pts.x.length
  const cancelled = (): boolean => cancel?.cancelled ?? false
  if (form === 'BNSL') return { prepared, pts, lxRef, ...fitBnsl(pts, lxRef, options, cancelled) }
  const sol = solveForm(form, 0, sliceFitData(pts, lxRef), { cancelled })[0]
  return { prepared, pts, lxRef, sol, breaks: 0, crop: 0, selection: { breaks: [], crop: [] }, candidates: [] }
}

/**
 * Fits one functional form to one curve: validation, grid search, multi-start least squares,
 * and for BNSL break-count and crop selection by validation on the largest fit points.
 * Throws CurveInputError naming the curve when its points cannot be fitted.
 */
export function fitCurveForm(curve: CurveInput, form: FormName, options: FitOptions, cancel?: CancelToken): FormFit {
  const started = performance.now()
  const cancelled = (): boolean => cancel?.cancelled ?? false
  const { prepared, lxRef, sol, breaks, crop, selection } = solveCurveForm(curve, form, options, cancel)

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
