// Forecasts: the panel's queries and settings, and jobs in two steps: an instant answer from the least-squares
// Jacobian (shown as approximate), then the bootstrap, with progress and cancel. Answers are stored in the
// project as one undoable edit per run, so saving keeps them; a forecast of an older curve revision is stale.
import { chartExtent } from '../../../../figures/chart-option'
import type { ForecastJobResult, ForecastProgressEvent, ForecastRunRequest } from '../../../../shared/contract'
import { forecastOptions } from '../../../../shared/forecast-options'
import { FORECAST_LIMITS, type CrossoverAnswer, type CurveForecast, type ForecastForm } from '../../../../shared/forecast-types'
import { crossoverOf, fitInputs, forecastOf, isCrossoverStale, isForecastStale } from '../../../../shared/project/document'
import { storeCrossover, storeForecast, updateForecastSettings, type EditResult, type ForecastToStore } from '../../../../shared/project/edits'
import type { ForecastSettings, Project, StoredCrossover, StoredForecast } from '../../../../shared/project/types'
import { api } from '../api'
import { addQueries, groupByQueries } from '../logic/forecast-table'
import { errorMessage, formatDuration, plural } from '../format'
import { DocumentScoped } from './document-scoped.svelte'
import { projectState } from './project.svelte'
import { workspaceState } from './workspace.svelte'

let jobCount = 0
const newJobId = (): string => `forecast-${Date.now().toString(36)}-${++jobCount}`

/** The queries of one curve: x values to forecast y at and y values to find the x of. */
export interface ForecastQueries {
  at: number[]
  targets: number[]
}

/** What the panel shows for one curve: the answer on screen and how far to trust it. */
export interface ForecastView {
  result: CurveForecast
  /** Only the instant Jacobian answer so far (or the bootstrap was cancelled). */
  approximate: boolean
  stale: boolean
  /** The queries asked differ from the ones in the panel now. */
  queriesChanged: boolean
  computedAt: string | null
}

const EMPTY_QUERIES: ForecastQueries = { at: [], targets: [] }
const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i])

/** Stores several curves' forecasts as one undoable edit. */
function storeForecasts(p: Project, entries: Array<{ id: string; forecast: ForecastToStore; revision: number }>, now: Date): EditResult {
  let project = p
  let label = ''
  for (const e of entries) ({ project, label } = storeForecast(project, e.id, e.forecast, now, e.revision))
  return { project, label: entries.length === 1 ? label : `Forecast ${entries.length} curves` }
}

interface Job {
  ids: string[]
  /** Request ids of the bootstrap step, for progress and cancel. */
  jobIds: Set<string>
  documentId: number
}

type DraftSettings = Partial<Pick<ForecastSettings, 'form' | 'resamples' | 'seed' | 'levels'>>

class ForecastState {
  /** The side panel shows the forecast instead of the curve's details. */
  panelOpen = $state(false)

  running = $state(false)
  /** 'instant' while the Jacobian answer is computed, 'bootstrap' after. */
  phase = $state<'instant' | 'bootstrap' | null>(null)
  cancelling = $state(false)
  done = $state(0)
  total = $state(0)
  elapsedMs = $state(0)
  error = $state<string | null>(null)

  // What follows belongs to the project on screen: curve ids repeat across projects, and a draft seed or a
  // crossover partner of one project must not be stored into the next.
  /** Settings changed in the panel, stored in the project when a forecast runs; the project's own otherwise. */
  readonly #draftSettings = new DocumentScoped<DraftSettings>({})
  readonly #partnerId = new DocumentScoped<string | null>(null)
  readonly #summary = new DocumentScoped<string | null>(null)
  /** Queries typed into the panel per curve id, until they are asked. */
  readonly #drafts = new DocumentScoped<Record<string, ForecastQueries>>({})
  /** Instant answers of the running job by curve id, shown until the bootstrap's are stored. */
  #instant = $state.raw<Record<string, CurveForecast>>({})
  #job: Job | null = null
  #progress = new Map<string, { done: number; total: number; elapsedMs: number }>()
  #subscribed = false

