import { describe, expect, test } from 'vitest'
import { forecastCrossover, forecastCurve, predict } from '../../src/core'
import { createRandom } from '../../src/core/forecast/random'
import type { CurveInput, FormName } from '../../src/shared/fit-types'
import { ForecastOptionsError, forecastOptions } from '../../src/shared/forecast-options'
import type { BandKind, CurveForecast, ForecastOptions, ForecastPoint } from '../../src/shared/forecast-types'
import { logspace } from './helpers/numeric'

type Params = Record<string, number>

/** Fit points of a known law with log-normal noise of sd `sigma` (seeded). */
function noisyCurve(name: string, form: FormName, params: Params, x: number[], sigma: number, seed: number): CurveInput {
  const rng = createRandom(seed)
  return { name, x, y: predict(form, params, x).map((v) => v * Math.exp(sigma * rng.normal())) }
}

function bandOf(p: ForecastPoint, kind: BandKind, level: number): { low: number; high: number } {
  const b = p.bands.find((band) => band.kind === kind && band.level === level)
  if (!b) throw new Error(`no ${kind} band at level ${level}`)
  return b
}

/** Width of a band in log space, ln(high / low). */
const logWidth = (p: ForecastPoint, kind: BandKind, level: number): number => {
  const { low, high } = bandOf(p, kind, level)
  return Math.log(high / low)
}

const M2_LAW: Params = { e_inf: 0.5, b: 30, c: -0.25 }
/** BNSL with no break is a + b x^-c0. */
const BNSL0_LAW: Params = { a: 0.2, b: 8, c0: 0.3 }

describe('the prediction band covers fresh points at in-range x close to its level', () => {
  interface CoverageCase {
    title: string
    form: FormName
    params: Params
    bootstrap: ForecastOptions['bootstrap']
    resamples: number
    curves: number
  }
  const SIGMA = 0.03
  const FIT_X = logspace(2, 6, 24)
  /** In range, and between the fit points rather than on them. */
  const AT_X = logspace(2.2, 5.8, 6)
  const DRAWS = 25
  const LEVELS = [0.8, 0.95]
  /**
   * Tolerance: 3 binomial standard errors of the pooled count, sqrt(p (1 - p) / n) with n = curves x 6 x x 25
   * draws, plus an allowance of 4 points. The allowance covers what the binomial error does not: the 25 draws
   * at one x share one band estimate (so they are not independent), and a percentile bootstrap of 24 points
   * and 3 parameters is known to run slightly narrow. The band is checked from both sides: it must not be
   * needlessly wide either.
   */
  const ALLOWANCE = 0.04
  const tolerance = (level: number, n: number): number => 3 * Math.sqrt((level * (1 - level)) / n) + ALLOWANCE

  const cases: CoverageCase[] = [
    { title: '60 curves of the M2 law 0.5 + 30 x^-0.25, pairs bootstrap of 100 resamples', form: 'M2', params: M2_LAW, bootstrap: 'pairs', resamples: 100, curves: 60 },
    { title: '40 curves of the BNSL-0 law 0.2 + 8 x^-0.3, residual bootstrap of 100 resamples', form: 'BNSL', params: BNSL0_LAW, bootstrap: 'residual', resamples: 100, curves: 40 },
    { title: '60 curves of the M2 law 0.5 + 30 x^-0.25, Jacobian bands (no resamples)', form: 'M2', params: M2_LAW, bootstrap: 'pairs', resamples: 0, curves: 60 }
  ]

  for (const c of cases) test(`${c.title}, 24 points with log-normal noise sd 0.03: 80% and 95% bands within 3 binomial SE + 4 points`, () => {
    const truth = predict(c.form, c.params, AT_X)
    const fresh = createRandom(1000)
    const hits = new Map<number, number>(LEVELS.map((l) => [l, 0]))
    let draws = 0
    for (let r = 0; r < c.curves; r++) {
      const curve = noisyCurve(`replicate ${r}`, c.form, c.params, FIT_X, SIGMA, 100 + r)
      const f = forecastCurve(curve, forecastOptions({ form: c.form, breaks: 0, crop: 'none', resamples: c.resamples, seed: r + 1, bootstrap: c.bootstrap, levels: LEVELS, at: AT_X }))
      expect(f.form).toBe(c.form)
      f.at.forEach((p, i) => {
        for (let k = 0; k < DRAWS; k++) {
          const y = truth[i] * Math.exp(SIGMA * fresh.normal())
          for (const level of LEVELS) {
            const { low, high } = bandOf(p, 'prediction', level)
            if (y >= low && y <= high) hits.set(level, (hits.get(level) ?? 0) + 1)
          }
          draws++
        }
      })
    }
    expect(draws).toBe(c.curves * AT_X.length * DRAWS)
    for (const level of LEVELS) {
      const coverage = (hits.get(level) ?? 0) / draws
      expect(Math.abs(coverage - level), `${level} band covered ${coverage} of ${draws} fresh points`).toBeLessThanOrEqual(tolerance(level, draws))
    }
  })
})

