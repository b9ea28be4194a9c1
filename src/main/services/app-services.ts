// The services behind the contract, free of Electron: the Electron shell, the browser-mode server and the
// command line all serve this same object.
import { basename } from 'node:path'
import type {
  AppInfo,
  CurvesFile,
  FitCancelRequest,
  FitJobResult,
  FitProgressEvent,
  FitRunRequest
} from '../../shared/contract'
import type { ImportFormat } from '../../shared/import'
import { FitPool } from './fit-pool'
import { readCurvesFile } from './read-curves-file'

export const APP_NAME = 'Scaling Studio'

export interface AppServicesOptions {
  /** The built fit worker (see fit-worker-path.ts). */
  workerPath: string
  /** The example project's curve file. */
  exampleFile: string
  version: string
  /** Worker threads; the pool's default when absent. */
  threads?: number
}

export interface FitRunHooks {
  /** Called for every finished (curve, form) task of this job. */
  onProgress?: (event: FitProgressEvent) => void
}

export class AppServices {
  readonly #pool: FitPool
  readonly #exampleFile: string
  readonly #version: string
  /** Running jobs by the client's job id. */
  readonly #jobs = new Map<string, AbortController>()
  #disposed = false

  constructor(options: AppServicesOptions) {
    this.#pool = new FitPool({ workerPath: options.workerPath, threads: options.threads })
    this.#exampleFile = options.exampleFile
    this.#version = options.version
  }

  info(): AppInfo {
    return { name: APP_NAME, version: this.#version, threads: this.#pool.threads }
  }

  /** The example project: the benchmark's 72 vision curves, with the rows that were left out. */
  loadExample(): Promise<CurvesFile> {
    return this.readCurves(this.#exampleFile)
  }

  /** Reads a curve file (format detected unless given); throws ImportError when nothing can be read. */
  async readCurves(path: string, format?: ImportFormat): Promise<CurvesFile> {
    const result = await readCurvesFile(path, { format })
    return { ...result, fileName: basename(path) }
  }

  /**
   * Fits every requested form to every curve on the worker pool. Resolves with the results so far, marked
   * cancelled, when cancelFit is called for the same job id; rejects when that id is already running.
   */
  async runFit(request: FitRunRequest, hooks: FitRunHooks = {}): Promise<FitJobResult> {
    const { jobId, curves, options } = request
    if (this.#disposed) throw new Error(`fit:run: job "${jobId}" refused, the services are shutting down`)
    if (this.#jobs.has(jobId)) throw new Error(`fit:run: job "${jobId}" is already running`)
    const controller = new AbortController()
    this.#jobs.set(jobId, controller)
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

  /** Stops a running job; false when no job of that id is running (finished, cancelled or unknown). */
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
