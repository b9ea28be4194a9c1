import { levenbergMarquardt } from 'ml-levenberg-marquardt'
import type { FitStatus } from '../shared/fit-types'
import type { FitData, FormModel } from './forms'

export interface RefineOptions {
  /** Iterations of one Levenberg-Marquardt run; runs restart from the best point seen. */
  burst: number
  /** Most runs before giving up with status max-iterations. */
  maxBursts: number
  /** Converged when a run lowers the MSLE by less than this fraction. */
  relativeTolerance: number
  cancelled?: () => boolean
  /** Multi-start: stop a start still this far above the best MSLE another start reached after two runs. */
  abandonAbove?: number
}

export const DEFAULT_REFINE_OPTIONS: RefineOptions = { burst: 15, maxBursts: 20, relativeTolerance: 1e-7 }

export interface RefineResult {
  raw: number[]
  msle: number
  status: FitStatus
  iterations: number
}

/** Mean squared log error of raw parameters on the fit points; Infinity when not finite. */
export function msleOf(model: FormModel, raw: readonly number[], data: FitData): number {
  let sse = 0
  for (let j = 0; j < data.lx.length; j++) sse += data.w[j] * (model.lnPredict(raw, data.lx[j]) - data.ly[j]) ** 2
  const msle = sse / data.lx.length
  return Number.isFinite(msle) ? msle : Infinity
}

/**
 * ml-levenberg-marquardt throws from its Cholesky step when the Jacobian holds NaN; that is
 * reported like its own NaN stop: fewer iterations than asked, parameters unchanged.
 */
function runLevenbergMarquardt(
  data: { x: number[]; y: number[] },
  fn: (raw: number[]) => (lx: number) => number,
  options: Parameters<typeof levenbergMarquardt>[2],
  burst: number
): { parameterValues: number[]; iterations: number; threw: boolean } {
  try {
    return { ...levenbergMarquardt(data, fn, options), threw: false }
  } catch {
    return { parameterValues: Array.from(options.initialValues), iterations: burst - 1, threw: true }
  }
}

/**
 * Minimises MSLE from a starting point with ml-levenberg-marquardt on ln y, with the model's
 * analytic Jacobian and parameter bounds. The library accepts uphill steps and stops silently
 * on NaN, so it runs in short bursts, each restarted from the best point seen, and the result
 * always carries the best parameters seen with a status saying why it stopped.
 */
export function refine(model: FormModel, data: FitData, start: number[], options: RefineOptions = DEFAULT_REFINE_OPTIONS): RefineResult {
  const { min, max } = model.bounds(data)
  let best = start.map((v, i) => Math.min(Math.max(v, min[i]), max[i]))
  let bestMsle = msleOf(model, best, data)
  if (!Number.isFinite(bestMsle)) return { raw: start, msle: Infinity, status: 'non-finite', iterations: 0 }
  // Weights enter as scaled residuals sqrt(w) (ln yhat - ln y), with the points passed by index:
  // the library's own weights option scores its best point with inverted weights.
  const root = data.w.map(Math.sqrt)
  const index = data.lx.map((_, j) => j)
  const target = data.ly.map((ly, j) => root[j] * ly)
  let iterations = 0
  let damping = 1e-3
  let nonFinite = 0
  let stalls = 0
  let moved = false
  for (let b = 0; b < options.maxBursts; b++) {
    if (options.cancelled?.()) return { raw: best, msle: bestMsle, status: 'cancelled', iterations }
    let sawNaN = false
    const out = runLevenbergMarquardt(
      { x: index, y: target },
      (raw) => (j) => {
        const v = root[j] * model.lnPredict(raw, data.lx[j])
        if (Number.isNaN(v)) sawNaN = true
        return v
      },
      {
        initialValues: best,
        minValues: min,
        maxValues: max,
        damping,
        maxIterations: options.burst,
        errorTolerance: 0,
        jacobianFunction: (raw) => (j) => model.gradient(raw, data.lx[j]).map((g) => root[j] * g)
      },
      options.burst
    )
    iterations += out.iterations
    const msle = msleOf(model, out.parameterValues, data)
    const gain = msle < bestMsle ? (bestMsle - msle) / Math.max(bestMsle, 1e-300) : 0
    if (msle < bestMsle) {
      best = out.parameterValues
      bestMsle = msle
    }
    if (bestMsle < 1e-28) return { raw: best, msle: bestMsle, status: 'converged', iterations }
    // The library stops early only on a NaN error (or a throw from its linear solve).
    if (out.iterations < options.burst && (sawNaN || out.threw)) {
      nonFinite++
      damping *= 100
      if (nonFinite >= 3) return { raw: best, msle: bestMsle, status: 'non-finite', iterations }
      continue
    }
    if (b >= 1 && options.abandonAbove !== undefined && bestMsle > options.abandonAbove) {
      return { raw: best, msle: bestMsle, status: 'max-iterations', iterations }
    }
    if (gain >= options.relativeTolerance) {
      moved = true
      continue
    }
    // Stuck at the start: the library's first uphill steps may have led nowhere, so retry more cautiously.
    if (moved || ++stalls > 2) return { raw: best, msle: bestMsle, status: 'converged', iterations }
    damping *= 1000
  }
  return { raw: best, msle: bestMsle, status: 'max-iterations', iterations }
}
