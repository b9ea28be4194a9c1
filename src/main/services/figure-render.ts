// Figures as files without a window: an ECharts option drawn by ECharts' server-side SVG renderer, then
// rasterised by resvg (PNG) or redrawn as vectors by svg-to-pdfkit (PDF), with DejaVu Sans embedded so a figure
// looks the same on every machine. An option is laid out in points: a 3.25 x 2.4 in figure is 234 x 172.8 units.
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { init, setPlatformAPI, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'

use([CustomChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, SVGRenderer])

/** Absolute paths of the figure font's TrueType files. */
export interface FigureFonts {
  regular: string
  bold: string
}

/** The family to name in an option's textStyle.fontFamily; PNG and PDF draw every family with it anyway. */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans'

export function figureFonts(resourcesDir: string): FigureFonts {
  return {
    regular: join(resourcesDir, 'fonts', 'DejaVuSans.ttf'),
    bold: join(resourcesDir, 'fonts', 'DejaVuSans-Bold.ttf')
  }
}

export interface FigureSize {
  widthIn: number
  heightIn: number
}

const POINTS_PER_INCH = 72
const PRODUCER = 'Scaling Studio'
const PDF_FONT = 'Figure'
const PDF_FONT_BOLD = 'Figure-Bold'

/**
 * The option drawn by ECharts' server-side SVG renderer, without animation. The root <svg> is sized in inches
 * over a viewBox in points, so it prints at its real size; text stays <text>, escaped by ECharts. With `fonts`,
 * ECharts lays text out (legend spacing, label overlap, name gaps) with DejaVu Sans's real widths, from then on
 * for the whole process; without, it guesses from Helvetica-like widths and 1 em for every non-ASCII character.
 */
export function renderFigureSvg(option: object, size: FigureSize, fonts?: FigureFonts): string {
  const { width, height } = pointSize(size)
  if (fonts) measureTextWith(fonts)
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false })
    const svg = quoteFontFamilies(chart.renderToSVGString())
    return setRootSize(svg, `${size.widthIn}in`, `${size.heightIn}in`, width, height)
  } finally {
    chart.dispose()
  }
}

let measuredWith: string | undefined

/** ECharts measures text through one process-wide hook; point it at the figure font (once per font file). */
function measureTextWith(fonts: FigureFonts): void {
  const key = `${fonts.regular}\n${fonts.bold}`
  if (measuredWith === key) return
  // A document never ended: only its font engine is used, to lay glyphs out as the PDF will.
  const doc = createPdfDocument(fonts)
  setPlatformAPI({
    measureText: (text, font = '') => {
      const size = Number(/(\d*\.?\d+)px/.exec(font)?.[1] ?? 12)
      const bold = /\b(?:bold|bolder|[6-9]00)\b/.test(font)
      return { width: doc.font(bold ? fonts.bold : fonts.regular).fontSize(size).widthOfString(text) }
    }
  })
  measuredWith = key
}

/**
 * ECharts writes attribute values unescaped, so a family list such as `system-ui, "Segoe UI"` would end the
 * style attribute early; CSS takes single quotes as well. Text content has its quotes escaped already.
 */
function quoteFontFamilies(svg: string): string {
  return svg.replace(/font-family:[^;<>]*/g, (family) => family.replaceAll('"', "'"))
}

/** A PNG of round(inches x dpi) pixels each way on white, drawn with DejaVu Sans only, its dpi in a pHYs chunk. */
export function svgToPng(svg: string, size: FigureSize, dpi: number, fonts: FigureFonts): Uint8Array {
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new RangeError(`dpi must be a positive number, got ${dpi}`)
  const { width, height } = pointSize(size)
  const pixelWidth = Math.round(size.widthIn * dpi)
  const pixelHeight = Math.round(size.heightIn * dpi)
  // resvg takes the output size from the root's width and height; the viewBox scales the points onto it.
  const sized = setRootSize(svg, String(pixelWidth), String(pixelHeight), width, height)
  const resvg = new Resvg(sized, {
    background: 'white',
    fitTo: { mode: 'original' },
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: FIGURE_FONT_FAMILY,
      // Generic families too, so an option naming `system-ui, sans-serif` still draws in DejaVu Sans.
      sansSerifFamily: FIGURE_FONT_FAMILY,
      serifFamily: FIGURE_FONT_FAMILY,
      monospaceFamily: FIGURE_FONT_FAMILY
    }
  })
  return withDpi(resvg.render().asPng(), dpi)
}

/** A vector PDF, one page per SVG at the figure's size, with the text in embedded DejaVu Sans. */
export async function svgToPdf(
  pages: Array<{ svg: string; size: FigureSize }>,
  fonts: FigureFonts,
  info?: { title?: string }
): Promise<Uint8Array> {
  if (pages.length === 0) throw new RangeError('A PDF needs at least one figure')
  const doc = createPdfDocument(fonts, info)
  for (const { svg, size } of pages) {
    const { width, height } = pointSize(size)
    doc.addPage({ size: [width, height], margin: 0 })
    drawSvg(doc, svg, 0, 0, { width, height })
  }
  return pdfBytes(doc)
}

