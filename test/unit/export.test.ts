import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fitCurve } from '../../src/core/fit-curve'
import { writeFigureFiles, writeReportFiles, type ExportContext } from '../../src/main/services/export-service'
import { figureFonts } from '../../src/main/services/figure-render'
import { requestPayloadProblem } from '../../src/shared/contract'
import { DEFAULT_FIT_OPTIONS } from '../../src/shared/fit-types'
import { DEFAULT_FIGURE_STYLE, figureStyle } from '../../src/shared/figure-style'
import { applyFitResults, fitInputs, projectFromCurves } from '../../src/shared/project'
import type { Project } from '../../src/shared/project/types'
import { root } from './helpers/paths'
import { runCli } from './helpers/run-cli'

// Figures and reports as a user gets them: through the export service the window calls, and through the built
// command line (npm test builds before vitest).
const fixture = (name: string): string => join(root, 'test/fixtures/cli', name)
const hostile = '<script>alert(1)</script> & \\'

const run = runCli

/** Width, height and dots per inch (from pHYs, unit metre) of a PNG. */
function pngInfo(bytes: Uint8Array): { width: number; height: number; dpi: number | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let dpi: number | null = null
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at)
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    if (type === 'pHYs' && bytes[at + 16] === 1) dpi = Math.round(view.getUint32(at + 8) * 0.0254)
    at += length + 12
  }
  return { width: view.getUint32(16), height: view.getUint32(20), dpi }
}

/** y = 2 x^-0.3 over 12 x, the last three held out; named as given. */
function powerCurve(name: string, scale = 1): { name: string; x: number[]; y: number[]; split: Array<'fit' | 'heldout'> } {
  const x = Array.from({ length: 12 }, (_, i) => 10 * 2 ** i)
  return { name, x, y: x.map((v) => scale * 2 * v ** -0.3), split: x.map((_, i) => (i < 9 ? 'fit' : 'heldout')) }
}

/** A project of three curves (one named with markup and a backslash), fitted with M1 and BNSL in this process. */
function fittedProject(): Project {
  let project = projectFromCurves([powerCurve('small'), powerCurve(hostile, 1.3), powerCurve('small')], { name: 'export test' })
  const { curves, nameToId } = fitInputs(project)
  const results = curves.map((c) => fitCurve(c, { ...DEFAULT_FIT_OPTIONS, forms: ['BNSL', 'M1'], breaks: 0, crop: 'none', maxBreaks: 0 }))
  project = applyFitResults(project, results, nameToId).project
  return project
}

let dir = ''
let project: Project
let context: ExportContext
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-test-'))
  project = fittedProject()
  context = { fonts: figureFonts(join(root, 'resources')), version: '9.9.9', now: () => new Date('2026-01-02T03:04:05Z') }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('export service', () => {
  test('a PNG figure has exactly width x dpi pixels and says its dpi', async () => {
    const path = join(dir, 'one.png')
    const style = figureStyle({ widthIn: 3.25, heightIn: 2 })
    await writeFigureFiles(project, { curveIds: [project.curves[0].id], style, path, perCurve: false, format: 'png', dpi: 300, overwrite: false }, context)
    expect(pngInfo(await readFile(path))).toEqual({ width: 975, height: 600, dpi: 300 })
  })

  test('a PDF figure is a page of the asked size with every font embedded and none of Type 3', async () => {
    const path = join(dir, 'overlay.pdf')
    const style = figureStyle({ layout: 'overlay', widthIn: 6.75, heightIn: 3 })
    const ids = project.curves.map((c) => c.id)
    await writeFigureFiles(project, { curveIds: ids, style, path, perCurve: false, format: 'pdf', dpi: 300, overwrite: false }, context)
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/Page size:\s+486 x 216 pts/)
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(fonts.length).toBeGreaterThan(0)
    for (const line of fonts) {
      expect(line).not.toMatch(/Type 3/)
      expect(line).toMatch(/TrueType.*\syes\s+yes\s+yes/)
    }
    // The curve names are text in the PDF, the markup among them too, never interpreted.
    expect(execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })).toContain('<script>alert(1)</script>')
  })

  test('an SVG figure keeps a curve named with markup as inert text', async () => {
    const path = join(dir, 'hostile.svg')
    const style = figureStyle({ layout: 'overlay', title: hostile })
    await writeFigureFiles(project, { curveIds: project.curves.map((c) => c.id), style, path, perCurve: false, format: 'svg', dpi: 300, overwrite: false }, context)
    const svg = await readFile(path, 'utf8')
    expect(svg).not.toMatch(/<script/i)
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\')
    expect(svg).toMatch(/<svg[^>]*width="3\.25in"/)
  })

  test('one figure per curve goes into a folder, curves of the same name in files of their own', async () => {
    const folder = join(dir, 'per-curve')
    const { paths } = await writeFigureFiles(
      project,
      { curveIds: project.curves.map((c) => c.id), style: DEFAULT_FIGURE_STYLE, path: folder, perCurve: true, format: 'svg', dpi: 300, overwrite: false },
      context
    )
    expect(paths).toHaveLength(3)
    expect((await readdir(folder)).sort()).toEqual(['script_alert_1_script.svg', 'small-2.svg', 'small.svg'])
  })

  test('an existing file is not replaced unless the user agreed, and a wrong extension is refused by name', async () => {
    const path = join(dir, 'kept.svg')
    await writeFile(path, 'mine')
    const request = { curveIds: [project.curves[0].id], style: DEFAULT_FIGURE_STYLE, path, perCurve: false, format: 'svg' as const, dpi: 300, overwrite: false }
    await expect(writeFigureFiles(project, request, context)).rejects.toMatchObject({ name: 'FileExists', message: expect.stringContaining('kept.svg') })
    expect(await readFile(path, 'utf8')).toBe('mine')
    await writeFigureFiles(project, { ...request, overwrite: true }, context)
    expect(await readFile(path, 'utf8')).toMatch(/^<svg/)
    await expect(writeFigureFiles(project, { ...request, path: join(dir, 'fig.gif') }, context)).rejects.toThrow(/fig\.gif: a figure file must end in \.svg, \.png, \.pdf/)
  })

  test('a Markdown report writes its figures beside it; the compare table is CSV', async () => {
    const { paths } = await writeReportFiles(project, { curveIds: null, path: join(dir, 'report.md'), kind: 'report', overwrite: false }, context)
    expect(paths[0]).toBe(join(dir, 'report.md'))
    expect(paths.slice(1).every((p) => p.endsWith('.svg'))).toBe(true)
    const markdown = await readFile(paths[0], 'utf8')
    for (const figure of paths.slice(1)) expect(markdown).toContain(figure.slice(dir.length + 1))
    const table = await writeReportFiles(project, { curveIds: null, path: join(dir, 'compare.csv'), kind: 'compare-table', overwrite: false }, context)
    expect((await readFile(table.paths[0], 'utf8')).split('\n')[0]).toMatch(/curve/)
  })
})

