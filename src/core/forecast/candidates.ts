// The fits a forecast mixes: for `auto` every form, for BNSL the break counts and crops its selection
// compared, each with its validation error on the largest fit points and its fit on all of them.
import type { CurveInput, FitOptions, FormName } from '../../shared/fit-types'
import { FORM_NAMES } from '../../shared/fit-types'
import type { ForecastOptions } from '../../shared/forecast-types'
import { type CancelToken, type FitPoints, type SolvedCurveForm, predictSolution, sliceFitData, solveCurveForm, validationSplit } from '../fit-curve'
import { solveForm } from '../fit-form'
import { type FitData, type FormModel, modelFor } from '../forms'
import { rmsle } from '../metrics'

/** One candidate fit on all of its fit points (those after its crop). */
export interface CandidateFit {
  form: FormName
  breaks: number
  crop: number
  /** RMSLE on the validation points when fitted without them; NaN when the curve is too short to validate. */
  validationRmsle: number
  /** Share of the resamples this candidate gets. */
  weight: number
  /** BNSL fitted with break selection: its breaks were kept off the last fit points (backtests keep them off too). */
  breakLimited: boolean
  model: FormModel
  raw: number[]
  data: FitData
}

export interface CandidateSet {
  /** The points the candidates were fitted to (bin means for a large curve). */
  pts: FitPoints
  /** The curve's own fit points: its range, and the scatter of single points about a fit. */
  curvePoints: FitPoints
  lxRef: number
  /** The candidate that forecasts: BNSL's selection (for `auto`, the lowest validation error when BNSL has none). */
  chosen: CandidateFit
  /** Every candidate with a share of the resamples, chosen first. */
  mixed: CandidateFit[]
  /** A crop of k points of pts counted in the curve's own points (they differ when a large curve was binned). */
  cropPoints: (k: number) => number
  /** Every candidate compared, including those too far behind to be mixed; crops in the curve's own points. */
  compared: Array<Pick<CandidateFit, 'form' | 'breaks' | 'crop' | 'validationRmsle' | 'weight'>>
}

/** Candidates below this share of the resamples are left out of the mixture. */
export const MIN_MIXTURE_WEIGHT = 0.02

function fitOptionsOf(options: ForecastOptions, form: FormName): FitOptions {
  return { forms: [form], breaks: options.breaks, crop: options.crop, maxBreaks: options.maxBreaks }
}

/**
 * Weights from validation errors: each candidate's Gaussian likelihood of its validation residuals
 * relative to the best, (rmsle_best / rmsle_c)^n with n distinct validation x. The chosen candidate, which
 * draws the line, holds at least as much as any other (auto's BNSL may validate a little worse than a form that
 * does not follow it; without the cap it could hold almost none of the resamples that give its parameters and
 * bands). A candidate whose error is not finite gets none; without validation only the chosen one counts.
 */
export function validationWeights(errors: number[], n: number, chosen: number): number[] {
  const best = Math.min(...errors.filter(Number.isFinite))
  if (!Number.isFinite(best) || n < 1) return errors.map((_, i) => (i === chosen ? 1 : 0))
  // In logs: with hundreds of validation x the likelihoods themselves underflow to 0.
  const logLikelihood = errors.map((e) => (Number.isFinite(e) ? n * (Math.log(Math.max(best, 1e-12)) - Math.log(Math.max(e, 1e-12))) : -Infinity))
  const cap = Number.isFinite(logLikelihood[chosen]) ? logLikelihood[chosen] : Infinity
  const capped = logLikelihood.map((l) => Math.min(l, cap))
  const top = Math.max(...capped)
  const raw = capped.map((l) => Math.exp(l - top))
  // Left out below MIN_MIXTURE_WEIGHT of the heaviest (the one that forecasts, unless it validated best).
  const kept = raw.map((w, i) => (i === chosen || w >= MIN_MIXTURE_WEIGHT ? w : 0))
  const total = kept.reduce((s, w) => s + w, 0)
  return kept.map((w) => w / total)
}

/** Validation RMSLE of an M1-M4 form: fitted on the training points, scored on the largest fit x. */
function validateForm(form: FormName, solved: SolvedCurveForm, cancel?: CancelToken): number {
  const { pts, lxRef } = solved
  const { trainEnd, trainGroups } = validationSplit(pts)
  if (trainGroups < 3) return NaN
  const data = sliceFitData(pts, lxRef, 0, trainEnd)
  if (data.lx.length < solved.sol.model.paramNames.length) return NaN
  const sol = solveForm(form, 0, data, { cancelled: () => cancel?.cancelled ?? false })[0]
  return rmsle(predictSolution(sol, lxRef, pts.x.slice(trainEnd)), pts.y.slice(trainEnd))
}

