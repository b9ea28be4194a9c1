import type { CurveInput, Split } from '../shared/fit-types'
import { curveLengthProblem, firstBadPoint, pointValueProblem } from '../shared/schema'

/** A curve's points that cannot be fitted. The message names the curve, the point and the problem. */
export class CurveInputError extends Error {
  override name = 'CurveInputError'
  constructor(
    readonly curve: string,
    message: string
  ) {
    super(`curve "${curve}": ${message}`)
  }
}

/** A validated curve, sorted by x, split into fit and held-out points. */
export interface PreparedCurve {
  name: string
  x: number[]
  y: number[]
  split: Split[]
  /** Fit weight of each point (1 when the curve has none). */
  weight: number[]
  /** Indices (into x, y) of the fit points, ascending x. */
  fitIndex: number[]
  heldoutIndex: number[]
}

/**
 * Validates a curve and sorts it by x, then y.
 * Refuses lists of different lengths and points the shared point rules refuse (src/shared/schema/curve.ts:
 * x and y positive and finite, as fits are made in log space), naming the point, an empty curve, and a curve
 * with fewer fit points than minFitPoints.
 */
export function prepareCurve(curve: CurveInput, minFitPoints = 1): PreparedCurve {
  const { name, x, y } = curve
  const lengths = curveLengthProblem(curve, '')
  if (lengths !== null) throw new CurveInputError(name, lengths)
  if (x.length === 0) throw new CurveInputError(name, 'has no points')
  const bad = firstBadPoint(curve)
  if (bad !== null) {
    const { index: i, which, value } = bad
    throw new CurveInputError(name, `point ${i + 1} (x=${x[i]}, y=${y[i]}): ${pointValueProblem(which, which, value)}`)
  }
  // Sorting by (x, y) makes the order canonical, so shuffled seeds at one x give bit-identical fits.
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b] || a - b)
  const sx = order.map((i) => x[i])
  const sy = order.map((i) => y[i])
  const split: Split[] = order.map((i) => curve.split?.[i] ?? 'fit')
  const weight = order.map((i) => curve.weight?.[i] ?? 1)
  const fitIndex: number[] = []
  const heldoutIndex: number[] = []
  split.forEach((s, i) => (s === 'fit' ? fitIndex : heldoutIndex).push(i))
  const distinct = new Set(fitIndex.map((i) => sx[i])).size
  if (fitIndex.length >= 2 && distinct < 2) {
    throw new CurveInputError(name, `all ${fitIndex.length} fit points share one x (${sx[fitIndex[0]]}): a trend needs at least 2 distinct x values`)
  }
  if (fitIndex.length < minFitPoints) {
    throw new CurveInputError(
      name,
      `${fitIndex.length} fit point${fitIndex.length === 1 ? '' : 's'}, fewer than the ${minFitPoints} parameters to fit`
    )
  }
  return { name, x: sx, y: sy, split, weight, fitIndex, heldoutIndex }
}
