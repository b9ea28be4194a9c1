// The forecast of one curve: y at chosen x, the x of target y, a band over a range and every parameter,
// each with intervals, from the bootstrap refits (or, with no resamples, from the Jacobian).
import type { CurveInput } from '../../shared/fit-types'
import type {
  BandInterval,
  CurveForecast,
  ForecastBand,
  ForecastOptions,
  ForecastPoint,
  Interval,
  ParameterEstimate,
  TargetAnswer
} from '../../shared/forecast-types'
import { BAND_KINDS } from '../../shared/forecast-types'
import { checkForecastOptions } from '../../shared/forecast-options'
import type { CancelToken } from '../fit-curve'
import { PRIOR_WEIGHT } from './backtest'
import { zeroCrossings, grid } from './crossings'
import { Forecaster } from './forecaster'
import { parameterErrors } from './jacobian'
import { normalQuantile } from './normal'
import { QuantileSketch } from './quantile-sketch'
import { createRandom } from './random'

/** Target y are searched up to this many times the largest fit x. */
export const TARGET_SEARCH_FACTOR = 1e4
/** Points of the log-x grid a target crossing is searched on before bisection. */
export const TARGET_GRID_POINTS = 240
/** Scatter draws per resample for the prediction band (cheap, and steadies its tails). */
export const NOISE_DRAWS = 4

/** The x range of the band: the option, or from the smallest fit x to the farthest query, held-out point or 2x the data. */
export function bandRangeOf(f: Forecaster, options: ForecastOptions, extraX: number[] = []): [number, number] {
  if (options.bandRange) return options.bandRange
  const hi = Math.max(2 * f.maxFitX, ...options.at, ...extraX)
  return [f.minFitX, hi]
}

function targetGrid(f: Forecaster, bandHi: number): number[] {
  return grid(Math.log(f.minFitX), Math.log(Math.max(bandHi, f.maxFitX * TARGET_SEARCH_FACTOR)), TARGET_GRID_POINTS)
}

/** Shares of (1 - level) / 2 and (1 + level) / 2. */
const tails = (level: number): [number, number] => [(1 - level) / 2, (1 + level) / 2]

const bandsFrom = (levels: number[], at: (kind: 'confidence' | 'prediction', q: number) => number): BandInterval[] =>
  BAND_KINDS.flatMap((kind) =>
    levels.map((level) => {
      const [lo, hi] = tails(level)
      return { level, kind, low: at(kind, lo), high: at(kind, hi) }
    })
  )

interface Sketches {
  conf: QuantileSketch[]
  pred: QuantileSketch[]
  targets: QuantileSketch[]
  params: Map<string, QuantileSketch>
  failed: number
}

/** Streams the resamples into quantile sketches: memory stays flat in the number of resamples. */
function runBootstrap(f: Forecaster, options: ForecastOptions, lnxs: number[], tgrid: number[], cancel?: CancelToken): Sketches {
  const s: Sketches = {
    conf: lnxs.map(() => new QuantileSketch()),
    pred: lnxs.map(() => new QuantileSketch()),
    targets: options.targets.map(() => new QuantileSketch()),
    params: new Map(f.chosen.model.paramNames.map((n) => [n, new QuantileSketch()])),
    failed: 0
  }
  const rng = createRandom(options.seed)
  const noise = createRandom(options.seed + 0x5bd1e995)
  const lnTargets = options.targets.map(Math.log)
  const extraLn = lnxs.map((u) => f.extrapolationSd(u))
  const extraT = tgrid.map((u) => f.extrapolationSd(u))
  for (const r of f.resamples(rng)) {
    if (cancel?.cancelled) break
    if (r === null) {
      s.failed++
      continue
    }
    // One draw of the extrapolation error per resample: a form's error bends the whole curve one way. Its
    // scale is estimated from a few backtests, so the draw is Student's t with that many degrees of freedom.
    const e = noise.studentT(f.extrapolation.backtests + PRIOR_WEIGHT)
    lnxs.forEach((u, i) => {
      const c = r.lnCurve(u) + e * extraLn[i]
      s.conf[i].add(c)
      for (let k = 0; k < NOISE_DRAWS; k++) s.pred[i].add(c + f.residualSd * noise.normal())
    })
    if (lnTargets.length) {
      const values = tgrid.map((u, i) => r.lnCurve(u) + e * extraT[i])
      lnTargets.forEach((lt, t) => {
        const curve = (u: number): number => r.lnCurve(u) + e * f.extrapolationSd(u) - lt
        const hit = zeroCrossings(curve, tgrid, values.map((v) => v - lt), true)
        s.targets[t].add(hit.length ? hit[0] : NaN)
      })
    }
    if (r.candidate === f.chosen) {
      const p = r.candidate.model.toParams(r.raw, f.set.lxRef)
      for (const [name, sketch] of s.params) sketch.add(p[name])
    }
  }
  return s
}

function firstCrossing(curve: (u: number) => number, tgrid: number[]): number | null {
  const hit = zeroCrossings(curve, tgrid, undefined, true)
  return hit.length ? Math.exp(hit[0]) : null
}

