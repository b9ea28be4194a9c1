// Public entry of the curve importers. Pure TypeScript: runs in the renderer, workers and Node.
export { parseCurves } from './parse-curves'
export { decodeCurveBytes, parseCurveBytes } from './decode'
export { detectFormat } from './detect-format'
export { splitRows } from './split-rows'
export type { Delimiter } from './split-rows'
export { ImportError, MAX_IMPORT_BYTES, MAX_REJECTED_ROWS } from './types'
export type { DetectedFormat, ImportedCurve, ImportFormat, ImportOptions, ImportResult, RejectedRow } from './types'
