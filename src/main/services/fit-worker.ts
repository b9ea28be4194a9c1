// The fit pool's worker: an adapter from one task to one engine call, nothing more.
import { fitCurveForm, forecastCrossover, forecastCurve } from '../../core'
import type { WorkerTask } from './fit-pool'

/** Fits one form to one curve, forecasts one curve, or finds where two cross; piscina calls this once per task. */
export default function runTask(task: WorkerTask): unknown {
  if (!('kind' in task)) return fitCurveForm(task.curve, task.form, task.options)
  if (task.kind === 'forecast') return forecastCurve(task.curve, task.options, undefined, task.extraX)
  return forecastCrossover(task.curves[0], task.curves[1], task.options, task.range)
}
