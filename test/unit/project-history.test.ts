import { describe, expect, test } from 'vitest'
import { setPointExcluded } from '../../src/shared/project/edits'
import { History } from '../../src/shared/project/history'
import type { Project, ProjectCurve } from '../../src/shared/project/types'
import { sampleProject } from '../fixtures/project/sample'

/** A history of plain strings: states 'a' → 'b' → 'c' with labels 'to b', 'to c'. */
function abc(limit?: number): History<string> {
  const h = new History('a', limit)
  h.push('b', 'to b')
  h.push('c', 'to c')
  return h
}

describe('undo and redo', () => {
  test('step back and forth, returning the new current state', () => {
    const h = abc()
    expect(h.current).toBe('c')
    expect(h.undo()).toBe('b')
    expect(h.undo()).toBe('a')
    expect(h.redo()).toBe('b')
    expect(h.current).toBe('b')
  })

  test('return null with nothing to undo or redo', () => {
    const h = new History('a')
    expect(h.canUndo).toBe(false)
    expect(h.canRedo).toBe(false)
    expect(h.undo()).toBeNull()
    expect(h.redo()).toBeNull()
    expect(h.current).toBe('a')
  })

  test('labels name the edit undo would take back and the one redo would make again', () => {
    const h = abc()
    expect([h.undoLabel, h.redoLabel]).toEqual(['to c', null])
    h.undo()
    expect([h.undoLabel, h.redoLabel]).toEqual(['to b', 'to c'])
    h.undo()
    expect([h.undoLabel, h.redoLabel]).toEqual([null, 'to b'])
  })

  test('a new edit after undo drops what could have been redone', () => {
    const h = abc()
    h.undo()
    h.push('d', 'to d')
    expect(h.canRedo).toBe(false)
    expect(h.undo()).toBe('b')
    expect(h.redoLabel).toBe('to d')
  })

  test('pushing the current state again is ignored (an edit that changed nothing)', () => {
    const h = abc()
    h.push('c', 'nothing')
    expect(h.undoLabel).toBe('to c')
    expect(h.undoDepth).toBe(2)
  })
})

describe('limit', () => {
  test('only the last `limit` edits can be undone', () => {
    const h = new History(0, 3)
    for (let i = 1; i <= 5; i++) h.push(i, `to ${i}`)
    expect(h.undoDepth).toBe(3)
    expect([h.undo(), h.undo(), h.undo(), h.undo()]).toEqual([4, 3, 2, null])
    expect(h.current).toBe(2)
  })

  test('a limit below 1 is refused', () => {
    expect(() => new History('a', 0)).toThrow('History: limit must be a whole number >= 1, got 0')
  })
})

describe('dirty', () => {
  test('is false at the start, true after an edit, false again when undone back to the saved state', () => {
    const h = new History('a')
    expect(h.dirty).toBe(false)
    h.push('b', 'to b')
    expect(h.dirty).toBe(true)
    h.undo()
    expect(h.dirty).toBe(false)
  })

  test('markSaved makes the current state the saved one; undo past it is dirty', () => {
    const h = abc()
    h.markSaved()
    expect(h.dirty).toBe(false)
    h.undo()
    expect(h.dirty).toBe(true)
    h.redo()
    expect(h.dirty).toBe(false)
  })

  test('markSaved(state) records what was written while edits went on during the save', () => {
    const h = abc()
    const written = h.current
    h.push('d', 'to d')
    h.markSaved(written)
    expect(h.dirty).toBe(true)
    h.undo()
    expect(h.dirty).toBe(false)
  })

  test('reset forgets every edit and counts the new state as saved', () => {
    const h = abc()
    h.reset('z')
    expect([h.current, h.canUndo, h.canRedo, h.dirty]).toEqual(['z', false, false, false])
  })

  test('states compare by reference: an equal copy is still a change', () => {
    const h = new History({ n: 1 })
    h.push({ n: 1 }, 'copy')
    expect(h.dirty).toBe(true)
  })
})

describe('snapshots share structure', () => {
  test('200 edits of a 10,000-curve project keep one copy of each untouched curve', () => {
    const initial: Project = sampleProject(10_000, 5)
    const h = new History(initial)
    for (let i = 0; i < 200; i++) {
      const id = `c${1 + ((i * 37) % 10_000)}`
      const { project, label } = setPointExcluded(h.current, id, i % 5, { reason: `edit ${i}` })
      h.push(project, label)
    }
    expect(h.undoDepth).toBe(200)
    // Every curve object held by any snapshot: the originals plus one new curve per edit.
    const distinct = new Set<ProjectCurve>()
    const snapshots: Project[] = [h.current]
    while (h.canUndo) snapshots.push(h.undo() as Project)
    for (const s of snapshots) for (const c of s.curves) distinct.add(c)
    expect(distinct.size).toBe(10_000 + 200)
    const last = snapshots[0]
    expect(last.curves.filter((c, i) => c === initial.curves[i]).length).toBe(10_000 - 200)
    expect(last.fits).toBe(initial.fits)
    expect(h.current).toBe(initial)
  })
})
