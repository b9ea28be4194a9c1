// A curve ready to forecast: its candidate fits, their backtested extrapolation error, the Jacobian of the
// chosen fit, and a stream of bootstrap refits. forecast-curve.ts and crossover.ts turn it into answers.
import type { CurveInput } from '../../shared/fit-types'
import type { ExtrapolationError, ForecastOptions } from '../../shared/forecast-types'
import { type CancelToken, sliceFitData } from '../fit-curve'
import { msleOf } from '../least-squares'
import { extrapolationGrowth, distanceBeyond } from './backtest'
import { type CandidateFit, type CandidateSet, fitCandidates } from './candidates'
import { type Covariance, quadraticForm, rawCovariance } from './jacobian'
import { polish } from './polish'
import { type Random, createRandom } from './random'

/** Most Levenberg-Marquardt steps of one resample's refit, warm from its candidate's fit (no grid search). */
export const RESAMPLE_ITERATIONS = 30

/** One bootstrap refit: ln y of the refitted curve at ln x (with no extrapolation error added). */
export interface Resample {
  candidate: CandidateFit
  raw: number[]
  lnCurve(lnx: number): number
}

/** Per candidate: residuals for the residual bootstrap and the fit-point groups for the pairs bootstrap. */
interface CandidateData {
  fitted: number[]
  residuals: number[]
  bounds: { min: number[]; max: number[] }
  /** Index into the curve's distinct-x groups of each of the candidate's points. */
  group: number[]
}

/** Distinct x values in use under given weights. */
function distinctUsed(group: number[], w: number[]): number {
  const seen = new Set<number>()
  for (let j = 0; j < group.length; j++) if (w[j] > 0) seen.add(group[j])
  return seen.size
}

/** Draws of distinct x a pairs resample may take to find one that can determine the candidate's parameters. */
export const PAIRS_DRAW_TRIES = 100

/**
 * Point weights of one pairs resample: the candidate's distinct x drawn with replacement, each point weighted by how often
 * its x was drawn. A draw with fewer distinct x (among the candidate's points) than the candidate has
 * parameters cannot determine them and is drawn again (short curves need this often); null after
 * PAIRS_DRAW_TRIES such draws.
 */
function drawPairs(c: CandidateFit, d: CandidateData, groups: number, rng: Random): number[] | null {
  // Only the candidate's own x are drawn: a cropped candidate's dropped points would only thin its resamples.
  const first = d.group[0]
  const available = groups - first
  const needed = Math.min(c.raw.length, available)
  for (let attempt = 0; attempt < PAIRS_DRAW_TRIES; attempt++) {
    const counts = new Array<number>(groups).fill(0)
    for (let k = 0; k < available; k++) counts[first + rng.int(available)]++
    const w = c.data.w.map((wj, j) => wj * counts[d.group[j]])
    if (distinctUsed(d.group, w) >= needed) return w
  }
  return null
}

/** Splits n draws among weights by largest remainder, then shuffles the order with the seeded source. */
function allocate(weights: number[], n: number, rng: Random): number[] {
  const exact = weights.map((w) => w * n)
  const counts = exact.map(Math.floor)
  const order = exact.map((e, i) => i).sort((a, b) => exact[b] - Math.floor(exact[b]) - (exact[a] - Math.floor(exact[a])) || a - b)
  for (let k = 0; k < n - counts.reduce((s, c) => s + c, 0); k++) counts[order[k % order.length]]++
  const list = counts.flatMap((c, i) => new Array<number>(c).fill(i))
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[list[i], list[j]] = [list[j], list[i]]
  }
  return list
}

export class Forecaster {
  readonly set: CandidateSet
  readonly extrapolation: ExtrapolationError
  /** Sd of the chosen fit's log residuals, with n - p degrees of freedom. */
  readonly residualSd: number
  readonly covariance: Covariance | null
  readonly minFitX: number
  readonly maxFitX: number
  readonly #lnLo: number
  readonly #lnHi: number
  readonly #options: ForecastOptions
  readonly #data: CandidateData[]

