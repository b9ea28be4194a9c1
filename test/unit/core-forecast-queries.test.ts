import { describe, expect, test } from 'vitest'
import { forecastCrossover, forecastCurve, predict } from '../../src/core'
import { TARGET_SEARCH_FACTOR } from '../../src/core/forecast'
import { createRandom } from '../../src/core/forecast/random'
import type { CurveInput, FormName } from '../../src/shared/fit-types'
import { forecastOptions } from '../../src/shared/forecast-options'
import type { CrossoverAnswer, Interval } from '../../src/shared/forecast-types'
import { expectRelativelyClose, logspace } from './helpers/numeric'

type Params = Record<string, number>

/** Points of a known law, with log-normal noise of sd `sigma` (seeded) when sigma > 0. */
function lawCurve(name: string, form: FormName, params: Params, x: number[], sigma = 0, seed = 1, breaks = 0): CurveInput {
  const rng = createRandom(seed)
  return { name, x, y: predict(form, params, x, breaks).map((v) => (sigma > 0 ? v * Math.exp(sigma * rng.normal()) : v)) }
}

/** Where f changes sign in [lo, hi] (log-x bisection on the true laws). */
function root(f: (x: number) => number, lo: number, hi: number): number {
  let a = Math.log(lo)
  let b = Math.log(hi)
  const fa = f(lo)
  for (let i = 0; i < 200; i++) {
    const m = (a + b) / 2
    if (Math.sign(f(Math.exp(m))) === Math.sign(fa)) a = m
    else b = m
  }
  return Math.exp((a + b) / 2)
}

const contains = (iv: Interval, x: number): boolean => iv.low <= x && x <= iv.high

/**
 * The crossings are found within rel of the true ones, every band is ordered, and the 95% band contains the
 * true crossing (an 80% band misses it one time in five by design, so it is not asked to).
 */
function expectCrossingsNear(answer: CrossoverAnswer, truth: number[], rel: number): void {
  expect(answer.crossings.map((c) => c.x)).toHaveLength(truth.length)
  answer.crossings.forEach((c, k) => {
    expectRelativelyClose(c.x, truth[k], rel, `crossing ${k + 1}: ${c.x}, want ${truth[k]}`)
    for (const iv of c.bands) expect(iv.low, `crossing ${k + 1} ${iv.level} band`).toBeLessThan(iv.high)
    const wide = c.bands.find((iv) => iv.level === 0.95)
    if (!wide) throw new Error('no 95% band')
    expect(contains(wide, truth[k]), `crossing ${k + 1} 95% band [${wide.low}, ${wide.high}] misses ${truth[k]}`).toBe(true)
  })
}

describe('y at x', () => {
  const cases: Array<{ title: string; form: FormName; params: Params; x: number[]; at: number[] }> = [
    { title: 'M1 y = 2 x^-0.3 on [1e3, 1e9], asked in range and 100x beyond', form: 'M1', params: { b: 2, c: -0.3 }, x: logspace(3, 9, 20), at: [3e5, 1e9, 1e11] },
    { title: 'M2 y = 0.5 + 30 x^-0.25 on [1e2, 1e8], asked in range and 10x beyond', form: 'M2', params: { e_inf: 0.5, b: 30, c: -0.25 }, x: logspace(2, 8, 24), at: [5e3, 1e9] },
    { title: 'M3 y = 3 (1/x + 1e-8)^0.3 on [1e3, 1e11], asked in range', form: 'M3', params: { b: 3, g: 1e-8, c: 0.3 }, x: logspace(3, 11, 30), at: [1e6] }
  ]
  for (const { title, form, params, x, at } of cases) test(`${title}, noise-free: the forecast equals the law within 1e-6 relative and its bands contain it`, () => {
    const truth = predict(form, params, at)
    for (const resamples of [0, 50]) {
      const f = forecastCurve(lawCurve(form, form, params, x), forecastOptions({ form, resamples, at }))
      expect(f.at.map((p) => p.x)).toEqual(at)
      f.at.forEach((p, i) => {
        expectRelativelyClose(p.y, truth[i], 1e-6, `${form} at x = ${at[i]} (${resamples} resamples)`)
        // A noise-free fit can give a band of width ~0: allow rounding.
        for (const b of p.bands) expect(b.low <= truth[i] * (1 + 1e-6) && truth[i] * (1 - 1e-6) <= b.high, `${b.kind} ${b.level} band at ${at[i]}`).toBe(true)
      })
    }
  })

  test('the band runs by default from the smallest fit x to 2x the largest (or the farthest asked x), evenly in log x', () => {
    const x = logspace(1, 3, 12)
    const f = forecastCurve(lawCurve('band', 'M1', { b: 10, c: -0.5 }, x), forecastOptions({ form: 'M1', resamples: 0, bandPoints: 5 }))
    expect(f.band.x).toHaveLength(5)
    expectRelativelyClose(f.band.x[0], 10, 1e-12)
    expectRelativelyClose(f.band.x[4], 2000, 1e-12)
    expectRelativelyClose(f.band.x[2], Math.sqrt(10 * 2000), 1e-12)
    const g = forecastCurve(lawCurve('band', 'M1', { b: 10, c: -0.5 }, x), forecastOptions({ form: 'M1', resamples: 0, bandPoints: 5, at: [1e5] }))
    expectRelativelyClose(g.band.x[4], 1e5, 1e-12)
    expect(g.band.intervals).toHaveLength(4)
  })
})

