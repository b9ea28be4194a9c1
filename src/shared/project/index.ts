// Public entry of the project document: types, validation, construction, edits and undo history. Pure TypeScript.
export * from './types'
export {
  ProjectFileError,
  curveProblem,
  findJsonError,
  fitOptionsProblem,
  isCurveId,
  isFitOptionsValue,
  parseProjectText,
  storedFitProblem,
  validateProject
} from './validate'
export type { ProjectFileProblem } from './validate'
export {
  curveInput,
  fitInputs,
  fitsOf,
  isFitStale,
  newCurveId,
  newProject,
  projectCurvesFromImport,
  projectFromCurves,
  projectStats,
  serializeProject,
  serializeProjectNested
} from './document'
export type { CurveImportOptions, ProjectStats } from './document'
export {
  addCurves,
  applyFitResults,
  clearFits,
  deleteCurves,
  formatX,
  renameCurve,
  setPointExcluded,
  setPointWeight,
  setPointSplit,
  setSplitRule,
  toStoredFit,
  updateCurveMeta,
  updateSettings
} from './edits'
export type { CurveMeta, EditResult, SplitRule } from './edits'
export { History } from './history'
