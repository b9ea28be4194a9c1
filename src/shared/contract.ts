// The typed contract between the app's services and its user interface: every request channel with its
// signature, every event channel with its payload, the Result envelope, and a validator per request payload.
// Pure TypeScript: the Electron shell, the preload, the renderer, the browser-mode server and tests share it.

import { FIGURE_FORMATS, dpiProblem, figureStyleProblem, type FigureFormat, type FigureStyle } from './figure-style'
import type { CurveFitResult, CurveInput, FitOptions, FormName } from './fit-types'
import type { CrossoverAnswer, CurveForecast, ForecastOptions } from './forecast-types'
import { forecastOptionsProblem, rangeProblem } from './forecast-options'
import type { ImportFormat, ImportResult } from './import'
import type { Project } from './project/types'
import { ProjectFileError, validateProject } from './project/validate'
import {
  IMPORT_FORMATS,
  curveInputProblem,
  errorCodeOf,
  errorFieldsOf,
  fitOptionsProblem,
  isErrorCode,
  isOneOf,
  listText,
  nestingProblem
} from './schema'
import type { Check, ErrorCode, ErrorFields } from './schema'
import { describeValue, isRecord } from './value-checks'

// ---------------------------------------------------------------------------------------------------------
// Payload and value types

export interface AppInfo {
  name: string
  version: string
  /** Worker threads the fit pool runs on. */
  threads: number
  /** 'desktop': the Electron window, with native dialogs; 'browser': the local server, without them. */
  mode: 'desktop' | 'browser'
  /** A project file to open at start (the browser server's --project), or null. */
  startupProject: string | null
  /** The services' working folder: a relative path with no project folder to go by resolves against it. */
  workingFolder: string
}

/** A project as read from its file: the path it was read from (absolute) and the validated document. */
export interface OpenedProject {
  path: string
  project: Project
  /** The file's version as opened; sent back on save to notice a change made elsewhere meanwhile. */
  version: string
}

/** The example project: built in memory, never saved until the user picks a file (hence no path). */
export interface ExampleProject {
  path: null
  project: Project
}

export interface ProjectOpenRequest {
  path: string
}

export interface ProjectSaveRequest {
  path: string
  project: Project
  /**
   * False: refuse any existing file (error FileExists). True: replace whatever is there (the user agreed).
   * Absent: replace the file unless it changed since expectedVersion (error FileChanged).
   */
  overwrite?: boolean
  /** The version from project:open or the last project:save of this file. */
  expectedVersion?: string
}

export interface SavedProject {
  /** The absolute path written. */
  path: string
  /** ISO 8601 time of the write. */
  savedAt: string
  /** The file's version after the write (see OpenedProject.version); null when it could not be read back. */
  version: string | null
}

export interface ProjectAutosaveRequest {
  /** The file the project was opened from or last saved to; null for a project never saved. */
  originalPath: string | null
  project: Project
}

export interface AutosavedProject {
  savedAt: string
}

/** An autosaved copy left by a session that did not end cleanly. */
export interface RecoveredProject {
  project: Project
  originalPath: string | null
  savedAt: string
}

export interface RecentProject {
  path: string
  name: string
  /** ISO 8601 time the project was last opened or saved. */
  openedAt: string
}

export interface SaveDialogRequest {
  /** The file name the dialog proposes (the project's name; an extension is added when missing). */
  suggestedName: string
}

/** Reads curves from a file path; the import options are those of parseCurves. */
export interface CurvesReadRequest {
  path: string
  /** Default 'auto'. */
  format?: ImportFormat
  /** wide / wandb / tensorboard: which column is x when not obvious. */
  xColumn?: string
  /** wide / wandb: which columns are curves (default: all metric columns). */
  yColumns?: string[]
  /** tensorboard: the single curve's name (default: the file name without extension). */
  curveName?: string
}

/** Curves read from one file, with the rows that could not be used. */
export interface CurvesFile extends ImportResult {
  /** The file's base name, for display. */
  fileName: string
}

export interface FitRunRequest {
  /** Chosen by the client so that it can cancel the job and recognise its progress events. */
  jobId: string
  curves: CurveInput[]
  options: FitOptions
}

export interface FitCancelRequest {
  jobId: string
}