/** The x where the central curve reaches each target, with the instant interval where the confidence edges reach it. */
function jacobianTargets(f: Forecaster, options: ForecastOptions, tgrid: number[]): TargetAnswer[] {
  return options.targets.map((y) => {
    const lt = Math.log(y)
    const x = firstCrossing((u) => f.centralLn(u) - lt, tgrid)
    const sd = (u: number): number => Math.hypot(f.jacobianSd(u) || 0, f.extrapolationSd(u))
    const bands = options.levels.map((level): Interval => {
      const z = normalQuantile(tails(level)[1])
      const a = firstCrossing((u) => f.centralLn(u) - z * sd(u) - lt, tgrid)
      const b = firstCrossing((u) => f.centralLn(u) + z * sd(u) - lt, tgrid)
      const ends = [a, b].map((v) => v ?? Infinity)
      return { level, low: Math.min(...ends), high: Math.max(...ends) }
    })
    return { y, x, reachedShare: x === null ? 0 : 1, bands }
  })
}

function parameterEstimates(f: Forecaster, options: ForecastOptions, sketches: Sketches | null): ParameterEstimate[] {
  const { chosen, lxRef } = f.set
  const params = chosen.model.toParams(chosen.raw, lxRef)
  const errors = parameterErrors(chosen.model, chosen.raw, lxRef, f.covariance)
  return chosen.model.paramNames.map((name) => {
    const se = errors[name]
    const sketch = sketches?.params.get(name)
    const intervals = options.levels.map((level): Interval => {
      const [lo, hi] = tails(level)
      if (sketch && sketch.count > 0) return { level, low: sketch.quantile(lo), high: sketch.quantile(hi) }
      const z = normalQuantile(hi)
      return se === null ? { level, low: NaN, high: NaN } : { level, low: params[name] - z * se, high: params[name] + z * se }
    })
    return { name, value: params[name], standardError: se, intervals }
  })
}

/**
 * Forecasts one curve. Fits the candidates (for `auto`, every form; BNSL forecasts unless it could not be
 * validated), backtests the chosen fit to learn how its extrapolation error grows,
 * then either streams `resamples` bootstrap refits into quantile sketches (candidates mixed by how well
 * they validated, each refit warm from its candidate's fit) or, with 0 resamples, answers from the
 * Jacobian. Bands are in log space: confidence = the curve's uncertainty plus the extrapolation error;
 * prediction adds the scatter of points around the curve. `extraX`: further x the band should reach.
 */
export function forecastCurve(curve: CurveInput, options: ForecastOptions, cancel?: CancelToken, extraX: number[] = []): CurveForecast {
  const started = performance.now()
  checkForecastOptions(options)
  const f = new Forecaster(curve, options, cancel)
  const [lo, hi] = bandRangeOf(f, options, extraX)
  const bandLn = grid(Math.log(lo), Math.log(hi), Math.max(2, options.bandPoints))
  const atLn = options.at.map(Math.log)
  const lnxs = [...bandLn, ...atLn]
  const tgrid = targetGrid(f, hi)
  const bootstrap = options.resamples > 0
  const sketches = bootstrap ? runBootstrap(f, options, lnxs, tgrid, cancel) : null

  const valuesAt = (i: number): BandInterval[] => {
    const u = lnxs[i]
    const central = f.centralLn(u)
    if (sketches) {
      return bandsFrom(options.levels, (kind, q) => Math.exp((kind === 'confidence' ? sketches.conf : sketches.pred)[i].quantile(q)))
    }
    const conf = Math.hypot(f.jacobianSd(u), f.extrapolationSd(u))
    return bandsFrom(options.levels, (kind, q) => {
      const sd = kind === 'confidence' ? conf : Math.hypot(conf, f.residualSd)
      return Math.exp(central + normalQuantile(q) * sd)
    })
  }
  const points: ForecastPoint[] = lnxs.map((u, i) => ({ x: Math.exp(u), y: Math.exp(f.centralLn(u)), bands: valuesAt(i) }))
  const bandPoints = points.slice(0, bandLn.length)
  const band: ForecastBand = {
    x: bandPoints.map((p) => p.x),
    y: bandPoints.map((p) => p.y),
    intervals: BAND_KINDS.flatMap((kind) =>
      options.levels.map((level) => {
        const pick = (p: ForecastPoint): BandInterval => p.bands.find((b) => b.kind === kind && b.level === level) as BandInterval
        return { level, kind, low: bandPoints.map((p) => pick(p).low), high: bandPoints.map((p) => pick(p).high) }
      })
    )
  }
  const at = points.slice(bandLn.length).map((p, k) => ({ ...p, x: options.at[k] }))
  const targets: TargetAnswer[] = sketches
    ? options.targets.map((y, t) => {
        const sketch = sketches.targets[t]
        const total = sketch.count + sketch.nonFinite
        const lt = Math.log(y)
        return {
          y,
          x: firstCrossing((u) => f.centralLn(u) - lt, tgrid),
          reachedShare: total ? sketch.count / total : 0,
          bands: options.levels.map((level) => {
            const [ql, qh] = tails(level)
            return { level, low: Math.exp(sketch.quantile(ql)), high: Math.exp(sketch.quantile(qh)) }
          })
        }
      })
    : jacobianTargets(f, options, tgrid)
  const { chosen, compared } = f.set
  return {
    curve: curve.name,
    form: chosen.form,
    breaks: chosen.breaks,
    crop: f.set.cropPoints(chosen.crop),
    params: chosen.model.toParams(chosen.raw, f.set.lxRef),
    candidates: compared,
    method: bootstrap ? 'bootstrap' : 'jacobian',
    resamples: options.resamples,
    failedResamples: sketches?.failed ?? 0,
    seed: options.seed,
    bootstrap: options.bootstrap,
    levels: options.levels,
    residualSd: f.residualSd,
    extrapolation: f.extrapolation,
    maxFitX: f.maxFitX,
    minFitX: f.minFitX,
    at,
    targets,
    parameters: parameterEstimates(f, options, sketches),
    band,
    timeMs: performance.now() - started
  }
}
