// Types of forecasts with uncertainty: what the engine is asked and what it answers. Shared by core, main,
// the command line and the renderer.
import { FORM_NAMES } from './fit-types'
import type { BreakCount, CurveInput, FormName } from './fit-types'
import type { CropChoice } from './schema/lists'

/** The forms a forecast can use: one named form, or `auto`: BNSL with its own break and crop selection, the other forms mixed into the resamples by their validation error. */
export const FORECAST_FORMS = ['auto', ...FORM_NAMES] as const
export type ForecastForm = (typeof FORECAST_FORMS)[number]

/**
 * How fit points are resampled: `pairs` draws distinct x values with replacement (every point at a drawn x
 * comes along, so seeds stay together); `residual` keeps every x and adds resampled residuals to the fit.
 */
export const BOOTSTRAP_KINDS = ['pairs', 'residual'] as const
export type BootstrapKind = (typeof BOOTSTRAP_KINDS)[number]

export const BAND_KINDS = ['confidence', 'prediction'] as const
export type BandKind = (typeof BAND_KINDS)[number]

/** Every default of a forecast in one place: the command line, the window and the project read these. */
export const FORECAST_DEFAULTS = {
  form: 'auto' as ForecastForm,
  breaks: 'auto' as 'auto' | BreakCount,
  crop: 'auto' as CropChoice,
  maxBreaks: 3 as BreakCount,
  resamples: 200,
  seed: 1,
  bootstrap: 'pairs' as BootstrapKind,
  levels: [0.8, 0.95],
  /** Points of the band curve drawn on the chart, evenly spaced in log x. */
  bandPoints: 48
}

/** Bounds the contract and the command line enforce. */
export const FORECAST_LIMITS = {
  maxResamples: 5000,
  maxQueries: 2000,
  maxLevels: 6,
  maxBandPoints: 400
}

/** What to forecast and how. Levels are central coverage probabilities in (0, 1). */
export interface ForecastOptions {
  form: ForecastForm
  /** BNSL break count; 'auto' selects 0..maxBreaks by validation. */
  breaks: 'auto' | BreakCount
  crop: CropChoice
  maxBreaks: BreakCount
  /** Bootstrap resamples; 0 gives only the instant bands from the least-squares Jacobian. */
  resamples: number
  /** Seed of the resampling; the same seed gives identical numbers. */
  seed: number
  bootstrap: BootstrapKind
  levels: number[]
  /** x values to forecast y at. */
  at: number[]
  /** y values to find the x of. */
  targets: number[]
  /** The x range of the band curve; default from the smallest fit x to the farthest of `at` and 2x the largest fit x. */
  bandRange?: [number, number]
  bandPoints: number
}

export interface Interval {
  level: number
  low: number
  high: number
}

export interface BandInterval extends Interval {
  kind: BandKind
}

/** y forecast at one x: the central prediction and its intervals. */
export interface ForecastPoint {
  x: number
  y: number
  bands: BandInterval[]
}

/** The x where the curve reaches a target y: null when the forecast curve never reaches it in the search range. */
export interface TargetAnswer {
  y: number
  x: number | null
  /** Share of resamples that reach the target within the search range (1 or 0 for the instant answer). */
  reachedShare: number
  /** Percentile intervals of the x among the resamples that reach it. */
  bands: Interval[]
}

export interface ParameterEstimate {
  name: string
  value: number
  /** Standard error from the least-squares Jacobian (delta method); null when the points do not determine it (or too few points). */
  standardError: number | null
  /** Percentile intervals over the resamples (normal intervals from the standard error when there are none). */
  intervals: Interval[]
}

/** A band over a range of x, one low and high array per level and kind. */
export interface ForecastBand {
  x: number[]
  y: number[]
  intervals: Array<{ level: number; kind: BandKind; low: number[]; high: number[] }>
}

/** A candidate the forecast compared: a form (and for BNSL its break count and crop) with its validation error. */
export interface ForecastCandidate {
  form: FormName
  breaks: number
  crop: number
  validationRmsle: number
  /** Its share of the resamples (the candidates are mixed by how well they validated). */
  weight: number
}

/** How far the fit's own backtests say its extrapolation errs: log error sd = growth x distance beyond the data. */
export interface ExtrapolationError {
  /** Growth of the log-error standard deviation per fit span of log x beyond the largest fit x. */
  growth: number
  /** Backtests (fit on the smaller x, predict the larger fit points) that went into it. */
  backtests: number
  /** Points predicted by those backtests. */
  points: number
}

export interface CurveForecast {
  curve: string
  /** The form that forecasts (chosen when the option was `auto`). */
  form: FormName
  breaks: number
  crop: number
  /** The forecasting fit's parameters in original units, full precision. */
  params: Record<string, number>
  /** Candidates compared by validation on the largest fit points: the one that forecasts first, then the others best first. */
  candidates: ForecastCandidate[]
  /** 'jacobian': instant, approximate bands; 'bootstrap': from the resamples. */
  method: 'jacobian' | 'bootstrap'
  resamples: number
  /** Resamples whose refit failed and were left out. */
  failedResamples: number
  seed: number
  bootstrap: BootstrapKind
  levels: number[]
  /** Standard deviation of the fit points' log residuals (the scatter a prediction band adds). */
  residualSd: number
  extrapolation: ExtrapolationError
  /** Largest fit x: forecasts beyond it are extrapolations. */
  maxFitX: number
  minFitX: number
  at: ForecastPoint[]
  targets: TargetAnswer[]
  /** Every parameter with its standard error and intervals. */
  parameters: ParameterEstimate[]
  band: ForecastBand
  timeMs: number
}

/** Where two curves' forecasts cross: every crossing x in range, with intervals over paired resamples. */
export interface CrossoverAnswer {
  curves: [string, string]
  range: [number, number]
  crossings: Array<{
    x: number
    /** Which curve is lower (better, for a loss or error) just after the crossing. */
    lowerAfter: string
    /** Share of resample pairs with a crossing near this one. */
    share: number
    bands: Interval[]
  }>
}

/** A forecast request for one curve, as the pool's worker receives it. */
export interface ForecastTask {
  curve: CurveInput
  options: ForecastOptions
}
