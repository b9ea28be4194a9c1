import { describe, expect, it } from 'vitest'
import { filterIndices } from '../../src/renderer/src/lib/logic/curve-filter'
import { clickSelect, pruneSelection } from '../../src/renderer/src/lib/logic/list-selection'

const items = [
  { name: 'vit/ImageNet/10-shot', tags: ['vision'] },
  { name: 'gpt-small', tags: ['language', 'baseline'] },
  { name: 'MLP mixer', tags: [] }
]

describe('filterIndices', () => {
  it('keeps everything for an empty query', () => {
    expect(filterIndices(items, '  ')).toEqual([0, 1, 2])
  })
  it('matches names case-insensitively', () => {
    expect(filterIndices(items, 'imagenet')).toEqual([0])
  })
  it('matches tags', () => {
    expect(filterIndices(items, 'language')).toEqual([1])
  })
  it('needs every word to match', () => {
    expect(filterIndices(items, 'gpt vision')).toEqual([])
    expect(filterIndices(items, 'gpt base')).toEqual([1])
  })
  it('matches only tags with tag:', () => {
    expect(filterIndices(items, 'tag:vis')).toEqual([0])
    expect(filterIndices(items, 'tag:mixer')).toEqual([])
  })
})

describe('clickSelect', () => {
  const order = ['a', 'b', 'c', 'd', 'e']
  const none = { selected: [], anchor: null, active: null }
  const plain = { shift: false, toggle: false }

  it('selects one row on a plain click', () => {
    expect(clickSelect({ selected: ['a', 'b'], anchor: 'a', active: 'a' }, 'c', order, plain)).toEqual({
      selected: ['c'],
      anchor: 'c',
      active: 'c'
    })
  })
  it('selects the range from the anchor on shift-click', () => {
    const s = clickSelect(clickSelect(none, 'b', order, plain), 'd', order, { shift: true, toggle: false })
    expect(s.selected).toEqual(['b', 'c', 'd'])
    expect(s.anchor).toBe('b')
    expect(s.active).toBe('d')
  })
  it('selects upwards too', () => {
    const s = clickSelect(clickSelect(none, 'd', order, plain), 'a', order, { shift: true, toggle: false })
    expect(s.selected).toEqual(['a', 'b', 'c', 'd'])
  })
  it('toggles one row on ctrl-click', () => {
    const one = clickSelect(none, 'a', order, plain)
    const two = clickSelect(one, 'c', order, { shift: false, toggle: true })
    expect(two.selected).toEqual(['a', 'c'])
    const back = clickSelect(two, 'c', order, { shift: false, toggle: true })
    expect(back.selected).toEqual(['a'])
    expect(back.active).toBe('a')
  })
  it('drops deleted rows', () => {
    const s = pruneSelection({ selected: ['a', 'b'], anchor: 'b', active: 'b' }, (id) => id !== 'b')
    expect(s).toEqual({ selected: ['a'], anchor: 'a', active: 'a' })
  })
})