describe('the export channels check their payloads in main', () => {
  test('a style out of bounds and a curve the project lacks are refused by name', () => {
    const style = { ...DEFAULT_FIGURE_STYLE, widthIn: 0 }
    expect(requestPayloadProblem('figure:preview', { project, curveIds: [project.curves[0].id], style })).toMatch(/widthIn must be a number from 1 to 20/)
    expect(requestPayloadProblem('figure:preview', { project, curveIds: ['nope'], style: DEFAULT_FIGURE_STYLE })).toMatch(/curveIds\[0\] is not a curve/)
    expect(
      requestPayloadProblem('figure:export', {
        project,
        curveIds: [project.curves[0].id],
        style: DEFAULT_FIGURE_STYLE,
        path: join(dir, 'x.png'),
        perCurve: false,
        format: 'png',
        dpi: 5000,
        overwrite: false
      })
    ).toMatch(/dpi must be a number from 50 to 1200/)
    expect(requestPayloadProblem('report:export', { project, curveIds: null, path: join(dir, 'r.html'), kind: 'poster', overwrite: false })).toMatch(/kind must be/)
  })
})

describe('scaling-studio export', () => {
  test('fits a curve file and writes a PNG at the asked size and dpi', async () => {
    const path = join(dir, 'cli.png')
    const result = await run(['export', fixture('two-curves.csv'), '--figure', path, '--small-multiples', '--width-in', '3', '--height-in', '2', '--dpi', '150', '--threads', '1'])
    expect(result.stderr).toContain(`wrote ${path}`)
    expect(result.code).toBe(0)
    expect(pngInfo(await readFile(path))).toEqual({ width: 450, height: 300, dpi: 150 })
  })

  test('writes a project file\'s figures one per curve and its LaTeX table, with names escaped', async () => {
    const file = join(dir, 'project.json')
    await writeFile(file, JSON.stringify(project))
    const result = await run(['export', file, '--figure', join(dir, 'figs', '{curve}.pdf'), '--report', join(dir, 'table.tex'), '--width-cm', '8.255'])
    expect(result.code).toBe(0)
    expect((await readdir(join(dir, 'figs'))).sort()).toEqual(['script_alert_1_script.pdf', 'small-2.pdf', 'small.pdf'])
    expect(execFileSync('pdfinfo', [join(dir, 'figs', 'small.pdf')], { encoding: 'utf8' })).toMatch(/Page size:\s+234 x 172\.8 pts/)
    const tex = await readFile(join(dir, 'table.tex'), 'utf8')
    expect(tex).toContain('\\toprule')
    expect(tex).toContain('\\textless{}script\\textgreater{}')
    expect(tex).not.toContain('<script>')
  })

  test('the HTML report has no external reference and keeps markup in names inert', async () => {
    const file = join(dir, 'project-html.json')
    await writeFile(file, JSON.stringify(project))
    const path = join(dir, 'report.html')
    expect((await run(['export', file, '--report', path])).code).toBe(0)
    const html = await readFile(path, 'utf8')
    expect(html).not.toMatch(/https?:|@import|\ssrc=/i)
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test.each([
    [['--figure', 'fig.gif'], /--figure: "fig\.gif" must end in \.svg, \.png or \.pdf/],
    [[], /say what to write: --figure <path>, --report <path> or --compare-table/],
    [['--figure', 'a.svg', '--overlay', '--small-multiples'], /choose --overlay or --small-multiples, not both/],
    [['--figure', 'a.svg', '--width-in', '40'], /widthIn must be a number from 1 to 20 inches/],
    [['--figure', 'a.png', '--dpi', '20'], /--dpi must be a number from 50 to 1200/],
    [['--figure', 'a.svg', '--width-in', '3', '--width-cm', '8'], /give --width-in or --width-cm, not both/]
  ])('refuses %j with a message naming the flag', async (args, message) => {
    const result = await run(['export', fixture('two-curves.csv'), ...args])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
  })

  test('a curve name the file lacks is a usage error naming it', async () => {
    const result = await run(['export', fixture('two-curves.csv'), '--figure', join(dir, 'none.svg'), '--curves', 'nope', '--threads', '1'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--curves: no curve named "nope"/)
  })
})
