import { describe, expect, test } from 'vitest'
import { forecastCurve, predict, rmsle } from '../../src/core'
import { MIN_MIXTURE_WEIGHT, validationWeights } from '../../src/core/forecast/candidates'
import { createRandom } from '../../src/core/forecast/random'
import type { CurveInput, FormName } from '../../src/shared/fit-types'
import { FORM_NAMES } from '../../src/shared/fit-types'
import { forecastOptions } from '../../src/shared/forecast-options'
import type { CurveForecast } from '../../src/shared/forecast-types'
import { logspace } from './helpers/numeric'

type Params = Record<string, number>

const FIT_X = logspace(2, 8, 30)
/** Beyond the data, 1.3x to 4x the largest fit x, noise-free: the forecast's own error. */
const HELD_X = logspace(8.1, 8.6, 6)

function lawCurve(name: string, form: FormName, params: Params, breaks: number, sigma: number, seed: number): CurveInput {
  const rng = createRandom(seed)
  return { name, x: FIT_X, y: predict(form, params, FIT_X, breaks).map((v) => v * Math.exp(sigma * rng.normal())) }
}

/**
 * Every form compared once, each with a finite validation error, weights summing to 1; the chosen one first and it is
 * BNSL (auto forecasts from BNSL whenever BNSL validated), the others best first.
 */
function expectCandidates(f: CurveForecast): void {
  expect([...f.candidates.map((c) => c.form)].sort()).toEqual([...FORM_NAMES].sort())
  for (const c of f.candidates) {
    expect(Number.isFinite(c.validationRmsle), `${c.form}: ${c.validationRmsle}`).toBe(true)
    expect(c.weight).toBeGreaterThanOrEqual(0)
  }
  expect(f.form).toBe('BNSL')
  const errors = f.candidates.slice(1).map((c) => c.validationRmsle)
  expect(errors).toEqual([...errors].sort((a, b) => a - b))
  expect(Math.abs(f.candidates.reduce((s, c) => s + c.weight, 0) - 1)).toBeLessThan(1e-12)
  expect(f.candidates[0]).toMatchObject({ form: f.form, breaks: f.breaks, crop: f.crop })
  expect(f.candidates[0].weight).toBeGreaterThan(0)
}

const heldoutError = (f: CurveForecast, truth: number[]): number => rmsle(f.at.map((p) => p.y), truth)

describe('auto on a pure power law', () => {
  const SIGMA = 0.002
  // M1 is nested in M2, M4 and BNSL, which fit it as well, so the form itself is not asked for: the chosen
  // form must extrapolate as well as the true one, its held-out RMSLE at most M1's plus one noise sd (0.002).
  test.each([
    { law: { b: 8, c: -0.3 }, seed: 1 },
    { law: { b: 8, c: -0.3 }, seed: 2 },
    { law: { b: 0.02, c: 0.4 }, seed: 1 },
    { law: { b: 0.02, c: 0.4 }, seed: 2 }
  ])('M1 $law, 30 points, noise sd 0.002 (seed $seed): held-out RMSLE of the chosen form within 0.002 of M1\'s, candidates complete', ({ law, seed }) => {
    const curve = lawCurve('pure power law', 'M1', law, 0, SIGMA, seed)
    const truth = predict('M1', law, HELD_X)
    const auto = forecastCurve(curve, forecastOptions({ resamples: 0, at: HELD_X }))
    const m1 = forecastCurve(curve, forecastOptions({ form: 'M1', resamples: 0, at: HELD_X }))
    const chosen = heldoutError(auto, truth)
    const best = heldoutError(m1, truth)
    expect(chosen, `auto chose ${auto.form} (${auto.breaks} breaks, crop ${auto.crop}): ${chosen} vs M1 ${best}`).toBeLessThanOrEqual(best + SIGMA)
    expectCandidates(auto)
    // With a form given, it is the only candidate and has every resample.
    expect(m1.candidates).toEqual([expect.objectContaining({ form: 'M1', weight: 1 })])
  })
})

