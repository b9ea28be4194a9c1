import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FitPool, type ForecastJobProgress } from '../../src/main/services/fit-pool'
import type { CurveInput, Split } from '../../src/shared/fit-types'
import { forecastOptions } from '../../src/shared/forecast-options'
import { builtWorkerPath } from './helpers/paths'

/** A small power law y = b x^c on x = 10 .. 10 * 2^(n-1), with a fixed wiggle for noise. */
function powerLaw(name: string, b: number, c: number, n = 10): CurveInput {
  const x = Array.from({ length: n }, (_, i) => 10 * 2 ** i)
  return { name, x, y: x.map((v, i) => b * v ** c * Math.exp(0.01 * Math.sin(3.7 * i + b))) }
}

describe('FitPool.runForecastJob with the built fit worker', () => {
  let pool: FitPool
  beforeAll(() => {
    pool = new FitPool({ workerPath: builtWorkerPath(), threads: 2 })
  })
  afterAll(() => pool.destroy())

  const options = forecastOptions({ form: 'M1', resamples: 30, at: [1e5], targets: [1] })

  test('3 small curves and 1 crossover: 3 forecasts in curve order, 1 crossover answer, progress counting up to 4 of 4', async () => {
    const curves = [powerLaw('steep', 10, -0.5), powerLaw('shallow', 3, -0.3), powerLaw('flat', 2, -0.05)]
    const events: ForecastJobProgress[] = []
    const result = await pool.runForecastJob(curves, options, [{ curves: ['steep', 'shallow'], range: null }], {
      onProgress: (p) => events.push(p)
    })
    expect(result.errors).toEqual([])
    expect(result.cancelled).toBe(false)
    expect(result.forecasts.map((f) => f.curve)).toEqual(['steep', 'shallow', 'flat'])
    for (const f of result.forecasts) {
      expect(f).toMatchObject({ form: 'M1', method: 'bootstrap', resamples: 30 })
      expect(f.at).toHaveLength(1)
      expect(f.targets).toHaveLength(1)
    }
    expect(result.crossovers).toHaveLength(1)
    const [answer] = result.crossovers
    expect(answer.curves).toEqual(['steep', 'shallow'])
    // 10 x^-0.5 = 3 x^-0.3 at x = (10/3)^5 = 411.5.
    expect(answer.crossings).toHaveLength(1)
    expect(Math.abs(answer.crossings[0].x / (10 / 3) ** 5 - 1)).toBeLessThan(0.05)
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4])
    expect(events.every((e) => e.total === 4 && e.failed === 0)).toBe(true)
    expect(events.map((e) => e.curve).sort()).toEqual(['flat', 'shallow', 'steep', 'steep × shallow'].sort())
    expect(result.elapsedMs).toBeGreaterThan(0)
  })

  test('a curve with too few points fails alone, with a message naming it; its crossover fails under the pair name', async () => {
    const short: CurveInput = { name: 'two points', x: [10, 20], y: [3, 2] }
    const curves = [powerLaw('steep', 10, -0.5), short, powerLaw('shallow', 3, -0.3)]
    const events: ForecastJobProgress[] = []
    const result = await pool.runForecastJob(
      curves,
      forecastOptions({ form: 'M2', resamples: 20 }),
      [
        { curves: ['steep', 'shallow'], range: null },
        { curves: ['steep', 'two points'], range: null }
      ],
      { onProgress: (p) => events.push(p) }
    )
    expect(result.cancelled).toBe(false)
    expect(result.forecasts.map((f) => f.curve)).toEqual(['steep', 'shallow'])
    expect(result.crossovers.map((c) => c.curves)).toEqual([['steep', 'shallow']])
    expect(result.errors).toEqual([
      { curve: 'two points', message: 'curve "two points": 2 fit points, fewer than the 3 parameters to fit' },
      { curve: 'steep × two points', message: 'curve "two points": 2 fit points, fewer than the 3 parameters to fit' }
    ])
    expect(events.at(-1)).toMatchObject({ done: 5, total: 5, failed: 2 })
  })

  test('held-out points stretch the band to the farthest of them', async () => {
    const curve = powerLaw('with held-out', 10, -0.5, 12)
    const split: Split[] = curve.x.map((_, i) => (i >= 10 ? 'heldout' : 'fit'))
    curve.x[11] = 1e6
    const result = await pool.runForecastJob([{ ...curve, split }], forecastOptions({ form: 'M1', resamples: 0 }), [])
    expect(result.errors).toEqual([])
    const band = result.forecasts[0].band
    expect(band.x.at(-1)).toBeCloseTo(1e6, 3)
    expect(result.forecasts[0].maxFitX).toBe(10 * 2 ** 9)
  })

  test('a crossover naming a curve that was not sent is refused', async () => {
    await expect(pool.runForecastJob([powerLaw('a', 10, -0.5)], options, [{ curves: ['a', 'b'], range: null }])).rejects.toThrow(
      'crossover: no curve named "b" among the curves sent'
    )
  })

  test('cancelling via the signal resolves promptly with cancelled: true, and the pool runs the next job', async () => {
    // Slow tasks: every form, 5000 resamples, 40 points each.
    const slow = Array.from({ length: 6 }, (_, k) => powerLaw(`slow ${k}`, 5 + k, -0.3, 40))
    const controller = new AbortController()
    const started = performance.now()
    const job = pool.runForecastJob(slow, forecastOptions({ form: 'auto', resamples: 5000 }), [], { signal: controller.signal })
    setTimeout(() => controller.abort(), 300)
    const result = await job
    expect(result.cancelled).toBe(true)
    expect(result.errors).toEqual([])
    expect(result.forecasts.length).toBeLessThan(slow.length)
    expect(performance.now() - started).toBeLessThan(10_000)

    const next = await pool.runForecastJob([powerLaw('after', 10, -0.5)], options, [])
    expect(next.cancelled).toBe(false)
    expect(next.forecasts.map((f) => f.curve)).toEqual(['after'])
  })

  test('a signal aborted before the job starts runs nothing', async () => {
    const result = await pool.runForecastJob([powerLaw('a', 10, -0.5)], options, [], { signal: AbortSignal.abort() })
    expect(result).toMatchObject({ cancelled: true, forecasts: [], crossovers: [], errors: [] })
  })
})
