import { describe, expect, it } from 'vitest'
import type { CrossoverAnswer, CurveForecast } from '../../src/shared/forecast-types'
import {
  addQueries,
  atRows,
  forecastTsv,
  formatInterval,
  groupByQueries,
  parseQuery,
  targetRows
} from '../../src/renderer/src/lib/logic/forecast-table'

function forecast(overrides: Partial<CurveForecast> = {}): CurveForecast {
  return {
    curve: 'lm',
    form: 'M2',
    breaks: 0,
    crop: 0,
    params: {},
    candidates: [],
    method: 'bootstrap',
    resamples: 200,
    failedResamples: 0,
    seed: 7,
    bootstrap: 'pairs',
    levels: [0.95, 0.8],
    residualSd: 0.01,
    extrapolation: { growth: 0, backtests: 0, points: 0 },
    maxFitX: 1e6,
    minFitX: 1e3,
    at: [
      {
        x: 1e7,
        y: 0.25,
        bands: [
          { level: 0.8, kind: 'confidence', low: 0.24, high: 0.26 },
          { level: 0.8, kind: 'prediction', low: 0.2, high: 0.3 },
          { level: 0.95, kind: 'prediction', low: 0.15, high: 0.35 }
        ]
      }
    ],
    targets: [
      { y: 0.2, x: 3e7, reachedShare: 0.9, bands: [{ level: 0.8, low: 2e7, high: 5e7 }, { level: 0.95, low: 1e7, high: 9e7 }] },
      { y: 0.01, x: null, reachedShare: 0, bands: [] }
    ],
    parameters: [],
    band: { x: [], y: [], intervals: [] },
    timeMs: 1,
    ...overrides
  }
}

describe('forecast queries', () => {
  it('adds positive values once, in increasing order', () => {
    expect(addQueries([10, 1], [5, 10, -1, NaN, 0])).toEqual([1, 5, 10])
  })

  it('reads numbers as people type them and refuses the rest', () => {
    expect(parseQuery(' 1e9 ')).toBe(1e9)
    expect(parseQuery('2,000,000')).toBe(2e6)
    expect(parseQuery('0')).toBeNull()
    expect(parseQuery('abc')).toBeNull()
    expect(parseQuery('')).toBeNull()
  })

  it('groups curves that ask the same queries into one request', () => {
    const groups = groupByQueries([
      { id: 'a', at: [1], targets: [] },
      { id: 'b', at: [2], targets: [] },
      { id: 'c', at: [1], targets: [] }
    ])
    expect(groups.map((g) => g.map((i) => i.id))).toEqual([['a', 'c'], ['b']])
  })
})

describe('forecast rows', () => {
  it('gives y at x with the prediction interval of each level, not the confidence interval', () => {
    const [row] = atRows(forecast(), [0.8, 0.95])
    expect(row.multiple).toBe(10)
    expect(row.intervals.map((i) => [i?.low, i?.high])).toEqual([[0.2, 0.3], [0.15, 0.35]])
  })

  it('keeps a target that is not reached as x null', () => {
    const rows = targetRows(forecast(), [0.8, 0.95])
    expect(rows[1]).toMatchObject({ x: null, reachedShare: 0, intervals: [null, null] })
    expect(formatInterval(rows[1].intervals[0])).toBe('—')
    expect(formatInterval(rows[0].intervals[0])).toBe('2e7 – 5e7')
  })
})

describe('forecast as text', () => {
  it('writes tab-separated tables at full precision, levels in increasing order', () => {
    const lines = forecastTsv('lm', forecast()).split('\n')
    expect(lines[0]).toBe('# lm: M2, 200 resamples, seed 7')
    expect(lines[1]).toBe('x\ty\ty 80% low\ty 80% high\ty 95% low\ty 95% high')
    expect(lines[2]).toBe('10000000\t0.25\t0.2\t0.3\t0.15\t0.35')
    expect(lines[3]).toBe('')
    expect(lines[4].split('\t').slice(0, 3)).toEqual(['target y', 'x', 'reached share'])
    expect(lines[5]).toBe('0.2\t30000000\t0.9\t20000000\t50000000\t10000000\t90000000')
    expect(lines[6]).toBe('0.01\tnot reached\t0\t\t\t\t')
  })

  it('says when two curves do not cross, and lists the crossings when they do', () => {
    const none: CrossoverAnswer = { curves: ['a', 'b'], range: [1, 100], crossings: [] }
    expect(forecastTsv('a', forecast(), none)).toContain('no crossover in range')
    const two: CrossoverAnswer = {
      curves: ['a', 'b'],
      range: [1, 100],
      crossings: [
        { x: 5, lowerAfter: 'a', share: 0.7, bands: [{ level: 0.8, low: 4, high: 6 }] },
        { x: 50, lowerAfter: 'b', share: 0.6, bands: [] }
      ]
    }
    const text = forecastTsv('a', forecast(), two)
    expect(text).toContain('5\ta\t0.7\t4\t6\t\t')
    expect(text).toContain('50\tb\t0.6\t\t\t\t')
  })

  it('marks an instant answer as approximate', () => {
    expect(forecastTsv('lm', forecast({ method: 'jacobian' }))).toMatch(/^# lm: M2, approximate \(Jacobian\)/)
  })
})