describe('validation weights: shares of the resamples', () => {
  const sum = (w: number[]): number => w.reduce((s, v) => s + v, 0)

  test('the chosen candidate validating best: each other holds (best / its error)^n of its share', () => {
    const w = validationWeights([0.01, 0.011, 0.02], 10, 0)
    expect(sum(w)).toBeCloseTo(1, 12)
    expect(w[1] / w[0]).toBeCloseTo((0.01 / 0.011) ** 10, 12)
    expect(w[2]).toBe(0) // (0.5)^10 < 2%: left out
  })

  test('the chosen candidate validating worse: no other holds more than it; equal errors share equally', () => {
    const w = validationWeights([0.012, 0.01, 0.01, 0.05], 10, 0)
    expect(w[1]).toBeCloseTo(w[0], 12)
    expect(w[2]).toBeCloseTo(w[0], 12)
    expect(w[3]).toBe(0)
    expect(sum(w)).toBeCloseTo(1, 12)
  })

  test('hundreds of validation x (a binned curve) do not underflow the chosen candidate to nothing', () => {
    const w = validationWeights([0.05, 0.01, 0.011], 500, 0) // (1/5)^500 is below the smallest double
    expect(w[0]).toBeGreaterThan(0.3)
    expect(w[0]).toBeGreaterThanOrEqual(Math.max(w[1], w[2]))
    expect(sum(w)).toBeCloseTo(1, 12)
  })

  test('a candidate without a validation error gets nothing; without any, the chosen one has everything', () => {
    expect(validationWeights([0.01, Number.NaN], 10, 0)).toEqual([1, 0])
    expect(validationWeights([Number.NaN, Number.NaN], 10, 1)).toEqual([0, 1])
    // The chosen one unvalidated (BNSL with fixed breaks and no crop): it keeps its place with no weight.
    const w = validationWeights([Number.NaN, 0.01, 0.0101], 10, 0)
    expect(w[0]).toBe(0)
    expect(w[2] / w[1]).toBeGreaterThan(MIN_MIXTURE_WEIGHT)
  })
})

describe('auto forecasts from BNSL, the other forms take resamples', () => {
  // Picking among the forms by the same few validation points lost to BNSL alone on the vision benchmark
  // (docs/selection.md), so auto draws BNSL's line even where another form validates a little better; that form
  // widens the bands through its share of the resamples instead. On this pure power law (M1, 0.2% noise) four forms
  // validate better than BNSL, whose one break the points do not determine (its a and its break are degenerate).
  const curve = lawCurve('pure power law', 'M1', { b: 8, c: -0.3 }, 0, 0.002, 1)
  const TEN_X = 1e9
  const truth = predict('M1', { b: 8, c: -0.3 }, [TEN_X])[0]
  const band80 = (f: CurveForecast) => f.at[0].bands.find((b) => b.kind === 'prediction' && b.level === 0.8) as { low: number; high: number }

  test('the line is BNSL\'s where M forms validate better', () => {
    const auto = forecastCurve(curve, forecastOptions({ resamples: 0, at: HELD_X }))
    const bnsl = forecastCurve(curve, forecastOptions({ form: 'BNSL', resamples: 0, at: HELD_X }))
    expect(auto.form).toBe('BNSL')
    expect({ breaks: auto.breaks, crop: auto.crop }).toEqual({ breaks: bnsl.breaks, crop: bnsl.crop })
    auto.at.forEach((p, i) => expect(p.y).toBe(bnsl.at[i].y))
    expect(auto.candidates.filter((c) => c.validationRmsle < auto.candidates[0].validationRmsle).length).toBeGreaterThan(0)
  })

  test('BNSL holds at least as many resamples as any other form, and its bootstrap intervals have width', () => {
    const auto = forecastCurve(curve, forecastOptions({ resamples: 100, at: [TEN_X] }))
    const chosen = auto.candidates[0]
    for (const c of auto.candidates.slice(1)) expect(c.weight, c.form).toBeLessThanOrEqual(chosen.weight + 1e-12)
    // The refits of the degenerate break must still move: the determined parameters get real intervals.
    for (const name of ['b', 'c0']) {
      const p = auto.parameters.find((q) => q.name === name)
      const iv = p?.intervals.find((i) => i.level === 0.8)
      expect(iv && iv.high - iv.low, name).toBeGreaterThan(1e-4 * Math.abs(p?.value ?? 1))
      expect(iv && iv.low <= (p?.value ?? NaN) && (p?.value ?? NaN) <= iv.high, name).toBe(true)
    }
  })

  test('the instant answer gives no standard error to what the points do not determine (the floor a), a real one to b and c0', () => {
    const f = forecastCurve(curve, forecastOptions({ resamples: 0, at: [TEN_X] }))
    const se = (name: string): number | null | undefined => f.parameters.find((p) => p.name === name)?.standardError
    expect(se('a')).toBeNull()
    for (const name of ['b', 'c0']) expect(se(name), name).toBeGreaterThan(0)
  })

  test.each([
    { method: 'bootstrap', resamples: 100 },
    { method: 'Jacobian', resamples: 0 }
  ])('at 10x the largest fit x the 80% band ($method) holds the true y and is a few percent wide, as the 0.2% noise allows', ({ resamples }) => {
    const f = forecastCurve(curve, forecastOptions({ resamples, at: [TEN_X] }))
    const { low, high } = band80(f)
    expect(low).toBeLessThanOrEqual(truth)
    expect(high).toBeGreaterThanOrEqual(truth)
    // A backtest that put its break among its last points grew the extrapolation error 6 ln units per span here.
    expect(high / low).toBeLessThan(1.1)
    expect(f.extrapolation.growth).toBeLessThan(0.5)
  })
})

