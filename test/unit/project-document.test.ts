import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { DEFAULT_FIT_OPTIONS } from '../../src/shared/fit-types'
import { parseCurves } from '../../src/shared/import'
import {
  curveInput,
  fitInputs,
  newCurveId,
  newProject,
  projectCurvesFromImport,
  projectFromCurves,
  projectStats,
  serializeProject,
  serializeProjectNested
} from '../../src/shared/project/document'
import { parseProjectText, validateProject } from '../../src/shared/project/validate'
import { curve, sampleProject, storedFit } from '../fixtures/project/sample'

const exampleFile = new URL('../../resources/example/benchmark.vision.csv', import.meta.url)

function exampleProject() {
  const { curves } = parseCurves(readFileSync(exampleFile, 'utf8'), { fileName: 'benchmark.vision.csv' })
  return projectFromCurves(curves, {
    name: 'Vision benchmark',
    xQuantity: 'seen examples',
    yMetric: 'error rate',
    attribution: 'Alabdulmohsin, Neyshabur & Zhai (2022), Apache License 2.0'
  })
}

describe('newProject', () => {
  test('is empty, valid, dated now, with the default fit settings as its own copy', () => {
    const now = new Date('2025-03-01T08:00:00.000Z')
    const p = newProject('Study', now)
    expect(p).toMatchObject({ name: 'Study', createdAt: now.toISOString(), modifiedAt: now.toISOString(), curves: [], fits: {} })
    expect(p.settings).toEqual(DEFAULT_FIT_OPTIONS)
    expect(p.settings.forms).not.toBe(DEFAULT_FIT_OPTIONS.forms)
    expect(validateProject(p)).toBe(p)
  })
})

describe('projectFromCurves', () => {
  test('the example file gives 72 valid curves with unique ids and its held-out points', () => {
    const p = exampleProject()
    expect(p.curves).toHaveLength(72)
    expect(new Set(p.curves.map((c) => c.id)).size).toBe(72)
    expect(p.curves[0]).toMatchObject({ id: 'c1', name: 'IC/bird_5/MiX/B/16', xQuantity: 'seen examples', yMetric: 'error rate', revision: 0 })
    expect(p.curves.every((c) => c.points.some((pt) => pt.split === 'heldout'))).toBe(true)
    expect(p.attribution).toContain('Apache')
    expect(() => validateProject(p)).not.toThrow()
  })

  test('split defaults to fit, a weight of 1 is left out, others kept; ids use the prefix', () => {
    const p = projectFromCurves(
      [
        { name: 'a', x: [1, 2], y: [3, 4] },
        { name: 'b', x: [1, 2], y: [3, 4], split: ['fit', 'heldout'], weight: [1, 2.5] }
      ],
      { name: 'w', idPrefix: 'run' }
    )
    expect(p.curves.map((c) => c.id)).toEqual(['run1', 'run2'])
    expect(p.curves[0].points).toEqual([
      { x: 1, y: 3, split: 'fit' },
      { x: 2, y: 4, split: 'fit' }
    ])
    expect(p.curves[1].points).toEqual([
      { x: 1, y: 3, split: 'fit' },
      { x: 2, y: 4, split: 'heldout', weight: 2.5 }
    ])
    expect('attribution' in p).toBe(false)
  })

  test('curves imported into an existing project avoid the ids it has', () => {
    const curves = projectCurvesFromImport([{ name: 'a', x: [1], y: [1] }, { name: 'b', x: [1], y: [1] }], { existing: ['c1', 'c3'] })
    expect(curves.map((c) => c.id)).toEqual(['c2', 'c4'])
  })
})

