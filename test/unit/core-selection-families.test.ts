import { describe, expect, test } from 'vitest'
import { fitCurveForm, predict } from '../../src/core'
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../../src/shared/fit-types'
import { logspace, mulberry32 } from './helpers/numeric'

// Automatic break and crop selection on generated curves whose form is known (docs/selection.md). Each family
// is drawn with 1% log-normal noise at 40 log-spaced x from 1e2 to 1e9, the largest 10 held out, for four noise
// draws (seeds none of the design work used). Figures are geometric means of held-out RMSLE over the draws.

const x = logspace(2, 9, 40)
const FIT_POINTS = 30
const SEEDS = [201, 202, 203, 204]
const ONE_BREAK: FitOptions = { forms: ['BNSL'], breaks: 1, crop: 'none', maxBreaks: 1 }

function gauss(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() + 1e-300)) * Math.cos(2 * Math.PI * random())
}

interface Family {
  truth: (x: number[]) => number[]
  /** The true form, fitted to the points it describes (those after a plateau it cannot draw). */
  trueFit: FitOptions
  describes?: (x: number) => boolean
}

interface Scores {
  auto: number
  oneBreak: number
  trueForm: number
  /** Per draw: automatic selection's held-out RMSLE over the true form's. */
  perDraw: number[]
}

function geo(values: number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
}

function score(family: Family): Scores {
  const runs = SEEDS.map((seed) => {
    const random = mulberry32(seed)
    const y = family.truth(x).map((v) => v * Math.exp(0.01 * gauss(random)))
    const split = x.map((_, i) => (i < FIT_POINTS ? 'fit' : 'heldout') as 'fit' | 'heldout')
    const curve = { name: 'generated', x, y, split }
    const kept = x.map((v) => family.describes?.(v) ?? true)
    const trueCurve = { name: 'generated', x: x.filter((_, i) => kept[i]), y: y.filter((_, i) => kept[i]), split: split.filter((_, i) => kept[i]) }
    return {
      auto: fitCurveForm(curve, 'BNSL', DEFAULT_FIT_OPTIONS),
      oneBreak: fitCurveForm(curve, 'BNSL', ONE_BREAK).heldoutRmsle,
      trueForm: fitCurveForm(trueCurve, 'BNSL', family.trueFit).heldoutRmsle
    }
  })
  return {
    auto: geo(runs.map((r) => r.auto.heldoutRmsle)),
    oneBreak: geo(runs.map((r) => r.oneBreak)),
    trueForm: geo(runs.map((r) => r.trueForm)),
    perDraw: runs.map((r) => r.auto.heldoutRmsle / r.trueForm)
  }
}

const bnsl = (params: Record<string, number>, breaks: number) => (xs: number[]) => predict('BNSL', params, xs, breaks)
const fixed = (breaks: 0 | 1 | 2): FitOptions => ({ forms: ['BNSL'], breaks, crop: 'none', maxBreaks: breaks })

describe('automatic selection on generated families with a known form', () => {
  test('a smooth power law: within 2x the held-out error of the true 0-break form, never worse than one break', () => {
    const s = score({ truth: bnsl({ a: 0.05, b: 3, c0: 0.25 }, 0), trueFit: fixed(0) })
    expect(s.auto).toBeLessThanOrEqual(2 * s.trueForm)
    expect(s.auto).toBeLessThanOrEqual(1.1 * s.oneBreak)
  })

  test('a sharp break late in the fit points: no extra break bends the forecast (each draw within 10% of the true 1-break form)', () => {
    // Flat, then falling steeply over the last seven fit points: no training fit sees the break, so validation
    // says nothing and the default (one break, refitted on all points with a grid search) must stand.
    const s = score({ truth: bnsl({ a: 1e-4, b: 1, c0: 0.02, c1: 0.6, d1: 1e6, f1: 0.1 }, 1), trueFit: fixed(1) })
    for (const ratio of s.perDraw) expect(ratio).toBeLessThanOrEqual(1.1)
    expect(s.auto).toBeLessThanOrEqual(1.1 * s.oneBreak)
  })

  test('double descent needs two breaks: under a third of the error of one break, within 6x the true 2-break form', () => {
    const s = score({
      truth: bnsl({ a: 0.02, b: 1.5, c0: 0.3, c1: -0.6, d1: 1e4, f1: 0.3, c2: 0.9, d2: 1e6, f2: 0.3 }, 2),
      trueFit: fixed(2)
    })
    expect(s.auto).toBeLessThanOrEqual(s.oneBreak / 3)
    expect(s.auto).toBeLessThanOrEqual(6 * s.trueForm)
  })

  test('a long flat start (a plateau no break count draws exactly): never worse than one break, near the power law after it', () => {
    const plateau = (xs: number[]): number[] => xs.map((v) => Math.min(0.9, 30 * v ** -0.3))
    const s = score({ truth: plateau, trueFit: fixed(0), describes: (v) => 30 * v ** -0.3 < 0.9 })
    expect(s.auto).toBeLessThanOrEqual(1.1 * s.oneBreak)
    expect(s.auto).toBeLessThanOrEqual(2 * s.trueForm)
  })
})
