// The project document: what a researcher keeps in one file. Versioned, human-readable JSON.
// See docs/project-format.md for the documented format; validate.ts checks every field on load and on
// every payload from the renderer.
import type { FitOptions, FitStatus, FormName, Selection, Split } from '../fit-types'
import type { CrossoverAnswer, CurveForecast, ForecastOptions } from '../forecast-types'

export const PROJECT_FORMAT = 'scaling-studio-project'
/** The newest format version this build reads and the one it writes (2 added forecasts; 1 still opens). */
export const PROJECT_VERSION = 2

export interface ProjectPoint {
  x: number
  y: number
  split: Split
  /** Relative weight in the fit (default 1). */
  weight?: number
  /** Present when the point is left out of fits, with the user's reason (may be ''). */
  excluded?: { reason: string }
}

export interface ProjectCurve {
  /** Stable identity for fits, selection and undo; never shown. */
  id: string
  name: string
  /** What x measures (e.g. "parameters", "seen examples") and its unit (may be ''). */
  xQuantity: string
  xUnit: string
  /** What y measures (e.g. "loss", "error rate"). */
  yMetric: string
  tags: string[]
  notes: string
  points: ProjectPoint[]
  /** Bumped on every edit of the points; a fit made at another revision is stale. */
  revision: number
}

/** One form's fit of one curve, as stored: everything of a FormFit but the per-point predictions. */
export interface StoredFit {
  form: FormName
  breaks: number
  crop: number
  /** Parameters in original units at full precision. */
  params: Record<string, number>
  status: FitStatus
  fitRmsle: number | null
  fitRsle: number | null
  heldoutRmsle: number | null
  heldoutRsle: number | null
  selection: Selection
  timeMs: number
  /** The curve revision the fit was made at. */
  curveRevision: number
  fittedAt: string
}

/** The forecast settings a project keeps: every forecast option but the per-curve queries and band range. */
export type ForecastSettings = Omit<ForecastOptions, 'at' | 'targets' | 'bandRange' | 'bandPoints'>

/** One curve's forecast, as stored: the queries asked, the settings used and the full answer. */
export interface StoredForecast {
  /** x values asked for (y at each, with intervals). */
  at: number[]
  /** y values asked for (the x that reaches each). */
  targets: number[]
  settings: ForecastSettings
  /** The engine's answer; a number it gave as NaN or infinite is NaN here and null in the file (forecast-numbers.ts). */
  result: CurveForecast
  /** The curve revision the forecast was made at; another revision makes it stale. */
  curveRevision: number
  computedAt: string
}

/** A crossover asked for between two curves of the project (by id), with its answer. */
export interface StoredCrossover {
  curves: [string, string]
  range: [number, number] | null
  result: CrossoverAnswer
  settings: ForecastSettings
  /** The two curves' revisions when it was computed. */
  curveRevisions: [number, number]
  computedAt: string
}

export interface Project {
  format: typeof PROJECT_FORMAT
  version: typeof PROJECT_VERSION
  name: string
  createdAt: string
  modifiedAt: string
  /** Fit settings last used: forms, breaks, crop, maxBreaks. */
  settings: FitOptions
  curves: ProjectCurve[]
  /** Fits by curve id, one per form at most. */
  fits: Record<string, StoredFit[]>
  /** Forecast settings last used (version 2; a version 1 file opens with the defaults). */
  forecastSettings: ForecastSettings
  /** Forecasts by curve id, one per curve at most (version 2; {} when opening a version 1 file). */
  forecasts: Record<string, StoredForecast>
  /** Crossovers asked for (version 2; [] when opening a version 1 file). */
  crossovers: StoredCrossover[]
  /** Where the data came from and its licence, shown in the app (e.g. the example project's attribution). */
  attribution?: string
}
