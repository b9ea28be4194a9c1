// In-app prompts that stand in for native dialogs (browser mode has none) and for confirmations.
// A method returns a promise that the prompt component resolves when the user answers.
import type { RecentProject } from '../../../../shared/contract'
import { isAbsolutePath, resolveAgainst } from '../logic/relative-path'
import { appState } from './app.svelte'

export interface PathRequest {
  title: string
  /** What to type, e.g. "Project file". */
  label: string
  confirmLabel: string
  initial?: string
  placeholder?: string
  /** Recent projects to pick from (open only). */
  recent?: RecentProject[]
  /** The open project's folder, which a relative path is taken from; absent: the services' working folder. */
  folder?: string | null
  /** Finishes a typed path, e.g. adds the project extension; the prompt shows the path it gives. */
  complete?: (path: string) => string
}

/** The folder a relative path in the prompt is taken from, and what it is, for the prompt to say. */
export interface PathBase {
  folder: string
  what: 'project' | 'working'
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

  base = $derived.by((): PathBase | null => {
    if (this.path?.folder) return { folder: this.path.folder, what: 'project' }
    const working = appState.info?.workingFolder
    return working ? { folder: working, what: 'working' } : null
  })
  /** The whole path the field stands for, or null when it is empty or that path as typed (nothing to show). */
  resolvedPath = $derived.by((): string | null => {
    const typed = this.pathValue.trim()
    const whole = typed === '' ? null : this.#whole(typed)
    return whole === typed ? null : whole
  })

  #resolvePath: ((value: string | null) => void) | null = null
  #resolveConfirm: ((value: boolean) => void) | null = null

  /** Shows the path prompt; resolves to the trimmed path, or null when cancelled. */
  askPath(request: PathRequest): Promise<string | null> {
    this.#resolvePath?.(null)
    this.path = request
    this.pathValue = request.initial ?? ''
    return new Promise((resolve) => (this.#resolvePath = resolve))
  }

  /** Answers with the whole path the prompt showed: the services then write where it said. */
  answerPath(value: string | null): void {
    const resolve = this.#resolvePath
    const trimmed = value?.trim() ?? ''
    const whole = trimmed === '' ? null : this.#whole(trimmed)
    this.#resolvePath = null
    this.path = null
    resolve?.(whole)
  }

  /** A typed path taken from `base` when relative, then finished by the request (an extension). */
  #whole(typed: string): string {
    const full = this.base === null || isAbsolutePath(typed) ? typed : resolveAgainst(this.base.folder, typed)
    return this.path?.complete?.(full) ?? full
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
