// Public entry of the project document: types, validation, construction, edits and undo history. Pure TypeScript.
export * from './types'
export {
  ProjectFileError,
  curveProblem,
  findJsonError,
  fitOptionsProblem,
  forecastSettingsProblem,
  isCurveId,
  parseProjectText,
  storedCrossoverProblem,
  storedFitProblem,
  storedForecastProblem,
  validateProject
} from './validate'
export type { ProjectFileProblem } from './validate'
export {
  crossoverOf,
  curveInput,
  defaultForecastSettings,
  fitInputs,
  fitsOf,
  forecastOf,
  isCrossoverOf,
  isCrossoverStale,
  isFitStale,
  isForecastStale,
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
  removeCrossover,
  removeForecast,
  renameCurve,
  setPointExcluded,
  setPointWeight,
  setPointSplit,
  setSplitRule,
  storeCrossover,
  storeForecast,
  toStoredFit,
  updateCurveMeta,
  updateForecastSettings,
  updateSettings
} from './edits'
export type { CrossoverToStore, CurveMeta, EditResult, ForecastToStore, SplitRule } from './edits'
export { History } from './history'
