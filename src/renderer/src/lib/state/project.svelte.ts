// The open project: the document, its file, undo history, saving, autosave and crash recovery.
// Every change goes through edit(), which records it for undo; the project itself is replaced whole.
import type { AppInfo, RecentProject, RecoveredProject, SavedProject } from '../../../../shared/contract'
import { fitsOf, newProject, projectStats } from '../../../../shared/project/document'
import type { EditResult } from '../../../../shared/project/edits'
import { History } from '../../../../shared/project/history'
import type { Project, ProjectCurve, StoredFit } from '../../../../shared/project/types'
import { hasCode } from '../../../../shared/schema'
import { api, isBrowserMode } from '../api'
import { summariseCurves } from '../logic/curve-summary'
import { folderOf } from '../logic/export-plan'
import { PROJECT_EXTENSION, UNTITLED, nameAfterSave, suggestedFileName, withProjectExtension } from '../logic/project-name'
import { errorMessage, isNoNativeDialog } from '../format'
import { dialogsState } from './dialogs.svelte'

/** Autosave runs at most this often while there are unsaved changes. */
export const AUTOSAVE_MS = 10_000

const renameLabel = (name: string): string => `Rename project to ${name.length > 32 ? `${name.slice(0, 31)}…` : name}`

class ProjectState {
  project = $state.raw<Project>(newProject(UNTITLED))
  /** The file the project was opened from or last saved to; null for the example or a new project. */
  path = $state<string | null>(null)
  /** What the window is busy with ('Opening…', 'Saving…'), or null. */
  busy = $state<string | null>(null)
  /** True until the first project is on screen. */
  starting = $state(true)
  savedAt = $state<string | null>(null)
  autosavedAt = $state<string | null>(null)
  /** An autosaved copy from a session that did not end cleanly, offered until recovered or discarded. */
  recovery = $state.raw<RecoveredProject | null>(null)
  error = $state<string | null>(null)
  /** Goes up whenever another document replaces the one on screen (open, new, recover). */
  documentId = $state(0)

  // The history is a plain object; these mirror it after every change so the window can react.
  canUndo = $state(false)
  canRedo = $state(false)
  undoLabel = $state<string | null>(null)
  redoLabel = $state<string | null>(null)
  dirty = $state(false)

  stats = $derived(projectStats(this.project))
  summaries = $derived(summariseCurves(this.project))
  #curveIndex = $derived(new Map(this.project.curves.map((c, i) => [c.id, i])))

  #history = new History<Project>(this.project)
  /** A recovered project differs from its file even before the first edit. */
  #unsavedSinceLoad = false
  #autosaveTimer: ReturnType<typeof setTimeout> | undefined
  /** The file's version when opened or last saved here: a save notices a change made elsewhere since. */
  #version: string | null = null
  /** Counts loads so that a slow open finishing late cannot replace a newer project. */
  #generation = 0

  hasCurve(id: string): boolean {
    return this.#curveIndex.has(id)
  }

  curve(id: string | null): ProjectCurve | null {
    if (id === null) return null
    const index = this.#curveIndex.get(id)
    return index === undefined ? null : this.project.curves[index]
  }

  fits(id: string): StoredFit[] {
    return fitsOf(this.project, id)
  }

