// Large curves (a dense learning curve: one point per step) are fitted on bin means of log x: the fit must
// recover the curve's parameters as a fit on every point does, and report crops in the curve's own points.
import { describe, expect, test } from 'vitest'
import { fitCurveForm, forecastCurve } from '../../src/core'
import { forecastOptions } from '../../src/shared/forecast-options'
import { CROP_SHARES, LARGE_CURVE_BINS, LARGE_CURVE_POINTS, binFitPoints, fitPoints } from '../../src/core/fit-curve'
import { predict } from '../../src/core/forms'
import { prepareCurve } from '../../src/core/prepare'
import { type CurveInput, DEFAULT_FIT_OPTIONS, type Split } from '../../src/shared/fit-types'
import { expectRelativelyClose, mulberry32 } from './helpers/numeric'

const TRUE = { a: 0.5, b: 4, c0: 0.05, c1: 0.4, d1: 400, f1: 0.3 }

/** One point per step 1..n of a one-break BNSL with 2% log-normal noise; steps above 0.8 n held out. */
function denseCurve(n: number, seed: number): CurveInput {
  const random = mulberry32(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(random() + 1e-300)) * Math.cos(2 * Math.PI * random())
  const x = Array.from({ length: n }, (_, i) => i + 1)
  const y = predict('BNSL', TRUE, x, 1).map((v) => v * Math.exp(0.02 * normal()))
  const split = x.map((v): Split => (v > 0.8 * n ? 'heldout' : 'fit'))
  return { name: `dense ${n}`, x, y, split }
}

describe('binFitPoints', () => {
  const curve = denseCurve(20_000, 5)
  const all = fitPoints(prepareCurve(curve))
  const { pts, counts } = binFitPoints(all, LARGE_CURVE_BINS)

  test('keeps every point and its weight once, in at most the asked bins, ascending in x', () => {
    expect(pts.x.length).toBeLessThanOrEqual(LARGE_CURVE_BINS)
    expect(counts.reduce((s, c) => s + c, 0)).toBe(all.x.length)
    expect(pts.w.reduce((s, w) => s + w, 0)).toBe(all.x.length)
    expect(pts.x.every((v, i) => i === 0 || v > pts.x[i - 1])).toBe(true)
    // The smallest steps are each their own bin: nothing is averaged where points are sparse in log x.
    pts.x.slice(0, 5).forEach((x, i) => expect(x).toBeCloseTo(i + 1, 12))
    expect(counts.slice(0, 5)).toEqual([1, 1, 1, 1, 1])
  })

  test('ranks straight lines in log-log as every point does: the objectives differ by a near constant', () => {
    // Weighted log-space squared error of y = e^k x^s on all points and on the bin means, for a few (k, s):
    // how much worse each line is than the first must agree to 0.1%.
    const sse = (p: { x: number[]; y: number[]; w: number[] }, k: number, s: number): number =>
      p.x.reduce((t, x, i) => t + p.w[i] * (Math.log(p.y[i]) - k - s * Math.log(x)) ** 2, 0)
    const lines = [[0.5, -0.3], [0.1, -0.2], [-0.3, 0.05], [0.2, -0.5]]
    const [base, ...rest] = lines.map(([k, s]) => [sse(all, k, s), sse(pts, k, s)])
    for (const [onAll, onBins] of rest) expectRelativelyClose(onBins - base[1], onAll - base[0], 1e-3)
  })
})

describe(`curves above ${LARGE_CURVE_POINTS} fit points`, () => {
  test('BNSL recovers the parameters of a 40,000-point curve and forecasts its held-out steps at the noise level', () => {
    const fit = fitCurveForm(denseCurve(40_000, 7), 'BNSL', DEFAULT_FIT_OPTIONS)
    expect(fit.breaks).toBe(1)
    for (const name of ['a', 'b', 'c0', 'c1', 'f1'] as const) expectRelativelyClose(fit.params[name], TRUE[name], 0.1, name)
    expectRelativelyClose(fit.params.d1, TRUE.d1, 0.1, 'd1')
    // Errors are measured on every point of the curve, not on the bin means.
    expect(fit.points).toHaveLength(40_000)
    expectRelativelyClose(fit.fitRmsle, 0.02, 0.05, 'fit RMSLE')
    expectRelativelyClose(fit.heldoutRmsle, 0.02, 0.1, 'held-out RMSLE')
  })

  test('crops and the selection count the curve’s own points, not bins', () => {
    const curve = denseCurve(30_000, 11)
    const fit = fitCurveForm(curve, 'BNSL', { ...DEFAULT_FIT_OPTIONS, breaks: 1 })
    // A crop drops the smallest 0, 20% and 40% of the distinct x the fit saw (the bins): counted in the
    // curve's points, that is every point of those bins.
    const { pts, counts } = binFitPoints(fitPoints(prepareCurve(curve)), LARGE_CURVE_BINS)
    const pointsBefore = (bins: number): number => counts.slice(0, bins).reduce((s, c) => s + c, 0)
    const want = CROP_SHARES.map((share) => pointsBefore(Math.round(pts.x.length * share)))
    expect(want[2]).toBeGreaterThan(1.5 * Math.round(pts.x.length * 0.4))
    expect(fit.selection.crop.map((c) => c.k)).toEqual(want)
    expect(want).toContain(fit.crop)
  })
})

describe('forecasts of curves above the bin threshold', () => {
  /** M2 with 5% log-normal noise on x from 1e6 to 1e10, log-spaced (dense at the start: bins hold several points). */
  function noisyM2(n: number): CurveInput {
    const random = mulberry32(n)
    const normal = (): number => Math.sqrt(-2 * Math.log(random() + 1e-300)) * Math.cos(2 * Math.PI * random())
    const x = Array.from({ length: n }, (_, i) => 1e6 * 1e4 ** (i / (n - 1)))
    return { name: `m2 ${n}`, x, y: x.map((v) => (0.2 + 30 * v ** -0.25) * Math.exp(0.05 * normal())) }
  }
  const options = forecastOptions({ form: 'M2', crop: 'none', resamples: 0, at: [1e11] })

  test('take their range and the scatter of single points from the curve, not from its bin means', () => {
    const below = forecastCurve(noisyM2(1_900), options)
    const above = forecastCurve(noisyM2(20_000), options)
    for (const f of [below, above]) {
      expect(f.minFitX).toBe(1e6)
      expect(f.maxFitX).toBeCloseTo(1e10, -2)
      expectRelativelyClose(f.residualSd, 0.05, 0.1, `residual sd of ${f.curve}`)
    }
    // A 95% prediction band holds a single new point: at least ±1.96 sd of the points' scatter wide, however
    // many points narrowed the fit (the band of the bin means' scatter was 4.5 times too narrow).
    for (const f of [below, above]) {
      const band = f.at[0].bands.find((b) => b.level === 0.95 && b.kind === 'prediction')!
      expect(Math.log(band.high / band.low)).toBeGreaterThanOrEqual(2 * 1.96 * 0.05 * 0.95)
    }
  })
})
