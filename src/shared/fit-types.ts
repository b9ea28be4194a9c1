// Types of the fitting engine's inputs and outputs. Shared by core, main, the command line and the renderer.

import { FORM_NAMES, MAX_BREAKS } from './schema/lists'
import type { BreakCount, CropChoice, FitStatus, FormName, Split } from './schema/lists'

// The lists live in schema/lists.ts, once each; these names stay here for the many modules that read them.
export { FORM_NAMES, MAX_BREAKS }
export type { BreakCount, FitStatus, FormName, Split }

/** One curve as the engine receives it. Points need not be sorted; several points may share an x. */
export interface CurveInput {
  name: string
  x: number[]
  y: number[]
  /** Per point; absent means every point is a fit point. */
  split?: Split[]
  /** Per point relative weight in the fit objective (> 0); absent means 1 for every point. */
  weight?: number[]
}

/** A curve's fit points (as a curve without held-out points) and its held-out points, each in input order. */
export function splitPoints(curve: CurveInput): { fit: CurveInput; heldout: { x: number[]; y: number[] } } {
  const fit: number[] = []
  const heldout: number[] = []
  curve.x.forEach((_, i) => (curve.split?.[i] === 'heldout' ? heldout : fit).push(i))
  const pick = (idx: number[], values: number[]): number[] => idx.map((i) => values[i])
  return {
    fit: { name: curve.name, x: pick(fit, curve.x), y: pick(fit, curve.y), ...(curve.weight && { weight: pick(fit, curve.weight) }) },
    heldout: { x: pick(heldout, curve.x), y: pick(heldout, curve.y) }
  }
}

export interface FitOptions {
  forms: FormName[]
  /** BNSL break count: 'auto' selects 0..maxBreaks by validation. */
  breaks: 'auto' | BreakCount
  /** 'auto' selects how many of the smallest-x fit points to drop by validation. */
  crop: CropChoice
  maxBreaks: BreakCount
  /**
   * Seconds one (curve, form) task may run before it fails with a message saying so; absent means
   * DEFAULT_TIME_BUDGET_SECONDS.
   */
  timeBudgetSeconds?: number
}

export const DEFAULT_TIME_BUDGET_SECONDS = 300
export const MAX_TIME_BUDGET_SECONDS = 86_400
export const isTimeBudget = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_TIME_BUDGET_SECONDS

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  forms: [...FORM_NAMES],
  breaks: 'auto',
  crop: 'auto',
  maxBreaks: 3
}

export interface SelectionCandidate {
  validationRmsle: number
}

export interface Selection {
  /** Validation RMSLE of each break count, without crop. */
  breaks: Array<SelectionCandidate & { n: number }>
  /** Validation RMSLE of each crop (points dropped), at the break count of the heaviest candidate. */
  crop: Array<SelectionCandidate & { k: number }>
  /**
   * The candidates the fit averages (break count n, crop k) with their weights (summing to 1); absent when the fit
   * is one candidate (fixed break count without crop, or too few points to validate).
   */
  averaged?: Array<SelectionCandidate & { n: number; k: number; weight: number }>
}

export interface FittedPoint {
  x: number
  y: number
  split: Split
  yhat: number
}

export interface FormFit {
  form: FormName
  /** Break count (BNSL only; 0 for M1-M4). */
  breaks: number
  /** Number of smallest-x fit points dropped before fitting. */
  crop: number
  params: Record<string, number>
  status: FitStatus
  /** RMSLE on the fit points the form was fitted to (after the crop). */
  fitRmsle: number
  /** Root standard log error of the fit points. */
  fitRsle: number
  /** NaN when the curve has no held-out points. */
  heldoutRmsle: number
  heldoutRsle: number
  selection: Selection
  points: FittedPoint[]
  timeMs: number
}

export interface CurveFitResult {
  curve: string
  fits: FormFit[]
}
