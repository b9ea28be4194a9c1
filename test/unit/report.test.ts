import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildChartOption } from '../../src/figures/chart-option'
import { figureFonts, renderFigureSvg } from '../../src/main/services/figure-render'
import { compareTableCsv, reportFormatOf, writeReport } from '../../src/main/services/report/report'
import type { ReportFormat, ReportInput } from '../../src/main/services/report/report'
import { REPORT_CSV_COLUMNS } from '../../src/main/services/report/report-csv'
import { sanitizeSvg } from '../../src/main/services/report/svg-sanitize'
import type { Project } from '../../src/shared/project/types'
import { forecastResult, sampleProject, storedCrossover, storedFit, storedForecast } from '../fixtures/project/sample'
import { root } from './helpers/paths'

const EVIL = '<script>alert(1)</script> & \\'
const NOW = '2025-03-04T05:06:07.000Z'
const fonts = figureFonts(join(root, 'resources'))

/** A figure that tries everything a report must not let through. */
const HOSTILE_SVG = `<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" onload="alert(1)">
<script>alert(2)</script>
<defs><clipPath id="clip"><rect width="200" height="100"/></clipPath></defs>
<g clip-path="url(#clip)" xml:base="http://evil.example/"><rect width="50" height="50" fill="url(https://evil.example/x.svg#p)" onclick="alert(3)"/>
<path d="M0 0L10 10" stroke="#333" style="background:url(http://evil.example/t.png)"/>
<use href="https://evil.example/sprite.svg#a"/><use xlink:href="#clip"/>
<image href="file:///etc/passwd" width="10" height="10"/>
<a href="javascript:alert(4)"><text>link</text></a>
<foreignObject><iframe src="http://evil.example"></iframe></foreignObject>
<text x="10" y="20" style="font-size:12px;font-family:sans-serif;">HOSTILE-FIGURE &lt;ok&gt;</text></g>
<style>@import url(http://evil.example/a.css);</style>
</svg>`

/** Two curves, the second named to break every format; full-precision parameters; NaN where there is no value. */
function reportProject(): Project {
  const p = sampleProject(2, 6)
  p.name = 'Runs & <tests>'
  p.curves[1].name = EVIL
  p.curves[1].notes = 'seen on a bad day\n=HYPERLINK("evil")'
  p.curves[1].xUnit = 'tokens_{total}'
  const bnsl = storedFit('BNSL')
  bnsl.params = { a: 0.1 + 0.2, b: 1 / 3, c0: 0.123456789012345, c1: Math.PI / 10, d1: 41_234_567.891011, f1: 2 ** -20 }
  const m1 = storedFit('M1')
  m1.params = { b: Math.E, c: -(1 / 7) }
  m1.heldoutRmsle = NaN
  p.fits.c2 = [bnsl, m1]
  p.fits.c1[1].curveRevision = 5 // stale
  p.forecasts = {
    c1: storedForecast(),
    c2: storedForecast(0, forecastResult({ curve: EVIL, form: 'M1', params: { b: Math.E, c: -(1 / 7) } }))
  }
  p.crossovers = [storedCrossover('c1', 'c2')]
  p.crossovers[0].result = { ...p.crossovers[0].result, curves: ['curve 1', EVIL] }
  p.crossovers[0].result.crossings = [{ ...p.crossovers[0].result.crossings[0], lowerAfter: EVIL }]
  return p
}

let project: Project
let figures: Map<string, string>

beforeAll(() => {
  project = reportProject()
  const curve = project.curves[0]
  const option = buildChartOption(curve, project.fits.c1, { xLog: true, yLog: true })
  figures = new Map([
    ['c1', renderFigureSvg(option, { widthIn: 6, heightIn: 4 }, fonts)],
    ['c2', HOSTILE_SVG]
  ])
})

const input = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  project,
  curveIds: null,
  version: '0.1.0',
  generatedAt: NOW,
  figures,
  ...overrides
})

async function textOf(format: ReportFormat, overrides: Partial<ReportInput> = {}): Promise<string> {
  const [file] = await writeReport(input(overrides), format, 'my-runs-report', fonts)
  return new TextDecoder().decode(file.bytes)
}

