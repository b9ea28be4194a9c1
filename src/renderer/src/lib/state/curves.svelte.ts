// The curves on screen: the example project at start, or an imported file.
import type { CurvesFile } from '../../../../shared/contract'
import type { CurveInput } from '../../../../shared/fit-types'
import { errorMessage } from '../format'
import { fitState } from './fit.svelte'

export interface CurveSummary {
  name: string
  fitPoints: number
  heldoutPoints: number
}

function summarise(curve: CurveInput): CurveSummary {
  const heldoutPoints = curve.split?.filter((s) => s === 'heldout').length ?? 0
  return { name: curve.name, fitPoints: curve.x.length - heldoutPoints, heldoutPoints }
}

class CurvesState {
  /** Replaced whole, never edited: the curves go to the services as they are. */
  file = $state.raw<CurvesFile | null>(null)
  loading = $state(false)
  error = $state<string | null>(null)

  curves = $derived<CurveInput[]>(this.file?.curves ?? [])
  summaries = $derived(this.curves.map(summarise))

  /** Counts loads so that a slow one finishing late cannot replace a newer file. */
  #generation = 0

  loadExample(): Promise<void> {
    return this.#load(() => window.api.example.load())
  }

  /** Asks for a file in a native dialog; keeps the current curves when the dialog is cancelled. */
  importFile(): Promise<void> {
    return this.#load(() => window.api.curves.import())
  }

  dismissError(): void {
    this.error = null
  }

  async #load(read: () => Promise<CurvesFile | null>): Promise<void> {
    const generation = ++this.#generation
    this.loading = true
    this.error = null
    try {
      const file = await read()
      if (generation !== this.#generation || file === null) return
      fitState.reset()
      this.file = file
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error)
    } finally {
      if (generation === this.#generation) this.loading = false
    }
  }
}

export const curvesState = new CurvesState()
