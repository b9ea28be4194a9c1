// Turns a fit job's result into the rows of the results table. Pure, so it can be tested without a window.
import type { FitJobResult } from '../../../shared/contract'
import type { FormName } from '../../../shared/fit-types'

export interface ResultCell {
  form: FormName
  /** Held-out RMSLE; NaN when the curve has no held-out points, null when the form failed or never ran. */
  heldoutRmsle: number | null
  /** Why the form failed, or the fit's status when it did not converge. */
  note: string | null
}

export interface ResultRow {
  curve: string
  cells: ResultCell[]
  /** The form with the lowest held-out RMSLE; null when none has a finite one. */
  best: FormName | null
}

export interface FormSummary {
  form: FormName
  /** Mean held-out RMSLE over the curves where it is finite. */
  meanRmsle: number | null
  /** Curves on which this form is best. */
  wins: number
}

export interface ResultTable {
  rows: ResultRow[]
  summaries: FormSummary[]
}

/** One row per curve, in the order the curves were sent; one cell per form. */
export function buildResultTable(result: FitJobResult, forms: FormName[], curveOrder: string[]): ResultTable {
  const fits = new Map(result.results.map((r) => [r.curve, r.fits]))
  const errors = new Map(result.errors.map((e) => [`${e.curve}\u0000${e.form}`, e.message]))
  const rows: ResultRow[] = []
  for (const curve of curveOrder) {
    const curveFits = fits.get(curve)
    const cells = forms.map((form): ResultCell => {
      const fit = curveFits?.find((f) => f.form === form)
      const error = errors.get(`${curve}\u0000${form}`) ?? null
      if (!fit) return { form, heldoutRmsle: null, note: error }
      return { form, heldoutRmsle: fit.heldoutRmsle, note: fit.status === 'converged' ? null : fit.status }
    })
    // Curves a cancelled job never reached have neither fits nor errors.
    if (!curveFits && cells.every((c) => c.note === null)) continue
    rows.push({ curve, cells, best: bestForm(cells) })
  }
  const summaries = forms.map((form, i): FormSummary => {
    const values = rows.map((r) => r.cells[i].heldoutRmsle).filter((v): v is number => v !== null && Number.isFinite(v))
    return {
      form,
      meanRmsle: values.length ? values.reduce((s, v) => s + v, 0) / values.length : null,
      wins: rows.filter((r) => r.best === form).length
    }
  })
  return { rows, summaries }
}

function bestForm(cells: ResultCell[]): FormName | null {
  let best: ResultCell | null = null
  for (const cell of cells) {
    if (cell.heldoutRmsle === null || !Number.isFinite(cell.heldoutRmsle)) continue
    if (!best || cell.heldoutRmsle < (best.heldoutRmsle as number)) best = cell
  }
  return best?.form ?? null
}
