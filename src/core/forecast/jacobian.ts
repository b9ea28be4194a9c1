// Standard errors from the least-squares Jacobian: the instant, approximate answer before the bootstrap.
import type { FitData, FormModel } from '../forms'
import { pseudoInverseSymmetric } from '../math'
import { normalEquations } from './polish'

/**
 * Eigenvalues of J^T W J at most this share of the largest are directions the points do not determine (the floor a
 * of a BNSL whose y never levels off, a break before the first point). As small as the old plain inverse's pivot
 * check, so that every covariance it gave is unchanged.
 */
export const COVARIANCE_RCOND = 1e-13

/** The raw parameters' covariance, and the directions of raw-parameter space the points do not determine. */
export interface Covariance {
  matrix: number[][]
  /** Unit vectors; the covariance is zero along them (their uncertainty is left to the backtest and the bootstrap). */
  undetermined: number[][]
}

/**
 * Covariance of the raw parameters, s^2 (J^T W J)^+ with s^2 = SSE / (n - p), the pseudo-inverse leaving out the
 * directions the points do not determine (COVARIANCE_RCOND). Null when n <= p or nothing is determined.
 */
export function rawCovariance(model: FormModel, raw: readonly number[], data: FitData): Covariance | null {
  const n = data.lx.length
  const p = raw.length
  if (n <= p) return null
  const { a: jtj, sse } = normalEquations(model, raw, data)
  const s2 = sse / (n - p)
  const pinv = pseudoInverseSymmetric(jtj, COVARIANCE_RCOND)
  if (!pinv) return null
  const matrix = pinv.inverse.map((row) => row.map((v) => s2 * v))
  return matrix.every((row, i) => Number.isFinite(row[i]) && row[i] >= 0) ? { matrix, undetermined: pinv.dropped } : null
}

/**
 * A parameter whose gradient has more than this share of its length along an undetermined direction has no standard
 * error. Not zero: an undetermined direction (the sharpness of a break the points do not show) couples weakly to the
 * others (1e-4 of b's gradient on a pure power law), which does not leave b undetermined.
 */
const UNDETERMINED_SHARE = 0.01

/** Variance of g^T theta for a gradient g of some output with respect to the raw parameters. */
export function quadraticForm(cov: number[][], g: readonly number[]): number {
  let v = 0
  for (let a = 0; a < g.length; a++) for (let b = 0; b < g.length; b++) v += g[a] * cov[a][b] * g[b]
  return Math.max(0, v)
}

/**
 * Standard errors of the parameters in original units by the delta method, d params / d raw by central
 * differences through the model's own conversion.
 */
export function parameterErrors(model: FormModel, raw: readonly number[], lxRef: number, cov: Covariance | null): Record<string, number | null> {
  const names = model.paramNames
  if (!cov) return Object.fromEntries(names.map((n) => [n, null]))
  const grads = names.map(() => new Array<number>(raw.length).fill(0))
  for (let k = 0; k < raw.length; k++) {
    const h = 1e-6 * (1 + Math.abs(raw[k]))
    const up = model.toParams(raw.map((v, i) => (i === k ? v + h : v)), lxRef)
    const down = model.toParams(raw.map((v, i) => (i === k ? v - h : v)), lxRef)
    names.forEach((name, i) => (grads[i][k] = (up[name] - down[name]) / (2 * h)))
  }
  // A parameter that moves along a direction the points do not determine has no standard error (null), not the
  // near-zero one the pseudo-inverse would give it.
  const undetermined = (g: number[]): boolean => {
    const length = Math.hypot(...g)
    return cov.undetermined.some((u) => Math.abs(u.reduce((s, v, k) => s + v * g[k], 0)) > UNDETERMINED_SHARE * length)
  }
  return Object.fromEntries(
    names.map((name, i) => {
      const se = Math.sqrt(quadraticForm(cov.matrix, grads[i]))
      return [name, Number.isFinite(se) && !undetermined(grads[i]) ? se : null]
    })
  )
}