export interface FitJobProgress {
  /** (curve, form) tasks finished, failed ones included. */
  done: number
  total: number
  /** The task that just finished. */
  curve: string
  form: FormName
  elapsedMs: number
  /** Tasks failed so far. */
  failed: number
}

export interface FitJobError {
  curve: string
  form: FormName
  message: string
}

export interface FitJobResult {
  results: CurveFitResult[]
  errors: FitJobError[]
  /** True when the job was cancelled; results then hold the curves finished before. */
  cancelled: boolean
  elapsedMs: number
}

export type FitProgressEvent = { jobId: string } & FitJobProgress

/** Two curves (by name, both among the request's curves) to find the crossings of, in an x range (default: the data to 100x beyond). */
export interface CrossoverRequest {
  curves: [string, string]
  range: [number, number] | null
}

export interface ForecastRunRequest {
  /** Chosen by the client; `fit:cancel` with the same id stops the job. */
  jobId: string
  curves: CurveInput[]
  options: ForecastOptions
  crossovers: CrossoverRequest[]
}

export interface ForecastJobProgress {
  /** Tasks finished (one per curve, one per crossover), failed ones included. */
  done: number
  total: number
  /** The curve (or "A × B" crossover) that just finished. */
  curve: string
  elapsedMs: number
  failed: number
}

export interface ForecastJobResult {
  forecasts: CurveForecast[]
  crossovers: CrossoverAnswer[]
  /** Curves (or crossovers, named "A × B") that could not be forecast, with the reason. */
  errors: Array<{ curve: string; message: string }>
  cancelled: boolean
  elapsedMs: number
}

export type ForecastProgressEvent = { jobId: string } & ForecastJobProgress

/** A figure of some curves of a project: the project (it may hold just those curves, their fits and forecasts) and the style. */
export interface FigureRequest {
  project: Project
  curveIds: string[]
  style: FigureStyle
}

/** Writes a figure (the path's extension gives the format) or, with perCurve, one figure per curve into the folder `path`. */
export interface FigureExportRequest extends FigureRequest {
  path: string
  perCurve: boolean
  format: FigureFormat
  dpi: number
  /** Replace files that exist; false refuses with error name 'FileExists'. */
  overwrite: boolean
}

/** Writes a report of the curves (every curve for null) in the format of the path's extension, or the compare table as CSV. */
export interface ReportExportRequest {
  project: Project
  curveIds: string[] | null
  path: string
  kind: 'report' | 'compare-table'
  overwrite: boolean
}

export interface ExportedFiles {
  /** Every file written, the figure or report first. */
  paths: string[]
}

/** A native dialog for where an export goes: a file (with its suggested name) or a folder for one figure per curve. */
export interface ExportDialogRequest {
  suggestedName: string
  target: 'file' | 'folder'
}

/** Commands chosen in the native menu (desktop only) that the window carries out. */
export const MENU_COMMANDS = [
  'project:new',
  'project:open',
  'project:save',
  'project:saveAs',
  'curves:import',
  'edit:undo',
  'edit:redo'
] as const

export type MenuCommand = (typeof MENU_COMMANDS)[number]

export interface MenuCommandEvent {
  command: MenuCommand
}

// ---------------------------------------------------------------------------------------------------------
// The two channel maps

