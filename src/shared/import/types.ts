// Types of the curve importers. Pure: shared by main, the command line, workers and the renderer.
import type { CurveInput } from '../fit-types'
import type { ImportFormatName } from '../schema/lists'

/** The largest curve file imported, checked before it is read (by main for a path, by the window for a picked file). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

export type ImportFormat = ImportFormatName
export type DetectedFormat = Exclude<ImportFormat, 'auto'>

/** A data row (or, in wide and W&B files, one cell of it) left out of an import. */
export interface RejectedRow {
  /** 1-based line number in the file; the header is line 1. */
  row: number
  reason: string
}

export interface ImportedCurve extends CurveInput {
  /** Per point; only when the long CSV had a weight column. */
  weight?: number[]
}

/** Rows kept with their reasons; beyond it only the count grows, so a file of millions of bad rows stays small. */
export const MAX_REJECTED_ROWS = 300

export interface ImportResult {
  format: DetectedFormat
  curves: ImportedCurve[]
  /** The first MAX_REJECTED_ROWS rows left out, with the reason. */
  rejected: RejectedRow[]
  /** How many rows were left out in all (rejected holds the first of them). */
  rejectedCount: number
  /** The header as found in the file (trimmed). */
  columns: string[]
  /** What the user should know although the import worked (e.g. the file was not UTF-8), each naming the file. */
  warnings: string[]
}

export interface ImportOptions {
  /** Used in messages only. */
  fileName: string
  /** Default 'auto'. */
  format?: ImportFormat
  /** wide / wandb / tensorboard: which column is x when not obvious. */
  xColumn?: string
  /** wide / wandb: which columns are curves (default: all metric columns). */
  yColumns?: string[]
  /** tensorboard: name of the single curve (default: fileName without extension). */
  curveName?: string
}

/** The whole file cannot be imported. The message starts with the file name. */
export class ImportError extends Error {
  override name = 'ImportError'
  readonly fileName: string
  constructor(fileName: string, detail: string) {
    super(`${fileName}: ${detail}`)
    this.fileName = fileName
  }
}
