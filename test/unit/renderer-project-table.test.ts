import { describe, expect, it } from 'vitest'
import type { CurveSummary } from '../../src/renderer/src/lib/logic/curve-summary'
import { nextSort, sortRows, winRates } from '../../src/renderer/src/lib/logic/project-table'

function row(name: string, heldout: CurveSummary['heldout'], best: CurveSummary['best'], points = 5): CurveSummary {
  return {
    id: name,
    name,
    tags: [],
    points,
    fitPoints: points,
    heldoutPoints: 0,
    excludedPoints: 0,
    heldout,
    best,
    stale: false,
    fitted: best !== null
  }
}

const rows = [
  row('curve 10', { BNSL: 0.1, M1: 0.3 }, 'BNSL', 9),
  row('curve 2', { BNSL: 0.4, M1: 0.2 }, 'M1', 4),
  row('curve 1', {}, null, 7),
  row('curve 3', { BNSL: 0.05, M1: null }, 'BNSL', 4)
]

describe('sortRows', () => {
  it('sorts names in natural order', () => {
    expect(sortRows(rows, { key: 'name', direction: 'asc' }).map((r) => r.name)).toEqual([
      'curve 1',
      'curve 2',
      'curve 3',
      'curve 10'
    ])
  })
  it('sorts by a form column with empty cells last in both directions', () => {
    expect(sortRows(rows, { key: 'BNSL', direction: 'asc' }).map((r) => r.name)).toEqual([
      'curve 3',
      'curve 10',
      'curve 2',
      'curve 1'
    ])
    expect(sortRows(rows, { key: 'M1', direction: 'desc' }).map((r) => r.name)).toEqual([
      'curve 10',
      'curve 2',
      'curve 1',
      'curve 3'
    ])
  })
  it('keeps list order among ties', () => {
    expect(sortRows(rows, { key: 'points', direction: 'asc' }).map((r) => r.name)).toEqual([
      'curve 2',
      'curve 3',
      'curve 1',
      'curve 10'
    ])
  })
  it('does not change the input', () => {
    const copy = [...rows]
    sortRows(rows, { key: 'name', direction: 'desc' })
    expect(rows).toEqual(copy)
  })
})

describe('nextSort', () => {
  it('flips the direction of the same column and starts a new one ascending', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' })
    expect(nextSort({ key: 'name', direction: 'desc' }, 'M1')).toEqual({ key: 'M1', direction: 'asc' })
  })
})

describe('winRates', () => {
  it('counts wins over the curves that have a winner', () => {
    const rates = winRates(rows, ['BNSL', 'M1', 'M2'])
    expect(rates.map((r) => [r.form, r.wins, r.rate])).toEqual([
      ['BNSL', 2, 2 / 3],
      ['M1', 1, 1 / 3],
      ['M2', 0, 0]
    ])
    expect(rates[0].meanRmsle).toBeCloseTo((0.1 + 0.4 + 0.05) / 3, 12)
    expect(rates[2].meanRmsle).toBeNull()
  })
  it('has no rate when no curve is decided', () => {
    expect(winRates([rows[2]], ['BNSL'])[0].rate).toBeNull()
  })
})
