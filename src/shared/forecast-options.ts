// One check for forecast options, used by the contract, the command line, the project loader and the engine.
import { BOOTSTRAP_KINDS, FORECAST_DEFAULTS, FORECAST_FORMS, FORECAST_LIMITS } from './forecast-types'
import type { ForecastOptions } from './forecast-types'
import { breaksProblem, cropProblem, maxBreaksProblem } from './schema'
import { describeValue, isRecord } from './value-checks'

function positiveList(value: unknown, field: string, max: number, extra?: (v: number) => boolean, what = 'positive finite numbers'): string | null {
  if (!Array.isArray(value)) return `${field} must be an array of ${what}`
  if (value.length > max) return `${field} must have at most ${max} values, got ${value.length}`
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i]
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (extra && !extra(v))) {
      return `${field}[${i}] must be one of ${what}, got ${describeValue(v)}`
    }
  }
  return null
}

/** Null when value is an x range [low, high] with 0 < low < high; else a message naming the field. */
export function rangeProblem(value: unknown, field: string): string | null {
  const problem = positiveList(value, field, 2, undefined, 'x values > 0')
  if (problem) return problem
  const [lo, hi] = value as number[]
  return (value as number[]).length === 2 && lo < hi ? null : `${field} must be [low, high] with low < high`
}

/** Null when value is a complete, valid ForecastOptions; else a message naming the field. */
export function forecastOptionsProblem(value: unknown, field = 'options'): string | null {
  if (!isRecord(value)) return `${field} must be an object of forecast options`
  const { form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels, at, targets, bandRange, bandPoints } = value
  if (!(FORECAST_FORMS as readonly unknown[]).includes(form)) return `${field}.form must be one of ${FORECAST_FORMS.join(', ')}, got ${describeValue(form)}`
  const fitProblem =
    breaksProblem(breaks, `${field}.breaks`) ?? cropProblem(crop, `${field}.crop`) ?? maxBreaksProblem(maxBreaks, `${field}.maxBreaks`)
  if (fitProblem !== null) return fitProblem
  if (typeof resamples !== 'number' || !Number.isInteger(resamples) || resamples < 0 || resamples > FORECAST_LIMITS.maxResamples) {
    return `${field}.resamples must be an integer from 0 to ${FORECAST_LIMITS.maxResamples}, got ${describeValue(resamples)}`
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) return `${field}.seed must be an integer, got ${describeValue(seed)}`
  if (!(BOOTSTRAP_KINDS as readonly unknown[]).includes(bootstrap)) return `${field}.bootstrap must be one of ${BOOTSTRAP_KINDS.join(', ')}, got ${describeValue(bootstrap)}`
  const levelProblem = positiveList(levels, `${field}.levels`, FORECAST_LIMITS.maxLevels, (v) => v < 1, 'levels between 0 and 1 (e.g. 0.8)')
  if (levelProblem) return levelProblem
  if ((levels as number[]).length === 0) return `${field}.levels must name at least one level`
  const queryProblem =
    positiveList(at, `${field}.at`, FORECAST_LIMITS.maxQueries, undefined, 'x values > 0') ??
    positiveList(targets, `${field}.targets`, FORECAST_LIMITS.maxQueries, undefined, 'y values > 0')
  if (queryProblem) return queryProblem
  if (bandRange !== undefined) {
    const problem = rangeProblem(bandRange, `${field}.bandRange`)
    if (problem) return problem
  }
  if (typeof bandPoints !== 'number' || !Number.isInteger(bandPoints) || bandPoints < 2 || bandPoints > FORECAST_LIMITS.maxBandPoints) {
    return `${field}.bandPoints must be an integer from 2 to ${FORECAST_LIMITS.maxBandPoints}, got ${describeValue(bandPoints)}`
  }
  return null
}

/** Complete options from the defaults and what was given (the at and targets lists default to empty). */
export function forecastOptions(given: Partial<ForecastOptions> = {}): ForecastOptions {
  return { ...FORECAST_DEFAULTS, levels: [...FORECAST_DEFAULTS.levels], at: [], targets: [], ...given }
}

/** A forecast option set that fails its check: the message names the field. */
export class ForecastOptionsError extends Error {
  override name = 'ForecastOptionsError'
}

/** Returns the options when valid; throws ForecastOptionsError naming the field otherwise. */
export function checkForecastOptions(value: unknown, field = 'options'): ForecastOptions {
  const problem = forecastOptionsProblem(value, field)
  if (problem !== null) throw new ForecastOptionsError(problem)
  return value as ForecastOptions
}
