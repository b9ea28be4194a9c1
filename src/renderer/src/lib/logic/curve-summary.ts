// One line of facts per curve, derived from the project: what the curve list, the project table and the
// status bar show. Pure, so that Node tests cover it and 10,000 curves cost one pass.
import { bestFit, heldoutByForm, isStale, pointCounts } from '../../../../figures/fit-summary'
import { FORM_NAMES, type FormName } from '../../../../shared/fit-types'
import type { Project } from '../../../../shared/project/types'

export interface CurveSummary {
  id: string
  name: string
  tags: readonly string[]
  points: number
  fitPoints: number
  heldoutPoints: number
  excludedPoints: number
  /** Held-out RMSLE per fitted form; null when the form has none (not fitted, or no held-out points). */
  heldout: Partial<Record<FormName, number | null>>
  /** The form with the lowest held-out RMSLE, or null. */
  best: FormName | null
  /** Some fit was made before the curve's points last changed. */
  stale: boolean
  fitted: boolean
}

export function summariseCurves(project: Project): CurveSummary[] {
  return project.curves.map((curve) => {
    const counts = pointCounts(curve)
    const fits = project.fits[curve.id] ?? []
    return {
      id: curve.id,
      name: curve.name,
      tags: curve.tags,
      points: counts.total,
      fitPoints: counts.fit,
      heldoutPoints: counts.heldout,
      excludedPoints: counts.excluded,
      heldout: heldoutByForm(fits),
      best: bestFit(fits)?.form ?? null,
      stale: fits.some((f) => isStale(f, curve)),
      fitted: fits.length > 0
    }
  })
}

/** The forms that appear in any fit, in the canonical order; the project's chosen forms when nothing is fitted. */
export function fittedForms(project: Project): FormName[] {
  const seen = new Set<FormName>()
  for (const fits of Object.values(project.fits)) for (const fit of fits) seen.add(fit.form)
  const forms = FORM_NAMES.filter((f) => seen.has(f))
  return forms.length > 0 ? forms : FORM_NAMES.filter((f) => project.settings.forms.includes(f))
}