/** A PDF document with the figure font registered as 'Figure' and 'Figure-Bold', and no page yet. */
export function createPdfDocument(fonts: FigureFonts, info?: { title?: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    autoFirstPage: false,
    // The default font would otherwise be Helvetica, a font the PDF does not embed.
    font: fonts.regular,
    info: { ...(info?.title === undefined ? {} : { Title: info.title }), Creator: PRODUCER, Producer: PRODUCER }
  })
  doc.registerFont(PDF_FONT, fonts.regular)
  doc.registerFont(PDF_FONT_BOLD, fonts.bold)
  documentFonts.set(doc, fonts)
  return doc
}

/**
 * The font files of each document. Text is set by file path, not by the registered names: pdfkit caches a font
 * under the key it was first opened with, and the default font opened the regular file by its path, so a
 * registered name would re-read and re-parse the whole file on every use (about 4 ms each, 0.5 s a figure).
 */
const documentFonts = new WeakMap<PDFKit.PDFDocument, FigureFonts>()

/** Draws an SVG as vectors into the box at (x, y), every font family mapped onto the registered figure font. */
export function drawSvg(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: { width: number; height: number }): void {
  SVGtoPDF(doc, haloBehindText(svg), x, y, {
    width: options.width,
    height: options.height,
    fontCallback: (_family, bold) => {
      const fonts = documentFonts.get(doc)
      if (fonts) return bold ? fonts.bold : fonts.regular
      return bold ? PDF_FONT_BOLD : PDF_FONT
    }
  })
}

const HALOED_TEXT = /<text\b([^>]*?)\spaint-order="stroke"([^>]*)>([^<]*)<\/text>/g
const STROKE_ATTRIBUTES = /\sstroke(?:-[a-z]+)?="[^"]*"/g

/**
 * ECharts outlines a label over the plot (a markLine's, say) with a white stroke painted under the fill
 * (paint-order="stroke"). svg-to-pdfkit ignores paint-order and paints the stroke last, over the glyphs, so the
 * label vanishes: draw it as two texts, the outline first, then the fill.
 */
function haloBehindText(svg: string): string {
  return svg.replace(HALOED_TEXT, (_match, before: string, after: string, text: string) => {
    const attributes = before + after
    const halo = `${attributes.replace(/\sfill(?:-opacity)?="[^"]*"/g, '')} fill="none"`
    const ink = attributes.replace(STROKE_ATTRIBUTES, '')
    return `<text${halo}>${text}</text><text${ink}>${text}</text>`
  })
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.end()
  })
}

function pointSize(size: FigureSize): { width: number; height: number } {
  for (const [name, value] of [['widthIn', size.widthIn], ['heightIn', size.heightIn]] as const) {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number of inches, got ${value}`)
  }
  return { width: toPoints(size.widthIn), height: toPoints(size.heightIn) }
}

/** Inches to points, rounded so 2.4 in is 172.8 pt and not 172.79999999999998 in the viewBox. */
function toPoints(inches: number): number {
  return Math.round(inches * POINTS_PER_INCH * 1e6) / 1e6
}

/** Sets width, height and viewBox on the root <svg> tag, leaving the rest of the document as it is. */
function setRootSize(svg: string, width: string, height: string, viewWidth: number, viewHeight: number): string {
  const open = /<svg\b[^>]*>/.exec(svg)
  if (!open) throw new Error('Not an SVG document: no <svg> element')
  let tag = open[0]
  for (const [name, value] of [['width', width], ['height', height], ['viewBox', `0 0 ${viewWidth} ${viewHeight}`]]) {
    const attribute = new RegExp(`\\s${name}="[^"]*"`)
    tag = attribute.test(tag) ? tag.replace(attribute, ` ${name}="${value}"`) : tag.replace(/^<svg\b/, `<svg ${name}="${value}"`)
  }
  return svg.slice(0, open.index) + tag + svg.slice(open.index + open[0].length)
}

const PNG_SIGNATURE_LENGTH = 8
/** Signature, then IHDR: length (4), type (4), 13 bytes of data, CRC (4). */
const IHDR_END = PNG_SIGNATURE_LENGTH + 4 + 4 + 13 + 4

/** The PNG with a pHYs chunk (pixels per metre, unit metre) right after IHDR, replacing any it had. */
function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  const rest = withoutChunk(png.subarray(IHDR_END), 'pHYs')
  const chunk = Buffer.alloc(4 + 4 + 9 + 4)
  const perMetre = Math.round(dpi / 0.0254)
  chunk.writeUInt32BE(9, 0)
  chunk.write('pHYs', 4, 'latin1')
  chunk.writeUInt32BE(perMetre, 8)
  chunk.writeUInt32BE(perMetre, 12)
  chunk.writeUInt8(1, 16)
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17)
  return new Uint8Array(Buffer.concat([png.subarray(0, IHDR_END), chunk, rest]))
}

/** The chunks that follow IHDR, without those of one type. */
function withoutChunk(chunks: Uint8Array, type: string): Uint8Array {
  const bytes = Buffer.from(chunks.buffer, chunks.byteOffset, chunks.byteLength)
  const kept: Buffer[] = []
  for (let at = 0; at < bytes.length; ) {
    const end = at + 12 + bytes.readUInt32BE(at)
    if (bytes.toString('latin1', at + 4, at + 8) !== type) kept.push(bytes.subarray(at, end))
    at = end
  }
  return Buffer.concat(kept)
}
