// The report as a PDF with the same blocks as the HTML: A4 portrait, 50 pt margins, DejaVu Sans embedded (never
// pdfkit's Helvetica, which is not), tables sized to their content and wrapped to the text width, a table's
// header repeated on each page it runs onto, no row split across pages, figures as vectors at the text width.
import type { FigureFonts } from '../figure-render'
import { createPdfDocument, drawSvg, pdfBytes } from '../figure-render'
import type { Block, Cell } from './report-document'
import { reportBlocks } from './report-document'
import type { ReportModel } from './report-model'
import { sanitizeSvg } from './svg-sanitize'

const PAGE = { width: 595.28, height: 841.89, margin: 50 }
const LEFT = PAGE.margin
const WIDTH = PAGE.width - 2 * PAGE.margin
const BOTTOM = PAGE.height - PAGE.margin
const REGULAR = 'Figure'
const BOLD = 'Figure-Bold'
const TEXT = '#1d2330'
const MUTED = '#5d6576'
const RULE = '#c4cad6'
const LIGHT_RULE = '#e3e6ec'
const ALT = '#f5f7fa'
const BODY_SIZE = 9.5
const TABLE_SIZE = 8
const PAD_X = 4
const PAD_Y = 2.5
const HEADING_SIZES = { 1: 18, 2: 13.5, 3: 11 } as const
const HEADING_GAPS = { 1: 0, 2: 16, 3: 8 } as const

type Doc = PDFKit.PDFDocument
type TableBlock = Extract<Block, { kind: 'table' }>

/** Lays blocks out top to bottom, starting a page whenever the next piece does not fit. */
class Layout {
  /** Where the next block starts on the current page. */
  y = PAGE.margin
  /** Pages so far, for the footer. */
  page = 0
  /** The text style last set, restored after a footer written in the middle of a flowing paragraph. */
  #style = { font: REGULAR, size: BODY_SIZE, color: TEXT }

