import type { FitData } from './forms'
import { leastSquares, linspace, logAddExp, softplus } from './math'

/** A starting point for least squares: raw parameters and their MSLE on the fit points. */
export interface Candidate {
  raw: number[]
  msle: number
}

/**
 * Keeps the best `size` candidates by MSLE. Candidates whose raw vectors nearly coincide
 * with a better one are dropped, so multi-start explores distinct basins.
 */
export class TopK {
  readonly items: Candidate[] = []
  constructor(readonly size: number) {}

  worst(): number {
    return this.items.length < this.size ? Infinity : this.items[this.items.length - 1].msle
  }

  offer(raw: number[], msle: number): void {
    if (!(msle < this.worst())) return
    for (const it of this.items) {
      if (it.raw.every((v, i) => Math.abs(v - raw[i]) < 1e-6 * (1 + Math.abs(v)))) return
    }
    let at = this.items.findIndex((it) => msle < it.msle)
    if (at < 0) at = this.items.length
    this.items.splice(at, 0, { raw, msle })
    if (this.items.length > this.size) this.items.pop()
  }
}

const LN_TINY = -30

/**
 * For fixed shape ln g_j, finds ln a and ln b in ln yhat = logaddexp(ln a, ln b + ln g_j):
 * a linear fit of (a + b g) / y ~ 1 (relative error, close to log error), a >= 0, then two
 * Gauss-Newton steps on the exact log error. Returns [ln a, ln b, msle], or null.
 */
export function projectOffsetScale(logG: ArrayLike<number>, data: FitData, worst = Infinity): [number, number, number] | null {
  const { ly, w: wt } = data
  const n = ly.length
  let gMax = -Infinity
  for (let j = 0; j < n; j++) if (logG[j] > gMax) gMax = logG[j]
  if (!Number.isFinite(gMax)) return null
  let spp = 0
  let spq = 0
  let sqq = 0
  let sp = 0
  let sq = 0
  for (let j = 0; j < n; j++) {
    const p = Math.exp(-ly[j])
    const q = Math.exp(logG[j] - gMax - ly[j])
    spp += wt[j] * p * p
    spq += wt[j] * p * q
    sqq += wt[j] * q * q
    sp += wt[j] * p
    sq += wt[j] * q
  }
  const det = spp * sqq - spq * spq
  let la = LN_TINY + Math.log(data.ymin)
  let lb: number
  const a = (sp * sqq - sq * spq) / det
  const b = (spp * sq - spq * sp) / det
  if (det > 0 && a > 0 && b > 0) {
    la = Math.log(a)
    lb = Math.log(b) - gMax
  } else {
    let s = 0
    for (let j = 0; j < n; j++) s += wt[j] * (ly[j] - logG[j])
    lb = s / n
  }
  const msleAt = (): number => {
    let sse = 0
    for (let j = 0; j < n; j++) sse += wt[j] * (logAddExp(la, lb + logG[j]) - ly[j]) ** 2
    return sse / n
  }
  // A shape far worse than the candidates kept cannot be saved by refining a and b: skip the work.
  const first = msleAt()
  if (!(first < 4 * worst)) return Number.isFinite(first) ? [la, lb, first] : null
  // Gauss-Newton on (ln a, ln b) in log space; the 2x2 normal equations are solved directly.
  for (let step = 0; step < 2; step++) {
    let h00 = 0
    let h01 = 0
    let h11 = 0
    let g0 = 0
    let g1 = 0
    for (let j = 0; j < n; j++) {
      const u = lb + logG[j]
      const lyhat = logAddExp(la, u)
      const w = Math.exp(u - lyhat)
      const r = lyhat - ly[j]
      h00 += wt[j] * (1 - w) * (1 - w)
      h01 += wt[j] * (1 - w) * w
      h11 += wt[j] * w * w
      g0 += wt[j] * (1 - w) * r
      g1 += wt[j] * w * r
    }
    const d = h00 * h11 - h01 * h01
    if (!(d > 1e-12 * h00 * h11)) {
      if (h11 > 0) lb -= g1 / h11
      break
    }
    la -= Math.max(-5, Math.min(5, (h11 * g0 - h01 * g1) / d))
    lb -= Math.max(-5, Math.min(5, (h00 * g1 - h01 * g0) / d))
    la = Math.max(la, LN_TINY + Math.log(data.ymin))
  }
  const msle = msleAt()
  return Number.isFinite(msle) ? [la, lb, msle] : null
}

