import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  addCurves,
  applyFitResults,
  clearFits,
  deleteCurves,
  formatX,
  renameCurve,
  setPointExcluded,
  setPointSplit,
  setPointWeight,
  setSplitRule,
  updateCurveMeta,
  updateSettings
} from '../../src/shared/project/edits'
import type { Project } from '../../src/shared/project/types'
import { validateProject } from '../../src/shared/project/validate'
import { curve, deepFreeze, formFit, sampleProject, storedFit, T0 } from '../fixtures/project/sample'

const NOW = '2025-02-02T10:00:00.000Z'
let p: Project

beforeEach(() => {
  vi.useFakeTimers({ now: new Date(NOW) })
  // Frozen: any mutation of the original by an edit throws.
  p = deepFreeze(sampleProject(3, 6))
})
afterEach(() => {
  vi.useRealTimers()
})

/** The edit must throw this message and leave the (frozen) project as it was. */
function refused(edit: () => unknown, message: string): void {
  const before = JSON.stringify(p)
  expect(edit).toThrow(message)
  expect(JSON.stringify(p)).toBe(before)
}

describe('every edit', () => {
  test('returns a new valid project with modifiedAt updated, leaving the original as it was', () => {
    const { project } = renameCurve(p, 'c2', 'renamed')
    expect(project).not.toBe(p)
    expect(project.modifiedAt).toBe(NOW)
    expect(p.modifiedAt).toBe(T0)
    expect(p.curves[1].name).toBe('curve 2')
    expect(validateProject(project)).toBe(project)
  })

  test('an edit that changes nothing returns the same project object', () => {
    expect(renameCurve(p, 'c1', 'curve 1').project).toBe(p)
    expect(setPointSplit(p, 'c1', [0], 'fit').project).toBe(p)
    expect(setPointExcluded(p, 'c1', 0, null).project).toBe(p)
    expect(updateCurveMeta(p, 'c1', { notes: '' }).project).toBe(p)
    expect(updateSettings(p, { crop: 'auto' }).project).toBe(p)
    expect(clearFits(p, ['c2']).project).toBe(p)
    expect(setSplitRule(p, ['c1'], { kind: 'largest', k: 2 }).project).toBe(p)
  })
})