describe('x for a target y', () => {
  const LAW = { b: 10, c: -0.5 }
  const X = logspace(0, 3, 20)

  test.each([
    { title: 'noise-free, Jacobian', sigma: 0, resamples: 0 },
    { title: 'noise-free, 100 resamples', sigma: 0, resamples: 100 },
    { title: 'noise sd 0.001, Jacobian', sigma: 0.001, resamples: 0 },
    { title: 'noise sd 0.001, 100 resamples', sigma: 0.001, resamples: 100 }
  ])('y = 10 x^-0.5 on [1, 1e3], target 1 (in range): x = 100 within 0.5%, and the 95% interval contains it ($title)', ({ sigma, resamples }) => {
    const f = forecastCurve(lawCurve('target', 'M1', LAW, X, sigma, 3), forecastOptions({ form: 'M1', resamples, targets: [1] }))
    const [t] = f.targets
    expect(t.y).toBe(1)
    expectRelativelyClose(t.x as number, 100, sigma > 0 ? 5e-3 : 1e-9)
    expect(t.reachedShare).toBe(1)
    // Noise-free, every interval has width ~0 and holds 100 up to rounding; with noise, the 95% one must hold
    // it (the 80% one misses the truth one time in five by design).
    const checked = sigma > 0 ? t.bands.filter((iv) => iv.level === 0.95) : t.bands
    const slack = sigma > 0 ? 0 : 1e-9
    expect(checked.length).toBeGreaterThan(0)
    for (const iv of checked) expect(iv.low <= 100 * (1 + slack) && 100 * (1 - slack) <= iv.high, `${iv.level}: [${iv.low}, ${iv.high}]`).toBe(true)
  })

  test('y = 10 x^-0.5 on [1, 1e3] with noise sd 0.01, target 0.1 (10x beyond the data): x = 1e4 within 10%, inside the 95% interval, which holds the 80% one', () => {
    for (const resamples of [0, 100]) {
      const f = forecastCurve(lawCurve('target', 'M1', LAW, X, 0.01, 4), forecastOptions({ form: 'M1', resamples, targets: [0.1] }))
      const [t] = f.targets
      expectRelativelyClose(t.x as number, 1e4, 0.1)
      const [b80, b95] = t.bands
      expect(contains(b95, 1e4), `${resamples} resamples: ${JSON.stringify(t.bands)}`).toBe(true)
      expect(b80.low).toBeGreaterThanOrEqual(b95.low)
      expect(b80.high).toBeLessThanOrEqual(b95.high)
      expect(b95.high / b95.low).toBeGreaterThan(b80.high / b80.low)
    }
  })

  const floors: Array<{ title: string; form: FormName; params: Params; target: number }> = [
    { title: 'M2 0.5 + 30 x^-0.25 (floor 0.5), target 0.4', form: 'M2', params: { e_inf: 0.5, b: 30, c: -0.25 }, target: 0.4 },
    { title: 'BNSL-0 0.2 + 8 x^-0.3 (floor a = 0.2), target 0.15', form: 'BNSL', params: { a: 0.2, b: 8, c0: 0.3 }, target: 0.15 }
  ]
  for (const { title, form, params, target } of floors) test(`${title}, below the floor: not reached, x null, reachedShare 0 (Jacobian) and below 5% (100 resamples)`, () => {
    const curve = lawCurve('floor', form, params, logspace(1, 6, 24), 0.01, 5)
    for (const resamples of [0, 100]) {
      const f = forecastCurve(curve, forecastOptions({ form, breaks: 0, crop: 'none', resamples, targets: [target] }))
      const [t] = f.targets
      expect(t.x).toBeNull()
      if (resamples === 0) expect(t.reachedShare).toBe(0)
      else expect(t.reachedShare).toBeLessThan(0.05)
    }
  })

  test(`a target reached only beyond ${TARGET_SEARCH_FACTOR}x the largest fit x is not reached: y = 10 x^-0.5 on [1, 1e3], target 1e-4 (x = 1e10)`, () => {
    const f = forecastCurve(lawCurve('far', 'M1', LAW, X), forecastOptions({ form: 'M1', resamples: 20, targets: [1e-4] }))
    expect(f.targets[0].x).toBeNull()
    expect(f.targets[0].reachedShare).toBe(0)
    expect(f.targets[0].bands.every((b) => Number.isNaN(b.low) && Number.isNaN(b.high))).toBe(true)
  })
})

