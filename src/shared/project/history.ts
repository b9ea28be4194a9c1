// Undo and redo over immutable snapshots. Each snapshot is a whole state, but edits share structure with the
// state before (see edits.ts), so 200 snapshots of a large project cost little more than the parts edited.

interface Entry<T> {
  state: T
  /** The edit that led to this state ('' for the first). */
  label: string
}

export class History<T> {
  readonly #limit: number
  #entries: Entry<T>[]
  #at = 0
  #saved: T

  /** `limit`: how many edits can be undone; older ones are forgotten. */
  constructor(initial: T, limit = 200) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`History: limit must be a whole number >= 1, got ${limit}`)
    this.#limit = limit
    this.#entries = [{ state: initial, label: '' }]
    this.#saved = initial
  }

  get current(): T {
    return this.#entries[this.#at].state
  }

  /** Records an edit's result. Drops anything that could be redone. A state identical to the current one is ignored. */
  push(next: T, label: string): void {
    if (next === this.current) return
    this.#entries.length = this.#at + 1
    this.#entries.push({ state: next, label })
    if (this.#entries.length > this.#limit + 1) this.#entries.splice(0, this.#entries.length - this.#limit - 1)
    this.#at = this.#entries.length - 1
  }

  /** Steps back; returns the new current state, or null when there is nothing to undo. */
  undo(): T | null {
    if (!this.canUndo) return null
    this.#at--
    return this.current
  }

  /** Steps forward again; returns the new current state, or null when there is nothing to redo. */
  redo(): T | null {
    if (!this.canRedo) return null
    this.#at++
    return this.current
  }

  get canUndo(): boolean {
    return this.#at > 0
  }

  get canRedo(): boolean {
    return this.#at < this.#entries.length - 1
  }

  /** The label of the edit undo would take back ("Import 3 curves"), or null. */
  get undoLabel(): string | null {
    return this.canUndo ? this.#entries[this.#at].label : null
  }

  /** The label of the edit redo would make again, or null. */
  get redoLabel(): string | null {
    return this.canRedo ? this.#entries[this.#at + 1].label : null
  }

  /** Forgets every edit and starts from `state`, which counts as saved (after open or new). */
  reset(state: T): void {
    this.#entries = [{ state, label: '' }]
    this.#at = 0
    this.#saved = state
  }

  /**
   * Records that `state` (default: the current one) is what the file holds. Pass the state that was written
   * when edits may have happened while the save was running.
   */
  markSaved(state: T = this.current): void {
    this.#saved = state
  }

  /** True when the current state is not the saved one (compared by reference). */
  get dirty(): boolean {
    return this.current !== this.#saved
  }

  /** How many edits can be undone now. */
  get undoDepth(): number {
    return this.#at
  }
}
