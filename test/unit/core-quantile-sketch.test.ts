import { Session } from 'node:inspector'
import { describe, expect, test } from 'vitest'
import { normalQuantile } from '../../src/core/forecast/normal'
import { QuantileSketch } from '../../src/core/forecast/quantile-sketch'
import { createRandom } from '../../src/core/forecast/random'

/** The documented interpolation of an exact sketch (Hazen's rule): sorted value i sits at (i + 1/2) / n. */
function hazen(sorted: number[], q: number): number {
  const n = sorted.length
  const h = q * n - 0.5
  if (h <= 0) return sorted[0]
  if (h >= n - 1) return sorted[n - 1]
  const i = Math.floor(h)
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i])
}

/** Share of the sorted values at or below v. */
function rankOf(sorted: number[], v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] <= v) lo = mid + 1
    else hi = mid
  }
  return lo / sorted.length
}

/**
 * How many values a sketch holds, read through the V8 inspector: its levels are private fields, and
 * memory is what is being tested, so the test looks at them rather than trusting a counter the class keeps.
 */
function storedValues(sketch: QuantileSketch): number {
  const session = new Session()
  session.connect()
  const call = <T>(method: string, params: object): T => {
    let result: T | undefined
    let failure: Error | null = null
    // Posting to the inspector of the same thread answers synchronously.
    session.post(method, params, (error, value) => {
      failure = error
      result = value as T
    })
    if (failure) throw failure
    if (result === undefined) throw new Error(`inspector did not answer ${method} synchronously`)
    return result
  }
  type Props = { result: Array<{ name: string; value?: { objectId?: string; value?: unknown } }>; privateProperties?: Array<{ name: string; value?: { objectId?: string } }> }
  try {
    ;(globalThis as Record<string, unknown>).__sketchUnderTest = sketch
    const { result } = call<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'globalThis.__sketchUnderTest' })
    const own = call<Props>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true })
    const levelsId = own.privateProperties?.find((p) => p.name === '#levels')?.value?.objectId
    if (!levelsId) throw new Error('QuantileSketch has no #levels field any more: update this test')
    const levels = call<Props>('Runtime.getProperties', { objectId: levelsId, ownProperties: true })
    let total = 0
    for (const level of levels.result.filter((p) => /^\d+$/.test(p.name))) {
      const id = level.value?.objectId
      if (!id) continue
      const props = call<Props>('Runtime.getProperties', { objectId: id, ownProperties: true })
      total += Number(props.result.find((p) => p.name === 'length')?.value?.value)
    }
    return total
  } finally {
    delete (globalThis as Record<string, unknown>).__sketchUnderTest
    session.disconnect()
  }
}

