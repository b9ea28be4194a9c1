import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FitPool, type FitJobProgress } from '../../src/main/services/fit-pool'
import type { CurveInput, FitOptions } from '../../src/shared/fit-types'
import { forecastOptions } from '../../src/shared/forecast-options'
import { builtWorkerPath, root } from './helpers/paths'

/** Obeys the command in each curve's name: "throw msg", "exit", "sleep ms", anything else answers at once. */
const crashyWorker = join(root, 'test/fixtures/cli/crashy-worker.mjs')

const curve = (name: string): CurveInput => ({ name, x: [1, 2, 3], y: [3, 2, 1] })
const options = (forms: FitOptions['forms']): FitOptions => ({ forms, breaks: 'auto', crop: 'auto', maxBreaks: 2 })

describe('FitPool with a stand-in worker', () => {
  let pool: FitPool
  beforeAll(() => {
    pool = new FitPool({ workerPath: crashyWorker, threads: 2 })
  })
  afterAll(() => pool.destroy())

  test('reports progress after every task, counting up to the total', async () => {
    const events: FitJobProgress[] = []
    const curves = ['a', 'b', 'c'].map(curve)
    const result = await pool.runJob(curves, options(['M1', 'M2']), { onProgress: (p) => events.push(p) })
    expect(events.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6])
    expect(events.every((e) => e.total === 6 && e.failed === 0)).toBe(true)
    expect(result.cancelled).toBe(false)
    expect(result.errors).toEqual([])
  })

  test('groups results per curve in input order with forms in options order', async () => {
    const curves = ['sleep 30', 'b', 'sleep 10'].map(curve)
    const result = await pool.runJob(curves, options(['M3', 'M1', 'BNSL']))
    expect(result.results.map((r) => r.curve)).toEqual(['sleep 30', 'b', 'sleep 10'])
    for (const r of result.results) expect(r.fits.map((f) => f.form)).toEqual(['M3', 'M1', 'BNSL'])
  })

  test('a task that throws fails only itself and keeps its message', async () => {
    const curves = [curve('a'), curve('throw curve "bad": y must be > 0'), curve('c')]
    const result = await pool.runJob(curves, options(['M1', 'M2']))
    expect(result.results.map((r) => r.curve)).toEqual(['a', 'c'])
    expect(result.errors).toEqual([
      { curve: 'throw curve "bad": y must be > 0', form: 'M1', message: 'curve "bad": y must be > 0' },
      { curve: 'throw curve "bad": y must be > 0', form: 'M2', message: 'curve "bad": y must be > 0' }
    ])
  })

  test('a worker that dies fails only its task, and the pool keeps serving', async () => {
    const events: FitJobProgress[] = []
    const result = await pool.runJob([curve('a'), curve('exit'), curve('c')], options(['M1']), {
      onProgress: (p) => events.push(p)
    })
    expect(result.results.map((r) => r.curve)).toEqual(['a', 'c'])
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatchObject({ curve: 'exit', form: 'M1' })
    expect(result.errors[0].message).toMatch(/worker stopped.*exit.*code: 1/)
    expect(events.at(-1)).toMatchObject({ done: 3, total: 3, failed: 1 })

    const next = await pool.runJob(['d', 'e', 'f', 'g'].map(curve), options(['M1', 'M4']))
    expect(next.errors).toEqual([])
    expect(next.results).toHaveLength(4)
  })

  test('cancelling stops queued and running tasks promptly, keeps finished results, and the pool runs the next job', async () => {
    const controller = new AbortController()
    // Two quick curves, then tasks that would block their worker for 20 s each.
    const curves = [curve('a'), curve('b'), ...Array.from({ length: 6 }, (_, i) => curve(`sleep ${20_000 + i}`))]
    const started = performance.now()
    const job = pool.runJob(curves, options(['M1']), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) setTimeout(() => controller.abort(), 100)
      }
    })
    const result = await job
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(result.cancelled).toBe(true)
    expect(result.results.map((r) => r.curve)).toEqual(['a', 'b'])
    expect(result.errors).toEqual([])

    const next = await pool.runJob(['c', 'd', 'e'].map(curve), options(['M1', 'M2']))
    expect(next.cancelled).toBe(false)
    expect(next.results.map((r) => r.curve)).toEqual(['c', 'd', 'e'])
  })

  test('a signal aborted before the job starts runs nothing', async () => {
    const result = await pool.runJob([curve('a')], options(['M1']), { signal: AbortSignal.abort() })
    expect(result).toMatchObject({ cancelled: true, results: [], errors: [] })
  })

  test('refuses a thread count that is not a positive integer', () => {
    for (const threads of [0, -1, 1.5, Number.NaN]) {
      expect(() => new FitPool({ workerPath: crashyWorker, threads })).toThrow(/threads must be a positive integer/)
    }
  })
})