/** RFC 4180: comma-separated fields, quoted when needed with doubled quotes inside, CRLF (or LF) between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}

/** The CSV as objects keyed by the header. */
function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text)
  for (const row of rows) expect(row).toHaveLength(header.length)
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])))
}

describe('report formats by file name', () => {
  test.each([
    ['out/report.html', 'html'],
    ['report.HTM', 'html'],
    ['a.b/report.md', 'md'],
    ['report.tex', 'tex'],
    ['report.pdf', 'pdf'],
    ['report.csv', 'csv'],
    ['report.json', 'json'],
    ['report.txt', null],
    ['report', null]
  ])('%s is %s', (path, format) => {
    expect(reportFormatOf(path)).toBe(format)
  })
})

describe('every format', () => {
  test.each(['html', 'md', 'tex', 'pdf', 'csv', 'json'] as const)('%s: a project without curves, and a curve with nothing fitted, still make a report', async (format) => {
    const empty = sampleProject(0)
    empty.name = ''
    const bare = sampleProject(1)
    bare.fits = {}
    for (const p of [empty, bare]) {
      const files = await writeReport(input({ project: p, figures: new Map() }), format, 'r', fonts)
      expect(files.map((f) => f.name)).toEqual([`r.${format}`])
      expect(files[0].bytes.length).toBeGreaterThan(100)
    }
    if (format === 'html') {
      const [file] = await writeReport(input({ project: bare, figures: new Map() }), format, 'r', fonts)
      expect(new TextDecoder().decode(file.bytes)).toContain('<p>No fits.</p>')
    }
  }, 60_000)
})

