import type { FormName } from '../shared/fit-types'
import { logAddExp, sigmoid, softplus } from './math'

/**
 * The fit points as the optimiser sees them: ln x centred on the geometric mean of the fit x
 * (lx = ln x - lxRef, which keeps b and d within a few decades of 1), and ln y.
 */
export interface FitData {
  lx: number[]
  ly: number[]
  /** Weight of each point in the objective, normalised to mean 1: MSLE = mean(w (ln yhat - ln y)^2). */
  w: number[]
  lxRef: number
  ymin: number
  ymax: number
  /** Largest centred ln x a BNSL break may sit at (default: half the fit span beyond the largest x). */
  breakLimit?: number
}

/**
 * A functional form in its raw parameterisation: parameters that must be positive are stored
 * as logarithms and the x axis is centred, so every raw vector within bounds gives a finite,
 * positive prediction.
 */
export interface FormModel {
  form: FormName
  breaks: number
  /** Names of the parameters reported to the user, in original units. */
  paramNames: string[]
  /** ln yhat at one centred ln x. */
  lnPredict(raw: readonly number[], lx: number): number
  /** d ln yhat / d raw at one centred ln x. */
  gradient(raw: readonly number[], lx: number): number[]
  bounds(data: FitData): { min: number[]; max: number[] }
  /** Raw (centred) parameters to parameters in original units. */
  toParams(raw: readonly number[], lxRef: number): Record<string, number>
  fromParams(params: Record<string, number>, lxRef: number): number[]
}

function fitRange(data: FitData): { lo: number; hi: number; span: number } {
  const lo = data.lx[0]
  const hi = data.lx[data.lx.length - 1]
  return { lo, hi, span: Math.max(hi - lo, 1) }
}

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i + 1))

/**
 * BNSL with n breaks, raw = [ln a, ln b', c0, c1..cn, ln d'1..ln d'n, ln f1..ln fn]:
 * ln yhat = logaddexp(ln a, ln b' - c0 lx - sum_i c_i f_i softplus((lx - ln d'_i) / f_i)).
 */
