import { describe, expect, test } from 'vitest'
import { rmsle, rootStandardLogError } from '../../src/core'
import { squaredLogErrors } from '../../src/core/metrics'

const y = [0.5, 1, 2, 3.5, 10, 1e-6, 1e6]
const scaled = (factors: number[]): number[] => y.map((v, i) => v * Math.exp(factors[i % factors.length]))

/** RSLE written out from DESIGN.md: sqrt(mean(SLE) + std(SLE)/sqrt(n)) - sqrt(mean(SLE)), std with ddof 0. */
function rsleByHand(logErrors: number[]): number {
  const sle = logErrors.map((e) => e * e)
  const n = sle.length
  const mean = sle.reduce((s, v) => s + v, 0) / n
  const std = Math.sqrt(sle.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
  return Math.sqrt(mean + std / Math.sqrt(n)) - Math.sqrt(mean)
}

describe('rmsle', () => {
  const cases = [
    { title: 'a perfect prediction has zero error', yhat: y, expected: 0 },
    { title: 'every prediction e^0.1 times too high gives exactly 0.1', yhat: scaled([0.1]), expected: 0.1 },
    { title: 'every prediction e^0.1 times too low gives exactly 0.1', yhat: scaled([-0.1]), expected: 0.1 },
    // log errors alternate +0.3, -0.1: SLE 0.09, 0.01; over 7 points 4 x 0.09 + 3 x 0.01 = 0.39
    { title: 'alternating log errors +0.3 and -0.1', yhat: scaled([0.3, -0.1]), expected: Math.sqrt(0.39 / 7) },
    { title: 'one point off by a factor e, the rest exact', yhat: y.map((v, i) => (i === 3 ? v * Math.E : v)), expected: Math.sqrt(1 / 7) }
  ]
  test.each(cases)('$title', ({ yhat, expected }) => {
    expect(rmsle(yhat, y)).toBeCloseTo(expected, 14)
  })

  test('errors are measured in log space, so values spanning twelve decades weigh the same', () => {
    expect(rmsle([1e-6 * Math.exp(0.2)], [1e-6])).toBeCloseTo(0.2, 14)
    expect(rmsle([1e6 * Math.exp(0.2)], [1e6])).toBeCloseTo(0.2, 14)
  })

  test('no points gives NaN', () => {
    expect(rmsle([], [])).toBeNaN()
  })

  test('mismatched lengths throw, naming both counts', () => {
    expect(() => rmsle([1, 2], [1, 2, 3])).toThrow('2 predictions for 3 observations')
  })
})

describe('rootStandardLogError', () => {
  const cases = [
    { title: 'a perfect prediction has zero spread', logErrors: [0, 0, 0, 0, 0, 0, 0], expected: 0 },
    { title: 'the same log error 0.1 at every point has zero spread', logErrors: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], expected: 0 },
    { title: 'the same error size with alternating sign has zero spread', logErrors: [0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1], expected: 0 },
    // SLE 0.01, 0.09: mean 0.05, std 0.04, n 2
    { title: 'two points with log errors 0.1 and -0.3', logErrors: [0.1, -0.3], expected: Math.sqrt(0.05 + 0.04 / Math.SQRT2) - Math.sqrt(0.05) },
    // SLE 0, 0, 0, 1: mean 0.25, std sqrt(0.1875), n 4
    { title: 'one point off by a factor e among four', logErrors: [0, 0, 0, 1], expected: Math.sqrt(0.25 + Math.sqrt(0.1875) / 2) - 0.5 },
    { title: 'mixed log errors match the formula written out', logErrors: [0.02, -0.5, 0.3, 0, 1.2, -0.05], expected: rsleByHand([0.02, -0.5, 0.3, 0, 1.2, -0.05]) }
  ]
  test.each(cases)('$title', ({ logErrors, expected }) => {
    const obs = logErrors.map((_, i) => 2 ** i)
    const yhat = obs.map((v, i) => v * Math.exp(logErrors[i]))
    expect(rootStandardLogError(yhat, obs)).toBeCloseTo(expected, 12)
  })

  test('no points gives NaN', () => {
    expect(rootStandardLogError([], [])).toBeNaN()
  })

  test('mismatched lengths throw, naming both counts', () => {
    expect(() => rootStandardLogError([1, 2, 3], [1])).toThrow('3 predictions for 1 observations')
  })
})

describe('squaredLogErrors', () => {
  test('one squared log error per point, in input order', () => {
    const sle = squaredLogErrors([Math.E, 1, 1], [1, Math.E, 1])
    expect(sle).toHaveLength(3)
    expect(sle[0]).toBeCloseTo(1, 15)
    expect(sle[1]).toBeCloseTo(1, 15)
    expect(sle[2]).toBe(0)
  })
})