  activeId = $derived(workspaceState.activeId)
  /** The stored forecast of the active curve, or null. */
  stored = $derived(this.activeId === null ? null : forecastOf(projectState.project, this.activeId))
  /** The queries in the panel for the active curve: the draft, else those of the stored forecast. */
  queries = $derived(this.activeId === null ? EMPTY_QUERIES : this.queriesOf(this.activeId))
  /** What the chart and the panel show for the active curve. */
  view = $derived(this.activeId === null ? null : this.viewOf(this.activeId))
  /** The largest fit x of the active curve: the base of the 2x/10x/100x shortcuts. */
  maxFitX = $derived.by((): number | null => {
    const curve = workspaceState.activeCurve
    const x = curve ? chartExtent(curve).xFitMax : -Infinity
    return Number.isFinite(x) ? x : null
  })
  settings = $derived<ForecastSettings>({
    ...projectState.project.forecastSettings,
    form: this.form,
    resamples: this.resamples,
    seed: this.seed,
    levels: [...this.levels].sort((a, b) => a - b)
  })
  crossover = $derived.by((): { stored: StoredCrossover; stale: boolean } | null => {
    const a = this.activeId
    const b = this.partnerId
    if (a === null || b === null || a === b) return null
    const stored = crossoverOf(projectState.project, a, b)
    return stored ? { stored, stale: isCrossoverStale(projectState.project, stored) } : null
  })

  get form(): ForecastForm {
    return this.#draftSettings.current.form ?? projectState.project.forecastSettings.form
  }
  set form(form: ForecastForm) {
    this.#draftSettings.current = { ...this.#draftSettings.current, form }
  }

  get resamples(): number {
    return this.#draftSettings.current.resamples ?? projectState.project.forecastSettings.resamples
  }
  set resamples(resamples: number) {
    this.#draftSettings.current = { ...this.#draftSettings.current, resamples }
  }

  get seed(): number {
    return this.#draftSettings.current.seed ?? projectState.project.forecastSettings.seed
  }
  set seed(seed: number) {
    this.#draftSettings.current = { ...this.#draftSettings.current, seed }
  }

  get levels(): number[] {
    return this.#draftSettings.current.levels ?? projectState.project.forecastSettings.levels
  }
  set levels(levels: number[]) {
    this.#draftSettings.current = { ...this.#draftSettings.current, levels }
  }

  /** The second curve of a crossover, by id. */
  get partnerId(): string | null {
    return this.#partnerId.current
  }
  set partnerId(id: string | null) {
    this.#partnerId.current = id
  }

  /** What the last job did ("Forecast 3 curves in …"), shown until another runs or another project opens. */
  get summary(): string | null {
    return this.#summary.current
  }
  set summary(summary: string | null) {
    this.#summary.current = summary
  }

  queriesOf(id: string): ForecastQueries {
    const draft = this.#drafts.current[id]
    if (draft) return draft
    const stored = forecastOf(projectState.project, id)
    return stored ? { at: stored.at, targets: stored.targets } : EMPTY_QUERIES
  }

  viewOf(id: string): ForecastView | null {
    const curve = projectState.curve(id)
    if (!curve) return null
    const instant = this.#instant[id]
    const stored: StoredForecast | null = forecastOf(projectState.project, id)
    const queries = this.queriesOf(id)
    if (instant) {
      return { result: instant, approximate: true, stale: false, queriesChanged: false, computedAt: null }
    }
    if (!stored) return null
    return {
      result: stored.result,
      approximate: stored.result.method === 'jacobian',
      stale: isForecastStale(curve, stored),
      queriesChanged: !sameList(stored.at, queries.at) || !sameList(stored.targets, queries.targets),
      computedAt: stored.computedAt
    }
  }

  /** Opens the panel with the project's forecast settings. */
  showPanel(): void {
    this.#draftSettings.current = {}
    this.panelOpen = true
  }

  closePanel(): void {
    this.panelOpen = false
  }

  addAt(values: number[]): void {
    this.#setQueries({ ...this.queries, at: addQueries(this.queries.at, values).slice(0, FORECAST_LIMITS.maxQueries) })
  }

  addTarget(values: number[]): void {
    this.#setQueries({ ...this.queries, targets: addQueries(this.queries.targets, values).slice(0, FORECAST_LIMITS.maxQueries) })
  }

  removeAt(x: number): void {
    this.#setQueries({ ...this.queries, at: this.queries.at.filter((v) => v !== x) })
  }

  removeTarget(y: number): void {
    this.#setQueries({ ...this.queries, targets: this.queries.targets.filter((v) => v !== y) })
  }

