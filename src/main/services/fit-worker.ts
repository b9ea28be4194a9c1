// The fit pool's worker: an adapter from one (curve, form) task to one engine call, nothing more.
import { fitCurveForm } from '../../core'
import type { FormFit } from '../../shared/fit-types'
import type { FitTask } from './fit-pool'

/** Fits one form to one curve; piscina calls the default export once per task. */
export default function fitTask(task: FitTask): FormFit {
  return fitCurveForm(task.curve, task.form, task.options)
}
