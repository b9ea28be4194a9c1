// The report as Markdown (GitHub-flavoured tables), with each figure as an SVG file in a folder beside it.
import type { Block, Cell } from './report-document'
import { reportBlocks } from './report-document'
import type { ReportModel } from './report-model'
import { sanitizeSvg } from './svg-sanitize'

/** Markdown-significant characters escaped with a backslash, so user text shows as typed, never as markup or HTML. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|&~#!]/g, (c) => `\\${c}`)
}

/** Text on one line for a table cell or a heading. */
const inline = (text: string): string => escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '))

/** A paragraph's lines, each escaped; a line that would start a list, quote, heading or rule starts escaped. */
function paragraph(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => escapeMarkdown(line).replace(/^(\s*)([-+=]|\d+[.)])/, '$1\\$2'))
    .join('  \n')
}

const cellText = (cell: Cell): string => {
  const text = inline(cell.text)
  return cell.strong && text ? `**${text}**` : text
}

function tableMarkdown(block: Extract<Block, { kind: 'table' }>): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`
  const lines = [
    `*${inline(block.caption)}*`,
    '',
    row(block.columns.map((c) => inline(c.label) || ' ')),
    row(block.columns.map((c) => (c.numeric ? '---:' : '---'))),
    ...block.rows.map((r) => row(r.map(cellText))),
    ...(block.footer ? [row(block.footer.map(cellText))] : [])
  ]
  return lines.join('\n')
}

/** Each path segment percent-encoded, so spaces or parentheses in a name cannot break the link. */
const linkPath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

export interface MarkdownReport {
  text: string
  /** Figure files by path relative to the report's folder. */
  figures: Array<{ name: string; svg: string }>
}

/** The report as Markdown; figures go to `{baseName}-figures/{slug}.svg`. */
export function reportMarkdown(model: ReportModel, figures: ReadonlyMap<string, string>, baseName: string): MarkdownReport {
  const files: MarkdownReport['figures'] = []
  const parts = reportBlocks(model, (id) => figures.has(id)).map((block): string => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${inline(block.text)}`
      case 'paragraph':
        return block.muted ? `*${paragraph(block.text)}*` : paragraph(block.text)
      case 'facts':
        return block.items.map(([k, v]) => `- **${inline(k)}:** ${paragraph(v).replace(/ {2}\n/g, '  \n  ')}`).join('\n')
      case 'table':
        return tableMarkdown(block)
      case 'figure': {
        const svg = sanitizeSvg(figures.get(block.curveId) ?? '', { standalone: true })
        if (!svg) return ''
        const name = `${baseName}-figures/${block.slug}.svg`
        files.push({ name, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` })
        return `![${inline(block.caption)}](${linkPath(name)})`
      }
    }
  })
  const footer = `*${escapeMarkdown(`${model.software.name} ${model.software.version} · ${model.generatedAt}`)}*`
  return { text: `${[...parts.filter(Boolean), footer].join('\n\n')}\n`, figures: files }
}
