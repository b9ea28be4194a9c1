// The forecast part of `scaling-studio bench`: forecasts each benchmark curve from its fit points at its
// held-out x and measures how often the prediction bands hold the held-out points (calibration), how wide
// they are, and how fast the bootstrap runs. Returns a typed report; formatting is the command line's job.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { Forecaster } from '../../core/forecast/forecaster'
import { DESIGN_MODELS, curveInterval, isDesignCurve } from './curve-interval'
import { median as medianOf } from '../../core/math'
import { forecastOptions } from '../../shared/forecast-options'
import type { CurveForecast, ForecastOptions } from '../../shared/forecast-types'
import { type CurveInput, splitPoints } from '../../shared/fit-types'
import { FitPool } from './fit-pool'

/** The two ways the benchmark forecasts: auto (BNSL's line, every form mixed into the resamples), and BNSL with its own selection. */
export const FORECAST_BENCH_RUNS = ['auto', 'BNSL'] as const
export type ForecastBenchRun = (typeof FORECAST_BENCH_RUNS)[number]

/** The levels whose prediction bands are scored, with the acceptable coverage (nominal +- 10 points, capped at 100%). */
export const CALIBRATION_TARGETS = [
  { level: 0.8, low: 0.7, high: 0.9 },
  { level: 0.95, low: 0.85, high: 1 }
] as const

/** The calibration's settings (backtest.ts PRIOR_GROWTH) were chosen on the design half of curve-interval.ts. */
export { DESIGN_MODELS }

export const BENCH_RESAMPLES = 200
export const BENCH_SEED = 1
/** Curves resampled over to put an interval on pooled coverage. */

/** How one curve's bands did on its held-out points. */
export interface CalibrationCurve {
  curve: string
  design: boolean
  form: string
  heldout: number
  /** Share of held-out points inside the prediction band of each level (CALIBRATION_TARGETS order). */
  coverage: number[]
  /** Mean width of the 95% prediction band in log space, ln(high / low). */
  width95: number
  /** Held-out RMSLE of the central forecast. */
  rmsle: number
}

export interface CoverageSummary {
  level: number
  /** Share of all held-out points (every curve's points pooled) inside the band. */
  pooled: number
  /** 95% interval of the pooled share over curves resampled with replacement. */
  pooledInterval: [number, number]
  /** Median over curves of each curve's share. */
  median: number
  within: boolean
}

export interface CalibrationSummary {
  scope: 'all' | 'design half' | 'report half'
  curves: number
  points: number
  coverage: CoverageSummary[]
  meanWidth95: number
  geoMeanRmsle: number
}

export interface ForecastBenchRunReport {
  run: ForecastBenchRun
  curves: CalibrationCurve[]
  summaries: CalibrationSummary[]
  /** Wall time of forecasting every curve with BENCH_RESAMPLES resamples on the pool. */
  wallMs: number
  threads: number
  errors: Array<{ curve: string; message: string }>
  /** Forms chosen, for auto: form -> curves. */
  chosen: Record<string, number>
}

export interface ForecastSpeed {
  /** Curves timed (1-break BNSL, no crop, BENCH_RESAMPLES resamples, in this thread). */
  curves: number
  /** Median and largest time of the resamples alone, after the fit. */
  medianResamplesMs: number | null
  maxResamplesMs: number | null
}

export interface ForecastBenchReport {
  resamples: number
  seed: number
  runs: ForecastBenchRunReport[]
  speed: ForecastSpeed | null
  cancelled: boolean
}

export interface ForecastBenchOptions {
  workerPath: string
  threads?: number
  signal?: AbortSignal
  onProgress?: (phase: string, done: number, total: number) => void
}


/** The curve as a user without held-out points would send it: its fit points only. */
const fitPart = (curve: CurveInput): CurveInput => splitPoints(curve).fit
const heldout = (curve: CurveInput): { x: number[]; y: number[] } => splitPoints(curve).heldout

/** Scores one forecast (made at the curve's held-out x, in order) against the held-out y. */
export function scoreForecast(forecast: CurveForecast, y: number[], design: boolean): CalibrationCurve {
  const inside = (level: number): number => {
    let n = 0
    forecast.at.forEach((p, k) => {
      const band = p.bands.find((b) => b.kind === 'prediction' && b.level === level)
      if (band && y[k] >= band.low && y[k] <= band.high) n++
    })
    return n / y.length
  }
  const width = forecast.at.map((p) => {
    const band = p.bands.find((b) => b.kind === 'prediction' && b.level === 0.95)
    return band ? Math.log(band.high / band.low) : NaN
  })
  const sle = forecast.at.map((p, k) => Math.log(p.y / y[k]) ** 2)
  return {
    curve: forecast.curve,
    design,
    form: forecast.form === 'BNSL' ? `BNSL-${forecast.breaks}` : forecast.form,
    heldout: y.length,
    coverage: CALIBRATION_TARGETS.map((t) => inside(t.level)),
    width95: width.reduce((s, v) => s + v, 0) / width.length,
    rmsle: Math.sqrt(sle.reduce((s, v) => s + v, 0) / sle.length)
  }
}

