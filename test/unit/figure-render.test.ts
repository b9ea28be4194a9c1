import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createPdfDocument,
  drawSvg,
  FIGURE_FONT_FAMILY,
  figureFonts,
  pdfBytes,
  renderFigureSvg,
  svgToPdf,
  svgToPng
} from '../../src/main/services/figure-render'
import { root } from './helpers/paths'

const fonts = figureFonts(join(root, 'resources'))
const size = { widthIn: 3.25, heightIn: 2 }
const SCRIPT_TITLE = '<script>alert(1)</script> & \\'
const SUPERSCRIPTS = ['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹', '10²', '10³', '10⁴', '10⁵']

/** A scaling figure with what the exporter draws: log axes, solid and dashed lines, both markers, a band, a markLine. */
function scalingOption(title = 'Loss vs compute'): object {
  const fit = Array.from({ length: 30 }, (_, i) => {
    const x = 10 ** (-3 + (8 * i) / 29)
    return [x, 2 * x ** -0.3 + 0.5]
  })
  const band = fit.filter(([x]) => x > 10).map(([x, y]) => [x, y * 0.8, y * 1.25])
  const tick = (v: number): string => SUPERSCRIPTS[Math.round(Math.log10(v)) + 3] ?? String(v)
  return {
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FIGURE_FONT_FAMILY, fontSize: 7 },
    title: { text: title, left: 'center', textStyle: { fontSize: 8, fontWeight: 'bold' } },
    legend: { top: 14, textStyle: { fontSize: 6 } },
    grid: { left: 30, right: 10, top: 32, bottom: 26 },
    xAxis: { type: 'log', name: 'Compute (FLOPs)', nameLocation: 'middle', min: 1e-3, max: 1e5, axisLabel: { fontSize: 6, formatter: tick } },
    yAxis: { type: 'log', name: 'Loss', nameLocation: 'middle', min: 0.1, max: 100, axisLabel: { fontSize: 6, formatter: tick } },
    series: [
      {
        name: '80% band',
        type: 'custom',
        data: band,
        encode: { x: 0, y: [1, 2] },
        renderItem: (params: { dataIndex: number }, api: { coord: (p: number[]) => number[] }) => {
          if (params.dataIndex !== 0) return null
          const points = [...band.map(([x, , high]) => api.coord([x, high])), ...band.map(([x, low]) => api.coord([x, low])).reverse()]
          return { type: 'polygon', shape: { points }, style: { fill: '#6a4fc9', opacity: 0.22 } }
        }
      },
      {
        name: 'Fit',
        type: 'line',
        data: fit,
        showSymbol: false,
        markLine: { symbol: 'none', label: { formatter: 'x = 10³', fontSize: 6 }, lineStyle: { type: 'dotted' }, data: [{ xAxis: 1000 }] }
      },
      { name: 'Alternative', type: 'line', data: fit.map(([x, y]) => [x, y * 1.15]), showSymbol: false, lineStyle: { type: 'dashed' } },
      { name: 'Train', type: 'scatter', symbol: 'circle', symbolSize: 4, data: fit.filter((_, i) => i % 3 === 0) },
      { name: 'Held out', type: 'scatter', symbol: 'emptyCircle', symbolSize: 4, data: fit.filter((_, i) => i % 3 === 1) }
    ]
  }
}

