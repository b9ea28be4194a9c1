// Figures and reports out of a project, for the window (through the contract) and the command line alike: the
// figure option from src/figures rendered to SVG, PNG or PDF, one figure or one per curve into a folder; reports
// in every format with a figure per curve; the compare table as CSV. Files are written whole or not at all.
import { access, mkdir } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { buildFigureOption, type FigurePanel } from '../../figures/figure'
import { FIGURE_FORMATS, figureStyle, type FigureFormat, type FigureStyle } from '../../shared/figure-style'
import type { ExportedFiles, FigureExportRequest, FigureRequest, ReportExportRequest } from '../../shared/contract'
import type { Project } from '../../shared/project/types'
import { FileExistsError, ProjectFileError } from '../../shared/project/validate'
import { renderFigureSvg, svgToPdf, svgToPng, type FigureFonts } from './figure-render'
import { writeAtomic } from './project-store'
import { REPORT_FORMATS, compareTableCsv, reportFormatOf, writeReport, type ReportFile } from './report/report'

/** The figure each curve gets in a report: wide enough for a page, at a size a reader can read on screen. */
export const REPORT_FIGURE_STYLE: Partial<FigureStyle> = { widthIn: 6, heightIn: 3.4, fontPt: 9 }

/** What to draw: the curves (by id, in order) and the style. */
export type FigureSpec = Omit<FigureRequest, 'project'>

/** A figure file, or with perCurve one per curve into the folder `path` (see FigureExportRequest). */
export type FigureFileRequest = Omit<FigureExportRequest, 'project'>

/** A report or the compare table (see ReportExportRequest). */
export type ReportFileRequest = Omit<ReportExportRequest, 'project'>

export interface ExportContext {
  fonts: FigureFonts
  version: string
  now?: () => Date
}

/** The figure format a file name asks for by its extension, or null. */
export function figureFormatOf(path: string): FigureFormat | null {
  const ext = extname(path).slice(1).toLowerCase()
  return (FIGURE_FORMATS as readonly string[]).includes(ext) ? (ext as FigureFormat) : null
}

/** The panels of the curves asked for, with their fits and forecasts; an unknown id is an error naming it. */
export function panelsOf(project: Project, curveIds: readonly string[]): FigurePanel[] {
  if (curveIds.length === 0) throw new RangeError('choose at least one curve to draw')
  return curveIds.map((id) => {
    const curve = project.curves.find((c) => c.id === id)
    if (!curve) throw new RangeError(`the project has no curve with id "${id}"`)
    const forecast = Object.hasOwn(project.forecasts, id) ? project.forecasts[id] : null
    return {
      curve,
      fits: Object.hasOwn(project.fits, id) ? project.fits[id] : [],
      forecast: forecast ? { result: forecast.result, stale: forecast.curveRevision !== curve.revision } : null
    }
  })
}

/** The SVG of the panels' figure: the one rendering every export and the preview go through. */
function panelsSvg(panels: readonly FigurePanel[], style: FigureStyle, fonts: FigureFonts): string {
  return renderFigureSvg(buildFigureOption(panels, style), style, fonts)
}

/** The SVG of a figure exactly as it is exported (the Export dialog's preview). */
export function figureSvg(project: Project, spec: FigureSpec, fonts: FigureFonts): string {
  return panelsSvg(panelsOf(project, spec.curveIds), spec.style, fonts)
}

/** A figure's bytes in a format. */
export async function figureBytes(svg: string, style: FigureStyle, format: FigureFormat, dpi: number, fonts: FigureFonts, title: string): Promise<Uint8Array> {
  if (format === 'svg') return new TextEncoder().encode(svg)
  if (format === 'png') return svgToPng(svg, style, dpi, fonts)
  return svgToPdf([{ svg, size: style }], fonts, { title })
}

/** A file name from a curve name: letters, digits, dot, dash and underscore kept, the rest as '_'; never empty. */
export function fileSlug(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 100)
  return slug || 'curve'
}

/** Unique file names for the curves, in order: a name met twice gets -2, -3... */
function uniqueSlugs(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const base = fileSlug(name)
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1
    seen.set(base.toLowerCase(), n)
    return n === 1 ? base : `${base}-${n}`
  })
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false
  )
}

