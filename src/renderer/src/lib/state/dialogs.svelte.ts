// In-app prompts that stand in for native dialogs (browser mode has none) and for confirmations.
// A method returns a promise that the prompt component resolves when the user answers.
import type { RecentProject } from '../../../../shared/contract'

export interface PathRequest {
  title: string
  /** What to type, e.g. "Project file". */
  label: string
  confirmLabel: string
  initial?: string
  placeholder?: string
  /** Recent projects to pick from (open only). */
  recent?: RecentProject[]
}

export interface ConfirmRequest {
  title: string
  message: string
  confirmLabel: string
  /** Styles the confirm button as destructive. */
  danger?: boolean
}

class DialogsState {
  path = $state<PathRequest | null>(null)
  /** What the path field holds while the prompt is open. */
  pathValue = $state('')
  confirmation = $state<ConfirmRequest | null>(null)

  #resolvePath: ((value: string | null) => void) | null = null
  #resolveConfirm: ((value: boolean) => void) | null = null

  /** Shows the path prompt; resolves to the trimmed path, or null when cancelled. */
  askPath(request: PathRequest): Promise<string | null> {
    this.#resolvePath?.(null)
    this.path = request
    this.pathValue = request.initial ?? ''
    return new Promise((resolve) => (this.#resolvePath = resolve))
  }

  answerPath(value: string | null): void {
    const resolve = this.#resolvePath
    this.#resolvePath = null
    this.path = null
    const trimmed = value?.trim() ?? ''
    resolve?.(trimmed === '' ? null : trimmed)
  }

  confirm(request: ConfirmRequest): Promise<boolean> {
    this.#resolveConfirm?.(false)
    this.confirmation = request
    return new Promise((resolve) => (this.#resolveConfirm = resolve))
  }

  answerConfirm(ok: boolean): void {
    const resolve = this.#resolveConfirm
    this.#resolveConfirm = null
    this.confirmation = null
    resolve?.(ok)
  }
}

export const dialogsState = new DialogsState()
