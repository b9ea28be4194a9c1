// Small facts about a curve's stored fits that the chart, the curve list and the tables all need. Pure.
import type { FormName } from '../shared/fit-types'
import type { ProjectCurve, StoredFit } from '../shared/project/types'

/** True when the fit was made before the curve's points last changed. */
export function isStale(fit: StoredFit, curve: Pick<ProjectCurve, 'revision'>): boolean {
  return fit.curveRevision !== curve.revision
}

/** The fit with the lowest finite held-out RMSLE; null when no fit has one (no held-out points, or no fits). */
export function bestFit(fits: readonly StoredFit[] | undefined): StoredFit | null {
  let best: StoredFit | null = null
  for (const fit of fits ?? []) {
    const value = fit.heldoutRmsle
    if (value === null || !Number.isFinite(value)) continue
    if (best === null || value < (best.heldoutRmsle as number)) best = fit
  }
  return best
}

export function bestForm(fits: readonly StoredFit[] | undefined): FormName | null {
  return bestFit(fits)?.form ?? null
}

/**
 * The form whose residuals to show when the user has picked none: the best by held-out RMSLE,
 * else the lowest fit RMSLE, else the first fit.
 */
export function defaultForm(fits: readonly StoredFit[] | undefined): FormName | null {
  const best = bestFit(fits)
  if (best) return best.form
  let lowest: StoredFit | null = null
  for (const fit of fits ?? []) {
    if (fit.fitRmsle === null || !Number.isFinite(fit.fitRmsle)) continue
    if (lowest === null || fit.fitRmsle < (lowest.fitRmsle as number)) lowest = fit
  }
  return lowest?.form ?? fits?.[0]?.form ?? null
}

/** Break positions d_1..d_n of a BNSL fit, in order; empty for other forms. */
export function breakPositions(fit: StoredFit): number[] {
  if (fit.form !== 'BNSL') return []
  const positions: number[] = []
  for (let i = 1; i <= fit.breaks; i++) {
    const d = fit.params[`d${i}`]
    if (typeof d === 'number' && Number.isFinite(d) && d > 0) positions.push(d)
  }
  return positions
}

/** A curve's points by role: fit, held out, excluded (excluded points count under excluded only). */
export interface PointCounts {
  total: number
  fit: number
  heldout: number
  excluded: number
}

export function pointCounts(curve: Pick<ProjectCurve, 'points'>): PointCounts {
  const counts = { total: curve.points.length, fit: 0, heldout: 0, excluded: 0 }
  for (const p of curve.points) {
    if (p.excluded) counts.excluded++
    else if (p.split === 'fit') counts.fit++
    else counts.heldout++
  }
  return counts
}

/** Held-out RMSLE per fitted form; null for a form whose fit has none (no held-out points, or not finite). */
export function heldoutByForm(fits: readonly StoredFit[]): Partial<Record<FormName, number | null>> {
  const heldout: Partial<Record<FormName, number | null>> = {}
  for (const fit of fits) heldout[fit.form] = fit.heldoutRmsle !== null && Number.isFinite(fit.heldoutRmsle) ? fit.heldoutRmsle : null
  return heldout
}

export interface WinRate {
  form: FormName
  wins: number
  /** wins / curves that have a winner; null when no curve has one. */
  rate: number | null
  /** Mean held-out RMSLE over the curves where the form has one. */
  meanRmsle: number | null
}

/** How often each form is the best (lowest held-out RMSLE) over the given curves' rows. */
export function winRates(
  rows: ReadonlyArray<{ best: FormName | null; heldout: Partial<Record<FormName, number | null>> }>,
  forms: readonly FormName[]
): WinRate[] {
  const decided = rows.filter((r) => r.best !== null).length
  return forms.map((form) => {
    let wins = 0
    let sum = 0
    let n = 0
    for (const row of rows) {
      if (row.best === form) wins++
      const v = row.heldout[form]
      if (v !== undefined && v !== null) {
        sum += v
        n++
      }
    }
    return { form, wins, rate: decided > 0 ? wins / decided : null, meanRmsle: n > 0 ? sum / n : null }
  })
}