/** Refuses to replace any of the files unless allowed, before anything is written. */
async function checkTargets(paths: readonly string[], overwrite: boolean): Promise<void> {
  if (overwrite) return
  for (const path of paths) if (await exists(path)) throw new FileExistsError(basename(path))
}

/**
 * Writes one figure of the curves to `path` (format from its extension, which must match `format`), or with
 * perCurve one single-curve figure per curve into the folder `path` (made if missing).
 */
export async function writeFigureFiles(project: Project, request: FigureFileRequest, context: ExportContext): Promise<ExportedFiles> {
  const style = figureStyle(request.style)
  const panels = panelsOf(project, request.curveIds)
  if (!request.perCurve) {
    const format = figureFormatOf(request.path)
    if (format === null) {
      throw new ProjectFileError(`a figure file must end in ${FIGURE_FORMATS.map((f) => `.${f}`).join(', ')}`, basename(request.path), 'refused')
    }
    await checkTargets([request.path], request.overwrite)
    const svg = panelsSvg(panels, style, context.fonts)
    const title = style.title || panels.map((p) => p.curve.name).join(', ')
    await writeAtomic(request.path, await figureBytes(svg, style, format, request.dpi, context.fonts, title), basename(request.path))
    return { paths: [request.path] }
  }
  const names = uniqueSlugs(panels.map((p) => p.curve.name))
  const paths = names.map((name) => join(request.path, `${name}.${request.format}`))
  await mkdir(request.path, { recursive: true }).catch((error: unknown) => {
    throw new ProjectFileError(`cannot make the folder: ${error instanceof Error ? error.message : String(error)}`, basename(request.path), 'write-failed')
  })
  await checkTargets(paths, request.overwrite)
  const single: FigureStyle = { ...style, layout: 'single' }
  for (const [i, panel] of panels.entries()) {
    const svg = panelsSvg([panel], single, context.fonts)
    await writeAtomic(paths[i], await figureBytes(svg, single, request.format, request.dpi, context.fonts, panel.curve.name), basename(paths[i]))
  }
  return { paths }
}

/** The report of the curves (every curve when curveIds is null) in the format of the path's extension, or the compare table. */
export async function writeReportFiles(project: Project, request: ReportFileRequest, context: ExportContext): Promise<ExportedFiles> {
  const name = basename(request.path)
  const ids = request.curveIds ?? project.curves.map((c) => c.id)
  let files: ReportFile[]
  if (request.kind === 'compare-table') {
    if (extname(request.path).toLowerCase() !== '.csv') throw new ProjectFileError('the compare table is written as .csv', name, 'refused')
    files = [{ name, bytes: new TextEncoder().encode(compareTableCsv(project, ids)) }]
  } else {
    const format = reportFormatOf(request.path)
    if (format === null) {
      throw new ProjectFileError(`a report file must end in ${REPORT_FORMATS.map((f) => `.${f}`).join(', ')}`, name, 'refused')
    }
    const style = figureStyle({ ...REPORT_FIGURE_STYLE, breaks: true })
    const figures = new Map<string, string>()
    // CSV and JSON carry numbers only; the others show a figure per curve.
    if (format !== 'csv' && format !== 'json') {
      for (const panel of panelsOf(project, ids)) {
        figures.set(panel.curve.id, panelsSvg([panel], style, context.fonts))
      }
    }
    const input = {
      project,
      curveIds: ids,
      version: context.version,
      generatedAt: (context.now?.() ?? new Date()).toISOString(),
      figures
    }
    const base = name.slice(0, name.length - extname(name).length)
    files = await writeReport(input, format, base, context.fonts)
  }
  const folder = dirname(request.path)
  const paths = files.map((f) => join(folder, f.name))
  await checkTargets(paths, request.overwrite)
  for (const [i, file] of files.entries()) {
    await mkdir(dirname(paths[i]), { recursive: true })
    await writeAtomic(paths[i], file.bytes, basename(paths[i]))
  }
  return { paths }
}
