// `scaling-studio export`: a figure or a report of a project file (its stored fits and forecasts) or of a curve
// file (fitted first on the worker pool), through the same export service the window uses.
import { readFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { applyFitResults, fitInputs, parseProjectText, projectFromCurves } from '../../shared/project'
import type { Project } from '../../shared/project/types'
import { writeFigureFiles, writeReportFiles, type ExportContext } from '../services/export-service'
import { figureFonts } from '../services/figure-render'
import { readCurvesFile } from '../services/read-curves-file'
import type { CliContext, ExportCommand } from './args'
import { UsageError } from './args'
import { applyHoldout, warnHoldout } from './holdout'
import { count, warn, warnRejected } from './output'
import { runPoolJob } from './pool-job'

/** The project to export: a .json file read as a project, any other file imported and fitted. */
async function loadProject(command: ExportCommand, context: CliContext): Promise<{ project: Project; failed: boolean } | null> {
  const fileName = basename(command.file)
  if (extname(command.file).toLowerCase() === '.json') {
    return { project: parseProjectText(await readFile(command.file, 'utf8'), fileName), failed: false }
  }
  const imported = await readCurvesFile(command.file, { format: command.format })
  warnRejected(fileName, imported)
  const held = applyHoldout(imported.curves, command.holdout)
  warnHoldout(held, command.holdout)
  if (held.curves.length === 0) {
    warn(`${fileName}: no curve to export`)
    return null
  }
  // The held-out curves carry the split the holdout chose (weights too): the project is made from them.
  let project = projectFromCurves(held.curves, { name: fileName.slice(0, fileName.length - extname(fileName).length) || fileName })
  const wanted = command.curves ? project.curves.filter((c) => command.curves?.includes(c.name)) : project.curves
  const { curves, nameToId } = fitInputs(project, wanted.map((c) => c.id))
  const result = await runPoolJob(
    { workerPath: context.workerPath, threads: command.threads, label: 'fitting', stopping: 'fits' },
    (pool) => `fitting ${count(curves.length, 'curve')} x ${count(command.options.forms.length, 'form')} on ${count(pool.threads, 'thread')}`,
    ({ pool, bar, signal }) =>
      pool.runJob(curves, command.options, { signal, onProgress: (p) => bar.update(p.done, p.total, `${p.form} on ${p.curve}`) })
  )
  for (const e of result.errors) warn(`failed: ${e.curve} / ${e.form}: ${e.message}`)
  if (result.cancelled) return null
  project = applyFitResults(project, result.results, nameToId).project
  return { project, failed: result.errors.length > 0 }
}

/** The ids of the curves named on the command line (every curve without --curves); an unknown name is a usage error. */
function curveIds(project: Project, names: string[] | null): string[] {
  if (names === null) return project.curves.map((c) => c.id)
  return names.map((name) => {
    const curve = project.curves.find((c) => c.name === name)
    if (!curve) {
      const known = project.curves.slice(0, 5).map((c) => `"${c.name}"`).join(', ')
      throw new UsageError(`--curves: no curve named "${name}" (the file has ${count(project.curves.length, 'curve')}, e.g. ${known})`)
    }
    return curve.id
  })
}

/** Runs `export`; returns the exit code: 0 written, 1 a fit or file failed, 130 interrupted. */
export async function runExportCommand(command: ExportCommand, context: CliContext): Promise<number> {
  const loaded = await loadProject(command, context)
  if (loaded === null) return command.file.endsWith('.json') ? 1 : 130
  const { project } = loaded
  const ids = curveIds(project, command.curves)
  const version = JSON.parse(await readFile(join(context.packageRoot, 'package.json'), 'utf8')) as { version?: string }
  const exportContext: ExportContext = { fonts: figureFonts(join(context.packageRoot, 'resources')), version: version.version ?? 'unknown' }
  const written: string[] = []
  if (command.figure) {
    const { paths } = await writeFigureFiles(
      project,
      { curveIds: ids, style: command.style, path: command.figure.path, perCurve: command.figure.perCurve, format: command.figure.format, dpi: command.dpi, overwrite: true },
      exportContext
    )
    written.push(...paths)
  }
  if (command.report) {
    const { paths } = await writeReportFiles(
      project,
      { curveIds: command.curves === null ? null : ids, path: command.report.path, kind: command.report.kind, overwrite: true },
      exportContext
    )
    written.push(...paths)
  }
  for (const path of written) warn(`wrote ${path}`)
  return loaded.failed ? 1 : 0
}
