// Runs fit jobs on a pool of worker threads: one task per (curve, form), with progress, cancellation and
// per-task failures. The workers only adapt a task to the engine (fit-worker.ts); everything else is here.
import { setMaxListeners } from 'node:events'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { FitJobError, FitJobProgress, FitJobResult, ForecastJobProgress, ForecastJobResult } from '../../shared/contract'
import { type CurveFitResult, type CurveInput, DEFAULT_TIME_BUDGET_SECONDS, type FitOptions, type FormFit, type FormName, splitPoints } from '../../shared/fit-types'
import type { CrossoverAnswer, CurveForecast, ForecastOptions } from '../../shared/forecast-types'

export type { FitJobProgress, FitJobResult, ForecastJobProgress, ForecastJobResult }

/** What one worker call receives: fit this form to this curve. */
export interface FitTask {
  curve: CurveInput
  form: FormName
  options: FitOptions
  /** Run time after which the worker fails the task (TimeBudgetError). */
  timeBudgetMs: number
}

/** Forecast one curve; extraX: further x its band should reach (its held-out points). */
export interface ForecastTask {
  kind: 'forecast'
  curve: CurveInput
  options: ForecastOptions
  extraX: number[]
  timeBudgetMs: number
}

/** Where two curves' forecasts cross. */
export interface CrossoverTask {
  kind: 'crossover'
  curves: [CurveInput, CurveInput]
  options: ForecastOptions
  range: [number, number] | null
  timeBudgetMs: number
}

export type WorkerTask = FitTask | ForecastTask | CrossoverTask
type WorkerResult = FormFit | CurveForecast | CrossoverAnswer

export interface ForecastJobHooks {
  signal?: AbortSignal
  /** Called after every finished or failed task (not for tasks stopped by cancellation). */
  onProgress?: (progress: ForecastJobProgress) => void
  /** Options for one curve's forecast (e.g. its own `at` list); default: the job's options for every curve. */
  optionsFor?: (curve: CurveInput) => ForecastOptions
  /** Run time after which one task fails; default DEFAULT_TIME_BUDGET_SECONDS. */
  timeBudgetMs?: number
}

/** One task of a job as the runner sees it: what to send, and whom it concerns for progress and errors. */
interface JobTask {
  task: WorkerTask
  curve: string
  form?: FormName
}

