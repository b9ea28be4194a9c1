// Levenberg-Marquardt for warm starts: a bootstrap refit begins next to its optimum and needs a few
// steps, where the general optimiser's setup costs more than the steps themselves.
import type { FitData, FormModel } from '../forms'
import { solveSymmetric } from '../math'

export interface PolishResult {
  raw: number[]
  msle: number
  iterations: number
}

/** Smallest diagonal damping, as a share of the largest diagonal entry of J^T W J. */
const DAMPING_FLOOR = 1e-9

/** Weighted SSE of raw parameters; Infinity when not finite. */
function sseOf(model: FormModel, raw: readonly number[], data: FitData): number {
  let sse = 0
  for (let j = 0; j < data.lx.length; j++) {
    if (data.w[j] === 0) continue
    sse += data.w[j] * (model.lnPredict(raw, data.lx[j]) - data.ly[j]) ** 2
  }
  return Number.isFinite(sse) ? sse : Infinity
}

/**
 * The normal equations at raw: J^T W J (a), J^T W r (g) and the weighted SSE, with J the model's analytic
 * Jacobian of ln y and r the log residuals; points of weight 0 are skipped.
 */
export function normalEquations(model: FormModel, raw: readonly number[], data: FitData): { a: number[][]; g: number[]; sse: number } {
  const p = raw.length
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const g = new Array<number>(p).fill(0)
  let sse = 0
  for (let j = 0; j < data.lx.length; j++) {
    const w = data.w[j]
    if (w === 0) continue
    const r = model.lnPredict(raw, data.lx[j]) - data.ly[j]
    const grad = model.gradient(raw, data.lx[j])
    sse += w * r * r
    for (let u = 0; u < p; u++) {
      g[u] += w * grad[u] * r
      for (let v = u; v < p; v++) a[u][v] += w * grad[u] * grad[v]
    }
  }
  for (let u = 0; u < p; u++) for (let v = 0; v < u; v++) a[u][v] = a[v][u]
  return { a, g, sse }
}

/**
 * Minimises the weighted MSLE from a start close to the optimum: damped Gauss-Newton steps on the
 * model's analytic Jacobian, clipped to its bounds, accepted only when they lower the error. Stops
 * when a step gains less than `tolerance` relatively, or after maxIterations.
 */
export function polish(model: FormModel, data: FitData, start: readonly number[], bounds: { min: number[]; max: number[] }, maxIterations = 30, tolerance = 1e-7): PolishResult {
  const n = data.lx.length
  let raw = start.map((v, i) => Math.min(Math.max(v, bounds.min[i]), bounds.max[i]))
  let sse = sseOf(model, raw, data)
  if (!Number.isFinite(sse)) return { raw, msle: Infinity, iterations: 0 }
  let lambda = 1e-3
  let it = 0
  while (it < maxIterations) {
    it++
    const { a, g } = normalEquations(model, raw, data)
    // Damping scales each diagonal entry, but never below DAMPING_FLOOR of the largest: a parameter the points hardly
    // move (the a of a BNSL whose y never levels off, a break placed before the first point) has a near-zero row, and
    // damping proportional to it would leave the system singular at any lambda, so the refit would never leave its start.
    const floor = DAMPING_FLOOR * Math.max(...a.map((row, u) => row[u]))
    let improved = false
    // Raise the damping until a step goes downhill, at most a few times per Jacobian.
    for (let tries = 0; tries < 8 && !improved; tries++) {
      // The floor is damped by at least 1e-3 so that its row stays above the solver's pivot tolerance (1e-13 of the
      // largest) however small lambda has become after a run of good steps.
      const damped = a.map((row, u) => row.map((x, v) => (u === v ? x + Math.max(lambda * x, Math.max(lambda, 1e-3) * floor) + 1e-12 : x)))
      const step = solveSymmetric(damped, g.map((x) => -x))
      if (!step) {
        lambda *= 10
        continue
      }
      const next = raw.map((v, i) => Math.min(Math.max(v + step[i], bounds.min[i]), bounds.max[i]))
      const nextSse = sseOf(model, next, data)
      if (nextSse < sse) {
        const gain = (sse - nextSse) / Math.max(sse, 1e-300)
        raw = next
        sse = nextSse
        lambda = Math.max(lambda / 3, 1e-9)
        improved = true
        if (gain < tolerance) return { raw, msle: sse / n, iterations: it }
      } else {
        lambda *= 4
      }
    }
    if (!improved) break
  }
  return { raw, msle: sse / n, iterations: it }
}
