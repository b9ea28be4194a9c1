// What the user is looking at: the tab, the search, the selected curves and point, and how the chart is drawn.
import { defaultForm } from '../../../../figures/fit-summary'
import { FORM_NAMES, type FormName, type Split } from '../../../../shared/fit-types'
import {
  deleteCurves,
  renameCurve,
  setPointExcluded,
  setPointWeight,
  setPointSplit,
  updateCurveMeta,
  type CurveMeta
} from '../../../../shared/project/edits'
import { filterIndices } from '../logic/curve-filter'
import type { CurveSummary } from '../logic/curve-summary'
import { clickSelect, pruneSelection, type ClickModifiers, type ListSelection } from '../logic/list-selection'
import { nextSort, sortRows, type SortKey, type SortState } from '../logic/project-table'
import { DocumentScoped } from './document-scoped.svelte'
import { projectState } from './project.svelte'

export type Tab = 'curve' | 'compare'

const NO_SELECTION: ListSelection = { selected: [], anchor: null, active: null }

// The tab, the axis scales and the table's sort are how the user likes to look, and stay from project to
// project; what was searched, picked or selected belongs to one project and starts afresh in the next.
class WorkspaceState {
  tab = $state<Tab>('curve')
  xLog = $state(true)
  yLog = $state(true)
  sort = $state.raw<SortState>({ key: 'name', direction: 'asc' })

  readonly #query = new DocumentScoped('')
  readonly #formChoice = new DocumentScoped<FormName | null>(null)
  readonly #hiddenForms = new DocumentScoped<FormName[]>([])
  readonly #hiddenLevels = new DocumentScoped<number[]>([])
  readonly #renaming = new DocumentScoped<string | null>(null)
  readonly #selection = new DocumentScoped<ListSelection>(NO_SELECTION)
  readonly #point = new DocumentScoped<{ curve: string; index: number } | null>(null)

  /** The search typed above the curve list. */
  get query(): string {
    return this.#query.current
  }
  set query(query: string) {
    this.#query.current = query
  }

  /** The form picked for the residual panel and emphasis; null: the best one of each curve. */
  get formChoice(): FormName | null {
    return this.#formChoice.current
  }
  set formChoice(form: FormName | null) {
    this.#formChoice.current = form
  }

  /** Forms switched off in the chart legend. */
  get hiddenForms(): FormName[] {
    return this.#hiddenForms.current
  }

  /** Forecast band levels switched off in the chart legend. */
  get hiddenLevels(): number[] {
    return this.#hiddenLevels.current
  }

  /** The curve whose name is being edited in the list. */
  get renaming(): string | null {
    return this.#renaming.current
  }
  set renaming(id: string | null) {
    this.#renaming.current = id
  }

  /** The curves that match the search, in project order. */
  visible = $derived.by((): CurveSummary[] => {
    const all = projectState.summaries
    if (this.query.trim() === '') return all
    return filterIndices(all, this.query).map((i) => all[i])
  })
  /** The same rows sorted for the project table. */
  sortedVisible = $derived(sortRows(this.visible, this.sort))

  /** The selection without curves that no longer exist (after a delete or an undo). */
  selection = $derived(pruneSelection(this.#selection.current, (id) => projectState.hasCurve(id)))
  activeId = $derived(this.selection.active ?? this.visible[0]?.id ?? projectState.project.curves[0]?.id ?? null)
  activeCurve = $derived(projectState.curve(this.activeId))
  activeFits = $derived(this.activeId === null ? [] : projectState.fits(this.activeId))
  /** The selected curves; the active one when nothing is selected explicitly. */
  selectedIds = $derived.by((): string[] => {
    if (this.selection.selected.length > 0) return this.selection.selected
    return this.activeId === null ? [] : [this.activeId]
  })
  selectedSet = $derived(new Set(this.selectedIds))
  /** The point shown in the inspector, if it belongs to the active curve and still exists. */
  pointIndex = $derived.by((): number | null => {
    const point = this.#point.current
    const curve = this.activeCurve
    if (!point || !curve || point.curve !== curve.id || point.index >= curve.points.length) return null
    return point.index
  })
  /** The form drawn emphasised and shown in the residuals. */
  shownForm = $derived.by((): FormName | null => {
    const fits = this.activeFits
    if (this.formChoice !== null && fits.some((f) => f.form === this.formChoice)) return this.formChoice
    return defaultForm(fits)
  })

  click(id: string, modifiers: ClickModifiers): void {
    const order = this.visible.map((c) => c.id)
    this.#selection.current = clickSelect(this.selection, id, order, modifiers)
  }

  /** Makes one curve active and selected (keyboard navigation, table rows). */
  show(id: string): void {
    this.#selection.current = { selected: [id], anchor: id, active: id }
  }

  /** Moves the active curve up or down the visible list. */
  step(delta: number): string | null {
    const order = this.visible
    if (order.length === 0) return null
    const at = order.findIndex((c) => c.id === this.activeId)
    const next = order[Math.min(order.length - 1, Math.max(0, (at < 0 ? 0 : at) + delta))]
    this.show(next.id)
    return next.id
  }

  selectAllVisible(): void {
    const ids = this.visible.map((c) => c.id)
    this.#selection.current = { selected: ids, anchor: ids[0] ?? null, active: this.activeId }
  }

  selectPoint(index: number | null): void {
    const curve = this.activeCurve
    this.#point.current = curve && index !== null ? { curve: curve.id, index } : null
  }

  /** A click on a point: toggles whether it is excluded from fits (undoable) and shows it in the inspector. */
  togglePoint(index: number): void {
    const curve = this.activeCurve
    if (!curve || !curve.points[index]) return
    const excluded = curve.points[index].excluded ? null : { reason: '' }
    projectState.edit((p) => setPointExcluded(p, curve.id, index, excluded))
    this.#point.current = { curve: curve.id, index }
  }

  setExcluded(index: number, excluded: { reason: string } | null): void {
    const curve = this.activeCurve
    if (curve) projectState.edit((p) => setPointExcluded(p, curve.id, index, excluded))
  }

  setWeight(index: number, weight: number): void {
    const curve = this.activeCurve
    if (curve) projectState.edit((p) => setPointWeight(p, curve.id, index, weight))
  }

  setSplit(index: number, split: Split): void {
    const curve = this.activeCurve
    if (curve) projectState.edit((p) => setPointSplit(p, curve.id, [index], split))
  }

  rename(id: string, name: string): void {
    this.renaming = null
    const curve = projectState.curve(id)
    if (!curve || name.trim() === '' || name.trim() === curve.name) return
    projectState.edit((p) => renameCurve(p, id, name))
  }

  updateMeta(id: string, meta: CurveMeta): void {
    projectState.edit((p) => updateCurveMeta(p, id, meta))
  }

  /** Deletes the given curves (one undoable edit). */
  delete(ids: string[]): void {
    if (ids.length > 0) projectState.edit((p) => deleteCurves(p, ids))
  }

  sortBy(key: SortKey): void {
    this.sort = nextSort(this.sort, key)
  }

  setLegend(selected: Record<string, boolean>): void {
    this.#hiddenForms.current = FORM_NAMES.filter((form) => selected[form] === false)
    // Band entries read "80% band": the level is the percentage over 100.
    this.#hiddenLevels.current = Object.entries(selected)
      .filter(([name, on]) => !on && / band$/.test(name))
      .map(([name]) => Number.parseFloat(name) / 100)
      .filter((level) => Number.isFinite(level))
  }
}

export const workspaceState = new WorkspaceState()
