// Fitting: the Fit… panel's choices, one job at a time with its progress, cancel, and the results stored
// in the project as one undoable edit (also when the job was cancelled: finished curves are kept).
import type { FitJobError, FitJobProgress, FitProgressEvent } from '../../../../shared/contract'
import { DEFAULT_TIME_BUDGET_SECONDS, FORM_NAMES, MAX_TIME_BUDGET_SECONDS, isTimeBudget, type BreakCount, type FitOptions, type FormName } from '../../../../shared/fit-types'
import { fitInputs } from '../../../../shared/project/document'
import { applyFitResults, updateSettings } from '../../../../shared/project/edits'
import { api } from '../api'
import { errorMessage, formatDuration, plural } from '../format'
import { DocumentScoped } from './document-scoped.svelte'
import { projectState } from './project.svelte'
import { workspaceState } from './workspace.svelte'

const TICK_MS = 250

let jobCount = 0
const newJobId = (): string => `fit-${Date.now().toString(36)}-${++jobCount}`

export type FitScope = 'selected' | 'all'

/** A failed (curve, form) task, with the curve's name as the user knows it. */
export interface FitFailure {
  curve: string
  form: FormName
  message: string
}

export interface FitOutcome {
  /** "Fitted 72 curves in 1 min 05 s", "Cancelled after 12 s: 9 of 72 curves fitted". */
  summary: string
  cancelled: boolean
  failures: FitFailure[]
}

class FitState {
  panelOpen = $state(false)
  forms = $state.raw<FormName[]>([...FORM_NAMES])
  breaks = $state<FitOptions['breaks']>('auto')
  crop = $state<FitOptions['crop']>('auto')
  /** Seconds one (curve, form) fit may run; the field's text, checked by timeBudgetProblem. */
  timeBudget = $state(String(DEFAULT_TIME_BUDGET_SECONDS))
  scope = $state<FitScope>('all')

  /** The running job, or null; events and results of any other job are stale and dropped. */
  jobId = $state<string | null>(null)
  cancelling = $state(false)
  progress = $state.raw<FitJobProgress | null>(null)
  total = $state(0)
  curveCount = $state(0)
  /** Why the last job failed as a whole, shown until dismissed or another project opens. */
  readonly #error = new DocumentScoped<string | null>(null)

  readonly #outcome = new DocumentScoped<FitOutcome | null>(null)

  #now = $state(0)
  #startedAt = 0
  #ticker: ReturnType<typeof setInterval> | undefined
  /** Progress events are followed for the window's lifetime, from the first job on. */
  #subscribed = false

  get error(): string | null {
    return this.#error.current
  }

  set error(message: string | null) {
    this.#error.current = message
  }

  /** What the last job did ("Fitted 72 curves in …"), shown until dismissed or another project opens. */
  get outcome(): FitOutcome | null {
    return this.#outcome.current
  }

  set outcome(outcome: FitOutcome | null) {
    this.#outcome.current = outcome
  }

