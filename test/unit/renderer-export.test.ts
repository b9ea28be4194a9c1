import { describe, expect, it } from 'vitest'
import {
  fileBase,
  fittedFormsOf,
  folderOf,
  formatSize,
  fromInches,
  reportContents,
  subProject,
  toInches,
  widthPresetOf,
  withExtension
} from '../../src/renderer/src/lib/logic/export-plan'
import { FIGURE_FORMATS, WIDTH_PRESETS } from '../../src/shared/figure-style'
import type { FormName } from '../../src/shared/fit-types'
import { projectFromCurves } from '../../src/shared/project/document'
import type { Project, StoredCrossover, StoredFit, StoredForecast } from '../../src/shared/project/types'
import { validateProject } from '../../src/shared/project/validate'

function fit(form: FormName): StoredFit {
  return {
    form,
    breaks: 0,
    crop: 0,
    params: { b: 2, c: -0.3 },
    status: 'converged',
    fitRmsle: 0.01,
    fitRsle: 0.01,
    heldoutRmsle: 0.02,
    heldoutRsle: 0.02,
    selection: { breaks: [], crop: [] },
    timeMs: 1,
    curveRevision: 0,
    fittedAt: '2024-01-01T00:00:00.000Z'
  }
}

/** Three curves a, b, c; a and b fitted; a forecast of a; crossovers a×b and b×c. */
function project(): Project {
  const base = projectFromCurves(
    ['a', 'b', 'c'].map((name) => ({ name, x: [1, 10, 100, 1000], y: [4, 3, 2, 1.5] })),
    { name: 'p' }
  )
  const [a, b, c] = base.curves.map((curve) => curve.id)
  const forecast = { curveRevision: 0 } as StoredForecast
  const crossover = (pair: [string, string]): StoredCrossover => ({ curves: pair }) as StoredCrossover
  return {
    ...base,
    fits: { [a]: [fit('M1'), fit('M4')], [b]: [fit('BNSL')] },
    forecasts: { [a]: forecast },
    crossovers: [crossover([a, b]), crossover([b, c])]
  }
}

describe('subProject', () => {
  it('keeps the chosen curves in project order with their fits, forecasts and crossovers between them', () => {
    const p = project()
    const [a, b, c] = p.curves.map((curve) => curve.id)
    const sub = subProject(p, [b, a])
    expect(sub.curves.map((curve) => curve.name)).toEqual(['a', 'b'])
    expect(Object.keys(sub.fits).sort()).toEqual([a, b].sort())
    expect(Object.keys(sub.forecasts)).toEqual([a])
    expect(sub.crossovers.map((x) => x.curves)).toEqual([[a, b]])
    expect(sub.name).toBe('p')
    expect(subProject(p, [c]).crossovers).toEqual([])
  })

  it('leaves the project alone and passes the project validator', () => {
    const p = project()
    const before = JSON.stringify(p)
    const sub = subProject({ ...p, forecasts: {}, crossovers: [] }, [p.curves[0].id])
    expect(JSON.stringify(p)).toBe(before)
    expect(() => validateProject(JSON.parse(JSON.stringify(sub)))).not.toThrow()
  })
})

describe('lengths', () => {
  it.each([
    [3.25, 'in', 3.25],
    [8.255, 'cm', 3.25],
    [2.54, 'cm', 1],
    [17.145, 'cm', 6.75]
  ] as const)('%s %s is %s in', (value, unit, inches) => {
    expect(toInches(value, unit)).toBeCloseTo(inches, 4)
  })

  it('shows inches in centimetres to two decimals and back', () => {
    expect(fromInches(3.25, 'cm')).toBe(8.26)
    expect(fromInches(6.75, 'cm')).toBe(17.15)
    expect(fromInches(2.4, 'in')).toBe(2.4)
    expect(widthPresetOf(toInches(fromInches(WIDTH_PRESETS.double, 'cm'), 'cm'))).toBe('double')
  })

  it('names the column preset a width matches, custom otherwise', () => {
    expect(widthPresetOf(WIDTH_PRESETS.single)).toBe('single')
    expect(widthPresetOf(WIDTH_PRESETS.double)).toBe('double')
    expect(widthPresetOf(5)).toBe('custom')
  })

  it('writes the size in both units', () => {
    expect(formatSize(3.25, 2.4)).toBe('3.25 × 2.40 in (8.26 × 6.10 cm)')
    expect(formatSize(6.75, 2.4)).toBe('6.75 × 2.40 in (17.15 × 6.10 cm)')
  })
})

describe('file names', () => {
  it('makes a file base of any name, never empty', () => {
    expect(fileBase('Vision benchmark (example)')).toBe('Vision-benchmark-example')
    expect(fileBase('IC/bird_5/MiX/B/16')).toBe('IC-bird_5-MiX-B-16')
    expect(fileBase('<b>x</b>')).toBe('b-x-b')
    expect(fileBase('///')).toBe('export')
  })

  it('ends a path in the chosen extension: kept, swapped within the family, or added', () => {
    expect(withExtension('/tmp/fig.pdf', 'pdf', FIGURE_FORMATS)).toBe('/tmp/fig.pdf')
    expect(withExtension('/tmp/fig.PDF', 'pdf', FIGURE_FORMATS)).toBe('/tmp/fig.PDF')
    expect(withExtension('/tmp/fig.svg', 'pdf', FIGURE_FORMATS)).toBe('/tmp/fig.pdf')
    expect(withExtension('/tmp/fig', 'png', FIGURE_FORMATS)).toBe('/tmp/fig.png')
    expect(withExtension('/tmp/run.v2', 'svg', FIGURE_FORMATS)).toBe('/tmp/run.v2.svg')
    expect(withExtension('/tmp/my.dir/fig', 'svg', FIGURE_FORMATS)).toBe('/tmp/my.dir/fig.svg')
    expect(withExtension('C:\\out\\.hidden', 'svg', FIGURE_FORMATS)).toBe('C:\\out\\.hidden.svg')
  })

  it('takes the folder of a path, with its separator', () => {
    expect(folderOf('/home/me/p.ssproj.json')).toBe('/home/me/')
    expect(folderOf('C:\\me\\p.json')).toBe('C:\\me\\')
    expect(folderOf('p.json')).toBe('')
  })
})

describe('what a report holds', () => {
  it('counts curves, fitted curves, forms, forecasts, crossovers and figures', () => {
    const p = project()
    const [a, b, c] = p.curves.map((curve) => curve.id)
    expect(fittedFormsOf(p, [a, b])).toEqual(['BNSL', 'M1', 'M4'])
    expect(fittedFormsOf(p, [c])).toEqual([])
    expect(reportContents(p, [a, b, c], 'html')).toEqual({
      curves: 3,
      fitted: 2,
      forms: ['BNSL', 'M1', 'M4'],
      fits: 3,
      forecasts: 1,
      crossovers: 2,
      figures: 3
    })
    expect(reportContents(p, [b, c], 'csv')).toMatchObject({ curves: 2, fitted: 1, forecasts: 0, crossovers: 1, figures: 0 })
  })
})