describe('intervals shrink as points are added', () => {
  const X_HIGH = 1e6
  test.each([
    { title: 'bootstrap, 100 resamples', resamples: 100 },
    { title: 'Jacobian, no resamples', resamples: 0 }
  ])('M2 law with noise sd 0.03, 12 vs 48 points on [1e2, 1e6] ($title): the 95% confidence band at x = 1e4 and at 2e6 is narrower with 48', ({ resamples }) => {
    const at = [1e4, 2 * X_HIGH]
    const widths = [12, 48].map((count) => {
      const curve = noisyCurve(`${count} points`, 'M2', M2_LAW, logspace(2, 6, count), 0.03, 5)
      const f = forecastCurve(curve, forecastOptions({ form: 'M2', resamples, at }))
      return f.at.map((p) => logWidth(p, 'confidence', 0.95))
    })
    for (let i = 0; i < at.length; i++) {
      expect(widths[1][i], `x = ${at[i]}: 48 points ${widths[1][i]}, 12 points ${widths[0][i]}`).toBeLessThan(widths[0][i])
      expect(widths[1][i]).toBeGreaterThan(0)
    }
  })
})

describe('seeds', () => {
  const curve = noisyCurve('seeded', 'M2', M2_LAW, logspace(2, 6, 20), 0.03, 3)
  const run = (seed: number, bootstrap: ForecastOptions['bootstrap']): Omit<CurveForecast, 'timeMs'> => {
    const { timeMs, ...rest } = forecastCurve(curve, forecastOptions({ form: 'M2', resamples: 60, seed, bootstrap, at: [1e4, 1e7], targets: [1] }))
    expect(timeMs).toBeGreaterThanOrEqual(0)
    return rest
  }

  test.each(['pairs', 'residual'] as const)('%s bootstrap: the same seed gives identical numbers (the whole forecast but timeMs), another seed different band numbers', (bootstrap) => {
    const first = run(7, bootstrap)
    expect(run(7, bootstrap)).toEqual(first)
    const other = run(8, bootstrap)
    expect(other.seed).toBe(8)
    // The central fit does not depend on the seed; the resampled bands do.
    expect(other.params).toEqual(first.params)
    expect(other.band.intervals).not.toEqual(first.band.intervals)
    expect(other.at.map((p) => p.bands)).not.toEqual(first.at.map((p) => p.bands))
  })

  test('auto with several candidates mixed: the same seed gives identical numbers', () => {
    const mixed = noisyCurve('mixed', 'M2', M2_LAW, logspace(2, 8, 30), 0.005, 9)
    const run = (): Omit<CurveForecast, 'timeMs'> => {
      const { timeMs: _, ...rest } = forecastCurve(mixed, forecastOptions({ resamples: 40, seed: 11, at: [1e9] }))
      return rest
    }
    const first = run()
    // The point of the case: the resamples are shared among more than one candidate.
    expect(first.candidates.filter((c) => c.weight > 0).length).toBeGreaterThan(1)
    expect(run()).toEqual(first)
  })

  test('a crossover: the same seed gives identical answers', () => {
    const x = logspace(1, 4, 16)
    const a = noisyCurve('a', 'M1', { b: 10, c: -0.5 }, x, 0.01, 1)
    const b = noisyCurve('b', 'M1', { b: 3, c: -0.3 }, x, 0.01, 2)
    const options = forecastOptions({ form: 'M1', resamples: 40, seed: 3 })
    const first = forecastCrossover(a, b, options, null)
    expect(first.crossings).toHaveLength(1)
    expect(forecastCrossover(a, b, options, null)).toEqual(first)
    expect(forecastCrossover(a, b, { ...options, seed: 4 }, null).crossings[0].bands).not.toEqual(first.crossings[0].bands)
  })
})

