// The import dialog: where the curves come from (a file or pasted text), how to read them, how to split
// them, and a preview of exactly what the import will add before anything changes.
import type { CurvesFile } from '../../../../shared/contract'
import { ImportError, MAX_IMPORT_BYTES, parseCurves, type ImportFormat } from '../../../../shared/import'
import { WANDB_SEPARATOR, isWandbBand } from '../../../../shared/import/detect-format'
import { api, isBrowserMode } from '../api'
import { errorMessage, isNoNativeDialog } from '../format'
import { planImport, type ImportPlan, type SplitChoice } from '../logic/import-plan'
import { projectState } from './project.svelte'
import { workspaceState } from './workspace.svelte'

export type ImportSource = 'file' | 'paste'
export type { SplitChoice }

/** Formats whose curves are columns, where the user may pick the x and y columns. */
const COLUMN_FORMATS: readonly string[] = ['wide', 'wandb']
/** Re-reading pasted text waits this long after the last key press. */
const PASTE_DEBOUNCE_MS = 200

class ImportState {
  open = $state(false)
  source = $state<ImportSource>('file')
  /** The file path to read through the services (native dialog or typed). */
  path = $state('')
  /** A file picked in the browser and read in the page. */
  pickedName = $state<string | null>(null)
  pasted = $state('')
  format = $state<ImportFormat>('auto')
  xColumn = $state<string | null>(null)
  /** null: every metric column. */
  yColumns = $state.raw<string[] | null>(null)
  curveName = $state('')
  splitChoice = $state<SplitChoice>('file')
  splitK = $state(1)
  splitX = $state<number | null>(null)
  xQuantity = $state('')
  yMetric = $state('')

  /** The curves read with the current options. */
  preview = $state.raw<CurvesFile | null>(null)
  /** Why the source could not be read; the project is untouched. */
  error = $state<string | null>(null)
  reading = $state(false)

  /** The detected or chosen format offers x / y column pickers. */
  columnPicker = $derived(this.preview !== null && COLUMN_FORMATS.includes(this.preview.format))
  /** The columns offered as x and as curves, for wide and W&B files. */
  columnChoices = $derived.by((): { x: string[]; y: string[]; xSelected: string | null } => {
    const file = this.preview
    if (!file || !COLUMN_FORMATS.includes(file.format)) return { x: [], y: [], xSelected: null }
    const columns = file.columns
    const fallback = file.format === 'wide' ? (columns[0] ?? null) : (columns.find((c) => c.toLowerCase() === 'step') ?? null)
    const xSelected = this.xColumn ?? fallback
    const isCurve = (c: string): boolean =>
      c !== xSelected && c !== '' && (file.format === 'wide' || (c.includes(WANDB_SEPARATOR) && !isWandbBand(c)))
    return { x: columns.filter((c) => c !== ''), y: columns.filter(isCurve), xSelected }
  })
  /** The split rule is complete enough to apply. */
  splitProblem = $derived.by((): string | null => {
    if (this.splitChoice === 'largest' && !(Number.isInteger(this.splitK) && this.splitK >= 1)) {
      return 'Hold out at least the largest x value (k ≥ 1).'
    }
    if (this.splitChoice === 'x-above' && (this.splitX === null || !Number.isFinite(this.splitX))) {
      return 'Enter the x above which points are held out.'
    }
    return null
  })
  plan = $derived.by((): ImportPlan | { problem: string } | null => {
    const file = this.preview
    if (!file) return null
    if (this.splitProblem) return { problem: this.splitProblem }
    try {
      return planImport(
        projectState.project,
        file,
        { choice: this.splitChoice, k: this.splitK, x: this.splitX ?? 0 },
        { xQuantity: this.xQuantity, yMetric: this.yMetric }
      )
    } catch (error) {
      return { problem: errorMessage(error) }
    }
  })

  /** Text of the file picked in the browser, kept to re-read it with other options. */
  #pickedText: string | null = null
  #generation = 0
  #pasteTimer: ReturnType<typeof setTimeout> | undefined

  show(): void {
    this.open = true
  }

