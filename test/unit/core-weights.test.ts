import { describe, expect, test } from 'vitest'
import { CurveInputError, fitCurveForm, predict } from '../../src/core'
import { DEFAULT_FIT_OPTIONS, type FormName } from '../../src/shared/fit-types'
import { logspace } from './helpers/numeric'

const options = { ...DEFAULT_FIT_OPTIONS, breaks: 1 as const, crop: 'none' as const }
const x = logspace(3, 9, 24)
// A BNSL-shaped curve with a little structure every form can partly follow.
const y = predict('BNSL', { a: 0.05, b: 20, c0: 0.1, c1: 0.3, d1: 1e6, f1: 0.5 }, x, 1).map((v, i) => v * (1 + 0.02 * Math.sin(i)))

describe('point weights', () => {
  test.each<FormName>(['M1', 'M2', 'M3', 'M4', 'BNSL'])('%s: weight 2 on a point fits exactly like that point given twice', (form) => {
    const weighted = fitCurveForm({ name: 'weighted', x, y, weight: x.map((_, i) => (i === 5 ? 2 : 1)) }, form, options)
    const doubled = fitCurveForm({ name: 'doubled', x: [...x, x[5]], y: [...y, y[5]] }, form, options)
    // Parameters of M2-M4 and BNSL are strongly correlated, so compare what is determined: the fitted curve.
    const a = predict(form, weighted.params, x, weighted.breaks)
    const b = predict(form, doubled.params, x, doubled.breaks)
    a.forEach((v, i) => expect(Math.abs(Math.log(v / b[i]))).toBeLessThan(1e-4))
    expect(weighted.fitRmsle).toBeCloseTo(fitCurveForm({ name: 'check', x, y }, form, options).fitRmsle, 2)
  })

  test('a tiny weight on an outlier leaves the fit where the other points put it', () => {
    const clean = x.map((v) => 3 * v ** -0.2)
    const spoiled = clean.map((v, i) => (i === 10 ? v * 5 : v))
    const fit = fitCurveForm({ name: 'outlier', x, y: spoiled, weight: x.map((_, i) => (i === 10 ? 1e-9 : 1)) }, 'M1', options)
    expect(fit.params.b).toBeCloseTo(3, 5)
    expect(fit.params.c).toBeCloseTo(-0.2, 6)
  })

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('a weight of %s is refused, naming the curve and the point', (bad) => {
    const weight = x.map((_, i) => (i === 3 ? bad : 1))
    expect(() => fitCurveForm({ name: 'bad weights', x, y, weight }, 'M1', options)).toThrow(CurveInputError)
    expect(() => fitCurveForm({ name: 'bad weights', x, y, weight }, 'M1', options)).toThrow(
      `curve "bad weights": point 4 (x=${x[3]}, y=${y[3]}): weight must be a positive finite number, got ${bad}`
    )
  })

  test('weights of the wrong length are refused', () => {
    expect(() => fitCurveForm({ name: 'short', x, y, weight: [1, 2] }, 'M1', options)).toThrow(`curve "short": weight must have ${x.length} values, got 2`)
  })
})