  /**
   * Applies a pure edit to the current project and records it for undo. An edit that throws changes
   * nothing and shows its message; returns whether the project changed.
   */
  edit(make: (project: Project) => EditResult): boolean {
    let result: EditResult
    try {
      result = make(this.#history.current)
    } catch (error) {
      this.error = errorMessage(error)
      return false
    }
    if (result.project === this.#history.current) return false
    this.#history.push(result.project, result.label)
    this.#sync()
    return true
  }

  undo(): void {
    if (this.#history.undo() !== null) this.#sync()
  }

  redo(): void {
    if (this.#history.redo() !== null) this.#sync()
  }

  /** Renames the project (the name shown in the top bar and proposed as the file name). */
  rename(name: string): void {
    const trimmed = name.trim()
    if (trimmed === '' || trimmed === this.project.name) return
    this.edit((p) => ({ project: { ...p, name: trimmed, modifiedAt: new Date().toISOString() }, label: renameLabel(trimmed) }))
  }

  /**
   * Opens the first project: the one the server was started with, else the most recent one, else the
   * example. An autosaved copy left by a crash is offered on top, to recover or discard.
   */
  async start(info: AppInfo | null): Promise<void> {
    this.starting = true
    const [recovery, recent] = await Promise.all([
      api.project.recovery().catch((error: unknown) => {
        this.error = `Could not look for unsaved changes: ${errorMessage(error)}`
        return null
      }),
      api.project.recent().catch(() => [] as RecentProject[])
    ])
    this.recovery = recovery
    const first = info?.startupProject ?? recent[0]?.path ?? null
    const startGeneration = this.#generation
    let opened = false
    if (first !== null) opened = await this.#openPath(first)
    // The user may have opened or created a project meanwhile; the example must not replace it.
    const userLoaded = this.#generation !== startGeneration + (first !== null ? 1 : 0)
    if (!opened && !userLoaded) await this.#load(() => api.project.example(), 'Loading the example…', 'Could not load the example project')
    this.starting = false
  }

  /** Replaces the project with the autosaved copy; it stays unsaved until saved. */
  async recover(): Promise<void> {
    const recovery = this.recovery
    if (!recovery || !(await this.#confirmDiscard())) return
    this.#generation++
    this.#replace(recovery.project, recovery.originalPath, true)
    this.#version = null
    this.recovery = null
  }

  async discardRecovery(): Promise<void> {
    this.recovery = null
    try {
      await api.project.discardRecovery()
    } catch (error) {
      this.error = errorMessage(error)
    }
    // Autosaves waited while the crash copy was on offer.
    if (this.dirty) this.#scheduleAutosave()
  }

  async newProject(): Promise<void> {
    if (!(await this.#confirmDiscard())) return
    await this.#load(() => api.project.new().then((project) => ({ path: null, project })), 'Creating…', 'Could not create a project')
  }

  async openExample(): Promise<void> {
    if (!(await this.#confirmDiscard())) return
    await this.#load(() => api.project.example(), 'Loading the example…', 'Could not load the example project')
  }

  /** Asks for a project file (native dialog, or the path prompt in browser mode) and opens it. */
  async open(): Promise<void> {
    if (!(await this.#confirmDiscard())) return
    const path = await this.#choosePath(
      () => api.dialog.openProject(),
      async () => ({
        title: 'Open project',
        label: 'Project file',
        confirmLabel: 'Open',
        placeholder: `/home/me/projects/scaling${PROJECT_EXTENSION}`,
        recent: await api.project.recent().catch(() => []),
        folder: this.#folder()
      })
    )
    if (path !== null) await this.#openPath(path)
  }

  /** Opens a recent project (or any path) directly. */
  async openRecent(path: string): Promise<void> {
    if (!(await this.#confirmDiscard())) return
    await this.#openPath(path)
  }

  /** Saves to the project's file; asks for one first when the project has none. */
  async save(): Promise<boolean> {
    if (this.path === null) return this.saveAs()
    return this.#saveTo(this.path)
  }

  async saveAs(): Promise<boolean> {
    const suggestedName = suggestedFileName(this.project.name)
    const path = await this.#choosePath(
      () => api.dialog.saveProject({ suggestedName }),
      async () => ({
        title: 'Save project as',
        label: 'Save to file',
        confirmLabel: 'Save',
        initial: this.path ?? suggestedName,
        folder: this.#folder(),
        complete: withProjectExtension
      })
    )
    if (path === null) return false
    const target = withProjectExtension(path) // a native dialog's too: project files always carry it
    // A native save dialog has asked about replacing a file; the in-app prompt has not.
    return this.#saveTo(target, isBrowserMode && target !== this.path ? false : undefined)
  }

  /** The folder of the project's file, which a relative path typed into the prompt is taken from. */
  #folder(): string | null {
    return this.path === null ? null : folderOf(this.path) || null
  }

  dismissError(): void {
    this.error = null
  }

  /**
   * overwrite: see ProjectSaveRequest (false for a Save as that must not silently replace a file). A project whose
   * name the user has not chosen takes the file's name (see nameAfterSave), in the file and, once written, on screen.
   */
  async #saveTo(path: string, overwrite?: boolean): Promise<boolean> {
    const current = this.#history.current
    const name = nameAfterSave(current.name, this.path, path)
    const project = name === null ? current : { ...current, name }
    const generation = this.#generation
    this.busy = 'Saving…'
    try {
      const saved = await this.#save(path, project, overwrite)
      if (saved === null) return false
      // Another project was opened while this one was being written: the file is this one's, not that one's.
      if (generation !== this.#generation) return true
      if (name !== null) {
        // Edits made while the file was written stay on top of the new name, and unsaved.
        // A name typed while the file was written is the user's choice: it stays.
        const now = this.#history.current
        if (now.name === current.name) this.#history.push(now === current ? project : { ...now, name }, renameLabel(name))
      }
      this.#version = saved.version
      this.#history.markSaved(project)
      this.#unsavedSinceLoad = false
      this.path = saved.path
      this.savedAt = saved.savedAt
      this.#sync()
      // A crash copy still on offer (the recovery banner) is not this project's autosave: keep it.
      if (this.recovery === null) await api.project.discardRecovery().catch(() => undefined)
      return true
    } catch (error) {
      this.error = `Could not save the project: ${errorMessage(error)}`
      return false
    } finally {
      this.busy = null
    }
  }

  /**
   * Saves; when the file exists (Save as) or changed on disk since it was opened (Save), asks before
   * replacing it. Null: the user declined.
   */
  async #save(path: string, project: Project, overwrite: boolean | undefined): Promise<SavedProject | null> {
    const expectedVersion = path === this.path && this.#version !== null ? this.#version : undefined
    try {
      return await api.project.save({ path, project, overwrite, expectedVersion })
    } catch (error) {
      const changed = hasCode(error, 'FileChanged')
      if (!changed && !hasCode(error, 'FileExists')) throw error
      const replace = await dialogsState.confirm({
        title: 'Replace the file?',
        message:
          changed
            ? `${path} changed on disk since it was opened (another window or program). Replacing it loses those changes.`
            : `${path} exists. Replacing it loses what it holds now.`,
        confirmLabel: 'Replace',
        danger: true
      })
      return replace ? api.project.save({ path, project, overwrite: true }) : null
    }
  }

  async #openPath(path: string): Promise<boolean> {
    return this.#load(() => api.project.open({ path }), 'Opening…', 'Could not open the project')
  }

  /** Loads a project from the services; on failure the current project stays exactly as it was. */
  async #load(
    read: () => Promise<{ path: string | null; project: Project; version?: string }>,
    busy: string,
    failure = 'Could not load the project'
  ): Promise<boolean> {
    const generation = ++this.#generation
    this.busy = busy
    try {
      const { path, project, version } = await read()
      if (generation !== this.#generation) return false
      this.#replace(project, path, false)
      this.#version = version ?? null
      return true
    } catch (error) {
      if (generation === this.#generation) this.error = `${failure}. ${errorMessage(error)}`
      return false
    } finally {
      if (generation === this.#generation) this.busy = null
    }
  }

  #replace(project: Project, path: string | null, unsaved: boolean): void {
    this.documentId++
    this.#history.reset(project)
    this.#unsavedSinceLoad = unsaved
    this.path = path
    this.savedAt = null
    this.autosavedAt = null
    clearTimeout(this.#autosaveTimer)
    this.#autosaveTimer = undefined
    this.#sync()
  }

  /** A native dialog in the desktop app; the in-app path prompt in browser mode (or where the dialog is refused). */
  async #choosePath(
    native: () => Promise<string | null>,
    prompt: () => Promise<Parameters<typeof dialogsState.askPath>[0]>
  ): Promise<string | null> {
    if (!isBrowserMode) {
      try {
        return await native()
      } catch (error) {
        if (!isNoNativeDialog(error)) {
          this.error = errorMessage(error)
          return null
        }
      }
    }
    return dialogsState.askPath(await prompt())
  }

  async #confirmDiscard(): Promise<boolean> {
    if (!this.dirty) return true
    const discard = await dialogsState.confirm({
      title: 'Discard unsaved changes?',
      message: `“${this.project.name}” has changes that are not saved. They will be lost.`,
      confirmLabel: 'Discard changes',
      danger: true
    })
    // Changes the user chose to drop must not come back as a crash-recovery offer.
    if (discard && this.recovery === null) {
      clearTimeout(this.#autosaveTimer)
      this.#autosaveTimer = undefined
      await api.project.discardRecovery().catch(() => undefined)
    }
    return discard
  }

  #sync(): void {
    const history = this.#history
    this.project = history.current
    this.canUndo = history.canUndo
    this.canRedo = history.canRedo
    this.undoLabel = history.undoLabel
    this.redoLabel = history.redoLabel
    this.dirty = history.dirty || this.#unsavedSinceLoad
    if (this.dirty) this.#scheduleAutosave()
  }

  /** At most one autosave every AUTOSAVE_MS: a crash loses at most that much work. */
  #scheduleAutosave(): void {
    if (this.#autosaveTimer !== undefined) return
    this.#autosaveTimer = setTimeout(() => {
      this.#autosaveTimer = undefined
      void this.#autosave()
    }, AUTOSAVE_MS)
  }

  async #autosave(): Promise<void> {
    // While a crash copy is on offer the one recovery file holds it; writing would destroy it.
    if (!this.dirty || this.recovery !== null) return
    try {
      const { savedAt } = await api.project.autosave({ originalPath: this.path, project: this.#history.current })
      this.autosavedAt = savedAt
    } catch (error) {
      this.error = `Autosave failed: ${errorMessage(error)}`
    }
  }
}

export const projectState = new ProjectState()