describe('addCurves', () => {
  test('appends curves, keeps free ids and gives new ones to taken, missing or malformed ids', () => {
    const { project, label } = addCurves(p, [curve('c9', 'new a'), curve('c1', 'new b'), { ...curve('', 'new c') }, curve('c9', 'new d')])
    expect(project.curves.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c9', 'c5', 'c6', 'c7'])
    expect(label).toBe('Import 4 curves')
    expect(project.curves.slice(0, 3).every((c, i) => c === p.curves[i])).toBe(true)
    expect(project.fits).toBe(p.fits)
  })

  test('one curve is named in the label', () => {
    expect(addCurves(p, [curve('x1', 'ImageNet/ViT')]).label).toBe('Import curve ImageNet/ViT')
  })

  test('a bad curve is refused with its problem', () => {
    const bad = curve('n1')
    bad.points[0] = { x: -1, y: 1, split: 'fit' }
    refused(() => addCurves(p, [curve('n0'), bad]), 'addCurves: curves[1].points[0].x must be a positive finite number, got -1')
  })

  test('an empty list is refused', () => {
    refused(() => addCurves(p, []), 'addCurves: no curves given')
  })
})

describe('deleteCurves', () => {
  test('removes curves and their fits, reusing the other fit lists', () => {
    const q = { ...p, fits: { ...p.fits, c2: [storedFit('M2')] } }
    const { project, label } = deleteCurves(q, ['c1', 'c3', 'c1'])
    expect(project.curves.map((c) => c.id)).toEqual(['c2'])
    expect(project.curves[0]).toBe(p.curves[1])
    expect(Object.keys(project.fits)).toEqual(['c2'])
    expect(project.fits.c2).toBe(q.fits.c2)
    expect(label).toBe('Delete 2 curves')
  })

  test('without fits the fits object is reused', () => {
    const { project, label } = deleteCurves(p, ['c2'])
    expect(project.fits).toBe(p.fits)
    expect(label).toBe('Delete curve curve 2')
  })

  test('an unknown id or an empty list is refused', () => {
    refused(() => deleteCurves(p, ['c1', 'nope']), 'deleteCurves: no curve has the id "nope"')
    refused(() => deleteCurves(p, []), 'deleteCurves: no curves given')
  })
})

describe('renameCurve and updateCurveMeta', () => {
  test('rename trims the name, keeps the revision and the fits', () => {
    const { project, label } = renameCurve(p, 'c1', '  ImageNet  ')
    expect(project.curves[0]).toMatchObject({ name: 'ImageNet', revision: 0 })
    expect(project.curves[0].points).toBe(p.curves[0].points)
    expect(project.fits).toBe(p.fits)
    expect(label).toBe('Rename curve 1 to ImageNet')
  })

  test('an empty name or an unknown id is refused', () => {
    refused(() => renameCurve(p, 'c1', '   '), 'renameCurve: the new name is empty')
    refused(() => renameCurve(p, 'c7', 'x'), 'renameCurve: no curve has the id "c7"')
  })

  test('meta: tags are trimmed, emptied ones and repeats dropped; the label names a single field', () => {
    const { project, label } = updateCurveMeta(p, 'c2', { tags: [' vision ', '', 'vision', 'ViT'] })
    expect(project.curves[1].tags).toEqual(['vision', 'ViT'])
    expect(label).toBe('Edit tags of curve 2')
    const both = updateCurveMeta(p, 'c2', { xQuantity: 'compute', xUnit: 'FLOP' })
    expect(both.project.curves[1]).toMatchObject({ xQuantity: 'compute', xUnit: 'FLOP', revision: 0 })
    expect(both.label).toBe('Edit details of curve 2')
  })

  test('meta of the wrong type is refused', () => {
    refused(() => updateCurveMeta(p, 'c2', { tags: 'a' as unknown as string[] }), 'updateCurveMeta: tags must be an array of strings')
    refused(() => updateCurveMeta(p, 'c2', { notes: 3 as unknown as string }), 'updateCurveMeta: notes must be a string')
  })
})

describe('point splits', () => {
  test('setPointSplit bumps the revision and reuses the untouched points', () => {
    const { project, label } = setPointSplit(p, 'c2', [0, 1], 'heldout')
    const c = project.curves[1]
    expect(c.revision).toBe(1)
    expect(c.points.slice(0, 2).map((pt) => pt.split)).toEqual(['heldout', 'heldout'])
    expect(c.points[2]).toBe(p.curves[1].points[2])
    expect(project.curves[0]).toBe(p.curves[0])
    expect(label).toBe('Mark 2 points of curve 2 as held out')
    expect(setPointSplit(p, 'c2', [5], 'fit').label).toBe('Mark point x=6e6 of curve 2 as fit')
  })

  test('an index out of range, a bad split or no indices is refused', () => {
    refused(() => setPointSplit(p, 'c2', [0, 6], 'fit'), 'setPointSplit: curve "curve 2" has no point 6 (it has 6 points, 0..5)')
    refused(() => setPointSplit(p, 'c2', [1.5], 'fit'), 'setPointSplit: curve "curve 2" has no point 1.5')
    refused(() => setPointSplit(p, 'c2', [0], 'test' as 'fit'), 'setPointSplit: split must be "fit" or "heldout", got test')
    refused(() => setPointSplit(p, 'c2', [], 'fit'), 'setPointSplit: no points given')
  })

  test('rule "largest": the k largest x are held out, the rest fit', () => {
    const { project, label } = setSplitRule(p, ['c1', 'c2'], { kind: 'largest', k: 3 })
    expect(project.curves[0].points.map((pt) => pt.split)).toEqual(['fit', 'fit', 'fit', 'heldout', 'heldout', 'heldout'])
    expect(project.curves[0].revision).toBe(1)
    expect(project.curves[2]).toBe(p.curves[2])
    expect(label).toBe('Hold out the 3 largest x values in 2 curves')
  })

  test('rule "largest": repeated runs at one x stay together and excluded points do not count', () => {
    const c = curve('r', 'repeats', 5)
    c.points[4] = { ...c.points[4], x: 5e6, excluded: { reason: 'diverged' } }
    c.points[3] = { ...c.points[3], x: 3e6 }
    const q = { ...p, curves: [c] }
    // Included x: 1e6, 2e6, 3e6, 3e6 (and 5e6 excluded): the largest included x is 3e6, at two points.
    const { project, label } = setSplitRule(q, ['r'], { kind: 'largest', k: 1 })
    expect(project.curves[0].points.map((pt) => pt.split)).toEqual(['fit', 'fit', 'heldout', 'heldout', 'heldout'])
    expect(label).toBe('Hold out the 1 largest x in repeats')
  })

  test('rules "x-above" and "all-fit"', () => {
    const above = setSplitRule(p, ['c3'], { kind: 'x-above', x: 3e6 })
    expect(above.project.curves[2].points.map((pt) => pt.split)).toEqual(['fit', 'fit', 'fit', 'heldout', 'heldout', 'heldout'])
    expect(above.label).toBe('Hold out x > 3e6 in curve 3')
    const all = setSplitRule(p, ['c3'], { kind: 'all-fit' })
    expect(all.project.curves[2].points.every((pt) => pt.split === 'fit')).toBe(true)
    expect(all.label).toBe('Use every point for fitting in curve 3')
  })

  test('a negative or fractional k, a non-finite x, an unknown rule or id is refused', () => {
    refused(() => setSplitRule(p, ['c1'], { kind: 'largest', k: -1 }), 'setSplitRule: k must be a whole number >= 0, got -1')
    refused(() => setSplitRule(p, ['c1'], { kind: 'largest', k: 1.5 }), 'setSplitRule: k must be a whole number >= 0, got 1.5')
    refused(() => setSplitRule(p, ['c1'], { kind: 'x-above', x: NaN }), 'setSplitRule: x must be a finite number, got NaN')
    refused(() => setSplitRule(p, ['c1'], { kind: 'top' } as never), "setSplitRule: rule must be { kind: 'all-fit' }")
    refused(() => setSplitRule(p, ['zz'], { kind: 'all-fit' }), 'setSplitRule: no curve has the id "zz"')
  })
})

describe('setPointWeight', () => {
  test('sets a weight, bumps the revision so fits go stale, and weight 1 removes the field', () => {
    const heavier = setPointWeight(p, 'c1', 2, 4)
    expect(heavier.project.curves[0].points[2].weight).toBe(4)
    expect(heavier.project.curves[0].revision).toBe(1)
    expect(heavier.project.curves[1]).toBe(p.curves[1])
    expect(heavier.label).toBe('Set the weight of point x=3e6 of curve 1 to 4')
    const back = setPointWeight(heavier.project, 'c1', 2, 1)
    expect('weight' in back.project.curves[0].points[2]).toBe(false)
    expect(setPointWeight(p, 'c1', 2, 1).project).toBe(p)
    expect(() => validateProject(heavier.project)).not.toThrow()
  })

  test.each([0, -2, Number.NaN, Number.POSITIVE_INFINITY])('a weight of %s is refused and nothing changes', (bad) => {
    refused(() => setPointWeight(p, 'c1', 0, bad), `setPointWeight: the weight must be a positive number, not ${bad}`)
  })
})

describe('setPointExcluded', () => {
  test('excludes a point with a reason, bumps the revision, and names the point in the label', () => {
    const long = { ...curve('im', 'ImageNet/ViT-B16/seen-examples/10-shot', 6) }
    long.points[2] = { ...long.points[2], x: 4.1e6 }
    const q = { ...p, curves: [...p.curves, long] }
    const { project, label } = setPointExcluded(q, 'im', 2, { reason: 'diverged' })
    expect(project.curves[3].points[2]).toEqual({ x: 4.1e6, y: 1 / 3, split: 'fit', excluded: { reason: 'diverged' } })
    expect(project.curves[3].revision).toBe(1)
    expect(project.curves[3].points[1]).toBe(long.points[1])
    expect(label).toBe('Exclude point x=4.1e6 of ImageNet/ViT-B16/seen-examples/…')
  })

  test('taking a point back removes the field; changing only the reason keeps the revision', () => {
    const excluded = setPointExcluded(p, 'c1', 0, { reason: 'a' }).project
    const reworded = setPointExcluded(excluded, 'c1', 0, { reason: 'b' })
    expect(reworded.project.curves[0].revision).toBe(1)
    expect(reworded.label).toBe('Change the reason for excluding point x=1e6 of curve 1')
    const back = setPointExcluded(reworded.project, 'c1', 0, null)
    expect('excluded' in back.project.curves[0].points[0]).toBe(false)
    expect(back.project.curves[0].revision).toBe(2)
    expect(back.label).toBe('Include point x=1e6 of curve 1')
  })

  test('an index out of range or a bad exclusion is refused', () => {
    refused(() => setPointExcluded(p, 'c1', -1, null), 'setPointExcluded: curve "curve 1" has no point -1 (it has 6 points, 0..5)')
    refused(() => setPointExcluded(p, 'c1', 0, { why: 'x' } as never), 'setPointExcluded: excluded must be { reason: string } or null')
  })
})

describe('updateSettings', () => {
  test('changes some settings and keeps the rest', () => {
    const { project, label } = updateSettings(p, { forms: ['M1', 'BNSL'], breaks: 1 })
    expect(project.settings).toEqual({ forms: ['M1', 'BNSL'], breaks: 1, crop: 'auto', maxBreaks: 3 })
    expect(label).toBe('Change fit settings')
  })

  test('settings that are not valid as a whole are refused', () => {
    refused(() => updateSettings(p, { forms: [] }), 'updateSettings: settings.forms must be a non-empty array')
    refused(() => updateSettings(p, { maxBreaks: 5 as 3 }), 'updateSettings: settings.maxBreaks must be 0..3, got 5')
    refused(() => updateSettings(p, { timeBudgetSeconds: 0 }), 'updateSettings: settings.timeBudgetSeconds must be a number of seconds above 0')
  })

  test('the time budget is a setting the project keeps, and a change to it alone is an edit', () => {
    const once = updateSettings(p, { timeBudgetSeconds: 60 }).project
    expect(once).not.toBe(p)
    expect(once.settings.timeBudgetSeconds).toBe(60)
    // Other settings changed later keep it.
    expect(updateSettings(once, { breaks: 2 }).project.settings.timeBudgetSeconds).toBe(60)
    expect(updateSettings(once, { timeBudgetSeconds: 60 }).project).toBe(once)
  })
})

describe('applyFitResults and clearFits', () => {
  const names = new Map([
    ['curve 1', 'c1'],
    ['curve 2', 'c2'],
    ['gone', 'c99']
  ])
  const now = new Date('2025-03-03T03:03:03.000Z')

  test('stores fits without points, NaN as null, replacing the same form and keeping the others in form order', () => {
    const bnsl = formFit('BNSL', { breaks: 1, params: { a: 0.1, b: 2, c0: 0.3, c1: 0.1, d1: 1e7, f1: 0.4 }, heldoutRmsle: 0.04 })
    const { project, label } = applyFitResults(p, [{ curve: 'curve 1', fits: [formFit('M2'), bnsl] }], names, now)
    const fits = project.fits.c1
    expect(fits.map((f) => f.form)).toEqual(['BNSL', 'M1', 'M2'])
    expect(fits[1]).toBe(p.fits.c1[1])
    expect(fits[0]).toMatchObject({ breaks: 1, heldoutRmsle: 0.04, heldoutRsle: null, curveRevision: 0, fittedAt: now.toISOString() })
    expect(fits[2]).toMatchObject({ form: 'M2', heldoutRmsle: null, heldoutRsle: null, params: { b: 2, c: -0.5 } })
    expect('points' in fits[2]).toBe(false)
    expect(project.modifiedAt).toBe(now.toISOString())
    expect(label).toBe('Fit curve 1')
    expect(validateProject(project)).toBe(project)
  })

  test('selection candidates with a non-finite error are left out; a non-finite parameter removes that form', () => {
    const selection = { breaks: [{ n: 0, validationRmsle: 0.1 }, { n: 1, validationRmsle: NaN }], crop: [{ k: 0, validationRmsle: Infinity }] }
    const results = [{ curve: 'curve 1', fits: [formFit('M1', { params: { b: NaN, c: 1 } }), formFit('BNSL', { selection })] }]
    const fits = applyFitResults(p, results, names, now).project.fits.c1
    expect(fits.map((f) => f.form)).toEqual(['BNSL'])
    expect(fits[0].selection).toEqual({ breaks: [{ n: 0, validationRmsle: 0.1 }], crop: [] })
  })

  test('the revision at request time is stored, so a curve edited during the fit gets a stale fit', () => {
    const edited = setPointSplit(p, 'c2', [0], 'heldout').project
    const results = [{ curve: 'curve 2', fits: [formFit('M1')] }]
    const { project } = applyFitResults(edited, results, names, now, new Map([['c2', 0]]))
    expect(project.fits.c2[0].curveRevision).toBe(0)
    expect(project.curves[1].revision).toBe(1)
    expect(project.fits.c1).toBe(p.fits.c1)
  })

  test('results for curves deleted meanwhile are dropped; several curves are counted in the label', () => {
    const results = [
      { curve: 'gone', fits: [formFit('M1')] },
      { curve: 'curve 2', fits: [formFit('M1')] },
      { curve: 'curve 1', fits: [formFit('M1')] }
    ]
    const { project, label } = applyFitResults(p, results, names, now)
    expect(Object.keys(project.fits).sort()).toEqual(['c1', 'c2'])
    expect(label).toBe('Fit 2 curves')
    expect(applyFitResults(p, [results[0]], names, now).project).toBe(p)
  })

  test('a result whose name has no curve id is refused', () => {
    refused(() => applyFitResults(p, [{ curve: 'stranger', fits: [] }], names, now), 'applyFitResults: no curve id for the result of "stranger"')
  })

  test('clearFits removes the fits of the given curves only', () => {
    const q = { ...p, fits: { ...p.fits, c2: [storedFit('M3')] } }
    const { project, label } = clearFits(q, ['c1'])
    expect(Object.keys(project.fits)).toEqual(['c2'])
    expect(project.fits.c2).toBe(q.fits.c2)
    expect(label).toBe('Clear fits of curve 1')
    refused(() => clearFits(p, ['c1', 'c8']), 'clearFits: no curve has the id "c8"')
  })
})

describe('formatX', () => {
  test.each([
    [4096000, '4.1e6'],
    [4.1e6, '4.1e6'],
    [1e6, '1e6'],
    [123, '123'],
    [0.5, '0.5'],
    [1234.5678, '1230'],
    [2.5e-5, '2.5e-5']
  ])('%d is shown as %s', (x, shown) => {
    expect(formatX(x)).toBe(shown)
  })
})