  constructor(
    readonly doc: Doc,
    readonly footer: string,
    readonly fonts: FigureFonts
  ) {
    // A paragraph longer than what is left of a page flows onto a page pdfkit adds itself (like the last one):
    // number every page however it was added.
    doc.on('pageAdded', () => this.#pageFooter())
  }

  /**
   * The document set in one of the two faces. The regular face is selected by its file, which pdfkit caches:
   * the document opened that file as its default font, so selecting it as 'Figure' finds the same font but
   * caches nothing and reads and parses the whole file again on every call (some milliseconds each).
   */
  font(font: string, size: number): Doc {
    return this.doc.font(font === REGULAR ? this.fonts.regular : font).fontSize(size)
  }

  style(font: string, size: number, color: string): Doc {
    this.#style = { font, size, color }
    return this.font(font, size).fillColor(color)
  }

  newPage(): void {
    this.doc.addPage({ size: [PAGE.width, PAGE.height], margin: PAGE.margin })
    this.y = PAGE.margin
  }

  #pageFooter(): void {
    this.page++
    const { doc } = this
    const { x, y } = doc
    // Text below the bottom margin would make pdfkit start yet another page: lift the margin while writing.
    const margins = doc.page.margins
    const bottom = margins.bottom
    margins.bottom = 0
    this.font(REGULAR, 7.5).fillColor(MUTED)
    doc.text(`${this.footer} · page ${this.page}`, LEFT, PAGE.height - PAGE.margin / 2 - 4, { width: WIDTH, align: 'right', lineBreak: false })
    margins.bottom = bottom
    doc.x = x
    doc.y = y
    this.font(this.#style.font, this.#style.size).fillColor(this.#style.color)
  }

  /** Starts a new page unless `height` more points fit on this one (a piece taller than a page goes on a fresh one). */
  reserve(height: number): void {
    if (this.page === 0 || (this.y + height > BOTTOM && this.y > PAGE.margin)) this.newPage()
  }

  textHeight(text: string, font: string, size: number, width: number): number {
    return this.font(font, size).heightOfString(text || ' ', { width, lineGap: 0 })
  }

  write(text: string, options: { font?: string; size?: number; color?: string; x?: number; width?: number; align?: 'left' | 'right' }): number {
    const { font = REGULAR, size = BODY_SIZE, color = TEXT, x = LEFT, width = WIDTH, align = 'left' } = options
    const height = this.textHeight(text, font, size, width)
    this.style(font, size, color).text(text, x, this.y, { width, align, lineGap: 0 })
    return height
  }
}

/** Points a block takes: headings with their gap, tables only as far as their header and first rows. */
function blockHeight(layout: Layout, block: Block, figures: ReadonlyMap<string, string>): number {
  switch (block.kind) {
    case 'heading':
      return HEADING_GAPS[block.level] + layout.textHeight(block.text, BOLD, HEADING_SIZES[block.level], WIDTH) + 5
    case 'paragraph':
      return layout.textHeight(block.text, REGULAR, BODY_SIZE, WIDTH) + 6
    case 'facts':
      return factsLayout(layout, block).rows.reduce((s, r) => s + r.height + 2, 6)
    case 'table':
      return tableLayout(layout, block).start
    case 'figure':
      return figureLayout(layout, block, figures)?.total ?? 0
  }
}

/** Lines of text that may not be left alone at the foot of a page. */
const MIN_LINES_HEIGHT = 3 * BODY_SIZE * 1.2

/** What of a block must go on the page it starts on: a few lines of text, a table's start, a whole figure. */
function startHeight(layout: Layout, block: Block, figures: ReadonlyMap<string, string>): number {
  const height = blockHeight(layout, block, figures)
  return block.kind === 'paragraph' || block.kind === 'facts' ? Math.min(height, MIN_LINES_HEIGHT) : height
}

/**
 * What a block keeps on its page: a heading everything up to the next table or heading (its facts, text and
 * figure) and the start of that table, so that no heading ends a page; when that is more than a page, the start
 * of the block after it.
 */
function keepWith(layout: Layout, blocks: readonly Block[], i: number, figures: ReadonlyMap<string, string>): number {
  const block = blocks[i]
  if (block.kind !== 'heading') return startHeight(layout, block, figures)
  const own = blockHeight(layout, block, figures)
  let total = own
  for (let j = i + 1; j < blocks.length && blocks[j].kind !== 'heading'; j++) {
    total += blockHeight(layout, blocks[j], figures)
    if (blocks[j].kind === 'table') break
  }
  if (total <= BOTTOM - PAGE.margin) return total
  return own + (i + 1 < blocks.length ? startHeight(layout, blocks[i + 1], figures) : 0)
}

function heading(layout: Layout, block: Extract<Block, { kind: 'heading' }>): void {
  const size = HEADING_SIZES[block.level]
  if (layout.y > PAGE.margin) layout.y += HEADING_GAPS[block.level]
  if (block.level === 2 && layout.y > PAGE.margin) {
    layout.doc.moveTo(LEFT, layout.y - 6).lineTo(LEFT + WIDTH, layout.y - 6).lineWidth(0.5).strokeColor(RULE).stroke()
  }
  layout.y += layout.write(block.text, { font: BOLD, size }) + 5
}

function paragraph(layout: Layout, block: Extract<Block, { kind: 'paragraph' }>): void {
  const height = layout.textHeight(block.text, REGULAR, BODY_SIZE, WIDTH)
  // A paragraph longer than the rest of the page flows on by itself; its end is then where pdfkit left off.
  const page = layout.page
  layout.style(REGULAR, BODY_SIZE, block.muted ? MUTED : TEXT).text(block.text, LEFT, layout.y, { width: WIDTH, lineGap: 0 })
  layout.y = layout.page === page ? layout.y + height + 6 : layout.doc.y + 6
}

function factsLayout(layout: Layout, block: Extract<Block, { kind: 'facts' }>): { labelWidth: number; rows: Array<{ height: number }> } {
  const widest = Math.max(...block.items.map(([k]) => layout.font(REGULAR, BODY_SIZE).widthOfString(k)))
  const labelWidth = Math.min(130, widest + 12)
  const rows = block.items.map(([label, value]) => ({
    height: Math.max(layout.textHeight(label, REGULAR, BODY_SIZE, labelWidth - 8), layout.textHeight(value, REGULAR, BODY_SIZE, WIDTH - labelWidth))
  }))
  return { labelWidth, rows }
}

function facts(layout: Layout, block: Extract<Block, { kind: 'facts' }>): void {
  const { labelWidth, rows } = factsLayout(layout, block)
  block.items.forEach(([label, value], i) => {
    const { height } = rows[i]
    // A fact taller than the rest of the page (a long note) starts here and flows on, like a paragraph.
    layout.reserve(Math.min(height, MIN_LINES_HEIGHT) + 2)
    const page = layout.page
    layout.write(label, { color: MUTED, width: labelWidth - 8 })
    layout.write(value, { x: LEFT + labelWidth, width: WIDTH - labelWidth })
    layout.y = layout.page === page ? layout.y + height + 2 : layout.doc.y + 2
  })
  layout.y += 6
}

/**
 * Column widths from the content, the way a browser lays out an automatic table: each column gets at least its
 * longest word (a numeric column its longest cell) and at most its longest line; space beyond the minimums goes
 * where the text is longest.
 */
function columnWidths(layout: Layout, block: TableBlock): number[] {
  const measure = (text: string, font: string): number => layout.font(font, TABLE_SIZE).widthOfString(text) + 2 * PAD_X
  const rows = [...block.rows, ...(block.footer ? [block.footer] : [])]
  const min: number[] = []
  const max: number[] = []
  block.columns.forEach((column, i) => {
    const texts: Array<[string, string]> = [[column.label, BOLD], ...rows.map((r): [string, string] => [r[i]?.text ?? '', r[i]?.strong ? BOLD : REGULAR])]
    const words = texts.flatMap(([t, font]) => t.split(/\s+/).map((word) => measure(word, font)))
    // Numbers and intervals stay on one line (as in the HTML); only their header may wrap.
    const cells = column.numeric ? texts.slice(1).map(([t, font]) => measure(t, font)) : []
    min.push(Math.max(...words, ...cells))
    max.push(Math.max(...texts.map(([t, font]) => measure(t, font))))
  })
  const sumMin = min.reduce((s, v) => s + v, 0)
  const sumMax = max.reduce((s, v) => s + v, 0)
  if (sumMax <= WIDTH) return max
  if (sumMin >= WIDTH) return min.map((v) => (v * WIDTH) / sumMin)
  const spare = WIDTH - sumMin
  return min.map((v, i) => v + (spare * (max[i] - v)) / (sumMax - sumMin))
}

function rowHeight(layout: Layout, cells: readonly Cell[], widths: readonly number[], bold = false): number {
  const heights = widths.map((w, i) => layout.textHeight(cells[i]?.text ?? '', bold || cells[i]?.strong ? BOLD : REGULAR, TABLE_SIZE, w - 2 * PAD_X))
  return Math.max(...heights) + 2 * PAD_Y
}

interface TableLayout {
  widths: number[]
  headerHeight: number
  captionHeight: number
  rowHeights: number[]
  footerHeight: number
  /** Caption, header and the first rows that must share a page with them. */
  start: number
  total: number
}

/** Rows a table never leaves alone at the foot of a page, under its header. */
const MIN_ROWS = 3
const CAPTION_GAP = 3
const TABLE_GAP = 12

function tableLayout(layout: Layout, block: TableBlock): TableLayout {
  const widths = columnWidths(layout, block)
  const headerHeight = rowHeight(layout, block.columns.map((c) => ({ text: c.label })), widths, true)
  const captionHeight = layout.textHeight(block.caption, REGULAR, TABLE_SIZE, WIDTH) + CAPTION_GAP
  const rowHeights = block.rows.map((cells) => rowHeight(layout, cells, widths))
  const footerHeight = block.footer ? rowHeight(layout, block.footer, widths) : 0
  const head = captionHeight + headerHeight
  const rows = rowHeights.reduce((s, h) => s + h, 0)
  const total = head + rows + footerHeight + TABLE_GAP
  // A short table stays whole; a long one starts with a few rows under its header.
  const start = total <= (BOTTOM - PAGE.margin) / 3 ? total : head + rowHeights.slice(0, MIN_ROWS).reduce((s, h) => s + h, 0)
  return { widths, headerHeight, captionHeight, rowHeights, footerHeight, start, total }
}

function drawRow(layout: Layout, block: TableBlock, cells: readonly Cell[], widths: readonly number[], height: number, bold = false): void {
  let x = LEFT
  widths.forEach((w, i) => {
    const cell = cells[i] ?? { text: '' }
    if (cell.text) {
      layout.write(cell.text, {
        font: bold || cell.strong ? BOLD : REGULAR,
        size: TABLE_SIZE,
        color: bold ? MUTED : cell.strong ? '#14693b' : TEXT,
        x: x + PAD_X,
        width: w - 2 * PAD_X,
        align: block.columns[i]?.numeric ? 'right' : 'left'
      })
    }
    x += w
  })
  layout.y += height
}

function rule(layout: Layout, width: number, color: string, thickness = 0.5): void {
  layout.doc.moveTo(LEFT, layout.y).lineTo(LEFT + width, layout.y).lineWidth(thickness).strokeColor(color).stroke()
}

function table(layout: Layout, block: TableBlock): void {
  const t = tableLayout(layout, block)
  const tableWidth = t.widths.reduce((s, v) => s + v, 0)
  const header: Cell[] = block.columns.map((c) => ({ text: c.label }))
  const drawHeader = (caption: string): void => {
    layout.write(caption, { size: TABLE_SIZE, color: MUTED })
    layout.y += t.captionHeight
    layout.doc.rect(LEFT, layout.y, tableWidth, t.headerHeight).fill(ALT)
    rule(layout, tableWidth, RULE, 0.8)
    drawRow(layout, block, header, t.widths, t.headerHeight, true)
    rule(layout, tableWidth, RULE)
  }
  drawHeader(block.caption)
  block.rows.forEach((cells, i) => {
    const height = t.rowHeights[i]
    if (layout.y + height > BOTTOM) {
      layout.newPage()
      drawHeader(`${block.caption} (continued)`)
    }
    drawRow(layout, block, cells, t.widths, height)
    rule(layout, tableWidth, LIGHT_RULE, 0.4)
  })
  if (block.footer) {
    layout.reserve(t.footerHeight)
    layout.doc.rect(LEFT, layout.y, tableWidth, t.footerHeight).fill(ALT)
    rule(layout, tableWidth, RULE)
    drawRow(layout, block, block.footer, t.widths, t.footerHeight)
  }
  rule(layout, tableWidth, RULE, 0.8)
  layout.y += TABLE_GAP
}

/** The figure's aspect ratio (height / width) from its viewBox, else its width and height. */
function aspect(svg: string): number {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? ''
  const box = /\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(root)
  const w = Number(box?.[1] ?? /\swidth="([\d.]+)/.exec(root)?.[1])
  const h = Number(box?.[2] ?? /\sheight="([\d.]+)/.exec(root)?.[1])
  return w > 0 && h > 0 ? h / w : 0.7
}

type FigureLayout = { svg: string; width: number; height: number; total: number } | null
const figureLayouts = new WeakMap<Block, FigureLayout>()

/** The figure at the text width (narrower if that would be taller than a page), with its caption; measured once. */
function figureLayout(layout: Layout, block: Extract<Block, { kind: 'figure' }>, figures: ReadonlyMap<string, string>): FigureLayout {
  const known = figureLayouts.get(block)
  if (known !== undefined) return known
  const svg = sanitizeSvg(figures.get(block.curveId) ?? '', { standalone: true })
  const captionHeight = layout.textHeight(block.caption, REGULAR, TABLE_SIZE, WIDTH)
  const maxHeight = BOTTOM - PAGE.margin - captionHeight - 16
  const ratio = aspect(svg)
  const width = Math.min(WIDTH, maxHeight / ratio)
  const height = width * ratio
  const result = svg ? { svg, width, height, total: height + 4 + captionHeight + 10 } : null
  figureLayouts.set(block, result)
  return result
}

function figure(layout: Layout, block: Extract<Block, { kind: 'figure' }>, figures: ReadonlyMap<string, string>): void {
  const f = figureLayout(layout, block, figures)
  if (!f) return
  drawSvg(layout.doc, f.svg, LEFT, layout.y, { width: f.width, height: f.height })
  layout.y += f.height + 4
  layout.y += layout.write(block.caption, { size: TABLE_SIZE, color: MUTED }) + 10
}

/** The report as PDF bytes. */
export async function reportPdf(model: ReportModel, figures: ReadonlyMap<string, string>, fonts: FigureFonts): Promise<Uint8Array> {
  const doc = createPdfDocument(fonts, { title: model.title || 'Untitled project' })
  const layout = new Layout(doc, `${model.title || 'Untitled project'} · ${model.software.name} ${model.software.version}`, fonts)
  layout.font(REGULAR, BODY_SIZE)
  layout.newPage()
  const blocks = reportBlocks(model, (id) => figures.has(id))
  blocks.forEach((block, i) => {
    layout.reserve(keepWith(layout, blocks, i, figures))
    if (block.kind === 'heading') heading(layout, block)
    else if (block.kind === 'paragraph') paragraph(layout, block)
    else if (block.kind === 'facts') facts(layout, block)
    else if (block.kind === 'table') table(layout, block)
    else figure(layout, block, figures)
  })
  return pdfBytes(doc)
}