/** Every request: channel name (`domain:verb`) to the signature the window calls. At most one payload. */
export interface RequestMap {
  'app:info': () => AppInfo
  /** An empty project named "Untitled". */
  'project:new': () => Project
  'project:example': () => ExampleProject
  /** Reads and validates a project file, and puts it first in the recent list. */
  'project:open': (request: ProjectOpenRequest) => OpenedProject
  /** Writes the project to the path (replacing the file whole), and puts it first in the recent list. */
  'project:save': (request: ProjectSaveRequest) => SavedProject
  /** Most recent first. */
  'project:recent': () => RecentProject[]
  /** Keeps a copy in the app's data folder, to recover after a crash; never touches the original. */
  'project:autosave': (request: ProjectAutosaveRequest) => AutosavedProject
  /** The autosaved copy, or null when there is none. */
  'project:recovery': () => RecoveredProject | null
  'project:discardRecovery': () => null
  /**
   * Native file dialogs (desktop only; the browser server refuses them with error name 'NoNativeDialog',
   * and the window asks for a path itself). Each resolves to the chosen path, or null when cancelled.
   */
  'dialog:openProject': () => string | null
  'dialog:saveProject': (request: SaveDialogRequest) => string | null
  'dialog:importCurves': () => string | null
  'dialog:exportTarget': (request: ExportDialogRequest) => string | null
  /** Reads curves from a file (size checked before reading); throws ImportError when nothing can be read. */
  'curves:read': (request: CurvesReadRequest) => CurvesFile
  'fit:run': (request: FitRunRequest) => FitJobResult
  /** True when a running fit or forecast job of that id was told to stop. */
  'fit:cancel': (request: FitCancelRequest) => boolean
  /** Forecasts curves with intervals (bootstrap in the worker pool), and where pairs of them cross. */
  'forecast:run': (request: ForecastRunRequest) => ForecastJobResult
  /** The SVG of a figure exactly as it would be exported (the Export dialog's preview). */
  'figure:preview': (request: FigureRequest) => string
  'figure:export': (request: FigureExportRequest) => ExportedFiles
  'report:export': (request: ReportExportRequest) => ExportedFiles
}

/** Every event the services send to the window: channel name to payload. */
export interface EventMap {
  'fit:progress': FitProgressEvent
  'forecast:progress': ForecastProgressEvent
  'menu:command': MenuCommandEvent
}

export type RequestChannel = keyof RequestMap
export type EventChannel = keyof EventMap
export type RequestArgs<C extends RequestChannel> = Parameters<RequestMap[C]>
export type RequestPayload<C extends RequestChannel> = RequestArgs<C> extends [infer P] ? P : undefined
export type RequestValue<C extends RequestChannel> = ReturnType<RequestMap[C]>

// ---------------------------------------------------------------------------------------------------------
// Result envelope: what a handler returns across the boundary instead of throwing

/**
 * An error as it crosses the boundary: its code (the window acts on it with hasCode), its class name (for
 * logs), its message and the structured fields it carries (a project file's problem, the file's name...).
 */
export interface ErrorInfo extends ErrorFields {
  code: ErrorCode
  name: string
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(error: unknown): Result<never> {
  return { ok: false, error: toErrorInfo(error) }
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) return { code: 'Error', name: 'Error', message: String(error) }
  return { code: errorCodeOf(error), name: error.name, message: error.message, ...errorFieldsOf(error) }
}

/** An error of the services as the window sees it: the code, name, message and fields that crossed. */
export class ServiceError extends Error implements ErrorFields {
  readonly code: ErrorCode
  declare readonly problem?: ErrorFields['problem']
  declare readonly fileName?: string
  declare readonly curve?: string

  constructor(info: ErrorInfo) {
    super(info.message)
    this.name = info.name
    this.code = info.code
    Object.assign(this, errorFieldsOf(info))
  }
}

/** Rebuilds a thrown Error from an ErrorInfo, so callers see the services' own code, name, message and fields. */
export function toError(info: ErrorInfo): ServiceError {
  return new ServiceError(info)
}

/** Returns a Result's value or throws its error as a real Error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw toError(result.error)
}

/** True for anything shaped like a Result, so a client can refuse a malformed reply. */
export function isResult(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false
  if (value.ok === true) return 'value' in value
  if (value.ok !== false || !isRecord(value.error)) return false
  const { code, name, message } = value.error
  return isErrorCode(code) && typeof name === 'string' && typeof message === 'string'
}

// ---------------------------------------------------------------------------------------------------------
// JSON for transports that are not structured clone (the browser-mode server): NaN and ±Infinity survive

/** Plain JSON turns NaN into null (a held-out RMSLE without held-out points is NaN); this tag keeps it. */
const NON_FINITE_TAG = '$nonFinite'
const NON_FINITE = new Map<string, number>([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY]
])

/** JSON nested deeper than MAX_NESTING levels: refused before anything recursive reads or writes it. */
export class JsonNestingError extends Error {
  override name = 'TooDeep'
}

/** True when a number anywhere in value is NaN or infinite; an iterative walk, cheap beside JSON.stringify. */
function holdsNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return true
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element)
    } else if (item !== null && typeof item === 'object') {
      for (const key in item) stack.push((item as Record<string, unknown>)[key])
    }
  }
  return false
}