describe('resamples: 0 answers at once from the least-squares Jacobian', () => {
  test('M2 law: method jacobian, every band finite and around the central value, every parameter with a standard error', () => {
    const curve = noisyCurve('instant', 'M2', M2_LAW, logspace(2, 6, 20), 0.03, 4)
    const f = forecastCurve(curve, forecastOptions({ form: 'M2', resamples: 0, at: [1e3, 1e7], targets: [2] }))
    expect(f.method).toBe('jacobian')
    expect(f.failedResamples).toBe(0)
    for (const p of [...f.at]) {
      for (const b of p.bands) {
        expect(Number.isFinite(b.low) && Number.isFinite(b.high), `${b.kind} ${b.level} at ${p.x}`).toBe(true)
        expect(b.low).toBeLessThan(p.y)
        expect(b.high).toBeGreaterThan(p.y)
      }
      // The prediction band adds the scatter of the points, and 95% is wider than 80%.
      expect(logWidth(p, 'prediction', 0.95)).toBeGreaterThan(logWidth(p, 'confidence', 0.95))
      expect(logWidth(p, 'confidence', 0.95)).toBeGreaterThan(logWidth(p, 'confidence', 0.8))
    }
    for (const iv of f.band.intervals) expect(iv.low.every(Number.isFinite) && iv.high.every(Number.isFinite)).toBe(true)
    expect(f.parameters.map((p) => p.name)).toEqual(['e_inf', 'b', 'c'])
    for (const p of f.parameters) {
      expect(p.standardError, p.name).not.toBeNull()
      expect(p.standardError as number).toBeGreaterThan(0)
      for (const iv of p.intervals) {
        expect(iv.low).toBeLessThan(p.value)
        expect(iv.high).toBeGreaterThan(p.value)
      }
    }
    const [target] = f.targets
    expect(target.reachedShare).toBe(1)
    expect(target.bands.every((b) => b.low <= (target.x as number) && (target.x as number) <= b.high)).toBe(true)
  })

  test('M1 is linear in log space: standard errors of b and c equal the textbook OLS ones of ln y = ln b + c ln x to 1e-6 relative', () => {
    const x = logspace(1, 5, 15)
    const curve = noisyCurve('ols', 'M1', { b: 4, c: -0.35 }, x, 0.05, 9)
    const f = forecastCurve(curve, forecastOptions({ form: 'M1', resamples: 0 }))

    // Ordinary least squares by hand.
    const u = x.map(Math.log)
    const v = curve.y.map(Math.log)
    const n = u.length
    const uMean = u.reduce((s, t) => s + t, 0) / n
    const vMean = v.reduce((s, t) => s + t, 0) / n
    const sxx = u.reduce((s, t) => s + (t - uMean) ** 2, 0)
    const slope = u.reduce((s, t, i) => s + (t - uMean) * (v[i] - vMean), 0) / sxx
    const intercept = vMean - slope * uMean
    const s2 = u.reduce((s, t, i) => s + (v[i] - intercept - slope * t) ** 2, 0) / (n - 2)
    const seSlope = Math.sqrt(s2 / sxx)
    const seIntercept = Math.sqrt(s2 * (1 / n + uMean ** 2 / sxx))
    // b = exp(intercept): the delta method gives se(b) = b se(intercept).
    const want = { b: Math.exp(intercept) * seIntercept, c: seSlope }

    expect(Math.abs(f.params.c / slope - 1)).toBeLessThan(1e-8)
    expect(Math.abs(f.params.b / Math.exp(intercept) - 1)).toBeLessThan(1e-8)
    for (const p of f.parameters) {
      const w = want[p.name as 'b' | 'c']
      expect(Math.abs((p.standardError as number) / w - 1), `${p.name}: ${p.standardError} vs OLS ${w}`).toBeLessThan(1e-6)
    }
    expect(Math.abs(f.residualSd / Math.sqrt(s2) - 1)).toBeLessThan(1e-8)
  })
})