/** The first well-formedness error of an XML document (tags nest and close, attributes quoted, entities known), or null. */
function xmlError(xml: string): string | null {
  const body = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '')
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y
  const open: string[] = []
  let roots = 0
  let at = 0
  while (at < body.length) {
    const lt = body.indexOf('<', at)
    const text = body.slice(at, lt < 0 ? body.length : lt)
    const badEntity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text)
    if (badEntity) return `bad entity at ${at + badEntity.index}`
    if (text.trim() && open.length === 0) return `text outside the root at ${at}`
    if (lt < 0) break
    tag.lastIndex = lt
    const match = tag.exec(body)
    if (!match) return `malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`
    const [whole, closing, name, attributes, selfClosing] = match
    const names = [...attributes.matchAll(/([A-Za-z_][\w:.-]*)\s*=/g)].map((m) => m[1])
    if (new Set(names).size !== names.length) return `repeated attribute in <${name}>`
    if (closing) {
      if (open.pop() !== name) return `</${name}> closes nothing open at ${lt}`
    } else if (!selfClosing) {
      if (open.length === 0) roots++
      open.push(name)
    } else if (open.length === 0) roots++
    at = lt + whole.length
  }
  if (open.length > 0) return `unclosed <${open.at(-1)}>`
  return roots === 1 ? null : `${roots} root elements`
}

interface PngChunk {
  type: string
  data: Buffer
  crcOk: boolean
}