/** Throws JsonNestingError naming the path when value nests deeper than MAX_NESTING. */
function checkNesting(value: unknown): void {
  const problem = nestingProblem(value)
  if (problem !== null) throw new JsonNestingError(problem)
}

/**
 * JSON.stringify, except that NaN and ±Infinity become {"$nonFinite": "NaN"} and the like. Throws
 * JsonNestingError for a value nested deeper than MAX_NESTING (JSON.stringify would overflow the stack).
 */
export function encodeJson(value: unknown): string {
  checkNesting(value)
  // A replacer runs for every value of a 10,000-curve project; most payloads need none.
  if (!holdsNonFinite(value)) return JSON.stringify(value ?? null)
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item) ? { [NON_FINITE_TAG]: String(item) } : item
  )
}

/** The number a {"$nonFinite": tag} object stands for, or undefined for any other value. */
function nonFiniteOf(item: unknown): number | undefined {
  if (!isRecord(item)) return undefined
  const tag = item[NON_FINITE_TAG]
  if (typeof tag !== 'string' || Object.keys(item).length !== 1) return undefined
  return NON_FINITE.get(tag)
}

/** Replaces encodeJson's tags in a freshly parsed value, in place; iterative, unlike a JSON.parse reviver. */
function reviveNonFinite(value: unknown): unknown {
  const top = nonFiniteOf(value)
  if (top !== undefined) return top
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (item === null || typeof item !== 'object') continue
    const record = item as Record<string, unknown>
    for (const key in record) {
      const number = nonFiniteOf(record[key])
      if (number === undefined) stack.push(record[key])
      else record[key] = number
    }
  }
  return value
}

/**
 * JSON.parse that turns encodeJson's tags back into numbers. Throws SyntaxError on malformed text, and
 * JsonNestingError naming the path for a value nested deeper than MAX_NESTING.
 */
export function decodeJson(text: string): unknown {
  // JSON.parse itself reads any depth without recursion; what comes after must not meet a deeper value.
  const value: unknown = JSON.parse(text)
  checkNesting(value)
  // Text without a tag needs no walk.
  return text.includes(NON_FINITE_TAG) ? reviveNonFinite(value) : value
}

// ---------------------------------------------------------------------------------------------------------
// Method names derived from channels, one definition for the types and the runtime

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? V : never

/** `on` + Domain + Verb: `fit:progress` becomes `onFitProgress`. */
export type EventMethodName<E extends EventChannel> = `on${Capitalize<DomainOf<E>>}${Capitalize<VerbOf<E>>}`

/**
 * The API the window sees: request `domain:verb` becomes `api.domain.verb(payload)` resolving to the value
 * (or rejecting with the services' error); event `domain:verb` becomes `api.onDomainVerb(listener)`
 * returning an unsubscribe function.
 */
export type Api = ApiOf<false>

/**
 * The Api as the preload exposes it (window.api): each request resolves to its Result, which the window unwraps
 * (apiFromResults). contextBridge copies only an Error's message, so an error thrown in the preload would lose its
 * code and fields on the way.
 */
export type ResultApi = ApiOf<true>

type ApiOf<Enveloped extends boolean> = {
  [D in DomainOf<RequestChannel>]: {
    [C in RequestChannel as C extends `${D}:${infer V}` ? V : never]: (
      ...args: RequestArgs<C>
    ) => Promise<Enveloped extends true ? Result<RequestValue<C>> : RequestValue<C>>
  }
} & {
  [E in EventChannel as EventMethodName<E>]: (listener: (payload: EventMap[E]) => void) => () => void
}

export function splitChannel(channel: string): { domain: string; verb: string } {
  const at = channel.indexOf(':')
  return { domain: channel.slice(0, at), verb: channel.slice(at + 1) }
}

