// Which rows of a long list to render: fixed row height, a spacer for the full height, and only the slice
// of rows that intersects the viewport (plus a few either side so fast scrolling shows no blank rows).

export interface VirtualWindow {
  /** First row to render (inclusive). */
  start: number
  /** Row after the last one to render (exclusive). */
  end: number
  /** Pixels from the top of the spacer to the first rendered row. */
  offset: number
  /** Height of the spacer: every row's height. */
  totalHeight: number
}

/** Rows rendered above and below the viewport. */
export const OVERSCAN = 6

export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = OVERSCAN
): VirtualWindow {
  const totalHeight = Math.max(0, count * rowHeight)
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight }
  // The browser may report a scroll position past the end while the list shrinks; clamp it.
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight))
  const first = Math.floor(top / rowHeight)
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1
  const start = Math.max(0, first - overscan)
  const end = Math.min(count, first + visible + overscan)
  return { start, end, offset: start * rowHeight, totalHeight }
}

/** The scrollTop that brings row `index` into view with the least movement, or null when it is visible. */
export function scrollToRow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number
): number | null {
  const top = index * rowHeight
  const bottom = top + rowHeight
  if (top < scrollTop) return top
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight)
  return null
}
