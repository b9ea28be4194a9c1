// A small curve and stored fits for the chart and figure tests: y = scale * 2 x^-0.3 at 1e3..1e8.
import type { FormName } from '../../../src/shared/fit-types'
import type { ProjectCurve, StoredFit } from '../../../src/shared/project/types'

export const xs = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8]

/** y = scale * 2 x^-0.3 at 1e3..1e8; the first four points are fit points, the second one excluded. */
export function curve(overrides: Partial<ProjectCurve> = {}, scale = 1): ProjectCurve {
  return {
    id: 'c1',
    name: 'vit/ImageNet',
    xQuantity: 'seen examples',
    xUnit: '',
    yMetric: 'error rate',
    tags: [],
    notes: '',
    revision: 3,
    points: xs.map((x, i) => ({
      x,
      y: scale * 2 * x ** -0.3,
      split: i < 4 ? ('fit' as const) : ('heldout' as const),
      ...(i === 1 && { excluded: { reason: 'diverged' } })
    })),
    ...overrides
  }
}

/** A stored fit of a form with these parameters, fitted at the curve's revision. */
export function fit(form: FormName, params: Record<string, number>, extra: Partial<StoredFit> = {}): StoredFit {
  return {
    form,
    breaks: 0,
    crop: 0,
    params,
    status: 'converged',
    fitRmsle: 0.01,
    fitRsle: 0.001,
    heldoutRmsle: 0.05,
    heldoutRsle: 0.01,
    selection: { breaks: [], crop: [] },
    timeMs: 5,
    curveRevision: 3,
    fittedAt: '2024-01-01T00:00:00.000Z',
    ...extra
  }
}

export const m1 = fit('M1', { b: 2, c: -0.3 }, { heldoutRmsle: 0.02 })
export const bnsl = fit('BNSL', { a: 1e-3, b: 2, c0: 0.3, c1: 0.2, d1: 3e4, f1: 0.5, c2: -0.1, d2: 5e6, f2: 1 }, { breaks: 2 })