  running = $derived(this.jobId !== null)
  done = $derived(this.progress?.done ?? 0)
  failed = $derived(this.progress?.failed ?? 0)
  elapsedMs = $derived(this.running ? Math.max(0, this.#now - this.#startedAt) : 0)
  /** From the pace so far; null until the first task finishes. */
  remainingMs = $derived.by((): number | null => {
    const progress = this.progress
    if (!this.running || !progress || progress.done === 0) return null
    const perTask = progress.elapsedMs / progress.done
    return Math.max(0, perTask * progress.total - this.elapsedMs)
  })
  /** The curves the panel would fit. */
  targetIds = $derived(
    this.scope === 'all' ? projectState.project.curves.map((c) => c.id) : workspaceState.selectedIds
  )
  /** Why the time budget field cannot be used, or null. */
  timeBudgetProblem = $derived(
    isTimeBudget(Number(this.timeBudget)) && this.timeBudget.trim() !== ''
      ? null
      : `the time budget must be seconds above 0 and at most ${MAX_TIME_BUDGET_SECONDS.toLocaleString('en')}`
  )
  options = $derived<FitOptions>({
    forms: FORM_NAMES.filter((f) => this.forms.includes(f)),
    breaks: this.breaks,
    crop: this.crop,
    maxBreaks: projectState.project.settings.maxBreaks,
    timeBudgetSeconds: this.timeBudgetProblem === null ? Number(this.timeBudget) : DEFAULT_TIME_BUDGET_SECONDS
  })

  /** Opens the panel with the project's last settings, on the selection when several curves are selected. */
  showPanel(): void {
    const settings = projectState.project.settings
    this.forms = [...settings.forms]
    this.breaks = settings.breaks
    this.crop = settings.crop
    this.timeBudget = String(settings.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS)
    this.scope = workspaceState.selection.selected.length > 1 ? 'selected' : 'all'
    this.panelOpen = true
  }

  closePanel(): void {
    this.panelOpen = false
  }

  toggleForm(form: FormName, on: boolean): void {
    this.forms = on ? FORM_NAMES.filter((f) => f === form || this.forms.includes(f)) : this.forms.filter((f) => f !== form)
  }

  setBreaks(value: string): void {
    this.breaks = value === 'auto' ? 'auto' : (Number(value) as BreakCount)
  }

  /** Fits the chosen forms to the chosen curves. The settings are stored in the project (undoable) first. */
  async run(): Promise<void> {
    const options = this.options
    const ids = this.targetIds
    if (this.running || ids.length === 0 || options.forms.length === 0 || this.timeBudgetProblem !== null) return
    this.panelOpen = false
    projectState.edit((p) =>
      updateSettings(p, { forms: options.forms, breaks: options.breaks, crop: options.crop, timeBudgetSeconds: options.timeBudgetSeconds })
    )

    const project = projectState.project
    const documentId = projectState.documentId
    const { curves, nameToId } = fitInputs(project, ids)
    // Revisions at request time: a curve edited while the fit runs gets a stale fit.
    const sent = new Set(nameToId.values())
    const revisions = new Map(project.curves.filter((c) => sent.has(c.id)).map((c) => [c.id, c.revision]))
    // The points as sent: an edit (or an undo and another edit) during the fit replaces the array, even
    // when the revision number comes back to the same value.
    const sentPoints = new Map(project.curves.filter((c) => sent.has(c.id)).map((c) => [c.id, c.points]))
    const names = new Map(project.curves.map((c) => [c.id, c.name]))
    const displayName = (engineName: string): string => names.get(nameToId.get(engineName) ?? '') ?? engineName

    if (!this.#subscribed) {
      api.onFitProgress(this.#onProgress)
      this.#subscribed = true
    }
    const jobId = newJobId()
    this.jobId = jobId
    this.cancelling = false
    this.error = null
    this.outcome = null
    this.progress = null
    this.total = curves.length * options.forms.length
    this.curveCount = curves.length
    this.#startTicker()
    try {
      const result = await api.fit.run({ jobId, curves, options })
      if (this.jobId !== jobId) return
      if (projectState.documentId !== documentId) {
        // Curve ids repeat across projects: results for a closed project must not land in another one.
        this.outcome = { summary: 'The fit finished after its project was closed; its results were dropped', cancelled: true, failures: [] }
        return
      }
      const unchanged = result.results.filter((r) => {
        const id = nameToId.get(r.curve)
        return id !== undefined && projectState.curve(id)?.points === sentPoints.get(id)
      })
      if (unchanged.length > 0) {
        projectState.edit((p) => applyFitResults(p, unchanged, nameToId, new Date(), revisions))
      }
      const fitted = result.results.length
      const summary = result.cancelled
        ? `Cancelled after ${formatDuration(result.elapsedMs)}: ${fitted} of ${plural(curves.length, 'curve')} fitted`
        : `Fitted ${plural(fitted, 'curve')} in ${formatDuration(result.elapsedMs)}`
      this.outcome = {
        summary,
        cancelled: result.cancelled,
        failures: [
          ...result.errors.map((e: FitJobError) => ({ curve: displayName(e.curve), form: e.form, message: e.message })),
          ...result.results
            .filter((r) => !unchanged.includes(r))
            .map((r) => ({ curve: displayName(r.curve), form: r.fits[0]?.form ?? options.forms[0], message: 'its points changed while it was being fitted; fit it again' }))
        ]
      }
    } catch (error) {
      if (this.jobId === jobId) this.error = `The fit failed: ${errorMessage(error)}`
    } finally {
      if (this.jobId === jobId) this.#finish()
    }
  }

  /** Asks the services to stop; the job then returns promptly with the curves finished so far. */
  async cancel(): Promise<void> {
    const jobId = this.jobId
    if (jobId === null || this.cancelling) return
    this.cancelling = true
    try {
      await api.fit.cancel({ jobId })
    } catch (error) {
      this.error = errorMessage(error)
      this.cancelling = false
    }
  }

  dismissOutcome(): void {
    this.outcome = null
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
