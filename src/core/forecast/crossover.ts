// Where two curves' forecasts cross: every crossing of the central fits in a range, each with an
// interval over paired bootstrap refits (resample i of one curve with resample i of the other).
import type { CrossoverAnswer, ForecastOptions, Interval } from '../../shared/forecast-types'
import type { CurveInput } from '../../shared/fit-types'
import { checkForecastOptions } from '../../shared/forecast-options'
import type { CancelToken } from '../fit-curve'
import { PRIOR_WEIGHT } from './backtest'
import { grid, zeroCrossings } from './crossings'
import { Forecaster } from './forecaster'
import { QuantileSketch } from './quantile-sketch'
import { createRandom } from './random'

/** Points of the log-x grid crossings are searched on before bisection. */
export const CROSSOVER_GRID_POINTS = 400

/** A seed for the second curve's resamples, distinct from the first's so the pair is independent. */
const SECOND_SEED_OFFSET = 0x2545f491

/**
 * Every x in [lo, hi] where curve a's forecast crosses curve b's. For each crossing of the central fits,
 * each resample pair contributes its crossing nearest to it within the crossing's own stretch (halfway to
 * the neighbouring crossings in log x); `share` is the share of pairs that have one there.
 */
export function forecastCrossover(
  a: CurveInput,
  b: CurveInput,
  options: ForecastOptions,
  range: [number, number] | null,
  cancel?: CancelToken
): CrossoverAnswer {
  checkForecastOptions(options)
  const fa = new Forecaster(a, options, cancel)
  const fb = new Forecaster(b, { ...options, seed: options.seed + SECOND_SEED_OFFSET }, cancel)
  const lo = range?.[0] ?? Math.min(fa.minFitX, fb.minFitX)
  const hi = range?.[1] ?? 100 * Math.max(fa.maxFitX, fb.maxFitX)
  const u = grid(Math.log(lo), Math.log(hi), CROSSOVER_GRID_POINTS)
  const central = zeroCrossings((v) => fa.centralLn(v) - fb.centralLn(v), u)
  const edges = central.map((c, k) => [k === 0 ? -Infinity : (central[k - 1] + c) / 2, k === central.length - 1 ? Infinity : (c + central[k + 1]) / 2])
  const sketches = central.map(() => new QuantileSketch())
  let pairs = 0
  if (options.resamples > 0 && central.length > 0) {
    const noise = createRandom(options.seed + 0x5bd1e995)
    const ia = fa.resamples(createRandom(options.seed))
    const ib = fb.resamples(createRandom(options.seed + SECOND_SEED_OFFSET))
    for (;;) {
      if (cancel?.cancelled) break
      const ra = ia.next()
      const rb = ib.next()
      if (ra.done || rb.done) break
      if (ra.value === null || rb.value === null) continue
      pairs++
      const ea = noise.studentT(fa.extrapolation.backtests + PRIOR_WEIGHT)
      const eb = noise.studentT(fb.extrapolation.backtests + PRIOR_WEIGHT)
      const curveA = ra.value
      const curveB = rb.value
      const diff = (v: number): number =>
        curveA.lnCurve(v) + ea * fa.extrapolationSd(v) - curveB.lnCurve(v) - eb * fb.extrapolationSd(v)
      const found = zeroCrossings(diff, u)
      central.forEach((c, k) => {
        const near = found.filter((x) => x >= edges[k][0] && x <= edges[k][1])
        if (near.length) sketches[k].add(near.reduce((best, x) => (Math.abs(x - c) < Math.abs(best - c) ? x : best)))
      })
    }
  }
  const step = (u[1] - u[0]) / 2
  return {
    curves: [a.name, b.name],
    range: [lo, hi],
    crossings: central.map((c, k) => {
      const after = fa.centralLn(c + step) - fb.centralLn(c + step)
      const bands = options.levels.map((level): Interval => {
        const s = sketches[k]
        if (s.count === 0) return { level, low: NaN, high: NaN }
        return { level, low: Math.exp(s.quantile((1 - level) / 2)), high: Math.exp(s.quantile((1 + level) / 2)) }
      })
      return { x: Math.exp(c), lowerAfter: after < 0 ? a.name : b.name, share: pairs ? sketches[k].count / pairs : 1, bands }
    })
  }
}
