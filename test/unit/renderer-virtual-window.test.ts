import { describe, expect, it } from 'vitest'
import { scrollToRow, virtualWindow } from '../../src/renderer/src/lib/logic/virtual-window'

describe('virtualWindow', () => {
  it('renders only the rows in view plus the overscan', () => {
    const w = virtualWindow(0, 300, 30, 10_000, 5)
    expect(w).toEqual({ start: 0, end: 16, offset: 0, totalHeight: 300_000 })
  })

  it('follows the scroll position', () => {
    const w = virtualWindow(30_000, 300, 30, 10_000, 5)
    expect(w.start).toBe(995)
    expect(w.end).toBe(1016)
    expect(w.offset).toBe(995 * 30)
  })

  it('stops at the end of the list', () => {
    const w = virtualWindow(299_700, 300, 30, 10_000, 5)
    expect(w.end).toBe(10_000)
  })

  it('clamps a scroll position past the end after the list shrank', () => {
    const w = virtualWindow(1e6, 300, 30, 20, 2)
    expect(w.start).toBe(8)
    expect(w.end).toBe(20)
  })

  it('renders nothing for an empty list', () => {
    expect(virtualWindow(0, 300, 30, 0)).toEqual({ start: 0, end: 0, offset: 0, totalHeight: 0 })
  })

  it('keeps a fixed number of rows whatever the list length', () => {
    const small = virtualWindow(5000, 600, 28, 1000)
    const huge = virtualWindow(5000, 600, 28, 1_000_000)
    expect(huge.end - huge.start).toBe(small.end - small.start)
  })
})

describe('scrollToRow', () => {
  it('leaves a visible row where it is', () => {
    expect(scrollToRow(3, 0, 300, 30)).toBeNull()
  })
  it('scrolls up to a row above the view', () => {
    expect(scrollToRow(2, 300, 300, 30)).toBe(60)
  })
  it('scrolls down just enough for a row below the view', () => {
    expect(scrollToRow(20, 0, 300, 30)).toBe(330)
  })
})