describe('crossover', () => {
  // a = 10 x^-0.5 and b = 3 x^-0.3 cross where x^0.2 = 10 / 3: x = (10 / 3)^5 = 411.5.
  const A = { b: 10, c: -0.5 }
  const B = { b: 3, c: -0.3 }
  const CROSS = (10 / 3) ** 5

  // The slopes differ by 0.2, so an error e in ln(a / b) moves the crossing by e / 0.2 in ln x: with noise sd 0.01
  // on 20 points, e has sd about 0.01 sqrt(2 / 20) = 0.003, 1.6% in x. 5% is 3 of those.
  test('two power laws with slopes -0.5 and -0.3 crossing at x = (10/3)^5 = 411.5 inside the data (noise sd 0.01): found within 5%, the 95% interval contains it, the steeper is lower after', () => {
    const x = logspace(1, 4, 20)
    const a = lawCurve('steep', 'M1', A, x, 0.01, 1)
    const b = lawCurve('shallow', 'M1', B, x, 0.01, 2)
    const answer = forecastCrossover(a, b, forecastOptions({ form: 'M1', resamples: 100 }), null)
    expect(answer.curves).toEqual(['steep', 'shallow'])
    // Default range: the smallest fit x to 100x the largest.
    expect(answer.range).toEqual([10, 1e6])
    expectCrossingsNear(answer, [CROSS], 0.05)
    expect(answer.crossings[0].lowerAfter).toBe('steep')
    expect(answer.crossings[0].share).toBeGreaterThan(0.9)
    // Named the other way round, the same curve is lower after.
    const swapped = forecastCrossover(b, a, forecastOptions({ form: 'M1', resamples: 100 }), null)
    expect(swapped.curves).toEqual(['shallow', 'steep'])
    expect(swapped.crossings[0].lowerAfter).toBe('steep')
  })

  test('the same laws fitted on [10, 100] only cross beyond the data, at 4x the largest x: found within 10%, and the wider extrapolated 95% interval contains it', () => {
    const x = logspace(1, 2, 12)
    const a = lawCurve('steep', 'M1', A, x, 0.01, 3)
    const b = lawCurve('shallow', 'M1', B, x, 0.01, 4)
    const answer = forecastCrossover(a, b, forecastOptions({ form: 'M1', resamples: 100 }), [10, 1e5])
    expect(answer.range).toEqual([10, 1e5])
    expectCrossingsNear(answer, [CROSS], 0.1)
    expect(answer.crossings[0].lowerAfter).toBe('steep')
  })

  test('two parallel laws (10 x^-0.4 and 5 x^-0.4) never cross: no crossings', () => {
    const x = logspace(1, 4, 16)
    const answer = forecastCrossover(lawCurve('upper', 'M1', { b: 10, c: -0.4 }, x, 0.01, 5), lawCurve('lower', 'M1', { b: 5, c: -0.4 }, x, 0.01, 6), forecastOptions({ form: 'M1', resamples: 50 }), null)
    expect(answer.crossings).toEqual([])
  })

  test('a U-shaped BNSL (c1 = -1 turns the descent into a rise after d1 = 1e3) crosses a slow power law twice in the data: both found in order within 3%, 95% intervals contain them, lowerAfter alternates', () => {
    const U = { a: 0.01, b: 10, c0: 0.5, c1: -1, d1: 1e3, f1: 0.5 }
    const FLAT = { a: 0.01, b: 1.2, c0: 0.05 }
    const x = logspace(1, 6, 30)
    const u = lawCurve('U', 'BNSL', U, x, 0.005, 1, 1)
    const flat = lawCurve('flat', 'BNSL', FLAT, x, 0.005, 2)
    const gap = (v: number): number => predict('BNSL', U, [v], 1)[0] - predict('BNSL', FLAT, [v])[0]
    const truth = [root(gap, 10, 1e3), root(gap, 1e3, 1e6)]
    // The true laws cross near 112 and 5.9e3.
    expect(truth[0]).toBeGreaterThan(100)
    expect(truth[1]).toBeLessThan(1e4)
    const answer = forecastCrossover(u, flat, forecastOptions({ form: 'BNSL', breaks: 1, crop: 'none', resamples: 60 }), [10, 1e6])
    expectCrossingsNear(answer, truth, 0.03)
    expect(answer.crossings[0].x).toBeLessThan(answer.crossings[1].x)
    expect(answer.crossings.map((c) => c.lowerAfter)).toEqual(['U', 'flat'])
  })

  test('a range that excludes the crossing gives none', () => {
    const x = logspace(1, 4, 16)
    const answer = forecastCrossover(lawCurve('steep', 'M1', A, x), lawCurve('shallow', 'M1', B, x), forecastOptions({ form: 'M1', resamples: 0 }), [1e3, 1e6])
    expect(answer.crossings).toEqual([])
  })
})