describe('FitPool with a worker module that cannot load', () => {
  test('fails every task with the load error instead of waiting forever, job after job', async () => {
    const pool = new FitPool({ workerPath: join(root, 'test/fixtures/cli/broken-worker.mjs'), threads: 2 })
    try {
      for (let round = 0; round < 2; round++) {
        const result = await pool.runJob(['a', 'b', 'c'].map(curve), options(['M1', 'M2']))
        expect(result.cancelled).toBe(false)
        expect(result.results).toEqual([])
        expect(result.errors).toHaveLength(6)
        for (const e of result.errors) expect(e.message).toContain('broken-worker.mjs fails while loading')
      }
    } finally {
      await pool.destroy()
    }
  })

  test('refuses a worker path where no file exists', () => {
    expect(() => new FitPool({ workerPath: join(root, 'test/fixtures/cli/missing-worker.mjs') })).toThrow(
      /no worker module at .*missing-worker\.mjs/
    )
  })
})

describe('FitPool with the built fit worker', () => {
  test('recovers b and c of M1 from y = 2 x^-0.3', async () => {
    const pool = new FitPool({ workerPath: builtWorkerPath(), threads: 1 })
    try {
      const x = Array.from({ length: 12 }, (_, i) => 10 * 2 ** i)
      const y = x.map((v) => 2 * v ** -0.3)
      const result = await pool.runJob([{ name: 'power law', x, y }], options(['M1']))
      expect(result.errors).toEqual([])
      const [fit] = result.results[0].fits
      expect(fit.form).toBe('M1')
      expect(Math.abs(fit.params.b / 2 - 1)).toBeLessThan(1e-6)
      expect(Math.abs(fit.params.c / -0.3 - 1)).toBeLessThan(1e-6)
      expect(fit.points.every((p) => Number.isFinite(p.yhat))).toBe(true)
    } finally {
      await pool.destroy()
    }
  })

  test('a task that runs past its time budget fails with a message naming it and the budget; the pool serves on', async () => {
    const pool = new FitPool({ workerPath: builtWorkerPath(), threads: 1 })
    try {
      const x = Array.from({ length: 50_000 }, (_, i) => i + 1)
      const y = x.map((v) => 2 * v ** -0.3 + 0.1)
      const slow = await pool.runJob([{ name: 'long run', x, y }], { ...options(['BNSL']), timeBudgetSeconds: 0.01 })
      expect(slow.results).toEqual([])
      expect(slow.errors).toHaveLength(1)
      expect(slow.errors[0]).toMatchObject({ curve: 'long run', form: 'BNSL' })
      expect(slow.errors[0].message).toMatch(/BNSL fit of "long run" stopped after its time budget of 0\.01 s/)

      // A forecast past its budget says what helps a forecast, not the fit settings.
      const forecast = await pool.runForecastJob([{ name: 'long run', x, y }], forecastOptions({ form: 'BNSL', resamples: 20 }), [], { timeBudgetMs: 10 })
      expect(forecast.errors[0].message).toMatch(/^the forecast of "long run" stopped after its time budget of 0\.01 s; forecast with fewer resamples/)

      const quick = await pool.runJob([{ name: 'short', x: x.slice(0, 12), y: y.slice(0, 12) }], options(['M1']))
      expect(quick.errors).toEqual([])
      expect(quick.results[0].fits[0].form).toBe('M1')
    } finally {
      await pool.destroy()
    }
  })
})