  constructor(curve: CurveInput, options: ForecastOptions, cancel?: CancelToken) {
    const cancelled = (): boolean => cancel?.cancelled ?? false
    this.#options = options
    this.set = fitCandidates(curve, options, cancel)
    const { chosen, pts, curvePoints, cropPoints, lxRef } = this.set
    // Range and scatter come from the curve's own points: a large curve's bin means span a little less and
    // scatter far less than single points do (the parameters' covariance from weighted bin means is that of
    // the points, so the fit's own uncertainty needs no such care).
    const from = cropPoints(chosen.crop)
    this.minFitX = curvePoints.x[0]
    this.maxFitX = curvePoints.x[curvePoints.x.length - 1]
    this.#lnLo = Math.log(curvePoints.x[from])
    this.#lnHi = Math.log(this.maxFitX)
    this.extrapolation = extrapolationGrowth(chosen, pts, lxRef, cancelled)
    const own = curvePoints === pts ? chosen.data : sliceFitData(curvePoints, lxRef, from)
    const n = own.lx.length
    const p = chosen.raw.length
    this.residualSd = Math.sqrt((msleOf(chosen.model, chosen.raw, own) * n) / Math.max(1, n - p))
    this.covariance = rawCovariance(chosen.model, chosen.raw, chosen.data)
    const groupOf: number[] = []
    pts.groupStart.forEach((start, g) => {
      const end = pts.groupStart[g + 1] ?? pts.x.length
      for (let j = start; j < end; j++) groupOf[j] = g
    })
    this.#data = this.set.mixed.map((c) => {
      const fitted = c.data.lx.map((lx) => c.model.lnPredict(c.raw, lx))
      const raw = c.data.ly.map((ly, j) => ly - fitted[j])
      const mean = raw.reduce((s, r) => s + r, 0) / raw.length
      return { fitted, residuals: raw.map((r) => r - mean), group: groupOf.slice(c.crop), bounds: c.model.bounds(c.data) }
    })
  }

  get chosen(): CandidateFit {
    return this.set.chosen
  }

  /** ln y of the chosen fit at ln x. */
  centralLn(lnx: number): number {
    const { chosen, lxRef } = this.set
    return chosen.model.lnPredict(chosen.raw, lnx - lxRef)
  }

  /** Sd of the extrapolation error at ln x: the backtested growth times the distance beyond the data. */
  extrapolationSd(lnx: number): number {
    return this.extrapolation.growth * distanceBeyond(lnx, this.#lnLo, this.#lnHi)
  }

  /**
   * Sd of ln y of the chosen fit at ln x from the Jacobian, along the directions the points determine (the others
   * are left to the extrapolation error); NaN without a covariance (n <= p, or nothing determined).
   */
  jacobianSd(lnx: number): number {
    if (!this.covariance) return NaN
    const { chosen, lxRef } = this.set
    return Math.sqrt(quadraticForm(this.covariance.matrix, chosen.model.gradient(chosen.raw, lnx - lxRef)))
  }

  /**
   * The bootstrap refits, one per resample (null for a refit that failed), candidates drawn in proportion
   * to their weights. Each is refitted warm from its candidate's fit on resampled points: pairs
   * resampling draws distinct x values with replacement, residual resampling redraws the residuals.
   */
  *resamples(rng: Random = createRandom(this.#options.seed)): Generator<Resample | null> {
    const { mixed, pts, lxRef } = this.set
    const groups = pts.groupStart.length
    const plan = allocate(mixed.map((c) => c.weight), this.#options.resamples, rng)
    for (const ci of plan) {
      const c = mixed[ci]
      const d = this.#data[ci]
      let data = c.data
      if (this.#options.bootstrap === 'pairs') {
        const w = drawPairs(c, d, groups, rng)
        if (!w) {
          yield null
          continue
        }
        data = { ...c.data, w }
      } else {
        const n = d.residuals.length
        data = { ...c.data, ly: d.fitted.map((f) => f + d.residuals[rng.int(n)]) }
      }
      const r = polish(c.model, data, c.raw, d.bounds, RESAMPLE_ITERATIONS)
      if (!Number.isFinite(r.msle)) {
        yield null
        continue
      }
      const raw = r.raw
      yield { candidate: c, raw, lnCurve: (lnx) => c.model.lnPredict(raw, lnx - lxRef) }
    }
  }
}