describe('serializeProject', () => {
  test('serialize then parse gives a deep-equal project (example with fits, weights, exclusions, odd names)', () => {
    const p = exampleProject()
    p.curves[0].points[2].excluded = { reason: 'diverged "badly", {see log}' }
    p.curves[0].points[3].weight = 0.5
    p.curves[1].name = 'ÿ unicode ✓ / "quoted" \\ back\nslash'
    p.curves[1].tags = ['a', 'b']
    p.fits = { c2: [storedFit('BNSL', 0), storedFit('M4', 0)], c1: [storedFit('M1', 0)] }
    const text = serializeProject(p)
    expect(parseProjectText(text, 'example.json')).toEqual(p)
  })

  test('numbers keep full precision, the shortest text that reads back as the same double', () => {
    const p = sampleProject(1, 1)
    const values = [0.1 + 0.2, 1e-300, 1e21, 5e-324, 4096000, 123456789012345680000, 0.9758287277072668]
    p.curves[0].points = values.map((x) => ({ x, y: x, split: 'fit' as const }))
    const back = parseProjectText(serializeProject(p), 'n.json')
    expect(back.curves[0].points.map((pt) => pt.x)).toEqual(values)
    expect(serializeProject(p)).toContain('{ "x": 0.30000000000000004, "y": 0.30000000000000004, "split": "fit" }')
  })

  test('each point is on one line, two-space indent, a final newline', () => {
    const p = sampleProject(1, 2)
    p.curves[0].points[0] = { x: 4096000, y: 0.97, split: 'fit', weight: 2, excluded: { reason: 'outlier' } }
    const lines = serializeProject(p).split('\n')
    expect(lines).toContain('        { "x": 4096000, "y": 0.97, "split": "fit", "weight": 2, "excluded": { "reason": "outlier" } },')
    expect(lines).toContain('        { "x": 2000000, "y": 0.5, "split": "heldout" }')
    expect(lines[0]).toBe('{')
    expect(lines[1]).toBe('  "format": "scaling-studio-project",')
    expect(lines.at(-1)).toBe('')
    expect(lines.at(-2)).toBe('}')
  })

  test('is stable: fits follow the curve order whatever order they were stored in; unknown fields are not written', () => {
    const a = sampleProject()
    a.fits = { c1: [storedFit('M1')], c3: [storedFit('M2')] }
    const b = { ...a, fits: { c3: [storedFit('M2')], c1: [storedFit('M1')] }, extra: 'not in the format' }
    expect(serializeProject(b)).toBe(serializeProject(a))
    expect(serializeProject(a)).toBe(serializeProject(parseProjectText(serializeProject(a), 'x.json')))
  })

  test('an empty project is valid JSON that reads back', () => {
    const p = newProject('Empty', new Date('2025-01-01T00:00:00Z'))
    expect(serializeProject(p)).toContain('"curves": [],\n  "fits": {},\n  "forecasts": {},\n  "crossovers": []\n}')
    expect(parseProjectText(serializeProject(p), 'e.json')).toEqual(p)
  })

  test('the nested form reads back inside a wrapper object', () => {
    const p = sampleProject()
    const text = `{\n  "savedAt": "x",\n  "project": ${serializeProjectNested(p, '  ')}\n}\n`
    expect(JSON.parse(text).project).toEqual(p)
    expect(text).toContain('\n    "format": "scaling-studio-project",')
  })
})

describe('docs/project-format.md', () => {
  test('its example is a valid project written exactly as serializeProject writes it', () => {
    const doc = readFileSync(new URL('../../docs/project-format.md', import.meta.url), 'utf8')
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1] ?? ''
    const project = parseProjectText(example, 'example.json')
    expect(project.curves).toHaveLength(2)
    expect(serializeProject(project)).toBe(`${example}\n`)
  })
})

describe('engine input', () => {
  test('curveInput leaves excluded points out and keeps the split of the others', () => {
    const c = curve('c1', 'loss', 4)
    c.points[1].excluded = { reason: 'outlier' }
    expect(curveInput(c)).toEqual({ name: 'loss', x: [1e6, 3e6, 4e6], y: [1, 1 / 3, 1 / 4], split: ['fit', 'heldout', 'heldout'] })
  })

  test('curveInput passes point weights to the engine, and none when every weight is 1', () => {
    const c = curve('c1', 'loss', 3)
    c.points[2].weight = 4
    expect(curveInput(c).weight).toEqual([1, 1, 4])
    c.points[2].weight = undefined
    expect(curveInput(c)).not.toHaveProperty('weight')
  })

  test('fitInputs gives every curve a unique engine name and maps it back to its id', () => {
    const p = sampleProject(3)
    p.curves[2] = { ...p.curves[2], name: p.curves[0].name }
    const { curves, nameToId } = fitInputs(p)
    expect(curves.map((c) => c.name)).toEqual(['curve 1 [c1]', 'curve 2', 'curve 1 [c3]'])
    expect([...nameToId]).toEqual([
      ['curve 1 [c1]', 'c1'],
      ['curve 2', 'c2'],
      ['curve 1 [c3]', 'c3']
    ])
    expect(fitInputs(p, ['c2']).curves.map((c) => c.name)).toEqual(['curve 2'])
  })
})

describe('newCurveId and projectStats', () => {
  test('newCurveId skips ids already taken', () => {
    expect(newCurveId(new Set())).toBe('c1')
    expect(newCurveId(new Set(['c1', 'c2', 'c3']))).toBe('c4')
    expect(newCurveId(new Set(['c2', 'c3']))).toBe('c4')
    expect(newCurveId(new Set(['x', 'c2']))).toBe('c3')
  })

  test('projectStats counts curves, points, exclusions, fitted curves and stale fits', () => {
    const p = sampleProject(3, 6)
    p.curves[0].points[0].excluded = { reason: '' }
    p.curves[0] = { ...p.curves[0], revision: 1 }
    expect(projectStats(p)).toEqual({ curves: 3, points: 18, excludedPoints: 1, fittedCurves: 1, staleFits: 2, forecastCurves: 0, staleForecasts: 0 })
  })
})
