// Project reports: one model of the project (report-model.ts), written as HTML, Markdown, LaTeX, PDF, CSV or JSON;
// and the Compare view's table as CSV. What the export service and the command line call.
import { extname } from 'node:path'
import type { FigureFonts } from '../figure-render'
import type { Project } from '../../../shared/project/types'
import { compareCsv, reportCsv } from './report-csv'
import { reportHtml } from './report-html'
import { reportJson } from './report-json'
import { reportLatex } from './report-latex'
import { reportMarkdown } from './report-markdown'
import { buildReportModel, compareTable, reportCurves } from './report-model'
import { reportPdf } from './report-pdf'

export const REPORT_FORMATS = ['html', 'md', 'tex', 'pdf', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface ReportInput {
  project: Project
  /** Curves to report, by id, in this order; null = every curve of the project. */
  curveIds: string[] | null
  /** The software version (e.g. '0.1.0'). */
  version: string
  /** ISO time the report was made (passed in so tests are deterministic). */
  generatedAt: string
  /** One figure per curve as an SVG string (already rendered by the caller); a curve missing here has no figure. */
  figures: ReadonlyMap<string, string>
}

export interface ReportFile {
  /** Path relative to the output folder; the first file is the report itself. */
  name: string
  bytes: Uint8Array
}

const EXTENSIONS: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'md',
  '.tex': 'tex',
  '.pdf': 'pdf',
  '.csv': 'csv',
  '.json': 'json'
}

/** The report format a file name asks for by its extension (any case), or null. */
export function reportFormatOf(path: string): ReportFormat | null {
  return EXTENSIONS[extname(path).toLowerCase()] ?? null
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * The report's files: the report itself first (`{baseName}.{format}`), then, for Markdown, its figures as
 * `{baseName}-figures/{slug}.svg`. `baseName` is the report's file name without extension.
 */
export async function writeReport(input: ReportInput, format: ReportFormat, baseName: string, fonts: FigureFonts): Promise<ReportFile[]> {
  const model = buildReportModel(input)
  const name = `${baseName}.${format}`
  switch (format) {
    case 'html':
      return [{ name, bytes: utf8(reportHtml(model, input.figures)) }]
    case 'md': {
      const md = reportMarkdown(model, input.figures, baseName)
      return [{ name, bytes: utf8(md.text) }, ...md.figures.map((f) => ({ name: f.name, bytes: utf8(f.svg) }))]
    }
    case 'tex':
      return [{ name, bytes: utf8(reportLatex(model)) }]
    case 'pdf':
      return [{ name, bytes: await reportPdf(model, input.figures, fonts) }]
    case 'csv':
      return [{ name, bytes: utf8(reportCsv(model)) }]
    case 'json':
      return [{ name, bytes: utf8(reportJson(model)) }]
  }
}

/** The Compare view's project table (one row per curve, held-out RMSLE of each form, best form) as CSV. */
export function compareTableCsv(project: Project, curveIds: string[] | null): string {
  return compareCsv(compareTable(project, reportCurves(project, curveIds)))
}