describe('auto on a broken law needs BNSL', () => {
  const cases = [
    { title: 'a sharp break from slope -0.02 to -1.02 at x = 1e5 (f1 = 0.05)', law: { a: 1e-3, b: 5, c0: 0.02, c1: 1, d1: 1e5, f1: 0.05 } },
    { title: 'a break from slope -0.05 to -0.85 at x = 3e4 (f1 = 0.1)', law: { a: 1e-3, b: 5, c0: 0.05, c1: 0.8, d1: 3e4, f1: 0.1 } },
    { title: 'a non-monotonic law that turns from falling to rising at x = 1e5 (c1 = -0.6)', law: { a: 0.01, b: 3, c0: 0.3, c1: -0.6, d1: 1e5, f1: 0.2 } }
  ]
  for (const { title, law } of cases) test(`${title}, noise sd 0.005: picks BNSL with a break, far ahead of M1-M4 in validation`, () => {
    const curve = lawCurve('broken', 'BNSL', law, 1, 0.005, 9)
    const f = forecastCurve(curve, forecastOptions({ resamples: 20, at: HELD_X }))
    expect(f.form).toBe('BNSL')
    expect(f.breaks).toBeGreaterThanOrEqual(1)
    expectCandidates(f)
    // Every other form validates at least 10x worse and gets no resamples.
    for (const c of f.candidates.slice(1)) {
      expect(c.validationRmsle, c.form).toBeGreaterThan(10 * f.candidates[0].validationRmsle)
      expect(c.weight, c.form).toBe(0)
    }
    expect(heldoutError(f, predict('BNSL', law, HELD_X, 1))).toBeLessThan(0.05)
  })
})

describe('auto when BNSL cannot be validated', () => {
  test('fixed breaks with crop "none" leave BNSL unvalidated (NaN): it ranks last with weight 0, and the best validated form forecasts with its resamples', () => {
    const law = { e_inf: 0.5, b: 30, c: -0.25 }
    const rng = createRandom(2)
    const curve: CurveInput = { name: 'M2 law', x: FIT_X, y: predict('M2', law, FIT_X).map((v) => v * Math.exp(0.01 * rng.normal())) }
    const f = forecastCurve(curve, forecastOptions({ breaks: 1, crop: 'none', resamples: 50 }))
    const bnsl = f.candidates.find((c) => c.form === 'BNSL')
    expect(bnsl).toMatchObject({ breaks: 1, weight: 0 })
    expect(bnsl?.validationRmsle).toBeNaN()
    expect(f.candidates.at(-1)?.form).toBe('BNSL')
    expect(f.form).not.toBe('BNSL')
    expect(f.candidates[0].form).toBe(f.form)
    expect(f.candidates[0].weight).toBeGreaterThan(0)
    expect(Math.abs(f.candidates.reduce((s, c) => s + c.weight, 0) - 1)).toBeLessThan(1e-12)
    // The chosen form drew resamples, so its parameters have bootstrap intervals.
    for (const p of f.parameters) for (const iv of p.intervals) expect(Number.isFinite(iv.low) && Number.isFinite(iv.high), `${p.name} ${iv.level}`).toBe(true)
  })
})