/** Pooled coverage of a set of curves: held-out points inside over held-out points. */
function pooled(curves: CalibrationCurve[], level: number): number {
  const points = curves.reduce((s, c) => s + c.heldout, 0)
  return curves.reduce((s, c) => s + c.coverage[level] * c.heldout, 0) / points
}

/** A deterministic 95% interval of pooled coverage, curves resampled with replacement. */
function pooledInterval(curves: CalibrationCurve[], level: number): [number, number] {
  return curveInterval(curves, (draw) => pooled(draw, level))
}

export function summariseCalibration(curves: CalibrationCurve[], scope: CalibrationSummary['scope']): CalibrationSummary {
  return {
    scope,
    curves: curves.length,
    points: curves.reduce((s, c) => s + c.heldout, 0),
    coverage: CALIBRATION_TARGETS.map((t, l) => {
      const p = pooled(curves, l)
      const m = medianOf(curves.map((c) => c.coverage[l]))
      return { level: t.level, pooled: p, pooledInterval: pooledInterval(curves, l), median: m, within: p >= t.low && p <= t.high && m >= t.low && m <= t.high }
    }),
    meanWidth95: curves.reduce((s, c) => s + c.width95, 0) / curves.length,
    geoMeanRmsle: Math.exp(curves.reduce((s, c) => s + Math.log(Math.max(c.rmsle, 1e-12)), 0) / curves.length)
  }
}

function runOptions(run: ForecastBenchRun): ForecastOptions {
  return forecastOptions({ form: run, resamples: BENCH_RESAMPLES, seed: BENCH_SEED })
}

async function forecastRun(pool: FitPool, curves: CurveInput[], run: ForecastBenchRun, options: ForecastBenchOptions): Promise<ForecastBenchRunReport & { cancelled: boolean }> {
  // Each curve is forecast at its own held-out x, all in one job.
  const started = performance.now()
  const heldoutOf = new Map(curves.map((c) => [c.name, heldout(c)]))
  const job = await pool.runForecastJob(curves.map(fitPart), runOptions(run), [], {
    signal: options.signal,
    optionsFor: (curve) => ({ ...runOptions(run), at: heldoutOf.get(curve.name)?.x ?? [] }),
    onProgress: (p) => options.onProgress?.(`forecasting (${run})`, p.done, p.total)
  })
  const wallMs = performance.now() - started
  const scored: CalibrationCurve[] = []
  const errors: ForecastBenchRunReport['errors'] = []
  const chosen: Record<string, number> = {}
  errors.push(...job.errors)
  for (const forecast of job.forecasts) {
    const score = scoreForecast(forecast, heldoutOf.get(forecast.curve)?.y ?? [], isDesignCurve(forecast.curve))
    chosen[score.form] = (chosen[score.form] ?? 0) + 1
    scored.push(score)
  }
  const summaries = [
    summariseCalibration(scored, 'all'),
    summariseCalibration(scored.filter((c) => c.design), 'design half'),
    summariseCalibration(scored.filter((c) => !c.design), 'report half')
  ]
  return { run, curves: scored, summaries, wallMs, threads: pool.threads, errors, chosen, cancelled: job.cancelled }
}

/** Times the resamples alone (after the fit) of a 1-break BNSL forecast of each curve, in this thread. */
async function timeResamples(curves: CurveInput[], options: ForecastBenchOptions): Promise<ForecastSpeed> {
  const times: number[] = []
  const opts = forecastOptions({ form: 'BNSL', breaks: 1, crop: 'none', maxBreaks: 1, resamples: BENCH_RESAMPLES, seed: BENCH_SEED })
  for (const [i, curve] of curves.entries()) {
    await nextTurn()
    if (options.signal?.aborted) break
    try {
      const f = new Forecaster(fitPart(curve), opts)
      const started = performance.now()
      for (const r of f.resamples()) void r
      times.push(performance.now() - started)
    } catch {
      // A curve the engine refuses has no time to report; the forecast runs list its error.
    }
    options.onProgress?.('timing 200 resamples in one thread', i + 1, curves.length)
  }
  return {
    curves: times.length,
    medianResamplesMs: times.length ? medianOf(times) : null,
    maxResamplesMs: times.length ? Math.max(...times) : null
  }
}

/**
 * Forecasts every curve from its fit points at its held-out x, with `auto` and with
 * BNSL, on a pool of `threads` workers (default 2: the speed target is for 2 cores), scores the bands, then
 * times the bootstrap alone in this thread.
 */
export async function runForecastBenchmark(curves: CurveInput[], options: ForecastBenchOptions): Promise<ForecastBenchReport> {
  const pool = new FitPool({ workerPath: options.workerPath, threads: options.threads ?? 2 })
  const runs: ForecastBenchRunReport[] = []
  let cancelled = false
  try {
    for (const run of FORECAST_BENCH_RUNS) {
      const report = await forecastRun(pool, curves, run, options)
      runs.push(report)
      if (report.cancelled) {
        cancelled = true
        break
      }
    }
  } finally {
    await pool.destroy()
  }
  const speed = cancelled || options.signal?.aborted ? null : await timeResamples(curves, options)
  return { resamples: BENCH_RESAMPLES, seed: BENCH_SEED, runs, speed, cancelled: cancelled || Boolean(options.signal?.aborted) }
}