function pngChunks(png: Uint8Array): PngChunk[] {
  const bytes = Buffer.from(png)
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const chunks: PngChunk[] = []
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const data = bytes.subarray(at + 8, at + 8 + length)
    chunks.push({ type, data, crcOk: crc32(bytes.subarray(at + 4, at + 8 + length)) === bytes.readUInt32BE(at + 8 + length) })
    at += 12 + length
  }
  return chunks
}

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'figure-render-test-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A poppler tool's output for a PDF written to the test folder. */
function poppler(tool: 'pdfinfo' | 'pdffonts' | 'pdftotext', pdf: Uint8Array, ...args: string[]): string {
  const file = join(dir, `${tool}-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' })
}

describe('renderFigureSvg', () => {
  const svg = renderFigureSvg(scalingOption(), size, fonts)

  test('is well-formed XML whose root prints at the figure size over a viewBox in points', () => {
    expect(xmlError(svg)).toBeNull()
    const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? ''
    expect(root).toContain('width="3.25in"')
    expect(root).toContain('height="2in"')
    expect(root).toContain('viewBox="0 0 234 144"')
  })

  test('holds the series and the text as text', () => {
    expect(svg).toMatch(/<polygon [^>]*fill-opacity="0.22"/)
    expect(svg).toMatch(/stroke-dasharray="/)
    for (const text of ['Loss vs compute', 'Compute (FLOPs)', 'Loss', 'Fit', 'Held out', '80% band', 'x = 10³', '10⁻³', '10⁵']) {
      expect(svg).toContain(`>${text}</text>`)
    }
    expect(svg).toContain(`font-family:${FIGURE_FONT_FAMILY}`)
  })

  test('a script-like title is escaped text, not an element', () => {
    const scripted = renderFigureSvg(scalingOption(SCRIPT_TITLE), size, fonts)
    expect(xmlError(scripted)).toBeNull()
    expect(scripted).not.toMatch(/<script/i)
    expect(scripted).toContain('>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\</text>')
  })

  test('a family list with double quotes keeps the document well-formed', () => {
    const option = { ...scalingOption(), textStyle: { fontFamily: 'system-ui, "Segoe UI", sans-serif', fontSize: 7 } }
    const quoted = renderFigureSvg(option, size, fonts)
    expect(xmlError(quoted)).toBeNull()
    expect(quoted).toContain("font-family:system-ui, 'Segoe UI', sans-serif")
  })

  test('a size that is not a positive number of inches is refused', () => {
    expect(() => renderFigureSvg(scalingOption(), { widthIn: 0, heightIn: 2 })).toThrow('widthIn must be a positive number of inches, got 0')
    expect(() => renderFigureSvg(scalingOption(), { widthIn: 3, heightIn: Number.NaN })).toThrow(
      'heightIn must be a positive number of inches, got NaN'
    )
  })
})

describe('svgToPng', () => {
  const svg = renderFigureSvg(scalingOption(), size, fonts)

  test.each([
    { dpi: 300, width: 975, height: 600, perMetre: 11811 },
    { dpi: 150, width: 488, height: 300, perMetre: 5906 }
  ])('at $dpi dpi it is $width x $height pixels and says so in pHYs right after IHDR', ({ dpi, width, height, perMetre }) => {
    const chunks = pngChunks(svgToPng(svg, size, dpi, fonts))
    expect(chunks.map((c) => c.type).slice(0, 2)).toEqual(['IHDR', 'pHYs'])
    expect(chunks.filter((c) => c.type === 'pHYs')).toHaveLength(1)
    expect(chunks.at(-1)?.type).toBe('IEND')
    expect(chunks.every((c) => c.crcOk)).toBe(true)
    const [ihdr, phys] = chunks
    expect([ihdr.data.readUInt32BE(0), ihdr.data.readUInt32BE(4)]).toEqual([width, height])
    expect([phys.data.readUInt32BE(0), phys.data.readUInt32BE(4), phys.data[8]]).toEqual([perMetre, perMetre, 1])
  })

  test('a dpi that is not a positive number is refused', () => {
    expect(() => svgToPng(svg, size, 0, fonts)).toThrow('dpi must be a positive number, got 0')
  })
})

describe('svgToPdf', () => {
  const svg = renderFigureSvg(scalingOption(SCRIPT_TITLE), size, fonts)
  const tall = { widthIn: 3.25, heightIn: 2.4 }
  const pdf = svgToPdf([{ svg, size }, { svg: renderFigureSvg(scalingOption(), tall, fonts), size: tall }], fonts, { title: 'Figures' })

  test('has one page per figure, each at its size in points, and the document info', async () => {
    const info = poppler('pdfinfo', await pdf, '-f', '1', '-l', '2')
    expect(info).toMatch(/^Pages:\s+2$/m)
    expect(info).toMatch(/^Page\s+1 size:\s+234 x 144 pts/m)
    expect(info).toMatch(/^Page\s+2 size:\s+234 x 172.8 pts/m)
    expect(info).toMatch(/^Title:\s+Figures$/m)
    expect(info).toMatch(/^Creator:\s+Scaling Studio$/m)
    expect(info).toMatch(/^Producer:\s+Scaling Studio$/m)
  })

  test('embeds its fonts as TrueType, never Type 3', async () => {
    const rows = poppler('pdffonts', await pdf).trim().split('\n').slice(2)
    expect(rows.length).toBeGreaterThanOrEqual(1)
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSans/)
      expect(row).toMatch(/(CID )?TrueType/)
      expect(row).not.toMatch(/Type 3/)
      // Columns after the encoding: emb sub uni object ID.
      expect(row).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/)
    }
  })

  test('draws text as text, the script-like title among it', async () => {
    const text = poppler('pdftotext', await pdf, '-raw', '-f', '1', '-l', '1')
    expect(text).toContain(SCRIPT_TITLE)
    expect(text).toContain('Compute (FLOPs)')
    expect(text).toContain('10⁻³')
  })

  test('no figures at all is refused', async () => {
    await expect(svgToPdf([], fonts)).rejects.toThrow('A PDF needs at least one figure')
  })
})

describe('createPdfDocument and drawSvg', () => {
  test('place a figure on a report page of their own size', async () => {
    const doc = createPdfDocument(fonts, { title: 'Report' })
    doc.addPage({ size: 'A4', margin: 36 })
    doc.font('Figure-Bold').fontSize(14).text('Report', 36, 36)
    drawSvg(doc, renderFigureSvg(scalingOption(), size, fonts), 36, 72, { width: 234, height: 144 })
    const bytes = await pdfBytes(doc)
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    const info = poppler('pdfinfo', bytes)
    expect(info).toMatch(/^Page size:\s+595.28 x 841.89 pts/m)
    expect(info).toMatch(/^Title:\s+Report$/m)
    const fontsUsed = poppler('pdffonts', bytes)
    expect(fontsUsed).not.toMatch(/Type 3|Helvetica/)
  })
})
