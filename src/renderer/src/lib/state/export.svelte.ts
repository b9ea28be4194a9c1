// The Export dialog: a figure (size, font, layout, what to draw) or a report of some curves, the live preview of
// the figure as main renders it, and writing the files; and the Compare view's table as CSV.
import type { ExportedFiles, FigureRequest, ServiceError } from '../../../../shared/contract'
import {
  CM_PER_INCH,
  DEFAULT_DPI,
  DEFAULT_FIGURE_STYLE,
  FIGURE_FORMATS,
  FIGURE_LIMITS,
  WIDTH_PRESETS,
  dpiProblem,
  figureStyleProblem,
  type FigureFormat,
  type FigureLayout,
  type FigurePalette,
  type FigureStyle
} from '../../../../shared/figure-style'
import type { FormName } from '../../../../shared/fit-types'
import type { Project } from '../../../../shared/project/types'
import { hasCode } from '../../../../shared/schema'
import { api, isBrowserMode } from '../api'
import { errorMessage, isNoNativeDialog, plural } from '../format'
import {
  REPORT_FORMAT_CHOICES,
  fileBase,
  fittedFormsOf,
  folderOf,
  fromInches,
  reportContents,
  subProject,
  toInches,
  widthPresetOf,
  withExtension,
  type LengthUnit,
  type ReportContents,
  type ReportExt,
  type WidthPreset
} from '../logic/export-plan'
import { dialogsState } from './dialogs.svelte'
import { projectState } from './project.svelte'
import { workspaceState } from './workspace.svelte'

export type ExportKind = 'figure' | 'report'
export type ExportScope = 'selection' | 'all'

/** The preview is asked for this long after the last change. */
export const PREVIEW_DEBOUNCE_MS = 250

const REPORT_EXTS: readonly string[] = REPORT_FORMAT_CHOICES.map((c) => c.ext)

/** A chosen target: the path, and whether a native dialog chose it (and so already asked about replacing it). */
interface Target {
  path: string
  native: boolean
}

/** The problem of one numeric style field alone, or of an empty field. */
function numberProblem(field: 'widthIn' | 'heightIn' | 'fontPt', value: number | null): string | null {
  if (value === null || !Number.isFinite(value)) {
    const [lo, hi] = FIGURE_LIMITS[field]
    return `Enter a number from ${lo} to ${hi} ${field === 'fontPt' ? 'pt' : 'in'}`
  }
  return figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, [field]: value })
}

/** The same problem in centimetres too, when the user types centimetres. */
function lengthProblem(field: 'widthIn' | 'heightIn', inches: number | null, unit: LengthUnit): string | null {
  const problem = numberProblem(field, inches)
  if (problem === null || unit === 'in') return problem
  const [lo, hi] = FIGURE_LIMITS[field].map((v) => Math.round(v * CM_PER_INCH * 100) / 100)
  return `${problem}; that is ${lo} to ${hi} cm`
}

class ExportState {
  open = $state(false)
  kind = $state<ExportKind>('figure')
  scope = $state<ExportScope>('selection')

  // The figure's settings, as the fields show them.
  unit = $state<LengthUnit>('in')
  /** Width and height in `unit` as typed; null while the field is empty. */
  width = $state<number | null>(DEFAULT_FIGURE_STYLE.widthIn)
  height = $state<number | null>(DEFAULT_FIGURE_STYLE.heightIn)
  fontPt = $state<number | null>(DEFAULT_FIGURE_STYLE.fontPt)
  /** The layout for several curves; one curve (or one file per curve) is always drawn alone. */
  layoutChoice = $state<Exclude<FigureLayout, 'single'>>('overlay')
  palette = $state<FigurePalette>(DEFAULT_FIGURE_STYLE.palette)
  /** Forms to draw; null: every fitted form (the best of each curve when overlaid). */
  forms = $state.raw<FormName[] | null>(DEFAULT_FIGURE_STYLE.forms)
  bands = $state(DEFAULT_FIGURE_STYLE.bands)
  breaks = $state(DEFAULT_FIGURE_STYLE.breaks)
  legend = $state(DEFAULT_FIGURE_STYLE.legend)
  sharedAxes = $state(DEFAULT_FIGURE_STYLE.sharedAxes)
  xLog = $state(DEFAULT_FIGURE_STYLE.xLog)
  yLog = $state(DEFAULT_FIGURE_STYLE.yLog)
  title = $state(DEFAULT_FIGURE_STYLE.title)
  /** Axis names; '' takes them from the curve. */
  xLabel = $state('')
  yLabel = $state('')
  format = $state<FigureFormat>('pdf')
  dpi = $state<number | null>(DEFAULT_DPI)
  perCurve = $state(false)

