// One fit job at a time: runs it, follows its progress, keeps its results, cancels it.
import type { FitJobProgress, FitJobResult, FitProgressEvent } from '../../../../shared/contract'
import { DEFAULT_FIT_OPTIONS } from '../../../../shared/fit-types'
import type { CurveInput, FitOptions } from '../../../../shared/fit-types'
import { buildResultTable } from '../fit-table'
import type { ResultTable } from '../fit-table'
import { errorMessage } from '../format'

const TICK_MS = 250

let jobCount = 0
const newJobId = (): string => `fit-${Date.now().toString(36)}-${++jobCount}`

class FitState {
  #now = $state(0)
  #startedAt = 0
  #ticker: ReturnType<typeof setInterval> | undefined
  /** Progress events are followed for the window's lifetime, from the first job on. */
  #subscribed = false

  /** The running job, or null; events and results of any other job are stale and dropped. */
  jobId = $state<string | null>(null)
  cancelling = $state(false)
  progress = $state.raw<FitJobProgress | null>(null)
  result = $state.raw<FitJobResult | null>(null)
  error = $state<string | null>(null)
  /** The options and curve order of the job the result belongs to. */
  options = $state.raw<FitOptions>(DEFAULT_FIT_OPTIONS)
  curveOrder = $state.raw<string[]>([])
  total = $state(0)

  running = $derived(this.jobId !== null)
  done = $derived(this.progress?.done ?? 0)
  failed = $derived(this.progress?.failed ?? 0)
  elapsedMs = $derived(this.running ? Math.max(0, this.#now - this.#startedAt) : (this.result?.elapsedMs ?? 0))
  /** From the pace so far; null until the first task finishes. */
  remainingMs = $derived.by(() => {
    const progress = this.progress
    if (!this.running || !progress || progress.done === 0) return null
    const perTask = progress.elapsedMs / progress.done
    return Math.max(0, perTask * progress.total - this.elapsedMs)
  })
  table = $derived<ResultTable | null>(
    this.result ? buildResultTable(this.result, this.options.forms, this.curveOrder) : null
  )

  /** Fits every form in the default options to every curve; does nothing while a job runs. */
  async run(curves: CurveInput[], options: FitOptions = DEFAULT_FIT_OPTIONS): Promise<void> {
    if (this.running || curves.length === 0) return
    if (!this.#subscribed) {
      window.api.onFitProgress(this.#onProgress)
      this.#subscribed = true
    }
    const jobId = newJobId()
    this.jobId = jobId
    this.cancelling = false
    this.error = null
    this.result = null
    this.progress = null
    this.options = options
    this.curveOrder = curves.map((c) => c.name)
    this.total = curves.length * options.forms.length
    this.#startTicker()
    try {
      const result = await window.api.fit.run({ jobId, curves, options })
      if (this.jobId === jobId) this.result = result
    } catch (error) {
      if (this.jobId === jobId) this.error = errorMessage(error)
    } finally {
      if (this.jobId === jobId) this.#finish()
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.jobId
    if (jobId === null || this.cancelling) return
    this.cancelling = true
    try {
      await window.api.fit.cancel({ jobId })
    } catch (error) {
      this.error = errorMessage(error)
      this.cancelling = false
    }
  }

  /** Forgets the current job and its results (new curves were loaded); a running job is cancelled. */
  reset(): void {
    const jobId = this.jobId
    if (jobId !== null) void window.api.fit.cancel({ jobId }).catch(() => undefined)
    this.#finish()
    this.result = null
    this.progress = null
    this.error = null
  }

  dismissError(): void {
    this.error = null
  }

  #onProgress = (event: FitProgressEvent): void => {
    if (event.jobId !== this.jobId) return
    const { jobId: _jobId, ...progress } = event
    this.progress = progress
    this.total = progress.total
  }

  #startTicker(): void {
    this.#startedAt = performance.now()
    this.#now = this.#startedAt
    clearInterval(this.#ticker)
    this.#ticker = setInterval(() => (this.#now = performance.now()), TICK_MS)
  }

  #finish(): void {
    clearInterval(this.#ticker)
    this.#ticker = undefined
    this.jobId = null
    this.cancelling = false
  }
}

export const fitState = new FitState()