/** Grid of the first slope c0 (and so of M2's c = -c0), offset and scale projected. */
export function gridPowerLaw(data: FitData, top: TopK): void {
  const logG = new Array<number>(data.lx.length)
  for (const c0 of linspace(-1, 3, 41)) {
    for (let j = 0; j < logG.length; j++) logG[j] = -c0 * data.lx[j]
    const ab = projectOffsetScale(logG, data)
    if (ab) top.offer([ab[0], ab[1], c0], ab[2])
  }
}

const SLOPE_CHANGES = [-1.5, -0.6, -0.25, -0.1, 0.05, 0.15, 0.3, 0.6, 1.2, 2.5]
const FIRST_SLOPES = [-0.5, -0.2, 0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.65, 1, 1.5, 2.5]
const SHARPNESS = [0.01, 0.05, 0.15, 0.4]

/** Candidate break shapes (ln d', ln f) over and a little beyond the fit range. */
function breakShapes(data: FitData, positions: number): Array<[number, number]> {
  const lo = data.lx[0]
  const hi = data.lx[data.lx.length - 1]
  const span = Math.max(hi - lo, 1)
  const shapes: Array<[number, number]> = []
  for (const ld of linspace(lo - 0.25 * span, hi + 0.25 * span, positions)) {
    for (const s of SHARPNESS) shapes.push([ld, Math.log(s * span)])
  }
  return shapes
}

/** f softplus((lx - ld) / f) at every fit point: the shape of one break, before its slope change. */
function breakTerm(data: FitData, ld: number, lf: number): Float64Array {
  const f = Math.exp(lf)
  return Float64Array.from(data.lx, (lx) => f * softplus((lx - ld) / f))
}

/** Full grid for a 1-break BNSL over c0, c1, d1, f1; a and b projected. */
export function gridBnsl1(data: FitData, top: TopK): void {
  const n = data.lx.length
  const logG = new Float64Array(n)
  for (const [ld, lf] of breakShapes(data, 10)) {
    const term = breakTerm(data, ld, lf)
    for (const c0 of FIRST_SLOPES) {
      for (const c1 of SLOPE_CHANGES) {
        for (let j = 0; j < n; j++) logG[j] = -c0 * data.lx[j] - c1 * term[j]
        const ab = projectOffsetScale(logG, data, top.worst())
        if (ab) top.offer([ab[0], ab[1], c0, c1, ld, lf], ab[2])
      }
    }
  }
}

/**
 * Adds one break to each parent BNSL (n-1 breaks, raw layout of bnslModel): a grid over the
 * new break's slope change, position and sharpness with the parent's other shape fixed.
 */
export function gridExtraBreak(data: FitData, parents: number[][], top: TopK): void {
  const n = data.lx.length
  for (const parent of parents) {
    const m = (parent.length - 3) / 3
    const base = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      let g = -parent[2] * data.lx[j]
      for (let i = 0; i < m; i++) {
        const f = Math.exp(parent[3 + 2 * m + i])
        g -= parent[3 + i] * f * softplus((data.lx[j] - parent[3 + m + i]) / f)
      }
      base[j] = g
    }
    const logG = new Float64Array(n)
    for (const [ld, lf] of breakShapes(data, 12)) {
      const term = breakTerm(data, ld, lf)
      for (const c of SLOPE_CHANGES) {
        for (let j = 0; j < n; j++) logG[j] = base[j] - c * term[j]
        const ab = projectOffsetScale(logG, data, top.worst())
        if (!ab) continue
        const cs = [...parent.slice(3, 3 + m), c]
        const ds = [...parent.slice(3 + m, 3 + 2 * m), ld]
        const fs = [...parent.slice(3 + 2 * m), lf]
        top.offer([ab[0], ab[1], parent[2], ...cs, ...ds, ...fs], ab[2])
      }
    }
  }
}

/** M3: a grid over ln g'; ln b and c >= 0 by linear regression of ln y on ln(1/x + g). */
export function gridM3(data: FitData, top: TopK): void {
  const lo = data.lx[0]
  const hi = data.lx[data.lx.length - 1]
  const span = Math.max(hi - lo, 1)
  for (const lg of [-hi - 3 * span - 30, ...linspace(-hi - 2 * span, -lo + span, 30)]) {
    const L = data.lx.map((lx) => logAddExp(-lx, lg))
    const coef = leastSquares(L.map((l) => [1, l]), data.ly, data.w)
    if (!coef) continue
    let [lb, c] = coef
    if (c < 0) {
      c = 0
      lb = data.ly.reduce((s, v, j) => s + data.w[j] * v, 0) / data.ly.length
    }
    let sse = 0
    for (let j = 0; j < L.length; j++) sse += data.w[j] * (lb + c * L[j] - data.ly[j]) ** 2
    top.offer([lb, lg, c], sse / L.length)
  }
}

