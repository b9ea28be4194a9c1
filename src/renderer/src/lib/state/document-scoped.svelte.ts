// A value that belongs to the project on screen (a banner, a form picked, a selection): once another project
// replaces it (New, Open, recover) the value reads as its initial one again, so nothing of one project shows
// in the next. Curve ids repeat across projects, which is why a selection must not simply be pruned.
import { projectState } from './project.svelte'

export class DocumentScoped<T> {
  readonly #initial: T
  #entry: { documentId: number; value: T }

  constructor(initial: T) {
    this.#initial = initial
    this.#entry = $state.raw({ documentId: projectState.documentId, value: initial })
  }

  get current(): T {
    return this.#entry.documentId === projectState.documentId ? this.#entry.value : this.#initial
  }

  set current(value: T) {
    this.#entry = { documentId: projectState.documentId, value }
  }
}