export function eventMethodName<E extends EventChannel>(channel: E): EventMethodName<E> {
  const { domain, verb } = splitChannel(channel)
  return `on${capitalize(domain)}${capitalize(verb)}` as EventMethodName<E>
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/**
 * Builds the Api from the channel lists over one transport (IPC in the preload, HTTP in the browser mode):
 * `invoke` sends a request and resolves to its unwrapped value, `subscribe` adds an event listener and
 * returns its unsubscribe function.
 */
export function buildApi(
  invoke: (channel: RequestChannel, payload: unknown) => Promise<unknown>,
  subscribe: (channel: EventChannel, listener: (payload: unknown) => void) => () => void
): Api {
  const api: Record<string, unknown> = {}
  for (const channel of REQUEST_CHANNELS) {
    const { domain, verb } = splitChannel(channel)
    const methods = (api[domain] ??= {}) as Record<string, unknown>
    methods[verb] = (payload?: unknown) => invoke(channel, payload)
  }
  for (const channel of EVENT_CHANNELS) {
    api[eventMethodName(channel)] = (listener: (payload: unknown) => void) => subscribe(channel, listener)
  }
  return api as Api
}

/** The Api over the preload's ResultApi: every request's Result unwrapped here, in the window's own world. */
export function apiFromResults(bridge: ResultApi): Api {
  const methods = bridge as unknown as Record<string, Record<string, (payload?: unknown) => Promise<unknown>>>
  const events = bridge as unknown as Record<string, (listener: (payload: unknown) => void) => () => void>
  return buildApi(
    async (channel, payload) => {
      const { domain, verb } = splitChannel(channel)
      const reply = await (payload === undefined ? methods[domain][verb]() : methods[domain][verb](payload))
      if (!isResult(reply)) throw new Error(`${channel}: the app sent a malformed reply`)
      return unwrap(reply)
    },
    (channel, listener) => events[eventMethodName(channel)](listener)
  )
}

// ---------------------------------------------------------------------------------------------------------
// Payload validation

/** A request payload that does not match its channel. The message names the channel and the field. */
export class PayloadError extends Error {
  override name = 'PayloadError'
}

const MAX_JOB_ID_LENGTH = 128

const checkNoPayload: Check = (value) =>
  value === undefined || value === null ? null : `takes no payload, got ${describeValue(value)}`

const checkJobId: Check = (value, field) =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_JOB_ID_LENGTH
    ? null
    : `${field} must be a non-empty string of at most ${MAX_JOB_ID_LENGTH} characters`

const checkCurve: Check = curveInputProblem

const checkCurves: Check = (value, field) => {
  if (!Array.isArray(value) || value.length === 0) return `${field} must be a non-empty array of curves`
  const seen = new Map<string, number>()
  for (let i = 0; i < value.length; i++) {
    const problem = checkCurve(value[i], `${field}[${i}]`)
    if (problem) return problem
    const name = (value[i] as CurveInput).name
    const first = seen.get(name)
    if (first !== undefined) return `${field}[${i}].name ${describeValue(name)} repeats ${field}[${first}].name`
    seen.set(name, i)
  }
  return null
}

const checkFitOptions: Check = fitOptionsProblem

const checkFitRunRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with jobId, curves and options`
  return (
    checkJobId(value.jobId, 'jobId') ?? checkCurves(value.curves, 'curves') ?? checkFitOptions(value.options, 'options')
  )
}

const checkForecastRunRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with jobId, curves, options and crossovers`
  const problem = checkJobId(value.jobId, 'jobId') ?? checkCurves(value.curves, 'curves') ?? forecastOptionsProblem(value.options, 'options')
  if (problem) return problem
  const { crossovers, curves } = value as { crossovers: unknown; curves: CurveInput[] }
  if (!Array.isArray(crossovers)) return `crossovers must be an array of { curves: [A, B], range }`
  const names = new Set(curves.map((c) => c.name))
  for (let i = 0; i < crossovers.length; i++) {
    const c: unknown = crossovers[i]
    const field = `crossovers[${i}]`
    if (!isRecord(c) || !Array.isArray(c.curves) || c.curves.length !== 2) return `${field}.curves must name two curves`
    for (const name of c.curves) {
      if (typeof name !== 'string' || !names.has(name)) return `${field}.curves: ${describeValue(name)} is not among the curves sent`
    }
    if (c.curves[0] === c.curves[1]) return `${field}.curves must name two different curves`
    const problem = c.range === null ? null : rangeProblem(c.range, `${field}.range`)
    if (problem) return `${problem} (or null)`
  }
  return null
}

