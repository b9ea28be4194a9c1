import { describe, expect, test } from 'vitest'
import { CurveInputError, fitCurveForm, prepareCurve } from '../../src/core'
import type { CurveInput, FitOptions, FormName } from '../../src/shared/fit-types'
import { FORM_NAMES } from '../../src/shared/fit-types'

const options = (form: FormName): FitOptions => ({ forms: [form], breaks: 'auto', crop: 'auto', maxBreaks: 2 })

/** Runs fn and returns the CurveInputError it throws, checking that it names the curve. */
function inputError(fn: () => unknown, curve: string): CurveInputError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CurveInputError)
    const e = error as CurveInputError
    expect(e.name).toBe('CurveInputError')
    expect(e.curve).toBe(curve)
    expect(e.message).toContain(`curve "${curve}"`)
    return e
  }
  throw new Error('expected a CurveInputError')
}

const good = { x: [10, 100, 1000, 1e4, 1e5, 1e6], y: [5, 4, 3.2, 2.7, 2.4, 2.2] }

interface ErrorCase {
  title: string
  curve: CurveInput
  form: FormName
  /** Passed to prepareCurve: the parameter count of the form. */
  minFitPoints: number
  /** Pieces the message must contain besides the curve name. */
  says: Array<string | RegExp>
}

const cases: ErrorCase[] = [
  {
    title: 'fewer fit points than parameters: 2 points for the 5 parameters of M4',
    curve: { name: 'two points', x: [10, 100], y: [2, 1] },
    form: 'M4',
    minFitPoints: 5,
    says: ['2 fit points', 'fewer than the 5 parameters']
  },
  {
    title: 'fewer fit points than parameters once held-out points are set aside',
    curve: { name: 'mostly held out', ...good, split: ['fit', 'fit', 'heldout', 'heldout', 'heldout', 'heldout'] },
    form: 'M2',
    minFitPoints: 3,
    says: ['2 fit points', 'fewer than the 3 parameters']
  },
  {
    title: 'one fit point for the 2 parameters of M1 (singular "point")',
    curve: { name: 'one point', x: [10], y: [2] },
    form: 'M1',
    minFitPoints: 2,
    says: [/\b1 fit point,/, 'fewer than the 2 parameters']
  },
  {
    title: 'x = 0',
    curve: { name: 'zero x', x: [10, 0, 1000, 1e4], y: [5, 4, 3, 2] },
    form: 'M1',
    minFitPoints: 2,
    says: ['point 2 (x=0, y=4)', 'x must be a positive finite number, got 0']
  },
  {
    title: 'negative x',
    curve: { name: 'negative x', x: [10, 100, -1000, 1e4], y: [5, 4, 3, 2] },
    form: 'M2',
    minFitPoints: 3,
    says: ['point 3 (x=-1000, y=3)', 'x must be a positive finite number, got -1000']
  },
  {
    title: 'y = 0',
    curve: { name: 'zero y', x: [10, 100, 1000, 1e4], y: [5, 4, 3, 0] },
    form: 'M3',
    minFitPoints: 3,
    says: ['point 4 (x=10000, y=0)', 'y must be a positive finite number, got 0']
  },
  {
    title: 'negative y',
    curve: { name: 'negative y', x: [10, 100, 1000, 1e4], y: [-5, 4, 3, 2] },
    form: 'BNSL',
    minFitPoints: 3,
    says: ['point 1 (x=10, y=-5)', 'y must be a positive finite number, got -5']
  },
  {
    title: 'x is NaN',
    curve: { name: 'NaN x', x: [10, Number.NaN, 1000, 1e4], y: [5, 4, 3, 2] },
    form: 'M1',
    minFitPoints: 2,
    says: ['point 2 (x=NaN, y=4)', 'x must be a positive finite number, got NaN']
  },
  {
    title: 'y is Infinity',
    curve: { name: 'infinite y', x: [10, 100, 1000, 1e4], y: [5, 4, Number.POSITIVE_INFINITY, 2] },
    form: 'M4',
    minFitPoints: 2,
    says: ['point 3 (x=1000, y=Infinity)', 'y must be a positive finite number, got Infinity']
  },
  {
    title: 'x and y of different lengths',
    curve: { name: 'ragged', x: [10, 100, 1000], y: [5, 4] },
    form: 'M1',
    minFitPoints: 2,
    says: ['y must have as many values as x (3), got 2']
  },
  {
    title: 'a split label that is neither fit nor heldout',
    curve: { name: 'bad split', ...good, split: ['fit', 'fit', 'fit', 'test' as 'fit', 'heldout', 'heldout'] },
    form: 'M1',
    minFitPoints: 2,
    says: ['point 4 (x=10000, y=2.7)', 'split must be "fit" or "heldout", got "test"']
  },
  {
    title: 'a split list of a different length than the points',
    curve: { name: 'short split', ...good, split: ['fit', 'fit', 'heldout'] },
    form: 'M1',
    minFitPoints: 2,
    says: ['split must be an array of 6 labels "fit" or "heldout", got 3']
  },
  {
    title: 'no points at all',
    curve: { name: 'empty', x: [], y: [] },
    form: 'BNSL',
    minFitPoints: 3,
    says: ['has no points']
  }
]

describe('CurveInputError from prepareCurve', () => {
  test.each(cases)('$title', ({ curve, minFitPoints, says }) => {
    const e = inputError(() => prepareCurve(curve, minFitPoints), curve.name)
    for (const piece of says) expect(e.message).toMatch(piece)
  })
})

describe('CurveInputError from fitCurveForm', () => {
  test.each(cases)('$title', ({ curve, form, says }) => {
    const e = inputError(() => fitCurveForm(curve, form, options(form)), curve.name)
    for (const piece of says) expect(e.message).toMatch(piece)
  })

  test('BNSL with a fixed break count needs 3 + 3n fit points: 8 points for 2 breaks', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => 10 ** v)
    const curve = { name: 'eight points', x, y: x.map((v) => 1 + v ** -0.2) }
    const e = inputError(() => fitCurveForm(curve, 'BNSL', { ...options('BNSL'), breaks: 2 }), 'eight points')
    expect(e.message).toContain('8 fit points, fewer than the 9 parameters')
  })

  // Every point at one x leaves the slope undetermined; fitCurveForm promises a CurveInputError
  // naming the curve for points it cannot fit, or else a fit with finite parameters.
  test.each(FORM_NAMES.map((form) => ({ form })))('$form, all fit points at one x: finite parameters or a CurveInputError', ({ form }) => {
    const curve = { name: 'one x', x: [100, 100, 100, 100, 100, 100, 100, 100, 100], y: [3, 3.1, 2.9, 3.05, 2.95, 3.02, 2.98, 3.01, 2.99] }
    let fit: ReturnType<typeof fitCurveForm> | undefined
    try {
      fit = fitCurveForm(curve, form, options(form))
    } catch (error) {
      expect(error).toBeInstanceOf(CurveInputError)
      expect((error as CurveInputError).curve).toBe('one x')
      expect((error as Error).message).toContain('curve "one x"')
      return
    }
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true)
  })

  test('the first bad point is reported, in input order', () => {
    const curve = { name: 'two bad', x: [10, 100, -1, 1000], y: [5, 0, 3, 2] }
    const e = inputError(() => fitCurveForm(curve, 'M1', options('M1')), 'two bad')
    expect(e.message).toContain('point 2 (x=100, y=0)')
  })
})