  reportExt = $state<ReportExt>('html')

  /** The last figure main rendered for the preview, kept while a newer one is on its way or failed. */
  previewSvg = $state<string | null>(null)
  /** The size of that figure, in inches: the preview shows it at its real size. */
  previewSize = $state.raw<{ widthIn: number; heightIn: number } | null>(null)
  previewError = $state<string | null>(null)
  /** 'Exporting…' from the click on Export until the files are written or the user gave up; else null. */
  busy = $state<string | null>(null)
  /** The files of the last export. */
  done = $state.raw<ExportedFiles | null>(null)
  error = $state<string | null>(null)

  /** The Compare view's CSV: the file written, or why not. */
  tableDone = $state<string | null>(null)
  tableError = $state<string | null>(null)
  tableBusy = $state(false)

  /** The preview request last answered (with a figure or an error). */
  #answered = $state.raw<FigureRequest | null>(null)
  #previewAsked = 0
  #previewShown = 0
  /** Where the last export went; the next one is proposed beside it. */
  #lastFolder: string | null = null

  /** The workspace's selected curves (the one on screen when none is selected). */
  selectionIds = $derived(workspaceState.selectedIds.filter((id) => projectState.hasCurve(id)))
  /** The curves to export, in project order for all, in selection order otherwise. */
  curveIds = $derived(this.scope === 'all' ? projectState.project.curves.map((c) => c.id) : this.selectionIds)
  project = $derived(subProject(projectState.project, this.curveIds))
  availableForms = $derived(fittedFormsOf(projectState.project, this.curveIds))
  layout = $derived<FigureLayout>(this.curveIds.length <= 1 || this.perCurve ? 'single' : this.layoutChoice)

  widthIn = $derived(this.width === null ? null : toInches(this.width, this.unit))
  heightIn = $derived(this.height === null ? null : toInches(this.height, this.unit))
  widthPreset = $derived<WidthPreset>(this.widthIn === null ? 'custom' : widthPresetOf(this.widthIn))

  /** The style sent to main: a plain object (never a state proxy, which IPC cannot clone). */
  style = $derived.by((): FigureStyle => {
    const chosen = this.forms?.filter((f) => this.availableForms.includes(f)) ?? []
    return {
      widthIn: this.widthIn ?? Number.NaN,
      heightIn: this.heightIn ?? Number.NaN,
      fontPt: this.fontPt ?? Number.NaN,
      layout: this.layout,
      palette: this.palette,
      forms: chosen.length > 0 ? chosen : null,
      bands: this.bands,
      breaks: this.breaks,
      title: this.title,
      xLabel: this.xLabel.trim() === '' ? null : this.xLabel,
      yLabel: this.yLabel.trim() === '' ? null : this.yLabel,
      legend: this.legend,
      sharedAxes: this.sharedAxes,
      xLog: this.xLog,
      yLog: this.yLog
    }
  })

