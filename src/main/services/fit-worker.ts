// The fit pool's worker: an adapter from one task to one engine call, with the task's time budget.
import { fitCurveForm, forecastCrossover, forecastCurve } from '../../core'
import type { CancelToken } from '../../core/fit-curve'
import type { WorkerTask } from './fit-pool'

/** A task that ran past its time budget; the message names the task and the setting. */
export class TimeBudgetError extends Error {
  override name = 'TimeBudgetError'
}

/**
 * Flips once the budget has passed; the engine checks it between least-squares runs and once more at the end, so a
 * task that ran past its budget fails even when its last step finished.
 */
function deadline(budgetMs: number): CancelToken {
  const end = performance.now() + budgetMs
  return {
    get cancelled() {
      return performance.now() > end
    }
  }
}

function describe(task: WorkerTask): string {
  if (!('kind' in task)) return `the ${task.form} fit of "${task.curve.name}"`
  if (task.kind === 'forecast') return `the forecast of "${task.curve.name}"`
  return `the crossover of "${task.curves[0].name}" and "${task.curves[1].name}"`
}

/** Fits one form to one curve, forecasts one curve, or finds where two cross; piscina calls this once per task. */
export default function runTask(task: WorkerTask): unknown {
  const token = deadline(task.timeBudgetMs)
  const result = !('kind' in task)
    ? fitCurveForm(task.curve, task.form, task.options, token)
    : task.kind === 'forecast'
      ? forecastCurve(task.curve, task.options, token, task.extraX)
      : forecastCrossover(task.curves[0], task.curves[1], task.options, task.range, token)
  if (token.cancelled) {
    const seconds = task.timeBudgetMs / 1000
    const remedy = 'kind' in task ? 'forecast with fewer resamples or fewer points' : 'raise the time budget in the fit settings or fit fewer points'
    throw new TimeBudgetError(`${describe(task)} stopped after its time budget of ${seconds} s; ${remedy}`)
  }
  return result
}