const checkFitCancelRequest: Check = (value) =>
  isRecord(value) ? checkJobId(value.jobId, 'jobId') : `payload must be an object with jobId`

/** Long enough for Windows' extended paths; a bound keeps error messages and logs small. */
const MAX_PATH_LENGTH = 32_767

const checkPath: Check = (value, field) =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH_LENGTH && !value.includes('\0')
    ? null
    : `${field} must be a non-empty file path without NUL characters, got ${describeValue(value)}`

const checkOptionalText = (value: unknown, field: string, maxLength: number): string | null =>
  value === undefined || (typeof value === 'string' && value.length <= maxLength && !value.includes('\0'))
    ? null
    : `${field} must be a string of at most ${maxLength} characters without NUL, got ${describeValue(value)}`

/** The same validator the project file goes through when it is opened, so both refuse the same things. */
const checkProject: Check = (value, field) => {
  if (!isRecord(value)) return `${field} must be a project document (an object), got ${describeValue(value)}`
  try {
    validateProject(value, field)
    return null
  } catch (error) {
    if (error instanceof ProjectFileError) return error.message
    throw error
  }
}

const checkProjectOpenRequest: Check = (value) =>
  isRecord(value) ? checkPath(value.path, 'path') : `payload must be an object with path`

const checkProjectSaveRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with path and project`
  if (value.overwrite !== undefined && typeof value.overwrite !== 'boolean') return `overwrite must be true or false, got ${describeValue(value.overwrite)}`
  if (value.expectedVersion !== undefined && typeof value.expectedVersion !== 'string') {
    return `expectedVersion must be a string, got ${describeValue(value.expectedVersion)}`
  }
  return checkPath(value.path, 'path') ?? checkProject(value.project, 'project')
}

const checkProjectAutosaveRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with originalPath and project`
  const problem = value.originalPath === null ? null : checkPath(value.originalPath, 'originalPath')
  return problem === null ? checkProject(value.project, 'project') : `${problem} (or null)`
}

const checkSaveDialogRequest: Check = (value) => {
  if (!isRecord(value) || value.suggestedName === undefined) return `payload must be an object with suggestedName`
  return checkOptionalText(value.suggestedName, 'suggestedName', 255)
}

const checkCurveIds = (value: unknown, field: string, project: Project): string | null => {
  if (!Array.isArray(value) || value.length === 0) return `${field} must be a non-empty array of curve ids`
  const ids = new Set(project.curves.map((c) => c.id))
  const bad = value.findIndex((id) => typeof id !== 'string' || !ids.has(id))
  return bad < 0 ? null : `${field}[${bad}] is not a curve of the project, got ${describeValue(value[bad])}`
}

const checkOverwrite = (value: unknown): string | null =>
  typeof value === 'boolean' ? null : `overwrite must be true or false, got ${describeValue(value)}`

const checkFigureRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with project, curveIds and style`
  const problem = checkProject(value.project, 'project') ?? figureStyleProblem(value.style)
  return problem ?? checkCurveIds(value.curveIds, 'curveIds', value.project as Project)
}

const checkFigureExportRequest: Check = (value) => {
  const problem = checkFigureRequest(value, 'payload')
  if (problem || !isRecord(value)) return problem
  if (typeof value.perCurve !== 'boolean') return `perCurve must be true or false, got ${describeValue(value.perCurve)}`
  if (!(FIGURE_FORMATS as readonly unknown[]).includes(value.format)) return `format must be one of ${FIGURE_FORMATS.join(', ')}, got ${describeValue(value.format)}`
  return checkPath(value.path, 'path') ?? dpiProblem(value.dpi) ?? checkOverwrite(value.overwrite)
}

const checkReportExportRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with project, curveIds, path, kind and overwrite`
  const problem = checkProject(value.project, 'project') ?? checkPath(value.path, 'path') ?? checkOverwrite(value.overwrite)
  if (problem) return problem
  if (value.kind !== 'report' && value.kind !== 'compare-table') return `kind must be "report" or "compare-table", got ${describeValue(value.kind)}`
  return value.curveIds === null ? null : checkCurveIds(value.curveIds, 'curveIds', value.project as Project)
}

const checkExportDialogRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with suggestedName and target`
  if (value.target !== 'file' && value.target !== 'folder') return `target must be "file" or "folder", got ${describeValue(value.target)}`
  return typeof value.suggestedName === 'string' ? checkOptionalText(value.suggestedName, 'suggestedName', 255) : `suggestedName must be a string`
}

const MAX_COLUMN_NAME_LENGTH = 1024

const checkCurvesReadRequest: Check = (value) => {
  if (!isRecord(value)) return `payload must be an object with path`
  const { path, format, xColumn, yColumns, curveName } = value
  const problem = checkPath(path, 'path')
  if (problem) return problem
  if (format !== undefined && !isOneOf(IMPORT_FORMATS, format)) {
    return `format must be one of ${listText(IMPORT_FORMATS)}, got ${describeValue(format)}`
  }
  const columnProblem =
    checkOptionalText(xColumn, 'xColumn', MAX_COLUMN_NAME_LENGTH) ??
    checkOptionalText(curveName, 'curveName', MAX_COLUMN_NAME_LENGTH)
  if (columnProblem) return columnProblem
  if (yColumns === undefined) return null
  if (!Array.isArray(yColumns)) return `yColumns must be an array of column names`
  for (let i = 0; i < yColumns.length; i++) {
    if (typeof yColumns[i] !== 'string') return `yColumns[${i}] must be a string, got ${describeValue(yColumns[i])}`
    const itemProblem = checkOptionalText(yColumns[i], `yColumns[${i}]`, MAX_COLUMN_NAME_LENGTH)
    if (itemProblem) return itemProblem
  }
  return null
}

/** One check per request channel; the compiler insists every channel has one. Its keys list the channels. */
const requestChecks: { [C in RequestChannel]: Check } = {
  'app:info': checkNoPayload,
  'project:new': checkNoPayload,
  'project:example': checkNoPayload,
  'project:open': checkProjectOpenRequest,
  'project:save': checkProjectSaveRequest,
  'project:recent': checkNoPayload,
  'project:autosave': checkProjectAutosaveRequest,
  'project:recovery': checkNoPayload,
  'project:discardRecovery': checkNoPayload,
  'dialog:openProject': checkNoPayload,
  'dialog:saveProject': checkSaveDialogRequest,
  'dialog:importCurves': checkNoPayload,
  'dialog:exportTarget': checkExportDialogRequest,
  'curves:read': checkCurvesReadRequest,
  'fit:run': checkFitRunRequest,
  'fit:cancel': checkFitCancelRequest,
  'forecast:run': checkForecastRunRequest,
  'figure:preview': checkFigureRequest,
  'figure:export': checkFigureExportRequest,
  'report:export': checkReportExportRequest
}

const eventChannels: { [E in EventChannel]: true } = { 'fit:progress': true, 'forecast:progress': true, 'menu:command': true }

export const REQUEST_CHANNELS = Object.keys(requestChecks) as RequestChannel[]
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[]

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestChecks, value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(eventChannels, value)
}

/** Null when the payload fits the channel, else the message `channel: field must be ...`. */
export function requestPayloadProblem(channel: RequestChannel, payload: unknown): string | null {
  const problem = requestChecks[channel](payload, 'payload')
  return problem === null ? null : `${channel}: ${problem}`
}

/** Returns the payload typed for its channel, or throws PayloadError naming the channel and the field. */
export function validateRequest<C extends RequestChannel>(channel: C, payload: unknown): RequestPayload<C> {
  if (!isRequestChannel(channel)) throw new PayloadError(`unknown request channel ${describeValue(channel)}`)
  const problem = requestPayloadProblem(channel, payload)
  if (problem !== null) throw new PayloadError(problem)
  return (payload ?? undefined) as RequestPayload<C>
}

export function isCurveInput(value: unknown): value is CurveInput {
  return checkCurve(value, 'curve') === null
}

export function isFitOptions(value: unknown): value is FitOptions {
  return checkFitOptions(value, 'options') === null
}

export function isFitRunRequest(value: unknown): value is FitRunRequest {
  return checkFitRunRequest(value, 'payload') === null
}

export function isFitCancelRequest(value: unknown): value is FitCancelRequest {
  return checkFitCancelRequest(value, 'payload') === null
}