  close(): void {
    this.open = false
    this.#generation++
    clearTimeout(this.#pasteTimer)
    this.reading = false
  }

  /** Forgets the source and its preview (a fresh dialog). */
  reset(): void {
    this.close()
    this.path = ''
    this.pickedName = null
    this.#pickedText = null
    this.pasted = ''
    this.preview = null
    this.error = null
    this.#resetColumns()
  }

  setSource(source: ImportSource): void {
    if (source === this.source) return
    this.source = source
    this.preview = null
    this.error = null
    this.#resetColumns()
    if (source === 'paste' && this.pasted.trim() !== '') void this.read()
    if (source === 'file' && (this.path !== '' || this.#pickedText !== null)) void this.read()
  }

  setFormat(format: ImportFormat): void {
    this.format = format
    this.#resetColumns()
    void this.read()
  }

  setXColumn(column: string): void {
    this.xColumn = column
    // Another x column changes which columns are curves.
    this.yColumns = null
    void this.read()
  }

  toggleYColumn(column: string, on: boolean): void {
    const all = this.#metricColumns()
    const current = this.yColumns ?? all
    const next = on ? all.filter((c) => c === column || current.includes(c)) : current.filter((c) => c !== column)
    if (next.length === 0) return
    this.yColumns = next.length === all.length ? null : next
    void this.read()
  }

  setCurveName(name: string): void {
    this.curveName = name
    void this.read()
  }

  setPasted(text: string): void {
    this.pasted = text
    clearTimeout(this.#pasteTimer)
    this.#pasteTimer = setTimeout(() => void this.read(), PASTE_DEBOUNCE_MS)
  }

  /** Chooses a file with the native dialog (desktop); in browser mode the dialog shows a path field and a file picker instead. */
  async browse(): Promise<void> {
    try {
      const path = await api.dialog.importCurves()
      if (path === null) return
      this.path = path
      this.#pickedText = null
      this.pickedName = null
      this.#resetColumns()
      await this.read()
    } catch (error) {
      if (!isNoNativeDialog(error)) this.error = errorMessage(error)
    }
  }

  /** Reads a path typed into the dialog (browser mode, or a path pasted in the desktop app). */
  async readPath(path: string): Promise<void> {
    this.path = path.trim()
    this.#pickedText = null
    this.pickedName = null
    this.#resetColumns()
    await this.read()
  }

  /** Reads a file picked in the browser, in the page; the size is checked before reading. */
  async pickFile(file: File): Promise<void> {
    const generation = ++this.#generation
    this.error = null
    this.preview = null
    if (file.size > MAX_IMPORT_BYTES) {
      this.error = `${file.name}: the file is ${(file.size / 2 ** 20).toFixed(0)} MB; the largest file Scaling Studio imports is ${MAX_IMPORT_BYTES / 2 ** 20} MB`
      return
    }
    this.reading = true
    try {
      const text = await file.text()
      if (generation !== this.#generation) return
      this.#pickedText = text
      this.pickedName = file.name
      this.path = ''
      this.#resetColumns()
      await this.read()
    } catch (error) {
      if (generation === this.#generation) this.error = `${file.name}: ${errorMessage(error)}`
    } finally {
      if (generation === this.#generation) this.reading = false
    }
  }

  /** Reads the source with the current options into the preview; an error leaves no preview. */
  async read(): Promise<void> {
    const generation = ++this.#generation
    const options = {
      format: this.format,
      ...(this.xColumn !== null && { xColumn: this.xColumn }),
      ...(this.yColumns !== null && { yColumns: [...this.yColumns] }),
      ...(this.curveName.trim() !== '' && { curveName: this.curveName.trim() })
    }
    this.reading = true
    this.error = null
    try {
      let file: CurvesFile | null = null
      if (this.source === 'paste') {
        if (this.pasted.trim() === '') file = null
        else file = { ...parseCurves(this.pasted, { fileName: 'pasted text', ...options }), fileName: 'pasted text' }
      } else if (this.#pickedText !== null && this.pickedName !== null) {
        file = { ...parseCurves(this.#pickedText, { fileName: this.pickedName, ...options }), fileName: this.pickedName }
      } else if (this.path !== '') {
        file = await api.curves.read({ path: this.path, ...options })
      }
      if (generation !== this.#generation) return
      this.preview = file
    } catch (error) {
      if (generation !== this.#generation) return
      this.preview = null
      this.error = error instanceof ImportError || error instanceof Error ? error.message : String(error)
    } finally {
      if (generation === this.#generation) this.reading = false
    }
  }

  /** Adds the previewed curves to the project as one undoable edit and shows the first of them. */
  apply(): void {
    const plan = this.plan
    if (!plan || 'problem' in plan) return
    // The plan is derived from the project on screen, so it is exactly what the preview showed.
    if (!projectState.edit(() => plan.edit)) return
    if (plan.curves[0]) workspaceState.show(plan.curves[0].id)
    workspaceState.tab = 'curve'
    this.reset()
  }

  dismissError(): void {
    this.error = null
  }

  #metricColumns(): string[] {
    return this.columnChoices.y
  }

  #resetColumns(): void {
    this.xColumn = null
    this.yColumns = null
  }
}

export const importState = new ImportState()

/** Browser mode: the dialog offers a path field and a file picker instead of the native dialog. */
export const typedPaths = isBrowserMode