describe('option errors: forecastCurve throws ForecastOptionsError naming the field', () => {
  const curve = noisyCurve('options', 'M1', { b: 2, c: -0.3 }, logspace(1, 3, 8), 0.01, 1)
  const cases: Array<{ title: string; options: unknown; message: string }> = [
    { title: 'not an object', options: null, message: 'options must be an object of forecast options' },
    { title: 'an unknown form', options: { form: 'M5' }, message: 'options.form must be one of auto, BNSL, M1, M2, M3, M4, got "M5"' },
    { title: 'breaks beyond 3', options: { breaks: 4 }, message: 'options.breaks must be "auto" or 0..3, got 4' },
    { title: 'an unknown crop', options: { crop: 'some' }, message: 'options.crop must be "auto" or "none", got "some"' },
    { title: 'maxBreaks not an integer', options: { maxBreaks: 1.5 }, message: 'options.maxBreaks must be 0..3, got 1.5' },
    { title: 'resamples above 5000', options: { resamples: 5001 }, message: 'options.resamples must be an integer from 0 to 5000, got 5001' },
    { title: 'a fractional seed', options: { seed: 1.5 }, message: 'options.seed must be an integer, got 1.5' },
    { title: 'an unknown bootstrap', options: { bootstrap: 'wild' }, message: 'options.bootstrap must be one of pairs, residual, got "wild"' },
    { title: 'levels not an array', options: { levels: 0.9 }, message: 'options.levels must be an array of levels between 0 and 1 (e.g. 0.8)' },
    { title: 'more than 6 levels', options: { levels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] }, message: 'options.levels must have at most 6 values, got 7' },
    { title: 'a level of 1', options: { levels: [0.8, 1] }, message: 'options.levels[1] must be one of levels between 0 and 1 (e.g. 0.8), got 1' },
    { title: 'no level', options: { levels: [] }, message: 'options.levels must name at least one level' },
    { title: 'an x of 0 in at', options: { at: [10, 0] }, message: 'options.at[1] must be one of x values > 0, got 0' },
    { title: 'a negative target', options: { targets: [-1] }, message: 'options.targets[0] must be one of y values > 0, got -1' },
    { title: 'a bandRange of three values', options: { bandRange: [1, 2, 3] }, message: 'options.bandRange must have at most 2 values, got 3' },
    { title: 'a bandRange with low above high', options: { bandRange: [100, 10] }, message: 'options.bandRange must be [low, high] with low < high' },
    { title: 'bandPoints of 1', options: { bandPoints: 1 }, message: 'options.bandPoints must be an integer from 2 to 400, got 1' }
  ]
  for (const { title, options, message } of cases) test(`${title}: "${message}"`, () => {
    const given = options === null ? null : forecastOptions(options as Partial<ForecastOptions>)
    let thrown: unknown
    try {
      forecastCurve(curve, given as ForecastOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ForecastOptionsError)
    expect((thrown as Error).message).toBe(message)
    expect((thrown as Error).name).toBe('ForecastOptionsError')
  })

  test('forecastCrossover checks its options the same way', () => {
    expect(() => forecastCrossover(curve, curve, forecastOptions({ resamples: -1 }), null)).toThrow(ForecastOptionsError)
    expect(() => forecastCrossover(curve, curve, forecastOptions({ resamples: -1 }), null)).toThrow('options.resamples must be an integer from 0 to 5000, got -1')
  })
})
