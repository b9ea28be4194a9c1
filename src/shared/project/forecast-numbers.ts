// The numbers of a stored forecast or crossover that may have no finite value. JSON has no NaN or infinity,
// so the file holds null there; in memory they are NaN. One map over exactly those numbers serves both ways:
// storing (non-finite to NaN) and reading (null to NaN). Fields whose type already allows null (a target's
// x, a parameter's standard error) keep null for "none" and are mapped separately.
import type { CrossoverAnswer, CurveForecast, Interval } from '../forecast-types'

/** How one number that may lack a value becomes its stored form. */
export type NumberMap = (v: number | null) => number

/** Null, NaN and ±Infinity become NaN; finite numbers stay. */
export const toNaN: NumberMap = (v) => (v !== null && Number.isFinite(v) ? v : NaN)

/** A number that means "none" when it is null (a target never reached, a parameter the points do not determine): non-finite becomes null. */
const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null)

function intervals<T extends Interval>(list: T[], map: NumberMap): T[] {
  return list.map((i) => ({ ...i, low: map(i.low), high: map(i.high) }))
}

/**
 * A copy of a forecast with `map` applied to every number that may lack a value: the band's y and edges,
 * every interval edge, parameter values, y at each x, shares, validation errors and weights, the residual
 * scatter, the extrapolation growth and the time. Structural numbers (x values, levels, counts, seed) are copied as they are.
 */
export function mapForecastNumbers(r: CurveForecast, map: NumberMap): CurveForecast {
  const params: Record<string, number> = {}
  for (const name of Object.keys(r.params)) params[name] = map(r.params[name])
  return {
    curve: r.curve,
    form: r.form,
    breaks: r.breaks,
    crop: r.crop,
    params,
    candidates: r.candidates.map((c) => ({ ...c, validationRmsle: map(c.validationRmsle), weight: map(c.weight) })),
    method: r.method,
    resamples: r.resamples,
    failedResamples: r.failedResamples,
    seed: r.seed,
    bootstrap: r.bootstrap,
    levels: [...r.levels],
    residualSd: map(r.residualSd),
    extrapolation: { ...r.extrapolation, growth: map(r.extrapolation.growth) },
    maxFitX: r.maxFitX,
    minFitX: r.minFitX,
    at: r.at.map((a) => ({ x: a.x, y: map(a.y), bands: intervals(a.bands, map) })),
    targets: r.targets.map((t) => ({ y: t.y, x: finiteOrNull(t.x), reachedShare: map(t.reachedShare), bands: intervals(t.bands, map) })),
    parameters: r.parameters.map((q) => ({
      name: q.name,
      value: map(q.value),
      standardError: finiteOrNull(q.standardError),
      intervals: intervals(q.intervals, map)
    })),
    band: {
      x: [...r.band.x],
      y: r.band.y.map(map),
      intervals: r.band.intervals.map((i) => ({ level: i.level, kind: i.kind, low: i.low.map(map), high: i.high.map(map) }))
    },
    timeMs: map(r.timeMs)
  }
}

/** A copy of a crossover answer with `map` applied to each crossing's share and interval edges. */
export function mapCrossoverNumbers(a: CrossoverAnswer, map: NumberMap): CrossoverAnswer {
  return {
    curves: [a.curves[0], a.curves[1]],
    range: [a.range[0], a.range[1]],
    crossings: a.crossings.map((c) => ({ x: c.x, lowerAfter: c.lowerAfter, share: map(c.share), bands: intervals(c.bands, map) }))
  }
}
