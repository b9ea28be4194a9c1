// Standard errors from the least-squares Jacobian: the instant, approximate answer before the bootstrap.
import type { FitData, FormModel } from '../forms'
import { pseudoInverseSymmetric } from '../math'
import { normalEquations } from './polish'

/**
 * Eigenvalues of J^T W J below this share of the largest are directions the points do not determine (the floor a of
 * a BNSL whose y never levels off, a break before the first point): the covariance leaves them out.
 */
export const COVARIANCE_RCOND = 1e-10

/**
 * Covariance of the raw parameters, s^2 (J^T W J)^+ with s^2 = SSE / (n - p), the pseudo-inverse dropping the
 * directions the points do not determine (COVARIANCE_RCOND); their uncertainty is left to the backtested
 * extrapolation error and the bootstrap. Null when n <= p or nothing is determined.
 */
export function rawCovariance(model: FormModel, raw: readonly number[], data: FitData): number[][] | null {
  const n = data.lx.length
  const p = raw.length
  if (n <= p) return null
  const { a: jtj, sse } = normalEquations(model, raw, data)
  const s2 = sse / (n - p)
  const inverse = pseudoInverseSymmetric(jtj, COVARIANCE_RCOND)
  if (!inverse) return null
  const cov = inverse.map((row) => row.map((v) => s2 * v))
  return cov.every((row, i) => Number.isFinite(row[i]) && row[i] >= 0) ? cov : null
}

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
export function parameterErrors(model: FormModel, raw: readonly number[], lxRef: number, cov: number[][] | null): Record<string, number | null> {
  const names = model.paramNames
  if (!cov) return Object.fromEntries(names.map((n) => [n, null]))
  const grads = names.map(() => new Array<number>(raw.length).fill(0))
  for (let k = 0; k < raw.length; k++) {
    const h = 1e-6 * (1 + Math.abs(raw[k]))
    const up = model.toParams(raw.map((v, i) => (i === k ? v + h : v)), lxRef)
    const down = model.toParams(raw.map((v, i) => (i === k ? v - h : v)), lxRef)
    names.forEach((name, i) => (grads[i][k] = (up[name] - down[name]) / (2 * h)))
  }
  return Object.fromEntries(
    names.map((name, i) => {
      const se = Math.sqrt(quadraticForm(cov, grads[i]))
      return [name, Number.isFinite(se) ? se : null]
    })
  )
}
