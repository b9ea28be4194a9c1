// `scaling-studio fit`: imports a curve file, fits it on the worker pool, prints a table per curve.
import { basename } from 'node:path'
import type { FitJobResult } from '../../shared/contract'
import type { CurveInput, FormFit, FormName } from '../../shared/fit-types'
import { readCurvesFile } from '../services/read-curves-file'
import type { CliContext, FitCommand } from './args'
import { applyHoldout, warnHoldout } from './holdout'
import {
  count,
  formatDuration,
  formatRmsle,
  formatTable,
  print,
  warn,
  warnRejected,
  writeJsonFile
} from './output'
import { runPoolJob } from './pool-job'

const TABLE_HEADER = ['form', 'breaks', 'crop', 'fit RMSLE', 'held-out RMSLE', 'status', 'time ms']
const TABLE_ALIGN: Array<'l' | 'r'> = ['l', 'r', 'r', 'r', 'r', 'l', 'r']

function describePoints(curve: CurveInput): string {
  const heldout = curve.split?.filter((s) => s === 'heldout').length ?? 0
  return `${curve.x.length} points: ${curve.x.length - heldout} fit, ${heldout} held-out`
}

/** The table of one curve: a row per requested form, failed forms marked as such. */
function curveTable(curve: CurveInput, forms: FormName[], fits: FormFit[], failed: FormName[]): string[] | null {
  const rows = forms.flatMap((form): string[][] => {
    const fit = fits.find((f) => f.form === form)
    if (fit) {
      return [
        [form, String(fit.breaks), String(fit.crop), formatRmsle(fit.fitRmsle), formatRmsle(fit.heldoutRmsle), fit.status, String(Math.round(fit.timeMs))]
      ]
    }
    return failed.includes(form) ? [[form, '-', '-', '-', '-', 'failed', '-']] : []
  })
  if (rows.length === 0) return null
  return [`${curve.name}  (${describePoints(curve)})`, ...formatTable(TABLE_HEADER, rows, TABLE_ALIGN), '']
}

/** Runs `fit`; returns the exit code: 0 all fitted, 1 a fit or the file failed, 130 interrupted. */
export async function runFitCommand(command: FitCommand, context: CliContext): Promise<number> {
  const fileName = basename(command.file)
  const imported = await readCurvesFile(command.file, { format: command.format })
  warnRejected(fileName, imported)
  const held = applyHoldout(imported.curves, command.holdout)
  warnHoldout(held, command.holdout)
  const { curves } = held
  if (curves.length === 0) {
    warn(`${fileName}: no curve to fit`)
    return 1
  }

  const { forms } = command.options
  const result: FitJobResult = await runPoolJob(
    { workerPath: context.workerPath, threads: command.threads, label: 'fitting', stopping: 'fits' },
    (pool) => `fitting ${count(curves.length, 'curve')} x ${count(forms.length, 'form')} on ${count(pool.threads, 'thread')}`,
    ({ pool, bar, signal }) =>
      pool.runJob(curves, command.options, { signal, onProgress: (p) => bar.update(p.done, p.total, `${p.form} on ${p.curve}`) })
  )

  // Written before the tables, so that a closed stdout (`| head`) cannot lose it.
  // A curve the holdout left too short fails every form, as the engine would have failed it.
  const skippedErrors = held.skipped.flatMap(({ curve, message }) => forms.map((form) => ({ curve, form, message })))
  if (command.json !== undefined) {
    // The FormFit objects already carry every field of the documented JSON (and timeMs, fitRsle, heldoutRsle).
    await writeJsonFile(command.json, {
      curves: result.results.map(({ curve, fits }) => ({ curve, fits })),
      errors: [...skippedErrors, ...result.errors],
      ...(result.cancelled && { cancelled: true })
    })
    warn(`wrote ${command.json}`)
  }
  const fitsOf = new Map(result.results.map((r) => [r.curve, r.fits]))
  for (const curve of curves) {
    const failed = result.errors.filter((e) => e.curve === curve.name).map((e) => e.form)
    const table = curveTable(curve, forms, fitsOf.get(curve.name) ?? [], failed)
    if (table) print(table)
  }
  for (const e of result.errors) warn(`failed: ${e.curve} / ${e.form}: ${e.message}`)
  const tasks = curves.length * forms.length
  const fitted = result.results.reduce((n, r) => n + r.fits.length, 0)
  warn(
    `${result.cancelled ? 'cancelled' : 'done'}: ${fitted} of ${tasks} fits in ${formatDuration(result.elapsedMs)}` +
      `${result.errors.length ? `, ${result.errors.length} failed` : ''}` +
      `${held.skipped.length ? `, ${count(held.skipped.length, 'curve')} skipped` : ''}`
  )
  if (result.cancelled) return 130
  return result.errors.length || held.skipped.length ? 1 : 0
}