interface JobOutcome {
  outputs: Array<WorkerResult | undefined>
  failures: Array<string | undefined>
  cancelled: boolean
  elapsedMs: number
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

/** Expected cost of a task, lowest first: BNSL fits, then forecasts and crossovers, then M1-M4 fits. */
function costRank(t: JobTask): number {
  if (t.form === undefined) return 1
  return t.form === 'BNSL' ? 0 : 2
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
  #piscina: Piscina<WorkerTask, WorkerResult> | null
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

  #startWorkers(): Piscina<WorkerTask, WorkerResult> {
    // Keep every worker alive between tasks: starting one costs more than a small fit.
    const piscina = new Piscina<WorkerTask, WorkerResult>({ filename: this.#workerPath, minThreads: this.threads, maxThreads: this.threads })
    piscina.on('error', (error: unknown) => this.#onWorkerError(piscina, error))
    return piscina
  }

  /**
   * A worker failed outside any task, typically while loading its module. piscina does not replace workers
   * that fail while starting, so queued tasks would wait forever: fail the running jobs and start afresh.
   */
  #onWorkerError(piscina: Piscina<WorkerTask, WorkerResult>, error: unknown): void {
    if (piscina !== this.#piscina) return
    this.#piscina = null
    const failure = new Error(`the fit workers failed: ${describeTaskError(error)}`)
    for (const job of this.#jobs) job.fail(failure)
    void piscina.destroy()
  }

  /**
   * Runs tasks on the workers as one job: resolves when all have finished, failed or been cancelled, with
   * each task's output or failure message in task order. Never rejects for a failed task or a cancellation.
   */
  async #runTasks(tasks: JobTask[], signal: AbortSignal | undefined, onDone: (done: number, failed: number, task: JobTask, elapsedMs: number) => void): Promise<JobOutcome> {
    if (this.#destroyed) throw new Error('FitPool: the pool has been destroyed')
    const piscina = (this.#piscina ??= this.#startWorkers())
    const started = performance.now()
    const outputs: Array<WorkerResult | undefined> = []
    const failures: Array<string | undefined> = []
    let done = 0
    let failed = 0

    // One job-local signal: piscina adds a listener per task, which would trip Node's leak warning on the caller's.
    const job = new JobControl()
    setMaxListeners(tasks.length + 1, job.controller.signal)
    const forward = (): void => job.cancel()
    if (signal?.aborted) job.cancel()
    signal?.addEventListener('abort', forward, { once: true })
    this.#jobs.add(job)

    const runTask = async (t: JobTask, i: number): Promise<void> => {
      const jobSignal = job.controller.signal
      try {
        outputs[i] = await piscina.run(t.task, { signal: jobSignal })
      } catch (error) {
        // A task stopped by cancellation is neither a result nor a failure.
        if (job.cancelled) return
        failures[i] = describeTaskError(jobSignal.aborted ? jobSignal.reason : error)
        failed++
      }
      done++
      onDone(done, failed, t, performance.now() - started)
    }

    try {
      // Longest first: a BNSL fit with selection costs tens of times an M1-M4 fit, and one started last would keep
      // the job waiting on one worker while the others idle. Outputs keep task order whatever the start order.
      const order = tasks.map((_, i) => i).sort((i, j) => costRank(tasks[i]) - costRank(tasks[j]) || i - j)
      await Promise.all(order.map((i) => runTask(tasks[i], i)))
    } finally {
      signal?.removeEventListener('abort', forward)
      this.#jobs.delete(job)
    }
    return { outputs, failures, cancelled: job.cancelled, elapsedMs: performance.now() - started }
  }

  /**
   * Fits every form in options.forms to every curve, one task per (curve, form). Resolves with the fits
   * grouped per curve in input order (forms in options.forms order; curves without any finished fit are
   * left out), the failed tasks in the same order, and `cancelled: true` when the signal was aborted.
   * Never rejects for a failed task or a cancellation.
   */
  async runJob(curves: CurveInput[], options: FitOptions, hooks: FitJobHooks = {}): Promise<FitJobResult> {
    const { signal, onProgress } = hooks
    const forms = options.forms
    const timeBudgetMs = (options.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS) * 1000
    const tasks: JobTask[] = curves.flatMap((curve) => forms.map((form) => ({ task: { curve, form, options, timeBudgetMs }, curve: curve.name, form })))
    const total = tasks.length
    const outcome = await this.#runTasks(tasks, signal, (done, failed, t, elapsedMs) =>
      onProgress?.({ done, total, curve: t.curve, form: t.form as FormName, elapsedMs, failed })
    )
    const results: CurveFitResult[] = curves.flatMap((curve, c) => {
      const finished = forms.map((_, f) => outcome.outputs[c * forms.length + f] as FormFit | undefined).filter((fit): fit is FormFit => fit !== undefined)
      return finished.length ? [{ curve: curve.name, fits: finished }] : []
    })
    const errors: FitTaskError[] = tasks.flatMap((t, i) => {
      const message = outcome.failures[i]
      return message === undefined ? [] : [{ curve: t.curve, form: t.form as FormName, message }]
    })
    return { results, errors, cancelled: outcome.cancelled, elapsedMs: outcome.elapsedMs }
  }

  /**
   * Forecasts every curve (one task each) and answers every crossover asked for (one task each, naming two
   * of the curves). Resolves with the forecasts in curve order, the crossovers in request order and the
   * failed tasks; never rejects for a failed task or a cancellation.
   */
  async runForecastJob(
    curves: CurveInput[],
    options: ForecastOptions,
    crossovers: Array<{ curves: [string, string]; range: [number, number] | null }>,
    hooks: ForecastJobHooks = {}
  ): Promise<ForecastJobResult> {
    const byName = new Map(curves.map((c) => [c.name, c]))
    const timeBudgetMs = hooks.timeBudgetMs ?? DEFAULT_TIME_BUDGET_SECONDS * 1000
    const tasks: JobTask[] = [
      ...curves.map((curve): JobTask => ({
        task: { kind: 'forecast', curve, options: hooks.optionsFor?.(curve) ?? options, extraX: splitPoints(curve).heldout.x, timeBudgetMs },
        curve: curve.name
      })),
      ...crossovers.map(({ curves: [a, b], range }): JobTask => {
        const pair = [a, b].map((name) => {
          const found = byName.get(name)
          if (!found) throw new Error(`crossover: no curve named "${name}" among the curves sent`)
          return found
        }) as [CurveInput, CurveInput]
        return { task: { kind: 'crossover', curves: pair, options, range, timeBudgetMs }, curve: `${a} × ${b}` }
      })
    ]
    const total = tasks.length
    const outcome = await this.#runTasks(tasks, hooks.signal, (done, failed, t, elapsedMs) =>
      hooks.onProgress?.({ done, total, curve: t.curve, elapsedMs, failed })
    )
    const forecasts = curves.flatMap((_, i) => (outcome.outputs[i] ? [outcome.outputs[i] as CurveForecast] : []))
    const answers = crossovers.flatMap((_, k) => {
      const out = outcome.outputs[curves.length + k]
      return out ? [out as CrossoverAnswer] : []
    })
    const errors = tasks.flatMap((t, i) => (outcome.failures[i] === undefined ? [] : [{ curve: t.curve, message: outcome.failures[i] as string }]))
    return { forecasts, crossovers: answers, errors, cancelled: outcome.cancelled, elapsedMs: outcome.elapsedMs }
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