function bnslCandidates(solved: SolvedCurveForm): Array<Omit<CandidateFit, 'weight'>> {
  const { pts, lxRef, sol, breaks, crop, restsOn, breakLimited } = solved
  const validationRmsle = restsOn?.validationRmsle ?? NaN
  const chosen = { form: 'BNSL' as const, breaks, crop, validationRmsle, breakLimited, model: sol.model, raw: sol.raw, data: sliceFitData(pts, lxRef, crop) }
  // The fit stands for the candidate it rests on (which may have one break fewer than the BNSL matched to an average).
  const others = solved.candidates.filter((c) => c !== restsOn)
  return [
    chosen,
    // Their raw vectors are fits on the training points only, refitted on all points when mixed (refitOnAll):
    // a fit costs a grid search.
    ...others.map((c) => ({
      form: 'BNSL' as const,
      breaks: c.breaks,
      crop: c.crop,
      validationRmsle: c.validationRmsle,
      breakLimited,
      model: modelFor('BNSL', c.breaks),
      raw: c.raw,
      data: sliceFitData(pts, lxRef, c.crop)
    }))
  ]
}

/**
 * Fits the candidates a forecast draws on. `auto`: M1-M4 and BNSL (with its own break and crop
 * selection); BNSL forecasts, the others share the resamples by validation error. BNSL: its selection's
 * candidates. M1-M4: that form alone.
 * Forms that cannot be fitted to the curve (too few points) are left out of `auto`.
 */
export function fitCandidates(curve: CurveInput, options: ForecastOptions, cancel?: CancelToken): CandidateSet {
  const forms: FormName[] = options.form === 'auto' ? [...FORM_NAMES] : [options.form]
  const solved: Array<{ form: FormName; s: SolvedCurveForm }> = []
  let firstError: unknown = null
  for (const form of forms) {
    try {
      solved.push({ form, s: solveCurveForm(curve, form, fitOptionsOf(options, form), cancel) })
    } catch (error) {
      firstError ??= error
    }
  }
  if (solved.length === 0) throw firstError
  const { pts, lxRef } = solved[0].s
  const validationPoints = validationSplit(pts).valGroups

  let list: Array<Omit<CandidateFit, 'weight'>>
  if (options.form === 'BNSL') {
    list = bnslCandidates(solved[0].s)
  } else {
    list = solved.map(({ form, s }) => {
      // BNSL: the validation RMSLE of the candidate its fit rests on (not looked up by break count and crop: the
      // BNSL matched to an average may carry one more break than any candidate at its crop).
      const validationRmsle = form === 'BNSL' ? (s.restsOn?.validationRmsle ?? NaN) : validateForm(form, s, cancel)
      const { breaks, crop, breakLimited } = s
      return { form, breaks, crop, validationRmsle, breakLimited, model: s.sol.model, raw: s.sol.raw, data: sliceFitData(pts, lxRef, crop) }
    })
  }
  // `auto` forecasts from BNSL, with its own break and crop selection, whenever BNSL could be validated: picking
  // among the forms by the same few validation points is one more noisy choice, and it lost to BNSL alone on the
  // vision benchmark (docs/selection.md). The other forms still take resamples by their validation error. When BNSL
  // could not be validated (NaN, e.g. fixed breaks and no crop) the lowest validation error wins (ties to the
  // earlier form); a form without one ranks last, not first.
  const key = (e: number): number => (Number.isFinite(e) ? e : Infinity)
  const bnslIndex = list.findIndex((c) => c.form === 'BNSL' && Number.isFinite(c.validationRmsle))
  const chosenIndex =
    options.form !== 'auto'
      ? 0
      : bnslIndex >= 0
        ? bnslIndex
        : list.reduce((best, c, i) => (key(c.validationRmsle) < key(list[best].validationRmsle) ? i : best), 0)
  const weights = validationWeights(list.map((c) => c.validationRmsle), validationPoints, chosenIndex)
  const all = list.map((c, i) => ({ ...c, weight: weights[i] }))
  const chosen = all[chosenIndex]
  const mixed = [chosen, ...all.filter((c, i) => i !== chosenIndex && c.weight > 0)].map((c) =>
    c === chosen || options.form !== 'BNSL' ? c : refitOnAll(c, cancel)
  )
  const { cropPoints, curvePoints } = solved[0].s
  const compared = all.map(({ form, breaks, crop, validationRmsle, weight }) => ({ form, breaks, crop: cropPoints(crop), validationRmsle, weight }))
  // The chosen candidate first, then the others best first.
  const chosenRow = compared[chosenIndex]
  compared.sort((a, b) => (a === chosenRow ? -1 : b === chosenRow ? 1 : key(a.validationRmsle) - key(b.validationRmsle)))
  return { pts, curvePoints, lxRef, cropPoints, chosen, mixed, compared }
}

/** A BNSL selection candidate fitted on all of its points, warm from its fit on the training points. */
function refitOnAll(c: CandidateFit, cancel?: CancelToken): CandidateFit {
  const sol = solveForm('BNSL', c.breaks, c.data, { seeds: [c.raw], cancelled: () => cancel?.cancelled ?? false })[0]
  return { ...c, model: sol.model, raw: sol.raw }
}