  toggleLevel(level: number, on: boolean): void {
    const next = on ? addQueries(this.levels, [level]) : this.levels.filter((l) => l !== level)
    if (next.length > 0) this.levels = next
  }

  #setQueries(queries: ForecastQueries): void {
    const id = this.activeId
    if (id !== null) this.#drafts.current = { ...this.#drafts.current, [id]: queries }
  }

  /** Forecasts the active curve, or the selected curves, each with its own queries. */
  async run(scope: 'active' | 'selected' = 'active'): Promise<void> {
    const ids = scope === 'active' ? (this.activeId === null ? [] : [this.activeId]) : workspaceState.selectedIds
    if (this.running || ids.length === 0) return
    const settings = this.settings
    projectState.edit((p) => updateForecastSettings(p, settings))
    const project = projectState.project
    const documentId = projectState.documentId
    const items = ids.map((id) => ({ id, ...this.queriesOf(id) }))
    const sentPoints = new Map(ids.map((id) => [id, projectState.curve(id)?.points]))
    const revisions = new Map(ids.map((id) => [id, projectState.curve(id)?.revision ?? 0]))
    const groups = groupByQueries(items).map((group) => {
      const { curves, nameToId } = fitInputs(project, group.map((g) => g.id))
      return { curves, nameToId, queries: { at: group[0].at, targets: group[0].targets } }
    })

    this.#subscribe()
    const job: Job = { ids, jobIds: new Set(), documentId }
    this.#job = job
    this.#start(ids.length)
    try {
      // Step 1: the instant answer of every group, from the Jacobian.
      const instant = await Promise.all(groups.map((g) => this.#request(job, g, settings, 0, false)))
      if (this.#job !== job) return
      const shown: Record<string, CurveForecast> = {}
      instant.forEach((result, i) => {
        for (const f of result.forecasts) {
          const id = groups[i].nameToId.get(f.curve)
          if (id !== undefined) shown[id] = f
        }
      })
      this.#instant = shown
      // Step 2: the bootstrap, unless the settings ask for none; a cancelled bootstrap keeps the instant answer.
      this.phase = 'bootstrap'
      const final = settings.resamples > 0 ? await Promise.all(groups.map((g) => this.#request(job, g, settings, settings.resamples, true))) : instant
      if (this.#job !== job) return
      if (projectState.documentId !== documentId) {
        this.summary = 'The forecast finished after its project was closed; its results were dropped'
        return
      }
      const cancelled = final.some((r) => r.cancelled)
      const entries: Array<{ id: string; forecast: ForecastToStore; revision: number }> = []
      const now = new Date()
      const errors: string[] = []
      final.forEach((result, i) => {
        const group = groups[i]
        const byId = new Map(result.forecasts.map((f) => [group.nameToId.get(f.curve), f]))
        for (const id of group.nameToId.values()) {
          const forecast = byId.get(id) ?? (cancelled ? shown[id] : undefined)
          if (!forecast || projectState.curve(id)?.points !== sentPoints.get(id)) continue
          entries.push({ id, forecast: { ...group.queries, settings, result: forecast }, revision: revisions.get(id) ?? 0 })
        }
        for (const e of [...(instant[i]?.errors ?? []), ...result.errors]) errors.push(`${e.curve}: ${e.message}`)
      })
      if (entries.length > 0) projectState.edit((p) => storeForecasts(p, entries, now))
      const drafts = { ...this.#drafts.current }
      for (const e of entries) delete drafts[e.id]
      this.#drafts.current = drafts
      const elapsed = final.reduce((m, r) => Math.max(m, r.elapsedMs), 0)
      this.summary = cancelled
        ? `Bootstrap cancelled: approximate answers kept for ${plural(entries.length, 'curve')}`
        : `Forecast ${plural(entries.length, 'curve')} in ${formatDuration(elapsed)}`
      if (errors.length > 0) this.error = `Some forecasts failed: ${[...new Set(errors)].slice(0, 3).join('; ')}`
    } catch (error) {
      if (this.#job === job) this.error = `The forecast failed: ${errorMessage(error)}`
    } finally {
      if (this.#job === job) this.#finish()
    }
  }

  /** Finds where the active curve and the chosen partner cross, with intervals from paired resamples. */
  async runCrossover(): Promise<void> {
    const a = this.activeId
    const b = this.partnerId
    if (this.running || a === null || b === null || a === b) return
    const settings = this.settings
    const project = projectState.project
    const { curves, nameToId } = fitInputs(project, [a, b])
    const nameOf = (id: string): string => [...nameToId].find(([, v]) => v === id)?.[0] ?? ''
    const revisions: [number, number] = [projectState.curve(a)?.revision ?? 0, projectState.curve(b)?.revision ?? 0]
    this.#subscribe()
    const job: Job = { ids: [a, b], jobIds: new Set(), documentId: projectState.documentId }
    this.#job = job
    this.#start(1)
    this.phase = 'bootstrap'
    try {
      const request = { curves, nameToId, queries: EMPTY_QUERIES, crossovers: [{ curves: [nameOf(a), nameOf(b)] as [string, string], range: null }] }
      const result = await this.#request(job, request, settings, settings.resamples, true)
      if (this.#job !== job || projectState.documentId !== job.documentId) return
      const answer: CrossoverAnswer | undefined = result.crossovers[0]
      if (!answer) {
        this.error = result.cancelled ? null : `No crossover answer: ${result.errors.map((e) => e.message).join('; ') || 'the services gave none'}`
        this.summary = result.cancelled ? 'Crossover cancelled' : null
        return
      }
      if (projectState.curve(a)?.revision !== revisions[0] || projectState.curve(b)?.revision !== revisions[1]) {
        this.error = 'A curve changed while its crossover was computed; find it again'
        return
      }
      projectState.edit((p) => storeCrossover(p, { curves: [a, b], range: null, settings, result: answer }, new Date(), revisions))
      this.summary = `Crossover: ${answer.crossings.length === 0 ? 'none in range' : plural(answer.crossings.length, 'crossing')} (${formatDuration(result.elapsedMs)})`
    } catch (error) {
      if (this.#job === job) this.error = `The crossover failed: ${errorMessage(error)}`
    } finally {
      if (this.#job === job) this.#finish()
    }
  }

  async #request(
    job: Job,
    group: { curves: ForecastRunRequest['curves']; queries: ForecastQueries; crossovers?: ForecastRunRequest['crossovers'] },
    settings: ForecastSettings,
    resamples: number,
    tracked: boolean
  ): Promise<ForecastJobResult> {
    const jobId = newJobId()
    if (tracked) job.jobIds.add(jobId)
    const options = forecastOptions({ ...settings, resamples, at: group.queries.at, targets: group.queries.targets })
    return api.forecast.run({ jobId, curves: group.curves, options, crossovers: group.crossovers ?? [] })
  }

  /** Asks the services to stop the bootstrap; the answers so far stay (approximate). */
  async cancel(): Promise<void> {
    const job = this.#job
    if (!job || this.cancelling) return
    this.cancelling = true
    try {
      await Promise.all([...job.jobIds].map((jobId) => api.fit.cancel({ jobId })))
    } catch (error) {
      this.error = errorMessage(error)
      this.cancelling = false
    }
  }

  dismissError(): void {
    this.error = null
  }

  dismissSummary(): void {
    this.summary = null
  }

  #subscribe(): void {
    if (this.#subscribed) return
    api.onForecastProgress(this.#onProgress)
    this.#subscribed = true
  }

  #onProgress = (event: ForecastProgressEvent): void => {
    if (!this.#job?.jobIds.has(event.jobId)) return
    this.#progress.set(event.jobId, { done: event.done, total: event.total, elapsedMs: event.elapsedMs })
    let done = 0
    let total = 0
    let elapsed = 0
    for (const p of this.#progress.values()) {
      done += p.done
      total += p.total
      elapsed = Math.max(elapsed, p.elapsedMs)
    }
    this.done = done
    this.total = Math.max(total, this.total)
    this.elapsedMs = elapsed
  }

  #start(total: number): void {
    this.running = true
    this.phase = 'instant'
    this.cancelling = false
    this.error = null
    this.summary = null
    this.done = 0
    this.total = total
    this.elapsedMs = 0
    this.#progress.clear()
  }

  #finish(): void {
    this.#job = null
    this.#instant = {}
    this.running = false
    this.phase = null
    this.cancelling = false
  }
}

export const forecastState = new ForecastState()
