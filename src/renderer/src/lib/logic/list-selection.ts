// Multi-select of a list the way file managers do it: click selects one, ctrl/cmd-click toggles one,
// shift-click selects the range from the anchor (the last plain or ctrl click) to the clicked row.

export interface ListSelection {
  selected: string[]
  /** The row a shift-click range starts from. */
  anchor: string | null
  /** The row shown in the detail views. */
  active: string | null
}

export interface ClickModifiers {
  shift: boolean
  /** Ctrl on Linux and Windows, Cmd on macOS. */
  toggle: boolean
}

/** The selection after a click on `id`; `order` is the list as shown (filtered), top to bottom. */
export function clickSelect(
  current: ListSelection,
  id: string,
  order: readonly string[],
  { shift, toggle }: ClickModifiers
): ListSelection {
  if (shift && current.anchor !== null) {
    const from = order.indexOf(current.anchor)
    const to = order.indexOf(id)
    if (from >= 0 && to >= 0) {
      const range = order.slice(Math.min(from, to), Math.max(from, to) + 1)
      const selected = toggle ? [...new Set([...current.selected, ...range])] : range
      return { selected, anchor: current.anchor, active: id }
    }
  }
  if (toggle) {
    const has = current.selected.includes(id)
    const selected = has ? current.selected.filter((s) => s !== id) : [...current.selected, id]
    const active = has ? (current.active === id ? (selected[selected.length - 1] ?? null) : current.active) : id
    return { selected, anchor: id, active }
  }
  return { selected: [id], anchor: id, active: id }
}

/** Keeps only ids that still exist (after a delete or an undo), and an active row if any remains. */
export function pruneSelection(current: ListSelection, exists: (id: string) => boolean): ListSelection {
  const selected = current.selected.filter(exists)
  const active = current.active !== null && exists(current.active) ? current.active : (selected[0] ?? null)
  const anchor = current.anchor !== null && exists(current.anchor) ? current.anchor : active
  if (selected.length === current.selected.length && active === current.active && anchor === current.anchor) {
    return current
  }
  return { selected, anchor, active }
}