describe('QuantileSketch', () => {
  const QS = [0, 0.001, 0.01, 0.025, 0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 0.975, 0.99, 0.999, 1]

  test.each([
    { title: '1 value', count: 1 },
    { title: '2 values', count: 2 },
    { title: '7 values with ties', count: 7, ties: true },
    { title: '255 values, one below the capacity of 256', count: 255 }
  ])('below capacity it is exact: $title match a sorted array with Hazen interpolation to 1e-12', ({ count, ties }) => {
    const rng = createRandom(count)
    const values = Array.from({ length: count }, () => (ties ? rng.int(3) : rng.normal() * 10))
    const sketch = new QuantileSketch(256)
    values.forEach((v) => sketch.add(v))
    const sorted = [...values].sort((a, b) => a - b)
    expect(sketch.count).toBe(count)
    for (const q of QS) expect(Math.abs(sketch.quantile(q) - hazen(sorted, q)), `q = ${q}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(hazen(sorted, q))))
  })

  test('quantiles of 1, 2, 3, 4 follow Hazen: 0.5 -> 2.5, 0.25 -> 1.5, below 1/8 -> 1, above 7/8 -> 4', () => {
    const sketch = new QuantileSketch(16)
    ;[3, 1, 4, 2].forEach((v) => sketch.add(v))
    expect(sketch.quantile(0.5)).toBe(2.5)
    expect(sketch.quantile(0.25)).toBe(1.5)
    expect(sketch.quantile(0.1)).toBe(1)
    expect(sketch.quantile(0.9)).toBe(4)
  })

  test('100k values with capacity 256: at most 256 per level x log2(100k / 256) levels held, every quantile within 1% of its rank', () => {
    const n = 100_000
    const rng = createRandom(42)
    const sketch = new QuantileSketch(256)
    const values: number[] = []
    for (let i = 0; i < n; i++) {
      // Skewed on purpose: a log-normal, as forecast y values are.
      const v = Math.exp(rng.normal())
      values.push(v)
      sketch.add(v)
    }
    const sorted = values.sort((a, b) => a - b)
    expect(sketch.count).toBe(n)
    // Levels 0..ceil(log2(n / 256)) + 1, each under the capacity.
    const levels = Math.ceil(Math.log2(n / 256)) + 2
    const held = storedValues(sketch)
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(256 * levels)
    for (const q of [0.005, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.995]) {
      expect(Math.abs(rankOf(sorted, sketch.quantile(q)) - q), `q = ${q}`).toBeLessThanOrEqual(0.01)
    }
  })

  test('sorted input (the worst order for a naive compactor) still gives quantiles within 1% of their rank', () => {
    const n = 50_000
    const sketch = new QuantileSketch(256)
    for (let i = 0; i < n; i++) sketch.add(i)
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99]) expect(Math.abs(sketch.quantile(q) / n - q), `q = ${q}`).toBeLessThanOrEqual(0.01)
  })

  test('non-finite values are counted apart and kept out of the quantiles', () => {
    const sketch = new QuantileSketch(8)
    for (const v of [NaN, 1, Infinity, 2, -Infinity, 3, NaN]) sketch.add(v)
    expect(sketch.count).toBe(3)
    expect(sketch.nonFinite).toBe(4)
    expect(sketch.quantile(0.5)).toBe(2)
    expect(sketch.quantile(0)).toBe(1)
    expect(sketch.quantile(1)).toBe(3)
  })

  test('with no finite value every quantile is NaN', () => {
    const sketch = new QuantileSketch()
    expect(sketch.quantile(0.5)).toBeNaN()
    sketch.add(NaN)
    expect(sketch.quantile(0.5)).toBeNaN()
    expect(sketch.nonFinite).toBe(1)
  })

  test('refuses a capacity that is not an integer >= 2', () => {
    for (const capacity of [1, 0, 2.5, NaN]) expect(() => new QuantileSketch(capacity)).toThrow(/capacity must be an integer >= 2/)
  })
})

describe('normalQuantile', () => {
  test.each([
    { p: 0.975, z: 1.959963984540054 },
    { p: 0.9, z: 1.2815515655446004 },
    { p: 0.5, z: 0 },
    { p: 0.025, z: -1.959963984540054 },
    { p: 0.001, z: -3.090232306167813 },
    { p: 1e-10, z: -6.361340902404056 }
  ])('p = $p gives $z to 1e-8', ({ p, z }) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(z)))
  })

  test('is antisymmetric about 0.5, -Infinity at 0 and Infinity at 1', () => {
    for (const p of [0.01, 0.02425, 0.1, 0.3]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12)
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
  })

  test('refuses p outside [0, 1] or NaN', () => {
    for (const p of [-0.1, 1.1, NaN]) expect(() => normalQuantile(p)).toThrow(/normalQuantile: p must be in \[0, 1\]/)
  })
})

describe('createRandom', () => {
  /** Share of draws with |t| above a cut. */
  const tailShare = (draw: () => number, cut: number, n: number): number => {
    let hits = 0
    for (let i = 0; i < n; i++) if (Math.abs(draw()) > cut) hits++
    return hits / n
  }
  const N = 100_000
  // Binomial standard error of a share s from N draws is sqrt(s (1 - s) / N); 4 of them is the tolerance.
  const tolerance = (s: number): number => 4 * Math.sqrt((s * (1 - s)) / N)

  test.each([
    // P(|T| > 3) for Student's t: 2 df 0.0955, 3 df 0.0577, 5 df 0.0301; normal 0.0027.
    { nu: 2, share: 0.09546 },
    { nu: 3, share: 0.05767 },
    { nu: 5, share: 0.03010 }
  ])('Student t with $nu degrees of freedom: P(|t| > 3) = $share within 4 binomial SE, far above the normal 0.0027', ({ nu, share }) => {
    const rng = createRandom(nu)
    const got = tailShare(() => rng.studentT(nu), 3, N)
    expect(Math.abs(got - share)).toBeLessThanOrEqual(tolerance(share))
    expect(got).toBeGreaterThan(5 * 0.0027)
  })

  test('normal draws: P(|z| > 1.96) = 0.05 within 4 binomial SE, and studentT(Infinity) is normal', () => {
    const a = createRandom(7)
    expect(Math.abs(tailShare(() => a.normal(), 1.959963985, N) - 0.05)).toBeLessThanOrEqual(tolerance(0.05))
    const b = createRandom(8)
    expect(Math.abs(tailShare(() => b.studentT(Infinity), 1.959963985, N) - 0.05)).toBeLessThanOrEqual(tolerance(0.05))
  })

  test('the same seed gives the same sequence; another seed another one; int stays in [0, n)', () => {
    const draw = (seed: number): number[] => {
      const r = createRandom(seed)
      return [r.next(), r.normal(), r.int(10), r.studentT(3), r.next()]
    }
    expect(draw(5)).toEqual(draw(5))
    expect(draw(6)).not.toEqual(draw(5))
    const r = createRandom(1)
    for (let i = 0; i < 10_000; i++) {
      const k = r.int(7)
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true)
    }
  })
})