  /** What is wrong with each field, shown beside it. */
  problems = $derived({
    width: lengthProblem('widthIn', this.widthIn, this.unit),
    height: lengthProblem('heightIn', this.heightIn, this.unit),
    fontPt: numberProblem('fontPt', this.fontPt),
    title: figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, title: this.title }),
    xLabel: figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, xLabel: this.xLabel }),
    yLabel: figureStyleProblem({ ...DEFAULT_FIGURE_STYLE, yLabel: this.yLabel }),
    dpi: this.format === 'png' ? (this.dpi === null ? `Enter a number from ${FIGURE_LIMITS.dpi.join(' to ')} dpi` : dpiProblem(this.dpi)) : null
  })
  /** The first problem that keeps a figure from being exported, or null. */
  figureProblem = $derived(figureStyleProblem(this.style) ?? this.problems.dpi)

  /** What the preview shows: the figure, or with one file per curve the first of them. */
  previewRequest = $derived.by((): FigureRequest | null => {
    if (!this.open || this.kind !== 'figure' || this.curveIds.length === 0 || figureStyleProblem(this.style) !== null) return null
    const curveIds = this.perCurve ? this.curveIds.slice(0, 1) : this.curveIds
    return { project: this.perCurve ? subProject(this.project, curveIds) : this.project, curveIds, style: this.style }
  })
  previewWaiting = $derived(this.previewRequest !== null && this.previewRequest !== this.#answered)

  reportContents = $derived<ReportContents>(reportContents(projectState.project, this.curveIds, this.reportExt))

  /** Export is offered (it waits for a running export; the button stays enabled so focus can return to it). */
  canExport = $derived(this.curveIds.length > 0 && (this.kind === 'report' || this.figureProblem === null))

  /** Opens the dialog on the selected curves (the one on screen when none is selected), or all with no selection. */
  show(): void {
    this.open = true
    this.scope = this.selectionIds.length > 0 ? 'selection' : 'all'
    this.done = null
    this.error = null
  }

  close(): void {
    this.open = false
    this.#previewAsked++
    this.#previewShown = this.#previewAsked
    this.#answered = null
  }

  /** Figure or report; what the last export wrote no longer belongs on screen. */
  setKind(kind: ExportKind): void {
    if (kind === this.kind) return
    this.kind = kind
    this.done = null
    this.error = null
  }

  setUnit(unit: LengthUnit): void {
    if (unit === this.unit) return
    const convert = (value: number | null): number | null => (value === null ? null : fromInches(toInches(value, this.unit), unit))
    this.width = convert(this.width)
    this.height = convert(this.height)
    this.unit = unit
  }

  setWidthPreset(preset: WidthPreset): void {
    if (preset !== 'custom') this.width = fromInches(WIDTH_PRESETS[preset], this.unit)
  }

  /** On: the automatic choice of forms; off: every fitted form, to untick from. */
  setAutoForms(on: boolean): void {
    this.forms = on ? null : [...this.availableForms]
  }

  /** Ticks or unticks a form; the last one stays ticked. */
  toggleForm(form: FormName, on: boolean): void {
    const current = this.style.forms ?? this.availableForms
    const next = this.availableForms.filter((f) => (f === form ? on : current.includes(f)))
    if (next.length > 0) this.forms = next
  }

  /** Asks main for the figure; the newest answer wins, an error keeps the last good figure. */
  async preview(request: FigureRequest): Promise<void> {
    const asked = ++this.#previewAsked
    try {
      const svg = await api.figure.preview(request)
      if (asked <= this.#previewShown) return
      this.previewSvg = svg
      this.previewSize = { widthIn: request.style.widthIn, heightIn: request.style.heightIn }
      this.previewError = null
    } catch (error) {
      if (asked <= this.#previewShown) return
      this.previewError = errorMessage(error)
    }
    this.#previewShown = asked
    this.#answered = request
  }

  /** Asks where to write, writes the figure or report, and says what was written; the dialog stays open. */
  async run(): Promise<void> {
    if (!this.canExport || this.busy !== null) return
    this.done = null
    this.error = null
    try {
      this.busy = 'Exporting…'
      const written = this.kind === 'figure' ? await this.#exportFigure() : await this.#exportReport()
      if (written) this.done = written
    } catch (error) {
      this.error = errorMessage(error)
    } finally {
      this.busy = null
    }
  }

  /** The Compare view's table (its rows, in its order) as CSV, straight from the view. */
  async exportCompareTable(curveIds: string[]): Promise<void> {
    if (curveIds.length === 0 || this.tableBusy) return
    this.tableDone = null
    this.tableError = null
    this.tableBusy = true
    try {
      const suggested = `${fileBase(projectState.project.name)}-compare.csv`
      const target = await this.#chooseTarget(suggested, 'file', 'Export the table as CSV')
      if (target === null) return
      const path = withExtension(target.path, 'csv', REPORT_EXTS)
      const project = subProject(projectState.project, curveIds)
      const written = await this.#write(target, path, (overwrite) =>
        api.report.export({ project, curveIds, path, kind: 'compare-table', overwrite })
      )
      if (written) this.tableDone = written.paths[0]
    } catch (error) {
      this.tableError = errorMessage(error)
    } finally {
      this.tableBusy = false
    }
  }

  dismissError(): void {
    this.error = null
  }

  dismissTableMessage(): void {
    this.tableDone = null
    this.tableError = null
  }

  async #exportFigure(): Promise<ExportedFiles | null> {
    const { curveIds, project, style, format, perCurve } = this
    const dpi = this.dpi !== null && dpiProblem(this.dpi) === null ? this.dpi : DEFAULT_DPI
    const only = curveIds.length === 1 ? projectState.curve(curveIds[0]) : null
    const base = fileBase(only?.name ?? projectState.project.name)
    const target = perCurve
      ? await this.#chooseTarget(`${fileBase(projectState.project.name)}-figures`, 'folder', `Export ${plural(curveIds.length, 'figure')} into a folder`)
      : await this.#chooseTarget(`${base}.${format}`, 'file', 'Export the figure')
    if (target === null) return null
    const path = perCurve ? target.path : withExtension(target.path, format, FIGURE_FORMATS)
    return this.#write(
      target,
      path,
      (overwrite) => api.figure.export({ project, curveIds, style, path, perCurve, format, dpi, overwrite }),
      perCurve
    )
  }

  async #exportReport(): Promise<ExportedFiles | null> {
    const all = this.scope === 'all'
    const ext = this.reportExt
    const target = await this.#chooseTarget(`${fileBase(projectState.project.name)}-report.${ext}`, 'file', 'Export the report')
    if (target === null) return null
    const path = withExtension(target.path, ext, REPORT_EXTS)
    const project: Project = all ? projectState.project : this.project
    const curveIds = all ? null : this.curveIds
    // Markdown writes its figures beside the report: files the native dialog did not ask about.
    const native = target.native && ext !== 'md'
    return this.#write({ ...target, native }, path, (overwrite) => api.report.export({ project, curveIds, path, kind: 'report', overwrite }))
  }

  /**
   * Writes; a file that exists is replaced only when the native dialog already asked (and the path is the one it
   * chose), otherwise after asking here. Null: the user kept the file.
   */
  async #write(
    target: Target,
    path: string,
    write: (overwrite: boolean) => Promise<ExportedFiles>,
    intoFolder = false
  ): Promise<ExportedFiles | null> {
    let written: ExportedFiles
    try {
      written = await write(target.native && path === target.path)
    } catch (error) {
      if (!hasCode(error, 'FileExists')) throw error
      const name = (error as ServiceError).fileName ?? path
      const folder = intoFolder ? path : folderOf(path) || 'that folder'
      const replace = await dialogsState.confirm({
        title: `Replace ${name}?`,
        message: `${name} exists in ${folder}. Replacing it loses what it holds now${intoFolder ? ', and so for every other file of this export that exists' : ''}.`,
        confirmLabel: 'Replace',
        danger: true
      })
      if (!replace) return null
      written = await write(true)
    }
    this.#lastFolder = folderOf(path)
    return written
  }

  /** A native dialog in the desktop app; the in-app path prompt in browser mode (or where the dialog is refused). */
  async #chooseTarget(suggestedName: string, target: 'file' | 'folder', title: string): Promise<Target | null> {
    if (!isBrowserMode) {
      try {
        const path = await api.dialog.exportTarget({ suggestedName, target })
        return path === null ? null : { path, native: true }
      } catch (error) {
        if (!isNoNativeDialog(error)) throw error
      }
    }
    const folder = this.#lastFolder ?? folderOf(projectState.path ?? '')
    const path = await dialogsState.askPath({
      title,
      label: target === 'folder' ? 'Folder (made if missing)' : 'Save to file',
      confirmLabel: 'Export',
      initial: `${folder}${suggestedName}`,
      placeholder: `/home/me/papers/${suggestedName}`,
      folder: folderOf(projectState.path ?? '') || null
    })
    return path === null ? null : { path, native: false }
  }
}

export const exportState = new ExportState()