export function bnslModel(n: number): FormModel {
  const C = 3
  const D = 3 + n
  const F = 3 + 2 * n
  const paramNames = ['a', 'b', 'c0', ...range(n, (i) => `c${i}`), ...range(n, (i) => `d${i}`), ...range(n, (i) => `f${i}`)]
  // Per-break terms of one gradient call (a model is used by one thread, one call at a time).
  const scratchF = new Float64Array(n)
  const scratchZ = new Float64Array(n)
  const scratchSp = new Float64Array(n)
  const scratchSg = new Float64Array(n)
  const logG = (raw: readonly number[], lx: number): number => {
    let g = raw[1] - raw[2] * lx
    for (let i = 0; i < n; i++) {
      const f = Math.exp(raw[F + i])
      g -= raw[C + i] * f * softplus((lx - raw[D + i]) / f)
    }
    return g
  }
  return {
    form: 'BNSL',
    breaks: n,
    paramNames,
    lnPredict: (raw, lx) => logAddExp(raw[0], logG(raw, lx)),
    gradient(raw, lx) {
      // One pass over the breaks computes ln g and keeps each break's terms for the derivatives; softplus and
      // sigmoid share one exponential. Same arithmetic as logG, softplus and sigmoid, so the same numbers.
      let u = raw[1] - raw[2] * lx
      for (let i = 0; i < n; i++) {
        const f = Math.exp(raw[F + i])
        const z = (lx - raw[D + i]) / f
        const e = Math.exp(z > 0 ? -z : z)
        const sp = z > 0 ? z + Math.log1p(e) : Math.log1p(e)
        scratchF[i] = f
        scratchZ[i] = z
        scratchSp[i] = sp
        scratchSg[i] = z >= 0 ? 1 / (1 + e) : e / (1 + e)
        u -= raw[C + i] * f * sp
      }
      const lnY = logAddExp(raw[0], u)
      const w = Math.exp(u - lnY)
      const grad = new Array<number>(3 + 3 * n)
      grad[0] = 1 - w
      grad[1] = w
      grad[2] = -w * lx
      for (let i = 0; i < n; i++) {
        const f = scratchF[i]
        const c = raw[C + i]
        const z = scratchZ[i]
        const sp = scratchSp[i]
        const sg = scratchSg[i]
        grad[C + i] = -w * f * sp
        grad[D + i] = w * c * sg
        grad[F + i] = -w * c * f * (sp - z * sg)
      }
      return grad
    },
    bounds(data) {
      const { lo, hi, span } = fitRange(data)
      const dMax = data.breakLimit ?? hi + 0.5 * span
      const min = [Math.log(data.ymin) - 30, -80, -10, ...new Array(n).fill(-20), ...new Array(n).fill(lo - span), ...new Array(n).fill(Math.log(0.005))]
      const max = [Math.log(data.ymax) + 2, 80, 10, ...new Array(n).fill(20), ...new Array(n).fill(dMax), ...new Array(n).fill(Math.log(20))]
      return { min, max }
    },
    toParams(raw, lxRef) {
      const p: Record<string, number> = { a: Math.exp(raw[0]), b: Math.exp(raw[1] + raw[2] * lxRef), c0: raw[2] }
      // The product over breaks commutes, so breaks are reported in increasing order of d.
      const order = range(n, (i) => String(i - 1)).map(Number).sort((i, j) => raw[D + i] - raw[D + j])
      order.forEach((i, k) => {
        p[`c${k + 1}`] = raw[C + i]
        p[`d${k + 1}`] = Math.exp(raw[D + i] + lxRef)
        p[`f${k + 1}`] = Math.exp(raw[F + i])
      })
      return p
    },
    fromParams(p, lxRef) {
      const raw = [Math.log(p.a), Math.log(p.b) - p.c0 * lxRef, p.c0]
      for (let i = 1; i <= n; i++) raw.push(p[`c${i}`])
      for (let i = 1; i <= n; i++) raw.push(Math.log(p[`d${i}`]) - lxRef)
      for (let i = 1; i <= n; i++) raw.push(Math.log(p[`f${i}`]))
      return raw
    }
  }
}

/** M1: y = b x^c, raw = [ln b', c]. */
export const m1Model: FormModel = {
  form: 'M1',
  breaks: 0,
  paramNames: ['b', 'c'],
  lnPredict: (raw, lx) => raw[0] + raw[1] * lx,
  gradient: (_raw, lx) => [1, lx],
  bounds: () => ({ min: [-80, -20], max: [80, 20] }),
  toParams: (raw, lxRef) => ({ b: Math.exp(raw[0] - raw[1] * lxRef), c: raw[1] }),
  fromParams: (p, lxRef) => [Math.log(p.b) + p.c * lxRef, p.c]
}

/** M2: y = e_inf + b x^c, raw = [ln e_inf, ln b', c]. */
export const m2Model: FormModel = {
  form: 'M2',
  breaks: 0,
  paramNames: ['e_inf', 'b', 'c'],
  lnPredict: (raw, lx) => logAddExp(raw[0], raw[1] + raw[2] * lx),
  gradient(raw, lx) {
    const w = sigmoid(raw[1] + raw[2] * lx - raw[0])
    return [1 - w, w, w * lx]
  },
  bounds: (data) => ({ min: [Math.log(data.ymin) - 30, -80, -20], max: [Math.log(data.ymax) + 2, 80, 20] }),
  toParams: (raw, lxRef) => ({ e_inf: Math.exp(raw[0]), b: Math.exp(raw[1] - raw[2] * lxRef), c: raw[2] }),
  fromParams: (p, lxRef) => [Math.log(p.e_inf), Math.log(p.b) + p.c * lxRef, p.c]
}

