// Runs fit jobs on a pool of worker threads: one task per (curve, form), with progress, cancellation and
// per-task failures. The workers only adapt a task to the engine (fit-worker.ts); everything else is here.
import { setMaxListeners } from 'node:events'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { FitJobError, FitJobProgress, FitJobResult } from '../../shared/contract'
import type { CurveFitResult, CurveInput, FitOptions, FormFit, FormName } from '../../shared/fit-types'

export type { FitJobProgress, FitJobResult }

/** What one worker call receives: fit this form to this curve. */
export interface FitTask {
  curve: CurveInput
  form: FormName
  options: FitOptions
}

/** A (curve, form) task that failed: the engine threw or its worker died. */
export type FitTaskError = FitJobError

export interface FitJobHooks {
  /** Aborting stops queued and running tasks; the job then resolves with what finished. */
  signal?: AbortSignal
  /** Called after every finished or failed task (not for tasks stopped by cancellation). */
  onProgress?: (progress: FitJobProgress) => void
}

export interface FitPoolOptions {
  /** The worker module: the built fit-worker (see fit-worker-path.ts), or a stand-in in tests. */
  workerPath: string
  /** Worker threads; default os.availableParallelism(). */
  threads?: number
}

/** The message piscina gives a task whose worker ended before answering. */
const WORKER_EXIT = /^worker exited with code/

function describeTaskError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return WORKER_EXIT.test(message) ? `the fit worker stopped before finishing (${message})` : message
}

/** One running job's stop switch: a user's cancellation, or a failure of the whole pool. */
class JobControl {
  readonly controller = new AbortController()
  cancelled = false

  cancel(): void {
    this.cancelled = true
    this.controller.abort()
  }

  /** Stops every task of the job; those not finished fail with this error. */
  fail(error: Error): void {
    this.controller.abort(error)
  }
}

/** A pool of fit workers, shared by every job until destroy(). */
export class FitPool {
  readonly threads: number
  readonly #workerPath: string
  /** Null after the workers failed outside any task; the next job starts a fresh set. */
  #piscina: Piscina<FitTask, FormFit> | null
  readonly #jobs = new Set<JobControl>()
  #destroyed = false

  /**
   * Starts the worker threads. Throws RangeError for a thread count that is not a positive integer, and an
   * Error when the worker module does not exist (for the built app: run npm run build).
   */
  constructor(options: FitPoolOptions) {
    const threads = options.threads ?? availableParallelism()
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`FitPool: threads must be a positive integer, got ${threads}`)
    }
    if (!existsSync(options.workerPath)) throw new Error(`FitPool: no worker module at ${options.workerPath}`)
    this.threads = threads
    this.#workerPath = options.workerPath
    this.#piscina = this.#startWorkers()
  }

  #startWorkers(): Piscina<FitTask, FormFit> {
    // Keep every worker alive between tasks: starting one costs more than a small fit.
    const piscina = new Piscina<FitTask, FormFit>({ filename: this.#workerPath, minThreads: this.threads, maxThreads: this.threads })
    piscina.on('error', (error: unknown) => this.#onWorkerError(piscina, error))
    return piscina
  }

  /**
   * A worker failed outside any task, typically while loading its module. piscina does not replace workers
   * that fail while starting, so queued tasks would wait forever: fail the running jobs and start afresh.
   */
  #onWorkerError(piscina: Piscina<FitTask, FormFit>, error: unknown): void {
    if (piscina !== this.#piscina) return
    this.#piscina = null
    const failure = new Error(`the fit workers failed: ${describeTaskError(error)}`)
    for (const job of this.#jobs) job.fail(failure)
    void piscina.destroy()
  }

  /**
   * Fits every form in options.forms to every curve, one task per (curve, form). Resolves with the fits
   * grouped per curve in input order (forms in options.forms order; curves without any finished fit are
   * left out), the failed tasks in the same order, and `cancelled: true` when the signal was aborted.
   * Never rejects for a failed task or a cancellation.
   */
  async runJob(curves: CurveInput[], options: FitOptions, hooks: FitJobHooks = {}): Promise<FitJobResult> {
    if (this.#destroyed) throw new Error('FitPool: the pool has been destroyed')
    const piscina = (this.#piscina ??= this.#startWorkers())
    const started = performance.now()
    const { signal, onProgress } = hooks
    const total = curves.length * options.forms.length
    const fits: Array<Array<FormFit | undefined>> = curves.map(() => [])
    const failures: Array<Array<FitTaskError | undefined>> = curves.map(() => [])
    let done = 0
    let failed = 0

    // One job-local signal: piscina adds a listener per task, which would trip Node's leak warning on the caller's.
    const job = new JobControl()
    setMaxListeners(total + 1, job.controller.signal)
    const forward = (): void => job.cancel()
    if (signal?.aborted) job.cancel()
    signal?.addEventListener('abort', forward, { once: true })
    this.#jobs.add(job)

    const runTask = async (c: number, f: number): Promise<void> => {
      const curve = curves[c]
      const form = options.forms[f]
      const jobSignal = job.controller.signal
      try {
        fits[c][f] = await piscina.run({ curve, form, options }, { signal: jobSignal })
      } catch (error) {
        // A task stopped by cancellation is neither a result nor a failure.
        if (job.cancelled) return
        const cause = jobSignal.aborted ? jobSignal.reason : error
        failures[c][f] = { curve: curve.name, form, message: describeTaskError(cause) }
        failed++
      }
      done++
      onProgress?.({ done, total, curve: curve.name, form, elapsedMs: performance.now() - started, failed })
    }

    try {
      await Promise.all(curves.flatMap((_, c) => options.forms.map((_, f) => runTask(c, f))))
    } finally {
      signal?.removeEventListener('abort', forward)
      this.#jobs.delete(job)
    }
    const results: CurveFitResult[] = curves.flatMap((curve, c) => {
      const finished = fits[c].filter((fit): fit is FormFit => fit !== undefined)
      return finished.length ? [{ curve: curve.name, fits: finished }] : []
    })
    const errors = failures.flatMap((row) => row.filter((e): e is FitTaskError => e !== undefined))
    return { results, errors, cancelled: job.cancelled, elapsedMs: performance.now() - started }
  }

  /** Cancels running jobs (they resolve as cancelled) and stops every worker. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return
    this.#destroyed = true
    for (const job of this.#jobs) job.cancel()
    await this.#piscina?.destroy()
    this.#piscina = null
  }
}
