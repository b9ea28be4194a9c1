// Pure helpers of the Export dialog: the small project sent with a figure or report request, lengths in inches
// or centimetres, the size line, file names and extensions, and what a report will hold.
import { CM_PER_INCH, WIDTH_PRESETS } from '../../../../shared/figure-style'
import { FORM_NAMES, type FormName } from '../../../../shared/fit-types'
import type { Project } from '../../../../shared/project/types'

export const LENGTH_UNITS = ['in', 'cm'] as const
export type LengthUnit = (typeof LENGTH_UNITS)[number]

export type WidthPreset = keyof typeof WIDTH_PRESETS | 'custom'

/** Report formats by file extension, as the export service reads them (src/main/services/report/report.ts). */
export const REPORT_FORMAT_CHOICES = [
  { ext: 'html', label: 'HTML', note: 'One self-contained page: a figure and the fits of each curve, nothing loaded from elsewhere.' },
  { ext: 'md', label: 'Markdown', note: 'Tables in Markdown, each figure an SVG file in a folder beside it.' },
  { ext: 'tex', label: 'LaTeX table', note: 'Booktabs tables to \\input into a paper: fits, errors and forecasts. No figures.' },
  { ext: 'pdf', label: 'PDF', note: 'The HTML report as an A4 PDF with vector figures.' },
  { ext: 'csv', label: 'CSV', note: 'One tidy table, a record per row (points, parameters, errors, forecasts), at full precision. No figures.' },
  { ext: 'json', label: 'JSON', note: 'Every number at full precision, for scripts. No figures.' }
] as const
export type ReportExt = (typeof REPORT_FORMAT_CHOICES)[number]['ext']

/** Formats whose report shows a figure of each curve. */
const REPORT_WITH_FIGURES: readonly ReportExt[] = ['html', 'md', 'pdf']

/**
 * The project cut down to some curves (in project order) with their fits, forecasts and the crossovers between
 * them: what a preview or export request carries, so it stays small and still passes the project validator.
 */
export function subProject(project: Project, curveIds: readonly string[]): Project {
  const ids = new Set(curveIds)
  const pick = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)))
  return {
    ...project,
    curves: project.curves.filter((c) => ids.has(c.id)),
    fits: pick(project.fits),
    forecasts: pick(project.forecasts),
    crossovers: project.crossovers.filter((c) => ids.has(c.curves[0]) && ids.has(c.curves[1]))
  }
}

/** A length typed in a unit, in inches (to 1/10000 inch, so messages stay readable). */
export function toInches(value: number, unit: LengthUnit): number {
  const inches = unit === 'cm' ? value / CM_PER_INCH : value
  return Math.round(inches * 1e4) / 1e4
}

/** A length in inches, in a unit, to two decimals (what the fields show). */
export function fromInches(inches: number, unit: LengthUnit): number {
  const value = unit === 'cm' ? inches * CM_PER_INCH : inches
  return Math.round(value * 100) / 100
}

/** The column preset a width matches (to the field's two decimals in either unit), else 'custom'. */
export function widthPresetOf(widthIn: number): WidthPreset {
  for (const [name, inches] of Object.entries(WIDTH_PRESETS) as Array<[keyof typeof WIDTH_PRESETS, number]>) {
    if (Math.abs(widthIn - inches) < 0.004) return name
  }
  return 'custom'
}

/** "3.25 × 2.40 in (8.26 × 6.10 cm)". */
export function formatSize(widthIn: number, heightIn: number): string {
  const two = (n: number): string => (Math.round(n * 100) / 100).toFixed(2)
  return `${two(widthIn)} × ${two(heightIn)} in (${two(widthIn * CM_PER_INCH)} × ${two(heightIn * CM_PER_INCH)} cm)`
}

/** The forms fitted to any of the curves, in the usual order. */
export function fittedFormsOf(project: Project, curveIds: readonly string[]): FormName[] {
  const seen = new Set<FormName>()
  for (const id of curveIds) for (const fit of Object.hasOwn(project.fits, id) ? project.fits[id] : []) seen.add(fit.form)
  return FORM_NAMES.filter((f) => seen.has(f))
}

/** A file name base from a project or curve name: letters, digits, dots, dashes and underscores; never empty. */
export function fileBase(name: string): string {
  const base = name
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return base.slice(0, 100) || 'export'
}

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/**
 * The path ending in `.ext`: kept when it does, its extension replaced when it is another of `family` (the user
 * picked the format in the dialog), `.ext` added otherwise.
 */
export function withExtension(path: string, ext: string, family: readonly string[]): string {
  const current = extensionOf(path)
  if (current === ext) return path
  if (current !== '' && family.includes(current)) return `${path.slice(0, path.length - current.length)}${ext}`
  return `${path}.${ext}`
}

/** The folder of a path, with its trailing separator; '' for a bare name. */
export function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

/** What a report of the curves will hold, for the dialog's summary. */
export interface ReportContents {
  curves: number
  fitted: number
  forms: FormName[]
  fits: number
  forecasts: number
  crossovers: number
  /** Figures the report draws (one per curve), 0 for the formats without figures. */
  figures: number
}

export function reportContents(project: Project, curveIds: readonly string[], ext: ReportExt): ReportContents {
  const ids = new Set(curveIds)
  let fitted = 0
  let fits = 0
  for (const id of ids) {
    const list = Object.hasOwn(project.fits, id) ? project.fits[id] : []
    if (list.length > 0) fitted++
    fits += list.length
  }
  return {
    curves: ids.size,
    fitted,
    forms: fittedFormsOf(project, curveIds),
    fits,
    forecasts: Object.keys(project.forecasts).filter((id) => ids.has(id)).length,
    crossovers: project.crossovers.filter((c) => ids.has(c.curves[0]) && ids.has(c.curves[1])).length,
    figures: REPORT_WITH_FIGURES.includes(ext) ? ids.size : 0
  }
}
