// The import dialog: where the curves come from (a file or pasted text), how to read them, how to split
// them, and a preview of exactly what the import will add before anything changes.
import type { CurvesFile } from '../../../../shared/contract'
import { MAX_IMPORT_BYTES, type ImportFormat } from '../../../../shared/import'
import { WANDB_SEPARATOR, isWandbBand } from '../../../../shared/import/detect-format'
import type { ParseJob } from '../../../../shared/import/parse-job'
import { api, isBrowserMode } from '../api'
import { errorMessage, isNoNativeDialog } from '../format'
import {
  DEFAULT_IMPORT_SETTINGS,
  describeShortfalls,
  planImport,
  type ImportPlan,
  type ImportSettings,
  type SplitChoice
} from '../logic/import-plan'
import { parseOffThread } from '../parse-worker-client'
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
  /** A file picked in the browser and parsed in the page's worker. */
  pickedName = $state<string | null>(null)
  pasted = $state('')
  // Each import starts from DEFAULT_IMPORT_SETTINGS (#startOver): nothing of the last file's carries over.
  format = $state<ImportFormat>(DEFAULT_IMPORT_SETTINGS.format)
  xColumn = $state<string | null>(DEFAULT_IMPORT_SETTINGS.xColumn)
  /** null: every metric column. */
  yColumns = $state.raw<string[] | null>(DEFAULT_IMPORT_SETTINGS.yColumns)
  curveName = $state(DEFAULT_IMPORT_SETTINGS.curveName)
  splitChoice = $state<SplitChoice>(DEFAULT_IMPORT_SETTINGS.splitChoice)
  splitK = $state(DEFAULT_IMPORT_SETTINGS.splitK)
  splitX = $state<number | null>(DEFAULT_IMPORT_SETTINGS.splitX)
  xQuantity = $state(DEFAULT_IMPORT_SETTINGS.xQuantity)
  yMetric = $state(DEFAULT_IMPORT_SETTINGS.yMetric)

  /** The shortfall warning the user accepted with "Import anyway". */
  #acceptedShortfall = $state<string | null>(null)

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
  /** The y columns chosen, as a set: a wide file may offer 100,000 of them. */
  ySelected = $derived(this.yColumns === null ? null : new Set(this.yColumns))
  /** Names the curves the import would leave with too few fit points; null when every curve can be fitted. */
  shortfallWarning = $derived.by((): string | null => {
    const plan = this.plan
    if (!plan || 'problem' in plan || plan.shortfalls.length === 0) return null
    return describeShortfalls(plan.shortfalls, plan.curves.length)
  })
  /** The user chose to import anyway in spite of exactly this warning; another warning asks again. */
  shortfallAccepted = $derived(this.shortfallWarning !== null && this.#acceptedShortfall === this.shortfallWarning)

  /** Bytes of the file picked in the browser, kept to re-read it with other options. */
  #pickedBytes: Uint8Array | null = null
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

  /** Forgets the source, its preview and every setting (a fresh dialog). */
  reset(): void {
    this.close()
    this.path = ''
    this.pickedName = null
    this.#pickedBytes = null
    this.pasted = ''
    this.preview = null
    this.error = null
    this.#startOver()
  }

  setSource(source: ImportSource): void {
    if (source === this.source) return
    this.source = source
    this.preview = null
    this.error = null
    this.#startOver()
    if (source === 'paste' && this.pasted.trim() !== '') void this.read()
    if (source === 'file' && (this.path !== '' || this.#pickedBytes !== null)) void this.read()
  }

  /** Imports in spite of the shortfall warning on screen (on), or not (off). */
  acceptShortfall(on: boolean): void {
    this.#acceptedShortfall = on ? this.shortfallWarning : null
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
    const current = this.ySelected ?? new Set(all)
    const next = on ? all.filter((c) => c === column || current.has(c)) : all.filter((c) => c !== column && current.has(c))
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
      this.#pickedBytes = null
      this.pickedName = null
      this.#startOver()
      await this.read()
    } catch (error) {
      if (!isNoNativeDialog(error)) this.error = errorMessage(error)
    }
  }

  /** Reads a path typed into the dialog (browser mode, or a path pasted in the desktop app). */
  async readPath(path: string): Promise<void> {
    this.path = path.trim()
    this.#pickedBytes = null
    this.pickedName = null
    this.#startOver()
    await this.read()
  }

  /** Reads a file picked in the browser, parsed in the page's worker; the size is checked before reading. */
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
      // Bytes, not text: the worker decodes them and says so when they are not UTF-8.
      const bytes = new Uint8Array(await file.arrayBuffer())
      if (generation !== this.#generation) return
      this.#pickedBytes = bytes
      this.pickedName = file.name
      this.path = ''
      this.#startOver()
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
    const inPage = async (fileName: string, source: ParseJob['source']): Promise<CurvesFile> => ({
      ...(await parseOffThread({ source, options: { fileName, ...options } })),
      fileName
    })
    try {
      let file: CurvesFile | null = null
      if (this.source === 'paste') {
        if (this.pasted.trim() !== '') file = await inPage('pasted text', { text: this.pasted })
      } else if (this.#pickedBytes !== null && this.pickedName !== null) {
        file = await inPage(this.pickedName, { bytes: this.#pickedBytes })
      } else if (this.path !== '') {
        file = await api.curves.read({ path: this.path, ...options })
      }
      if (generation !== this.#generation) return
      this.preview = file
    } catch (error) {
      // A newer read replaced this one (its parse may have been stopped): that read reports.
      if (generation !== this.#generation) return
      this.preview = null
      this.error = errorMessage(error)
    } finally {
      if (generation === this.#generation) this.reading = false
    }
  }

  /** Adds the previewed curves to the project as one undoable edit and shows the first of them. */
  apply(): void {
    const plan = this.plan
    if (!plan || 'problem' in plan) return
    if (this.shortfallWarning !== null && !this.shortfallAccepted) return
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
    this.xColumn = DEFAULT_IMPORT_SETTINGS.xColumn
    this.yColumns = DEFAULT_IMPORT_SETTINGS.yColumns
  }

  /** A new source: every setting back to its default, so the file is read and split as it says. */
  #startOver(): void {
    const settings: ImportSettings = DEFAULT_IMPORT_SETTINGS
    this.format = settings.format
    this.#resetColumns()
    this.curveName = settings.curveName
    this.splitChoice = settings.splitChoice
    this.splitK = settings.splitK
    this.splitX = settings.splitX
    this.xQuantity = settings.xQuantity
    this.yMetric = settings.yMetric
    this.#acceptedShortfall = null
  }
}

export const importState = new ImportState()

/** Browser mode: the dialog offers a path field and a file picker instead of the native dialog. */
export const typedPaths = isBrowserMode