/**
 * M4: a grid over (e_inf, e_0); for each, ln(y - e_inf) = ln b + alpha ln(e_0 - y) + c ln x is
 * linear in (ln b, alpha, c). Candidates are ranked by the true MSLE of the solved prediction.
 */
export function gridM4(data: FitData, top: TopK, lnPredict: (raw: number[], lx: number) => number): void {
  const y = data.ly.map(Math.exp)
  for (const fInf of [0, 0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.96, 0.99]) {
    for (const f0 of [1.0005, 1.002, 1.01, 1.03, 1.07, 1.15, 1.3, 1.6, 2.2, 3.5]) {
      const eInf = data.ymin * fInf
      const e0 = data.ymax * f0
      const target = y.map((v) => Math.log(v - eInf))
      const rows = y.map((v, j) => [1, Math.log(e0 - v), data.lx[j]])
      let coef = leastSquares(rows, target, data.w)
      if (coef && coef[1] < 0) {
        const c2 = leastSquares(rows.map((r) => [r[0], r[2]]), target, data.w)
        coef = c2 && [c2[0], 0, c2[1]]
      }
      if (!coef) continue
      const raw = [eInf, e0, Math.min(coef[1], 50), coef[0], coef[2]]
      let sse = 0
      for (let j = 0; j < y.length; j++) sse += data.w[j] * (lnPredict(raw, data.lx[j]) - data.ly[j]) ** 2
      if (Number.isFinite(sse)) top.offer(raw, sse / y.length)
    }
  }
}

/** Every way to pick k of the first m indices, ascending. */
function combinations(m: number, k: number): number[][] {
  if (k === 0) return [[]]
  const out: number[][] = []
  for (let last = k - 1; last < m; last++) for (const head of combinations(last, k - 1)) out.push([...head, last])
  return out
}

/** Least squares of ln(y - a) on a piecewise power law with breaks at lds (sharpness lfs); raw BNSL and MSLE. */
function solvePlacement(data: FitData, floor: number, lds: number[], lfs: number[]): Candidate | null {
  const m = data.lx.length
  const n = lds.length
  const a = floor * data.ymin
  const la = floor > 0 ? Math.log(a) : LN_TINY + Math.log(data.ymin)
  const terms = lds.map((ld, i) => breakTerm(data, ld, lfs[i]))
  const rows = data.lx.map((lx, j) => [1, -lx, ...terms.map((t) => -t[j])])
  const target = data.ly.map((ly) => Math.log(Math.exp(ly) - a))
  // d ln y = ((y - a) / y) d ln(y - a): weighting by its square makes the fit approximate log error in y.
  const weights = data.ly.map((ly, j) => data.w[j] * (1 - a / Math.exp(ly)) ** 2)
  const coef = leastSquares(rows, target, weights)
  if (!coef) return null
  const [lb, c0, ...cs] = coef
  let sse = 0
  for (let j = 0; j < m; j++) {
    let g = lb - c0 * data.lx[j]
    for (let i = 0; i < n; i++) g -= cs[i] * terms[i][j]
    sse += data.w[j] * (logAddExp(la, g) - data.ly[j]) ** 2
  }
  return Number.isFinite(sse) ? { raw: [la, lb, c0, ...cs, ...lds, ...lfs], msle: sse / m } : null
}

/**
 * BNSL with n breaks placed at every combination of positions within the fit range. For a fixed
 * floor a, ln(y - a) = ln b - c0 ln x - sum c_i f_i softplus(...) is linear in (ln b, c0, c_i), so
 * each placement is solved exactly by least squares (a piecewise power law above a floor).
 * Finds rising-and-falling shapes that adding one break at a time misses.
 */
export function gridBreakPlacements(data: FitData, n: number, top: TopK): void {
  const lo = data.lx[0]
  const hi = data.lx[data.lx.length - 1]
  const span = Math.max(hi - lo, 1)
  const positions = linspace(lo + 0.05 * span, hi - 0.05 * span, n >= 3 ? 10 : 12)
  for (const floor of [0, 0.5, 0.9, 0.99]) {
    for (const s of [0.03, 0.15]) {
      const lf = Math.log(s * span)
      for (const combo of combinations(positions.length, n)) {
        const c = solvePlacement(data, floor, combo.map((p) => positions[p]), combo.map(() => lf))
        if (c) top.offer(c.raw, c.msle)
      }
    }
  }
}
