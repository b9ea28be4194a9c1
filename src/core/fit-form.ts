import type { FitStatus, FormName } from '../shared/fit-types'
import { type FitData, type FormModel, modelFor } from './forms'
import { TopK, gridBnsl1, gridBreakPlacements, gridExtraBreak, gridM3, gridM4, gridPowerLaw } from './grid'
import { DEFAULT_REFINE_OPTIONS, msleOf, refine } from './least-squares'
import { leastSquares } from './math'

/** One fitted parameter vector (raw, centred on the curve's lxRef) with its MSLE and status. */
export interface Solution {
  model: FormModel
  raw: number[]
  msle: number
  status: FitStatus
}

export interface SolveOptions {
  /** Same-form raw vectors to start least squares from as well (warm starts). */
  seeds?: number[][]
  /** BNSL with n >= 2: fitted (n-1)-break vectors to add a break to. */
  parents?: number[][]
  /** How many of the best grid points least squares starts from. */
  starts?: number
  /** False: least squares from the seeds only, no grid search (a refit near a known solution). */
  grid?: boolean
  cancelled?: () => boolean
}

/** Number of raw parameters of a form. */
export function parameterCount(form: FormName, breaks: number): number {
  return modelFor(form, breaks).paramNames.length
}

/** Fit data from sorted x and y: ln x centred on lxRef, ln y. */
export function makeFitData(x: readonly number[], y: readonly number[], lxRef: number, weight?: readonly number[]): FitData {
  let ymin = Infinity
  let ymax = -Infinity
  for (const v of y) {
    ymin = Math.min(ymin, v)
    ymax = Math.max(ymax, v)
  }
  const mean = weight ? weight.reduce((s, v) => s + v, 0) / weight.length : 1
  const w = weight ? weight.map((v) => v / mean) : new Array<number>(x.length).fill(1)
  return { lx: x.map((v) => Math.log(v) - lxRef), ly: y.map(Math.log), w, lxRef, ymin, ymax }
}

function gridCandidates(model: FormModel, data: FitData, options: SolveOptions, top: TopK): void {
  switch (model.form) {
    case 'M1': {
      const coef = leastSquares(data.lx.map((lx) => [1, lx]), data.ly, data.w)
      if (coef) top.offer(coef, msleOf(model, coef, data))
      return
    }
    case 'M2': {
      const bnsl0 = new TopK(top.size)
      gridPowerLaw(data, bnsl0)
      for (const c of bnsl0.items) top.offer([c.raw[0], c.raw[1], -c.raw[2]], c.msle)
      return
    }
    case 'M3':
      return gridM3(data, top)
    case 'M4':
      return gridM4(data, top, model.lnPredict)
    case 'BNSL':
      if (model.breaks === 0) return gridPowerLaw(data, top)
      if (model.breaks === 1) gridBnsl1(data, top)
      else gridExtraBreak(data, options.parents ?? [], top)
      gridBreakPlacements(data, model.breaks, top)
  }
}

/**
 * Fits one form with a fixed break count to the fit data: grid search, then least squares from
 * the best few grid points and any warm starts. Returns the refined solutions, best first.
 */
export function solveForm(form: FormName, breaks: number, data: FitData, options: SolveOptions = {}): Solution[] {
  const model = modelFor(form, breaks)
  const top = new TopK(options.starts ?? (form === 'BNSL' ? 5 : 3))
  if (options.grid !== false) gridCandidates(model, data, options, top)
  for (const seed of options.seeds ?? []) top.offer(seed, msleOf(model, seed, data))
  if (top.items.length === 0) {
    throw new Error(`${form}${form === 'BNSL' ? ` with ${breaks} breaks` : ''}: no grid point gives a finite prediction`)
  }
  const refineOptions = { ...DEFAULT_REFINE_OPTIONS, cancelled: options.cancelled }
  const solutions: Solution[] = []
  let bestMsle = Infinity
  for (const cand of top.items) {
    // A start that stays well above the best one found is not worth refining to the end.
    const r = refine(model, data, cand.raw, { ...refineOptions, abandonAbove: 1.5 * bestMsle })
    bestMsle = Math.min(bestMsle, r.msle)
    solutions.push({ model, raw: r.raw, msle: r.msle, status: r.status })
    if (r.status === 'cancelled') break
  }
  return solutions.sort((a, b) => a.msle - b.msle)
}

/**
 * Fits BNSL with 0..n breaks in turn, each break count extending the best fits of the one
 * before; returns the solutions of every break count (index = break count).
 */
export function solveBnslChain(n: number, data: FitData, options: Pick<SolveOptions, 'cancelled'> = {}): Solution[][] {
  const chain: Solution[][] = []
  for (let k = 0; k <= n; k++) {
    const parents = k >= 2 ? chain[k - 1].slice(0, 3).map((s) => s.raw) : undefined
    chain.push(solveForm('BNSL', k, data, { ...options, parents }))
  }
  return chain
}
