import { describe, expect, it } from 'vitest'
import { describeShortfalls, planImport } from '../../src/renderer/src/lib/logic/import-plan'
import { fittedForms, summariseCurves } from '../../src/renderer/src/lib/logic/curve-summary'
import { newProject, projectFromCurves } from '../../src/shared/project/document'
import type { StoredFit } from '../../src/shared/project/types'

const file = {
  curves: [
    { name: 'a', x: [1, 10, 100, 1000], y: [4, 3, 2, 1.5] },
    { name: 'b', x: [1, 10, 100], y: [5, 4, 3], split: ['fit' as const, 'fit' as const, 'heldout' as const] }
  ]
}
const meta = { xQuantity: '', yMetric: '' }

describe('planImport', () => {
  it('keeps the split of the file when asked', () => {
    const plan = planImport(newProject('p'), file, { choice: 'file', k: 1, x: 0 }, meta)
    expect(plan.curves.map((c) => c.points.map((p) => p.split))).toEqual([
      ['fit', 'fit', 'fit', 'fit'],
      ['fit', 'fit', 'heldout']
    ])
    expect(plan.edit.label).toBe('Import 2 curves')
  })

  it('holds out the largest k x values', () => {
    const plan = planImport(newProject('p'), file, { choice: 'largest', k: 2, x: 0 }, meta)
    expect(plan.curves[0].points.map((p) => p.split)).toEqual(['fit', 'fit', 'heldout', 'heldout'])
    expect(plan.curves[1].points.map((p) => p.split)).toEqual(['fit', 'heldout', 'heldout'])
  })

  it('holds out x above a value, and fits everything when asked', () => {
    const above = planImport(newProject('p'), file, { choice: 'x-above', k: 1, x: 50 }, meta)
    expect(above.curves[0].points.map((p) => p.split)).toEqual(['fit', 'fit', 'heldout', 'heldout'])
    const all = planImport(newProject('p'), file, { choice: 'all-fit', k: 1, x: 0 }, meta)
    expect(all.curves[1].points.every((p) => p.split === 'fit')).toBe(true)
  })

  it('adds to the curves already there with fresh ids and leaves the original project alone', () => {
    const project = projectFromCurves([{ name: 'old', x: [1, 2], y: [2, 1] }], { name: 'p' })
    const plan = planImport(project, file, { choice: 'file', k: 1, x: 0 }, { xQuantity: ' params ', yMetric: 'loss' })
    expect(plan.edit.project.curves.map((c) => c.name)).toEqual(['old', 'a', 'b'])
    expect(new Set(plan.edit.project.curves.map((c) => c.id)).size).toBe(3)
    expect(plan.curves[0].xQuantity).toBe('params')
    expect(project.curves).toHaveLength(1)
  })
})

describe('an import that leaves curves without enough fit points says so before it is confirmed', () => {
  // A TensorBoard run of 27 steps, read with "hold out the largest 100" left over from another import.
  const steps = Array.from({ length: 27 }, (_, i) => 100 * (i + 1))
  const run = { curves: [{ name: 'train_loss', x: steps, y: steps.map((s) => 5 / Math.log(s)) }] }

  it('holding out more x values than a curve has leaves it nothing to fit, and the plan names it', () => {
    const plan = planImport(newProject('p'), run, { choice: 'largest', k: 100, x: 0 }, meta)
    expect(plan.shortfalls).toEqual([{ name: 'train_loss', fitPoints: 0, distinctX: 0 }])
    expect(describeShortfalls(plan.shortfalls, plan.curves.length)).toBe(
      'The curve would have fewer than 2 fit points at different x, so no form can be fitted to it: ' +
        '"train_loss" (0 fit points). Hold out fewer points, or import anyway and change the split later.'
    )
  })

  it('the file split as it is leaves the curve fittable: no warning', () => {
    expect(planImport(newProject('p'), run, { choice: 'file', k: 1, x: 0 }, meta).shortfalls).toEqual([])
  })

  it('one fit point, or fit points all at one x, are not enough either; the others are counted', () => {
    const curves = [
      { name: 'one', x: [1, 10, 100], y: [3, 2, 1], split: ['fit' as const, 'heldout' as const, 'heldout' as const] },
      { name: 'same-x', x: [5, 5, 50], y: [3, 2.9, 1], split: ['fit' as const, 'fit' as const, 'heldout' as const] },
      { name: 'fine', x: [1, 10, 100], y: [3, 2, 1] }
    ]
    const plan = planImport(newProject('p'), { curves }, { choice: 'file', k: 1, x: 0 }, meta)
    expect(plan.shortfalls.map((s) => s.name)).toEqual(['one', 'same-x'])
    expect(describeShortfalls(plan.shortfalls, plan.curves.length)).toBe(
      '2 of 3 curves would have fewer than 2 fit points at different x, so no form can be fitted to them: ' +
        '"one" (1 fit point), "same-x" (2 fit points, all at one x). Hold out fewer points, or import anyway and change the split later.'
    )
  })

  it('a long list names the first five and counts the rest', () => {
    const curves = Array.from({ length: 8 }, (_, i) => ({ name: `c${i}`, x: [1], y: [2] }))
    const plan = planImport(newProject('p'), { curves }, { choice: 'file', k: 1, x: 0 }, meta)
    expect(describeShortfalls(plan.shortfalls, plan.curves.length)).toMatch(
      /^All 8 curves would have .*: "c0" \(1 fit point\), .*"c4" \(1 fit point\) and 3 more\. /
    )
  })
})

describe('summariseCurves', () => {
  it('counts points by kind and finds the best form and stale fits', () => {
    const project = projectFromCurves(file.curves, { name: 'p' })
    const [a] = project.curves
    a.points[0] = { ...a.points[0], excluded: { reason: '' } }
    a.points[3] = { ...a.points[3], split: 'heldout' }
    const fit = (form: StoredFit['form'], heldoutRmsle: number | null, curveRevision = 0): StoredFit => ({
      form,
      breaks: 0,
      crop: 0,
      params: {},
      status: 'converged',
      fitRmsle: 0.1,
      fitRsle: 0.01,
      heldoutRmsle,
      heldoutRsle: 0.01,
      selection: { breaks: [], crop: [] },
      timeMs: 1,
      curveRevision,
      fittedAt: '2024-01-01T00:00:00Z'
    })
    project.fits[a.id] = [fit('M1', 0.3), fit('M2', 0.1, 5)]
    const [sa, sb] = summariseCurves(project)
    expect(sa).toMatchObject({ points: 4, fitPoints: 2, heldoutPoints: 1, excludedPoints: 1, best: 'M2', stale: true })
    expect(sa.heldout).toEqual({ M1: 0.3, M2: 0.1 })
    expect(sb).toMatchObject({ best: null, fitted: false, stale: false })
    expect(fittedForms(project)).toEqual(['M1', 'M2'])
  })
})
