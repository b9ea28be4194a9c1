// What an import will do to a project, computed before anything changes: the preview shows it and
// "Import N curves" applies exactly this edit. Pure.
import type { CurvesFile } from '../../../../shared/contract'
import { projectCurvesFromImport } from '../../../../shared/project/document'
import { addCurves, setSplitRule, type EditResult } from '../../../../shared/project/edits'
import type { Project, ProjectCurve } from '../../../../shared/project/types'

/** 'file': keep the split the file gives (all fit when it has none); the others as setSplitRule. */
export type SplitChoice = 'file' | 'all-fit' | 'largest' | 'x-above'

export interface ImportPlan {
  /** The project as it will be after the import, with the undo label. */
  edit: EditResult
  /** The new curves as they will be stored (ids given, split applied). */
  curves: ProjectCurve[]
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
  return { edit: { project: next, label: added.label }, curves: next.curves.slice(project.curves.length) }
}