/** M3: y = b (1/x + g)^c with c >= 0, raw = [ln b', ln g', c]. */
export const m3Model: FormModel = {
  form: 'M3',
  breaks: 0,
  paramNames: ['b', 'g', 'c'],
  lnPredict: (raw, lx) => raw[0] + raw[2] * logAddExp(-lx, raw[1]),
  gradient: (raw, lx) => [1, raw[2] * sigmoid(raw[1] + lx), logAddExp(-lx, raw[1])],
  bounds: (data) => {
    const { lo, hi, span } = fitRange(data)
    return { min: [-80, -hi - 3 * span - 30, 0], max: [80, -lo + 3 * span, 20] }
  },
  toParams: (raw, lxRef) => ({ b: Math.exp(raw[0] + raw[2] * lxRef), g: Math.exp(raw[1] - lxRef), c: raw[2] }),
  fromParams: (p, lxRef) => [Math.log(p.b) - p.c * lxRef, Math.log(p.g) + lxRef, p.c]
}

/**
 * M4 solved for y: with D = e_0 - e_inf and y = e_inf + D sigmoid(z), the relation
 * (y - e_inf) / (e_0 - y)^alpha = b x^c becomes -softplus(-z) + alpha softplus(z) = v,
 * monotone in z, solved by safeguarded Newton.
 */
function m4Logit(raw: readonly number[], lx: number): number {
  const [eInf, e0, alpha, lb, c] = raw
  const v = lb + c * lx - (1 - alpha) * Math.log(e0 - eInf)
  if (alpha <= 0) return v < 0 ? v - Math.log1p(-Math.exp(v)) : 40
  let z = v < 0 ? v : v / alpha
  let lo = -Infinity
  let hi = Infinity
  for (let it = 0; it < 100; it++) {
    const phi = -softplus(-z) + alpha * softplus(z) - v
    if (phi > 0) hi = z
    else lo = z
    const slope = sigmoid(-z) + alpha * sigmoid(z)
    let next = z - phi / slope
    if (!(next > lo && next < hi)) next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : z + Math.sign(-phi) * 20
    if (Math.abs(next - z) <= 1e-13 * (1 + Math.abs(z))) return next
    z = next
  }
  return z
}

export const m4Model: FormModel = {
  form: 'M4',
  breaks: 0,
  paramNames: ['e_inf', 'e_0', 'alpha', 'b', 'c'],
  lnPredict(raw, lx) {
    const z = m4Logit(raw, lx)
    return Math.log(raw[0] + (raw[1] - raw[0]) * sigmoid(z))
  },
  gradient(raw, lx) {
    const [eInf, e0, alpha] = raw
    const z = m4Logit(raw, lx)
    const dist = e0 - eInf
    const above = dist * sigmoid(z) // y - e_inf
    const below = dist * sigmoid(-z) // e_0 - y
    const y = eInf + above
    const fy = 1 / above + alpha / below
    return [1 / above / fy / y, alpha / below / fy / y, Math.log(below) / fy / y, 1 / fy / y, lx / fy / y]
  },
  bounds(data) {
    return {
      min: [0, data.ymax * (1 + 1e-9), 0, -80, -20],
      max: [data.ymin * (1 - 1e-9), data.ymax * 1e3, 50, 80, 20]
    }
  },
  toParams: (raw, lxRef) => ({ e_inf: raw[0], e_0: raw[1], alpha: raw[2], b: Math.exp(raw[3] - raw[4] * lxRef), c: raw[4] }),
  fromParams: (p, lxRef) => [p.e_inf, p.e_0, p.alpha, Math.log(p.b) + p.c * lxRef, p.c]
}

/** The model of a form; breaks only matters for BNSL. */
export function modelFor(form: FormName, breaks = 0): FormModel {
  switch (form) {
    case 'BNSL':
      return bnslModel(breaks)
    case 'M1':
      return m1Model
    case 'M2':
      return m2Model
    case 'M3':
      return m3Model
    case 'M4':
      return m4Model
  }
}

/** Predicts y at each x from parameters in original units (as reported in a FormFit). */
export function predict(form: FormName, params: Record<string, number>, x: ArrayLike<number>, breaks = 0): number[] {
  const model = modelFor(form, breaks)
  const raw = model.fromParams(params, 0)
  return Array.from(x, (xi) => Math.exp(model.lnPredict(raw, Math.log(xi))))
}
