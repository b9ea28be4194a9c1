// The report as one self-contained HTML file: inline CSS, figures inlined as sanitised SVG, no reference to
// anything outside the file, and a Content-Security-Policy that would block one if it were there.
import type { Block, Cell, Column } from './report-document'
import { reportBlocks } from './report-document'
import type { ReportModel } from './report-model'
import { sanitizeSvg } from './svg-sanitize'

const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/** Text for HTML element content and attribute values alike. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

const STYLE = `
:root { color-scheme: light; --text: #1d2330; --muted: #5d6576; --border: #d9dde5; --alt: #f5f7fa; --accent: #3159c9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--text); background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-top: 14px; border-top: 1px solid var(--border); overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 22px 0 8px; }
p { margin: 6px 0 10px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 8px 0 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: 12.5px; padding: 0 0 5px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--alt); font-weight: 600; font-size: 12.5px; border-bottom: 1px solid #c4cad6; }
tfoot td { background: var(--alt); border-top: 1px solid #c4cad6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td strong { color: #14693b; }
figure { margin: 12px 0 18px; }
figure svg { display: block; width: 100%; max-width: 900px; height: auto; border: 1px solid var(--border); border-radius: 6px; background: #fff; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { main { max-width: none; padding: 0; } h2 { break-before: auto; } figure, tr { break-inside: avoid; } }
`

function cellHtml(tag: 'td' | 'th', cell: Cell, column: Column | undefined): string {
  const cls = column?.numeric ? ' class="num"' : ''
  const text = escapeHtml(cell.text)
  return `<${tag}${cls}>${cell.strong ? `<strong>${text}</strong>` : text}</${tag}>`
}

function tableHtml(block: Extract<Block, { kind: 'table' }>): string {
  const head = block.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('')
  const rows = block.rows.map((row) => `<tr>${row.map((cell, i) => cellHtml('td', cell, block.columns[i])).join('')}</tr>`)
  const foot = block.footer ? `<tfoot><tr>${block.footer.map((cell, i) => cellHtml('td', cell, block.columns[i])).join('')}</tr></tfoot>` : ''
  return [
    '<div class="table-wrap"><table>',
    `<caption>${escapeHtml(block.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>${foot}`,
    '</table></div>'
  ].join('\n')
}

function blockHtml(block: Block, figures: ReadonlyMap<string, string>, index: number): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`
    case 'paragraph':
      return `<p${block.muted ? ' class="muted"' : ''}>${escapeHtml(block.text)}</p>`
    case 'facts':
      return `<dl class="facts">${block.items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`
    case 'table':
      return tableHtml(block)
    case 'figure': {
      const svg = sanitizeSvg(figures.get(block.curveId) ?? '', { prefix: `f${index}-` })
      if (!svg) return ''
      return `<figure>${svg}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`
    }
  }
}

/** The whole report as one HTML page. */
export function reportHtml(model: ReportModel, figures: ReadonlyMap<string, string>): string {
  const blocks = reportBlocks(model, (id) => figures.has(id))
  const body = blocks.map((b, i) => blockHtml(b, figures, i)).filter(Boolean).join('\n')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${model.software.name} ${model.software.version}`)}">
<title>${escapeHtml(model.title || 'Untitled project')} · report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
<footer>${escapeHtml(`${model.software.name} ${model.software.version} · ${model.generatedAt}`)}</footer>
</main>
</body>
</html>
`
}
