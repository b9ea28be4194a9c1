// The services behind the contract, free of Electron: the Electron shell and the browser-mode server both
// serve this same object through the handler table in ../handlers.ts.
import { readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type {
  AppInfo,
  AutosavedProject,
  CurvesFile,
  CurvesReadRequest,
  ExampleProject,
  ExportedFiles,
  FigureExportRequest,
  FigureRequest,
  FitCancelRequest,
  FitJobResult,
  FitProgressEvent,
  FitRunRequest,
  ForecastJobResult,
  ForecastProgressEvent,
  ForecastRunRequest,
  OpenedProject,
  RecentProject,
  RecoveredProject,
  ReportExportRequest,
  SavedProject
} from '../../shared/contract'
import { newProject, projectFromCurves } from '../../shared/project/document'
import type { Project } from '../../shared/project/types'
import { writeFigureFiles, writeReportFiles, figureSvg, type ExportContext } from './export-service'
import { figureFonts, type FigureFonts } from './figure-render'
import { FitPool } from './fit-pool'
import { ProjectStore } from './project-store'
import { readCurvesFile } from './read-curves-file'

export const APP_NAME = 'Scaling Studio'

/** The example project's files inside its folder (resources/example). */
export const EXAMPLE_CURVES_FILE = 'benchmark.vision.csv'
export const EXAMPLE_ATTRIBUTION_FILE = 'ATTRIBUTION.md'

export interface AppServicesOptions {
  /** The built fit worker (see fit-worker-path.ts). */
  workerPath: string
  /** The built parse worker (parse-worker-path.ts): curve files are parsed off this thread. Absent: parsed on it. */
  parseWorkerPath?: string
  /** The folder holding the example project's curves and attribution (resources/example). */
  exampleDir: string
  /** The folder holding the fonts of exported figures (resources). */
  resourcesDir: string
  /** Where the recent list and autosaved copies live (Electron: userData; browser mode: --data-dir). */
  dataDir: string
  version: string
  mode: AppInfo['mode']
  /** A project file the window should open at start, if any. */
  startupProject?: string | null
  /** Worker threads; the pool's default when absent. */
  threads?: number
}

export interface FitRunHooks {
  /** Called for every finished (curve, form) task of this job. */
  onProgress?: (event: FitProgressEvent) => void
}

export interface ForecastRunHooks {
  /** Called for every finished forecast or crossover task of this job. */
  onProgress?: (event: ForecastProgressEvent) => void
}

export class AppServices {
  readonly #pool: FitPool
  readonly #store: ProjectStore
  readonly #exampleDir: string
  readonly #parseWorker: string | undefined
  readonly #fonts: FigureFonts
  readonly #version: string
  readonly #mode: AppInfo['mode']
  readonly #startupProject: string | null
  /** Running jobs by the client's job id. */
  readonly #jobs = new Map<string, AbortController>()
  #disposed = false

  constructor(options: AppServicesOptions) {
    this.#pool = new FitPool({ workerPath: options.workerPath, threads: options.threads })
    this.#store = new ProjectStore({ dataDir: options.dataDir })
    this.#exampleDir = options.exampleDir
    this.#parseWorker = options.parseWorkerPath
    this.#fonts = figureFonts(options.resourcesDir)
    this.#version = options.version
    this.#mode = options.mode
    this.#startupProject = options.startupProject ? resolve(options.startupProject) : null
  }

  info(): AppInfo {
    return {
      name: APP_NAME,
      version: this.#version,
      threads: this.#pool.threads,
      mode: this.#mode,
      startupProject: this.#startupProject,
      workingFolder: process.cwd()
    }
  }

  newProject(): Project {
    return newProject('Untitled')
  }

  /** The example project: the benchmark's 72 vision curves with their source and licence, never saved. */
  async exampleProject(): Promise<ExampleProject> {
    const [file, attribution] = await Promise.all([
      readCurvesFile(join(this.#exampleDir, EXAMPLE_CURVES_FILE), { parseWorker: this.#parseWorker }),
      readFile(join(this.#exampleDir, EXAMPLE_ATTRIBUTION_FILE), 'utf8').then(firstParagraph)
    ])
    const project = projectFromCurves(file.curves, {
      name: 'Vision benchmark (example)',
      xQuantity: 'seen examples',
      yMetric: 'error rate',
      attribution
    })
    return { path: null, project }
  }

  // Paths are made absolute here, so the recent list and the window never hold one relative to a cwd.
  openProject(path: string): Promise<OpenedProject> {
    return this.#store.open(resolve(path))
  }

  saveProject(path: string, project: Project, options: { overwrite?: boolean; expectedVersion?: string } = {}): Promise<SavedProject> {
    return this.#store.save(resolve(path), project, options)
  }

  recentProjects(): Promise<RecentProject[]> {
    return this.#store.recent()
  }

  autosaveProject(project: Project, originalPath: string | null): Promise<AutosavedProject> {
    return this.#store.autosave(project, originalPath === null ? null : resolve(originalPath))
  }

  recoveredProject(): Promise<RecoveredProject | null> {
    return this.#store.recovery()
  }

  async discardRecovery(): Promise<null> {
    await this.#store.discardRecovery()
    return null
  }

  /**
   * Reads a curve file (format detected unless given); throws ImportError when nothing can be read. An aborted
   * signal (the client went away) stops the parse.
   */
  async readCurves(request: CurvesReadRequest, signal?: AbortSignal): Promise<CurvesFile> {
    const { path, ...options } = request
    const absolute = resolve(path)
    const result = await readCurvesFile(absolute, { ...options, parseWorker: this.#parseWorker, signal })
    return { ...result, fileName: basename(absolute) }
  }

  /**
   * Fits every requested form to every curve on the worker pool. Resolves with the results so far, marked
   * cancelled, when cancelFit is called for the same job id; rejects when that id is already running.
   */
  async runFit(request: FitRunRequest, hooks: FitRunHooks = {}): Promise<FitJobResult> {
    const { jobId, curves, options } = request
    const controller = this.#startJob(jobId, 'fit:run')
    const { onProgress } = hooks
    try {
      const result: FitJobResult = await this.#pool.runJob(curves, options, {
        signal: controller.signal,
        onProgress: onProgress && ((progress) => onProgress({ jobId, ...progress }))
      })
      return result
    } finally {
      this.#jobs.delete(jobId)
    }
  }

  /**
   * Forecasts every curve, and the crossovers asked for, on the worker pool. Cancelled by cancelFit with the
   * same job id (resolving with what finished); rejects when that id is already running.
   */
  async runForecast(request: ForecastRunRequest, hooks: ForecastRunHooks = {}): Promise<ForecastJobResult> {
    const { jobId, curves, options, crossovers } = request
    const controller = this.#startJob(jobId, 'forecast:run')
    const { onProgress } = hooks
    try {
      return await this.#pool.runForecastJob(curves, options, crossovers, {
        signal: controller.signal,
        onProgress: onProgress && ((progress) => onProgress({ jobId, ...progress }))
      })
    } finally {
      this.#jobs.delete(jobId)
    }
  }

  #startJob(jobId: string, channel: string): AbortController {
    if (this.#disposed) throw new Error(`${channel}: job "${jobId}" refused, the services are shutting down`)
    if (this.#jobs.has(jobId)) throw new Error(`${channel}: job "${jobId}" is already running`)
    const controller = new AbortController()
    this.#jobs.set(jobId, controller)
    return controller
  }

  /** Stops a running job; false when no job of that id is running (finished, cancelled or unknown). */
  /** The SVG of a figure as it would be exported. */
  figurePreview(request: FigureRequest): string {
    return figureSvg(request.project, { curveIds: request.curveIds, style: request.style }, this.#fonts)
  }

  exportFigure(request: FigureExportRequest): Promise<ExportedFiles> {
    const { project, ...rest } = request
    return writeFigureFiles(project, { ...rest, path: resolve(rest.path) }, this.#exportContext())
  }

  exportReport(request: ReportExportRequest): Promise<ExportedFiles> {
    const { project, ...rest } = request
    return writeReportFiles(project, { ...rest, path: resolve(rest.path) }, this.#exportContext())
  }

  #exportContext(): ExportContext {
    return { fonts: this.#fonts, version: this.#version }
  }

  cancelFit(request: FitCancelRequest): boolean {
    const controller = this.#jobs.get(request.jobId)
    if (!controller || controller.signal.aborted) return false
    controller.abort()
    return true
  }

  /** Cancels every running job and stops the workers. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#disposed) return
    this.#disposed = true
    for (const controller of this.#jobs.values()) controller.abort()
    await this.#pool.destroy()
  }
}

/** The first paragraph of a Markdown file, headings skipped and lines joined: the source and licence. */
function firstParagraph(markdown: string): string {
  const paragraphs = markdown.split(/\r?\n\s*\r?\n/).map((p) => p.trim())
  const text = paragraphs.find((p) => p !== '' && !p.startsWith('#')) ?? ''
  return text.replace(/\s*\r?\n\s*/g, ' ')
}