describe('HTML', () => {
  let html: string
  beforeAll(async () => {
    html = await textOf('html')
  })

  test('is one file with utf-8, the content security policy and inline CSS', async () => {
    const files = await writeReport(input(), 'html', 'my-runs-report', fonts)
    expect(files.map((f) => f.name)).toEqual(['my-runs-report.html'])
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
    expect(html).toMatch(/<style>[\s\S]+<\/style>/)
  })

  test('refers to nothing outside the file', () => {
    expect(html).not.toMatch(/https?:/i)
    expect(html).not.toMatch(/\bsrc\s*=/i)
    expect(html).not.toMatch(/\bhref\s*=\s*(?!["']?#)/i)
    expect(html).not.toMatch(/@import/i)
    expect(html).not.toMatch(/url\(\s*(?!["']?#)/i)
    expect(html).not.toMatch(/javascript:|file:/i)
  })

  test('has no live script, handler or foreign content: user text is escaped', () => {
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
    expect(html).not.toMatch(/<(foreignObject|iframe|image|a)\b/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\')
    expect(html).toContain('<h1>Runs &amp; &lt;tests&gt;</h1>')
    expect(html).toContain('tokens_{total}')
  })

  test('holds both curves and their figures inline, ids kept apart', () => {
    expect(html).toContain('<h2>curve 1</h2>')
    expect(html).toContain(`<h2>${'&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\'}</h2>`)
    expect(html.match(/<figure><svg\b/g)).toHaveLength(2)
    expect(html).toContain('HOSTILE-FIGURE &lt;ok&gt;')
    expect(html).not.toContain('<?xml')
    expect(html).not.toContain('<!DOCTYPE svg')
    // The hostile figure's clip path is renamed with its reference.
    const clip = /<clipPath id="(f\d+-clip)"/.exec(html)?.[1]
    expect(clip).toBeDefined()
    expect(html).toContain(`clip-path="url(#${clip})"`)
  })

  test('shows numbers with 4 significant digits and a dash for none', () => {
    expect(html).toContain('<td>a = 0.3, b = 0.3333, c0 = 0.1235, c1 = 0.3142, d1 = 4.123e7, f1 = 9.537e-7</td>')
    expect(html).toContain('<td class="num"><strong>0.21</strong></td>') // y at 2e7
    expect(html).toMatch(/<td class="num">—<\/td>/) // M1's held-out RMSLE
  })

  test('says how auto came to its form: here BNSL could not be fitted, and one other form took resamples', () => {
    expect(html).toContain('M2, crop 0 (auto: BNSL could not be fitted, so the lowest validation error picked; 1 other form mixed into the resamples by validation error)')
  })

  test('shows the fits, the selection, the forecast and the crossover', () => {
    for (const text of ['Parameters in original units', 'Selection: validation RMSLE', 'y at each asked x', 'x that reaches each asked y', 'Crossovers', 'not reached', 'converged, stale']) {
      expect(html).toContain(text)
    }
  })

  test('reports the curves asked for, in that order, and refuses an unknown id', async () => {
    const only = await textOf('html', { curveIds: ['c2', 'c1'] })
    expect(only.indexOf('<h2>&lt;script')).toBeLessThan(only.indexOf('<h2>curve 1</h2>'))
    const one = await textOf('html', { curveIds: ['c1'] })
    expect(one).not.toContain('<h2>&lt;script')
    expect(one).not.toContain('<h2>Crossovers</h2>')
    await expect(writeReport(input({ curveIds: ['c9'] }), 'html', 'x', fonts)).rejects.toThrow('the project has no curve with id "c9"')
  })
})

describe('figures are sanitised', () => {
  test('scripts, handlers, styles and outside references go; drawing stays', () => {
    const svg = sanitizeSvg(HOSTILE_SVG, { prefix: 'p-' })
    expect(svg).toMatch(/^<svg width="200" height="100" viewBox="0 0 200 100">/)
    expect(svg).not.toMatch(/script|onload|onclick|evil|passwd|iframe|foreignObject|<style|<a\b|<image/i)
    expect(svg).toContain('<use xlink:href="#p-clip"/>')
    expect(svg).toContain('<text x="10" y="20" style="font-size:12px;font-family:sans-serif;">HOSTILE-FIGURE &lt;ok&gt;</text>')
  })

  test('a standalone figure gets the SVG namespaces; no svg element gives nothing', () => {
    expect(sanitizeSvg(HOSTILE_SVG, { standalone: true })).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" xmlns:xlink=/)
    expect(sanitizeSvg('<script>alert(1)</script>')).toBe('')
    expect(sanitizeSvg('<svg><g><script>x</script><rect width="1"/>')).toBe('<svg><g><rect width="1"/></g></svg>')
  })

  test('entity-encoded script schemes and unclosed dropped elements stay out', () => {
    const svg = sanitizeSvg('<svg><use href="&#106;avascript:x"/><rect fill="u&#114;l(http://e)"/><desc><script>1</desc></svg><script>2</script>')
    expect(svg).toBe('<svg><use/><rect/><desc></desc></svg>')
  })
})

describe('Markdown', () => {
  test('writes the figures beside the report and links them relatively', async () => {
    const files = await writeReport(input(), 'md', 'my-runs-report', fonts)
    expect(files.map((f) => f.name)).toEqual(['my-runs-report.md', 'my-runs-report-figures/curve-1.svg', 'my-runs-report-figures/script-alert-1-script.svg'])
    const md = new TextDecoder().decode(files[0].bytes)
    expect(md).toContain('](my-runs-report-figures/curve-1.svg)')
    expect(md).toContain('](my-runs-report-figures/script-alert-1-script.svg)')
    const hostile = new TextDecoder().decode(files[2].bytes)
    expect(hostile).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(hostile).not.toMatch(/script|evil|onload/i)
  })

  test('escapes user text so it shows as typed', async () => {
    const md = await textOf('md')
    const escaped = '\\<script\\>alert(1)\\</script\\> \\& \\\\'
    expect(md).toContain(`## ${escaped}`)
    expect(md).toContain(`| ${escaped} |`)
    expect(md).not.toMatch(/(^|[^\\])<script/)
    expect(md).toContain('tokens\\_\\{total\\}')
    // A note's line starting with = stays text, never a heading underline.
    expect(md).toContain('\\=HYPERLINK')
  })

  test('tables have as many cells in every row as in their header', async () => {
    const md = await textOf('md')
    const lines = md.split('\n')
    for (let i = 0; i < lines.length; i++) {
      if (!/^\| ---/.test(lines[i + 1] ?? '')) continue
      const cells = (line: string): number => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length
      const width = cells(lines[i])
      for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) expect(cells(lines[j]), lines[j]).toBe(width)
    }
  })
})

describe('LaTeX', () => {
  let tex: string
  beforeAll(async () => {
    tex = await textOf('tex')
  })

  test('is booktabs tables with no preamble', () => {
    expect(tex).toContain('\\usepackage{booktabs}')
    expect(tex.split('\n').filter((l) => !l.startsWith('%')).join('\n')).not.toMatch(/\\documentclass|\\usepackage|\\begin\{document\}/)
    for (const rule of ['\\toprule', '\\midrule', '\\bottomrule']) expect(tex.split(rule).length - 1).toBe(2)
  })

  test('has balanced braces and every row as many cells as its column spec', () => {
    const body = tex
      .split('\n')
      .filter((l) => !l.startsWith('%'))
      .join('\n')
    const braces = body.replace(/\\[{}]/g, '')
    expect(braces.split('{').length).toBe(braces.split('}').length)
    let depth = 0
    for (const c of braces) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0
      expect(depth).toBeGreaterThanOrEqual(0)
    }
    const tables = [...body.matchAll(/\\begin\{tabular\}\{([lrc]+)\}([\s\S]*?)\\end\{tabular\}/g)]
    expect(tables).toHaveLength(2)
    for (const [, spec, rows] of tables) {
      const lines = rows.split('\n').filter((l) => l.endsWith('\\\\'))
      expect(lines.length).toBeGreaterThan(1)
      for (const line of lines) expect(line.replace(/\\&/g, '').split('&').length - 1, line).toBe(spec.length - 1)
    }
  })

  test('escapes names and has no unescaped special character from them', () => {
    expect(tex).toContain('\\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{} \\& \\textbackslash{}')
    const rows = tex.split('\n').filter((l) => l.endsWith('\\\\'))
    for (const row of rows) {
      const plain = row.replace(/\\[a-z]+\{\}|\\[&%$#_{},]|\\[a-z]+|\$[^$]*\$|\\\\$/gi, '')
      expect(plain, row).not.toMatch(/[<>%#_^~\\]/)
    }
  })

  test('one row per curve and form, the forecast on its form’s row with its 80% interval', () => {
    const rows = tex.split('\\midrule')[1].split('\\bottomrule')[0].split('\n').filter((l) => l.endsWith('\\\\'))
    // curve 1: BNSL, M1 (stale), and its M2 forecast on a row of its own; the hostile curve: BNSL, M1 with the forecast.
    expect(rows).toHaveLength(5)
    expect(rows[0]).toBe('curve 1 & BNSL & 1 & 0 & 0.0123 & 0.05 &  &  &  \\\\')
    expect(rows[1]).toContain('M1 (stale)')
    expect(rows[2]).toContain('M2 (forecast) & --- & 0 & --- & --- & $2\\times10^{7}$ & 0.21 & [0.19, 0.23]')
    expect(rows[4]).toMatch(/^ & M1 & --- & 0 & 0\.0123 & --- & \$2\\times10\^\{7\}\$ & 0\.21 & \[0\.19, 0\.23\] \\\\$/)
  })

  test('compiles when pdflatex is installed', () => {
    let pdflatex = true
    try {
      execFileSync('pdflatex', ['--version'], { stdio: 'ignore' })
    } catch {
      pdflatex = false
    }
    if (!pdflatex) return
    const dir = mkdtempSync(join(tmpdir(), 'report-tex-'))
    try {
      writeFileSync(join(dir, 'tables.tex'), tex)
      writeFileSync(join(dir, 'main.tex'), '\\documentclass{article}\\usepackage{booktabs}\\begin{document}\\input{tables}\\end{document}\n')
      execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'], { cwd: dir, stdio: 'ignore' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('JSON', () => {
  test('round-trips with full-precision parameters, null for NaN', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = JSON.parse(await textOf('json'))
    expect(json.format).toBe('scaling-studio-report')
    expect(json.version).toBe(1)
    expect(json.software).toEqual({ name: 'Scaling Studio', version: '0.1.0' })
    expect(json.generatedAt).toBe(NOW)
    expect(json.project.name).toBe('Runs & <tests>')
    expect(json.settings.fit).toEqual(project.settings)
    expect(json.settings.forecast).toEqual(project.forecastSettings)
    expect(json.curves.map((c: { name: string }) => c.name)).toEqual(['curve 1', EVIL])
    for (const [i, curve] of project.curves.entries()) {
      const fits = json.curves[i].fits
      expect(fits.map((f: { form: string }) => f.form)).toEqual(project.fits[curve.id].map((f) => f.form))
      for (const [j, stored] of project.fits[curve.id].entries()) {
        for (const [name, value] of Object.entries(stored.params)) expect(fits[j].params[name] === value, `${curve.id} ${name}`).toBe(true)
      }
    }
    const evil = json.curves[1]
    expect(evil.fits[1].heldoutRmsle).toBeNull()
    expect(evil.fits[0].selection.breaks).toEqual([
      { n: 0, validationRmsle: 0.2, chosen: false },
      { n: 1, validationRmsle: 0.05, chosen: true }
    ])
    expect(json.curves[0].fits[1].stale).toBe(true)
    expect(evil.forecast.form).toBe('M1')
    expect(evil.forecast.targets[0].x).toBeNull()
    expect(evil.forecast.at[0].intervals).toContainEqual({ level: 0.8, kind: 'prediction', low: 0.19, high: 0.23 })
    expect(json.crossovers[0].crossings[0].lowerAfter).toEqual({ id: 'c2', name: EVIL })
  })
})

describe('CSV', () => {
  test('parses back with every parameter exactly as stored', async () => {
    const records = csvRecords(await textOf('csv'))
    expect(Object.keys(records[0])).toEqual([...REPORT_CSV_COLUMNS])
    const params = records.filter((r) => r.record === 'param')
    let checked = 0
    for (const curve of project.curves) {
      for (const fit of project.fits[curve.id]) {
        for (const [name, value] of Object.entries(fit.params)) {
          const row = params.find((r) => r.curve_id === curve.id && r.form === fit.form && r.name === name)
          expect(Number(row?.value) === value, `${curve.id} ${fit.form} ${name}`).toBe(true)
          checked++
        }
      }
    }
    expect(checked).toBe(16)
    expect(params.find((r) => r.curve_id === 'c2')?.curve).toBe(EVIL)
  })

  test('fits, forecasts, targets and crossovers are rows; no value is an empty field', async () => {
    const records = csvRecords(await textOf('csv'))
    const m1 = records.find((r) => r.record === 'fit' && r.curve_id === 'c2' && r.form === 'M1')
    expect(m1).toMatchObject({ breaks: '0', crop: '0', status: 'converged', stale: 'false', fit_rmsle: '0.0123', heldout_rmsle: '' })
    const forecast = records.filter((r) => r.record === 'forecast' && r.curve_id === 'c1')
    expect(forecast).toHaveLength(4)
    expect(forecast).toContainEqual(expect.objectContaining({ x: '20000000', y: '0.21', level: '0.8', band: 'prediction', low: '0.19', high: '0.23' }))
    expect(records.find((r) => r.record === 'target')).toMatchObject({ y: '0.1', x: '', share: '0.05' })
    expect(records.find((r) => r.record === 'crossover')).toMatchObject({ curve_id: 'c1', other_curve_id: 'c2', x: '30000000', text: EVIL })
    expect(records.filter((r) => r.record === 'selection' && r.curve_id === 'c2').map((r) => [r.name, r.candidate, r.text])).toEqual([
      ['breaks', '0', ''],
      ['breaks', '1', 'chosen'],
      ['crop', '0', 'chosen']
    ])
  })

  test('quotes fields with commas, quotes and line breaks, and guards formulas in text', async () => {
    const text = await textOf('csv')
    const records = csvRecords(text)
    const notes = records.find((r) => r.record === 'curve' && r.curve_id === 'c2' && r.name === 'notes')
    expect(notes?.text).toBe('seen on a bad day\n=HYPERLINK("evil")')
    expect(text).toContain('"seen on a bad day\n=HYPERLINK(""evil"")"')
    expect(text.split('\r\n')[0]).toBe(REPORT_CSV_COLUMNS.join(','))
    const formula = structuredClone(project)
    formula.curves[0].name = '=1+2'
    formula.curves[1].name = '@SUM(A1)'
    const guarded = csvRecords(await textOf('csv', { project: formula }))
    expect(guarded.find((r) => r.curve_id === 'c1')?.curve).toBe("'=1+2")
    expect(guarded.find((r) => r.curve_id === 'c2')?.curve).toBe("'@SUM(A1)")
    // Numbers are never guarded: a negative parameter stays a number.
    expect(guarded.find((r) => r.record === 'param' && r.curve_id === 'c2' && r.name === 'c')?.value).toBe(String(-(1 / 7)))
  })
})

describe('compare table CSV', () => {
  test('one row per curve with the held-out RMSLE of each form and the best', () => {
    const records = csvRecords(compareTableCsv(project, null))
    expect(records).toEqual([
      {
        curve_id: 'c1',
        curve: 'curve 1',
        points: '6',
        fit_points: '4',
        heldout_points: '2',
        excluded_points: '0',
        heldout_rmsle_BNSL: '0.05',
        heldout_rmsle_M1: '0.05',
        best: 'BNSL',
        stale: 'true'
      },
      {
        curve_id: 'c2',
        curve: EVIL,
        points: '6',
        fit_points: '4',
        heldout_points: '2',
        excluded_points: '0',
        heldout_rmsle_BNSL: '0.05',
        heldout_rmsle_M1: '',
        best: 'BNSL',
        stale: 'false'
      }
    ])
  })

  test('takes the curves asked for, in order, and guards formulas', () => {
    const formula = structuredClone(project)
    formula.curves[1].name = '+cmd|" /C calc"!A0'
    const records = csvRecords(compareTableCsv(formula, ['c2']))
    expect(records.map((r) => r.curve)).toEqual(['\'+cmd|" /C calc"!A0'])
  })
})

describe('PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'))
  const path = join(dir, 'report.pdf')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  beforeAll(async () => {
    const files = await writeReport(input(), 'pdf', 'report', fonts)
    expect(files.map((f) => f.name)).toEqual(['report.pdf'])
    writeFileSync(path, files[0].bytes)
  }, 60_000)

  test('embeds every font and uses no Type 3 font', () => {
    const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      expect(line).toMatch(/DejaVuSans/)
      expect(line).not.toMatch(/Type 3/)
      // Columns: name, type, encoding, emb, sub, uni, object, generation.
      expect(line.trim().split(/\s+/).slice(-5, -2)[0], line).toBe('yes')
    }
  })

  test('holds both curve names and the figure as text', () => {
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    expect(text).toContain('curve 1')
    expect(text).toContain(EVIL)
    expect(text).toContain('HOSTILE-FIGURE <ok>')
    expect(text).toContain('Runs & <tests>')
    expect(text).toContain('0.3333')
  })

  test('a table longer than a page repeats its header on the next, and every page has its footer', async () => {
    const many = sampleProject(90, 6)
    const [file] = await writeReport(input({ project: many, figures: new Map() }), 'pdf', 'many', fonts)
    const longPath = join(dir, 'many.pdf')
    writeFileSync(longPath, file.bytes)
    const pages = execFileSync('pdftotext', ['-layout', longPath, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim())
    expect(pages.length).toBeGreaterThan(2)
    expect(pages[1]).toMatch(/Held-out RMSLE of each form .*\(continued\)\s+Curve\s+Points\s+BNSL\s+M1\s+Best/)
    pages.forEach((page, i) => expect(page).toContain(`Sample · Scaling Studio 0.1.0 · page ${i + 1}`))
  })
})
