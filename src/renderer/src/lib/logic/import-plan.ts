// What an import will do to a project, computed before anything changes: the preview shows it and
// "Import N curves" applies exactly this edit. Pure.
import type { CurvesFile } from '../../../../shared/contract'
import type { ImportFormat } from '../../../../shared/import'
import { projectCurvesFromImport } from '../../../../shared/project/document'
import { addCurves, setSplitRule, type EditResult } from '../../../../shared/project/edits'
import type { Project, ProjectCurve } from '../../../../shared/project/types'

/** 'file': keep the split the file gives (all fit when it has none); the others as setSplitRule. */
export type SplitChoice = 'file' | 'all-fit' | 'largest' | 'x-above'

/** Everything the dialog lets the user set about one import. */
export interface ImportSettings {
  format: ImportFormat
  xColumn: string | null
  /** null: every metric column. */
  yColumns: string[] | null
  curveName: string
  splitChoice: SplitChoice
  splitK: number
  splitX: number | null
  xQuantity: string
  yMetric: string
}

/** Where every import starts: the file's own format, columns and split, no labels. */
export const DEFAULT_IMPORT_SETTINGS: Readonly<ImportSettings> = Object.freeze({
  format: 'auto',
  xColumn: null,
  yColumns: null,
  curveName: '',
  splitChoice: 'file',
  splitK: 1,
  splitX: null,
  xQuantity: '',
  yMetric: ''
})

/** Fit points at different x a curve needs for any form: M1, the form with fewest parameters, has 2. */
export const MIN_FIT_POINTS = 2

/** A new curve that no form can be fitted to as split: fewer than MIN_FIT_POINTS fit points at different x. */
export interface FitShortfall {
  name: string
  /** Its fit points, and at how many different x values they lie. */
  fitPoints: number
  distinctX: number
}

export interface ImportPlan {
  /** The project as it will be after the import, with the undo label. */
  edit: EditResult
  /** The new curves as they will be stored (ids given, split applied). */
  curves: ProjectCurve[]
  /** The new curves left with too few fit points to fit, in import order. */
  shortfalls: FitShortfall[]
}

/** The new curves of a file, split by the rule, added to the project as one edit. */
export function planImport(
  project: Project,
  file: Pick<CurvesFile, 'curves'>,
  split: { choice: SplitChoice; k: number; x: number },
  meta: { xQuantity: string; yMetric: string }
): ImportPlan {
  const curves = projectCurvesFromImport(file.curves, {
    existing: project.curves.map((c) => c.id),
    xQuantity: meta.xQuantity.trim(),
    yMetric: meta.yMetric.trim()
  })
  const added = addCurves(project, curves)
  const ids = curves.map((c) => c.id)
  let next = added.project
  if (split.choice === 'all-fit') next = setSplitRule(next, ids, { kind: 'all-fit' }).project
  else if (split.choice === 'largest') next = setSplitRule(next, ids, { kind: 'largest', k: split.k }).project
  else if (split.choice === 'x-above') next = setSplitRule(next, ids, { kind: 'x-above', x: split.x }).project
  // addCurves appends, so the new curves are the tail of the list.
  const planned = next.curves.slice(project.curves.length)
  return { edit: { project: next, label: added.label }, curves: planned, shortfalls: fitShortfalls(planned) }
}

/** The curves whose fit points (not excluded, not held out) are too few, or all at one x, for any form. */
export function fitShortfalls(curves: ProjectCurve[]): FitShortfall[] {
  return curves.flatMap((curve) => {
    const fit = curve.points.filter((p) => p.split === 'fit' && !p.excluded)
    const distinctX = new Set(fit.map((p) => p.x)).size
    return distinctX >= MIN_FIT_POINTS ? [] : [{ name: curve.name, fitPoints: fit.length, distinctX }]
  })
}

/** Curves named in a shortfall warning; the rest are counted. */
const SHOWN_SHORTFALLS = 5

/** The warning shown before such an import is confirmed, naming the curves and what each has. */
export function describeShortfalls(shortfalls: FitShortfall[], total: number): string {
  const describe = (s: FitShortfall): string =>
    s.fitPoints >= MIN_FIT_POINTS
      ? `"${s.name}" (${s.fitPoints} fit points, all at one x)`
      : `"${s.name}" (${s.fitPoints} fit point${s.fitPoints === 1 ? '' : 's'})`
  const named = shortfalls.slice(0, SHOWN_SHORTFALLS).map(describe).join(', ')
  const more = shortfalls.length > SHOWN_SHORTFALLS ? ` and ${shortfalls.length - SHOWN_SHORTFALLS} more` : ''
  const which = shortfalls.length === total ? (total === 1 ? 'The curve' : `All ${total} curves`) : `${shortfalls.length} of ${total} curves`
  return (
    `${which} would have fewer than ${MIN_FIT_POINTS} fit points at different x, so no form can be fitted to ` +
    `${shortfalls.length === 1 ? 'it' : 'them'}: ${named}${more}. Hold out fewer points, or import anyway and change the split later.`
  )
}
