// Errors cross the boundary as a code from one closed list and the fields the window may act on, never as a
// class name compared as a string. The services' error classes keep their `name`; its code is that name when
// the list has it, else 'Error'.
import { isRecord } from '../value-checks'
import { PROJECT_FILE_PROBLEMS, isOneOf } from './lists'
import type { ProjectFileProblem } from './lists'

export const ERROR_CODES = [
  /** Anything not named below: the message says what went wrong. */
  'Error',
  // Thrown by the services and the validators.
  'PayloadError',
  'ProjectFileError',
  'FileExists',
  'FileChanged',
  'ImportError',
  'NoNativeDialog',
  'ForecastOptionsError',
  'CurveInputError',
  // Refused by the browser-mode server before any handler runs.
  'BadRequest',
  'BadJson',
  'BadEncoding',
  'TooDeep',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'MethodNotAllowed',
  'UnsupportedMediaType',
  'PayloadTooLarge',
  'ServerBusy'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const isErrorCode = (value: unknown): value is ErrorCode => isOneOf(ERROR_CODES, value)

/** What an error may carry across besides its code, name and message. */
export interface ErrorFields {
  /** A project file's error: what went wrong with it (ProjectFileError and its kinds FileExists, FileChanged). */
  problem?: ProjectFileProblem
  /** The file the error is about (its base name), which the message starts with. */
  fileName?: string
  /** The curve the error is about (CurveInputError). */
  curve?: string
}

/** Longer field values are left out: a name that long is no use to act on and could carry a whole header. */
const MAX_FIELD_CHARS = 1024

const isShortText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_FIELD_CHARS

/** The fields of ErrorFields that value holds with the right type; absent ones stay absent. */
export function errorFieldsOf(value: unknown): ErrorFields {
  if (typeof value !== 'object' || value === null) return {}
  const { problem, fileName, curve } = value as Record<string, unknown>
  return {
    ...(isOneOf(PROJECT_FILE_PROBLEMS, problem) && { problem }),
    ...(isShortText(fileName) && { fileName }),
    ...(isShortText(curve) && { curve })
  }
}

/** The code of anything thrown: its `code` when one of ERROR_CODES (an error rebuilt by toError), else its name's. */
export function errorCodeOf(error: unknown): ErrorCode {
  if (!(error instanceof Error) && !isRecord(error)) return 'Error'
  const { code, name } = error as { code?: unknown; name?: unknown }
  if (isErrorCode(code)) return code
  return isErrorCode(name) ? name : 'Error'
}

/** True when error has that code, on either side of the boundary: `hasCode(error, 'FileExists')`. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return errorCodeOf(error) === code
}
