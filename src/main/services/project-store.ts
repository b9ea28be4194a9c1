// Project files on disk: open, save (atomic), autosave for crash recovery, and the list of recent projects.
// Plain Node (no Electron): the shell, the browser-mode server and the command line share it.
import { createHash, randomBytes } from 'node:crypto'
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { hostname } from 'node:os'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { serializeProject, serializeProjectNested } from '../../shared/project/document'
import { PROJECT_FORMAT } from '../../shared/project/types'
import type { Project } from '../../shared/project/types'
import { FileChangedError, FileExistsError, parseProjectText, ProjectFileError, validateProject } from '../../shared/project/validate'
import { NotRegularFileError, readAtMost } from './bounded-read'

/** Larger files are refused before a byte is read: a project of 10,000 curves × 50 points is about 40 MB. */
export const MAX_PROJECT_BYTES = 512 * 1024 * 1024
export const RECOVERY_FILE = 'recovery.json'
export const RECENT_FILE = 'recent.json'
/** Saves go only to names ending so (any case); the dialogs propose `<name>.ssproj.json`. */
export const PROJECT_FILE_EXTENSION = '.json'
/** The recent list is a few paths; a larger file there is not one this store wrote. */
const MAX_RECENT_BYTES = 1024 * 1024

export interface RecentProject {
  path: string
  name: string
  openedAt: string
}

export interface Recovery {
  project: Project
  /** Where the project was last opened from or saved to; null for a project never saved. */
  originalPath: string | null
  savedAt: string
}

export interface ProjectStoreOptions {
  /** The app's own folder (recovery.json, recent.json); created when first written. */
  dataDir: string
  /** Length of the recent list (default 10). */
  maxRecent?: number
}

const formatBytes = (n: number): string =>
  n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code

/** Why a file operation failed, in words a user can act on. */
function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EDQUOT':
      return 'the disk quota is used up'
    case 'EROFS':
      return 'the disk is read-only'
    case 'EISDIR':
      return 'it is a folder'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

/** Identifies one version of a file: when it still matches, the file is what this store last read or wrote. */
const signature = (s: Stats): string => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Strict UTF-8 (a byte-order mark is dropped); null for bytes that are not UTF-8 text. */
function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** Makes the data a folder entry points to durable; not possible on every system (Windows), so failures are ignored. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort: the rename itself is already atomic.
  }
}

// Temp files name their writer (a tag of this machine's name, and the process id), so that a later start can tell
// the leftovers of a killed save from a save still being written, by this app or another copy of it.
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8)
const TEMP_NAME = /\.tmp-([0-9a-f]{8})-(\d{1,10})-[0-9a-f]{12}$/
/** Temp files of versions that named no writer; only their age tells they are stale. */
const UNNAMED_TEMP_NAME = /\.json\.tmp-[0-9a-f]{12}$/
/**
 * A temp file nobody has written to for a day has no writer left (a save takes seconds), whoever made it: another
 * machine sharing the folder, a writer whose process id was reused since, or a version that named no writer.
 */
export const STALE_TEMP_MS = 24 * 60 * 60 * 1000

const tempPath = (target: string): string => `${target}.tmp-${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}`

/** True when a process of that id runs on this machine (or may: one we may not signal still runs). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) === 'EPERM'
  }
}

/**
 * Removes the temp files that killed saves left in a folder: those whose writer ran on this machine and has
 * ended, and any not written to for STALE_TEMP_MS. A temp file that may still be written is kept. Returns the
 * names removed; never throws (a folder that cannot be listed is left as it is).
 */
export async function removeStaleTemps(folder: string, now = Date.now()): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const writer = TEMP_NAME.exec(name)
    if (writer === null && !UNNAMED_TEMP_NAME.test(name)) continue
    const path = join(folder, name)
    const info = await lstat(path).catch(() => null)
    if (!info?.isFile()) continue
    const ended = writer !== null && writer[1] === HOST_TAG && !isRunning(Number(writer[2]))
    if (!ended && now - info.mtimeMs < STALE_TEMP_MS) continue
    if (await rm(path).then(() => true, () => false)) removed.push(name)
  }
  return removed
}

/**
 * Writes `data` to `target` so that the target holds either its old content or all of the new one, never part:
 * write `<target>.tmp-<host>-<pid>-<random>` in the same folder, fsync it, rename it over the target, fsync the
 * folder. A kill leaves the temp file, which removeStaleTemps takes away at the next start.
 * Keeps the permission bits of a file it replaces. Throws ProjectFileError naming `fileName`.
 */
export async function writeAtomic(target: string, data: string | Uint8Array, fileName: string, mode?: number): Promise<void> {
  const temp = tempPath(target)
  let handle: FileHandle | undefined
  try {
    handle = await open(temp, 'wx')
    if (mode !== undefined) await handle.chmod(mode).catch(() => undefined)
    await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temp, target)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(temp, { force: true }).catch(() => undefined)
    // ENOENT: the folder is gone, or (rarely) another process on this folder took the temp file for a killed
    // save's (one whose writer shares this host name but not its process ids, e.g. inside a container).
    const folderExists = await stat(dirname(target)).then((info) => info.isDirectory(), () => false)
    const why =
      errorCode(error) !== 'ENOENT'
        ? describeFsError(error)
        : folderExists
          ? `its temporary file ${basename(temp)} was removed while it was written (by another program cleaning the folder?); save again`
          : `the folder ${dirname(target)} does not exist`
    const kept = mode === undefined ? 'nothing was written' : 'the file on disk is unchanged'
    throw new ProjectFileError(`not saved: ${why}; ${kept}`, fileName, 'write-failed')
  }
  await syncFolder(dirname(target))
}

export class ProjectStore {
  readonly #dataDir: string
  readonly #maxRecent: number
  /** Signature of each project file as this store last read or wrote it: such a file needs no check before a save. */
  readonly #known = new Map<string, string>()
  /** One chain of operations per file, so two saves of one file or two updates of recent.json never interleave. */
  readonly #chains = new Map<string, Promise<unknown>>()
  /** The folders whose stale temp files this store has removed (or is removing): each once per start. */
  readonly #swept = new Map<string, Promise<void>>()

  constructor(options: ProjectStoreOptions) {
    const { dataDir, maxRecent = 10 } = options
    if (!Number.isInteger(maxRecent) || maxRecent < 0) {
      throw new Error(`ProjectStore: maxRecent must be a whole number >= 0, got ${maxRecent}`)
    }
    this.#dataDir = resolve(dataDir)
    this.#maxRecent = maxRecent
    // Saves killed in an earlier run left their temp files here; the operations on this folder wait for this.
    void this.#sweep(this.#dataDir)
  }

  /**
   * Reads and validates a project file; adds it to the recent list. Throws ProjectFileError naming the file when
   * it is missing, a folder, unreadable, over MAX_PROJECT_BYTES (checked before reading), not UTF-8 JSON, damaged
   * JSON (with its line and column), not a project, made by a newer version, or has a bad field.
   */
  async open(path: string): Promise<{ path: string; project: Project; version: string }> {
    const full = resolve(path)
    const fileName = basename(full)
    const read = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        return await run()
      } catch (error) {
        if (errorCode(error) === 'ENOENT') throw new ProjectFileError(`file not found at ${full}`, fileName, 'missing')
        throw new ProjectFileError(`cannot be read: ${describeFsError(error)}`, fileName, 'unreadable')
      }
    }
    await this.#sweep(dirname(full))
    const info = await read(() => stat(full))
    if (info.isDirectory()) throw new ProjectFileError('is a folder, not a project file', fileName, 'unreadable')
    if (!info.isFile()) throw new ProjectFileError('is not a regular file', fileName, 'unreadable')
    if (info.size > MAX_PROJECT_BYTES) {
      const sizes = `${formatBytes(info.size)}, over the limit of ${formatBytes(MAX_PROJECT_BYTES)}`
      throw new ProjectFileError(`the file is ${sizes}: not a project this version can open`, fileName, 'too-large')
    }
    // The reported size is no bound (a file under /proc reports 0 and never ends): the read stops at the limit.
    const bytes = await read(() => readAtMost(full, MAX_PROJECT_BYTES))
    if (bytes === null) {
      const detail = `the file holds more than the limit of ${formatBytes(MAX_PROJECT_BYTES)}: not a project this version can open`
      throw new ProjectFileError(detail, fileName, 'too-large')
    }
    const text = decodeUtf8(bytes)
    if (text === null) {
      throw new ProjectFileError('not a Scaling Studio project (it is not UTF-8 text)', fileName, 'not-project')
    }
    const project = parseProjectFile(text, fileName)
    this.#known.set(await this.#realTarget(full), signature(info))
    await this.#addRecent(full, project.name)
    return { path: full, project, version: signature(info) }
  }

  /**
   * Saves atomically (see writeAtomic) after validating the project: a bad project never reaches the disk.
   * Refuses to replace a file that is not a project this version can read (damaged, newer, or another kind
   * of file) and leaves it untouched. Adds the file to the recent list.
   */
  save(
    path: string,
    project: Project,
    options: { overwrite?: boolean; expectedVersion?: string } = {}
  ): Promise<{ path: string; savedAt: string; version: string | null }> {
    const full = resolve(path)
    const fileName = basename(full)
    return this.#serial(full, async () => {
      checkProjectExtension(fileName, fileName)
      // The checked project is the one written: fields the format does not define are left out.
      let checked: Project
      try {
        checked = validateProject(project, fileName)
      } catch (error) {
        if (error instanceof ProjectFileError) throw new ProjectFileError(`not saved: ${error.detail}`, fileName, 'invalid')
        throw error
      }
      await this.#sweep(dirname(full))
      const target = await this.#realTarget(full)
      // A link is followed: what it points to must be a project file name too.
      checkProjectExtension(basename(target), fileName)
      const mode = await this.#checkReplaceable(target, fileName, options)
      await writeAtomic(target, serializeProject(checked), fileName, mode)
      const savedAt = new Date().toISOString()
      const written = await stat(target).catch(() => null)
      if (written) this.#known.set(target, signature(written))
      await this.#addRecent(full, project.name)
      return { path: full, savedAt, version: written ? signature(written) : null }
    })
  }

  /** Writes the project to `<dataDir>/recovery.json` (atomically), with where it came from and when. */
  autosave(project: Project, originalPath: string | null): Promise<{ savedAt: string }> {
    return this.#serial(RECOVERY_FILE, async () => {
      let checked: Project
      try {
        checked = validateProject(project, RECOVERY_FILE)
      } catch (error) {
        if (error instanceof ProjectFileError) {
          throw new ProjectFileError(`not autosaved: ${error.detail}`, RECOVERY_FILE, 'invalid')
        }
        throw error
      }
      const savedAt = new Date().toISOString()
      const from = originalPath === null ? null : resolve(originalPath)
      const text =
        `{\n  "originalPath": ${JSON.stringify(from)},\n  "savedAt": ${JSON.stringify(savedAt)},\n` +
        `  "project": ${serializeProjectNested(checked, '  ')}\n}\n`
      await this.#ensureDataDir(RECOVERY_FILE)
      await this.#sweep(this.#dataDir)
      await writeAtomic(join(this.#dataDir, RECOVERY_FILE), text, RECOVERY_FILE)
      return { savedAt }
    })
  }

  /**
   * The autosaved project, or null when there is none. A recovery file that cannot be used (damaged, or not
   * valid for this version) is kept as `recovery-damaged-<time>.json` and null is returned.
   */
  recovery(): Promise<Recovery | null> {
    return this.#serial(RECOVERY_FILE, async () => {
      await this.#sweep(this.#dataDir)
      const file = join(this.#dataDir, RECOVERY_FILE)
      let bytes: Uint8Array | null
      try {
        bytes = await readAtMost(file, MAX_PROJECT_BYTES)
      } catch {
        return null
      }
      const found = bytes === null ? null : readRecovery(bytes)
      if (found) return found
      const time = new Date().toISOString().replace(/[:.]/g, '-')
      await rename(file, join(this.#dataDir, `recovery-damaged-${time}.json`)).catch(() => undefined)
      return null
    })
  }

  /** Deletes the recovery file (after the user saved, or chose not to recover). */
  discardRecovery(): Promise<void> {
    return this.#serial(RECOVERY_FILE, () => rm(join(this.#dataDir, RECOVERY_FILE), { force: true }))
  }

  /** Recently opened or saved projects, most recent first. A damaged recent.json reads as an empty list. */
  recent(): Promise<RecentProject[]> {
    return this.#serial(RECENT_FILE, () => this.#readRecent())
  }

  /** Takes a file off the recent list (for instance when it no longer opens). */
  removeRecent(path: string): Promise<void> {
    const full = resolve(path)
    return this.#serial(RECENT_FILE, async () => {
      const list = await this.#readRecent()
      const kept = list.filter((r) => r.path !== full)
      if (kept.length !== list.length) await this.#writeRecent(kept)
    })
  }

  async #readRecent(): Promise<RecentProject[]> {
    let value: unknown
    try {
      const bytes = await readAtMost(join(this.#dataDir, RECENT_FILE), MAX_RECENT_BYTES)
      value = bytes === null ? null : JSON.parse(decodeUtf8(bytes) ?? '')
    } catch {
      return []
    }
    if (!Array.isArray(value)) return []
    const good = value.filter(
      (r): r is RecentProject =>
        isRecord(r) && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string'
    )
    const seen = new Set<string>()
    return good.filter((r) => !seen.has(r.path) && seen.add(r.path)).slice(0, this.#maxRecent)
  }

  async #writeRecent(list: RecentProject[]): Promise<void> {
    await this.#ensureDataDir(RECENT_FILE)
    await writeAtomic(join(this.#dataDir, RECENT_FILE), `${JSON.stringify(list, null, 2)}\n`, RECENT_FILE)
  }

  /** Puts a file first on the recent list. Never fails the open or save it follows: the list is a convenience. */
  #addRecent(path: string, name: string): Promise<void> {
    return this.#serial(RECENT_FILE, async () => {
      const list = (await this.#readRecent()).filter((r) => r.path !== path)
      list.unshift({ path, name, openedAt: new Date().toISOString() })
      await this.#writeRecent(list.slice(0, this.#maxRecent))
    }).catch(() => undefined)
  }

  async #ensureDataDir(fileName: string): Promise<void> {
    try {
      await mkdir(this.#dataDir, { recursive: true })
    } catch (error) {
      const why = `cannot create the folder ${this.#dataDir}: ${describeFsError(error)}`
      throw new ProjectFileError(why, fileName, 'write-failed')
    }
  }

  /** The file a path stands for: a symbolic link is followed, so saving replaces the file and keeps the link. */
  async #realTarget(full: string): Promise<string> {
    return realpath(full).catch(() => full)
  }

  /**
   * Checks that the file a save would replace, if any, is a project this version can read. Returns its
   * permission bits to keep, or undefined when there is no file yet.
   */
  /**
   * overwrite false: refuse any existing file; true: the user agreed to replace it; absent: replace it
   * unless it changed since expectedVersion (the version the caller opened or last saved).
   */
  async #checkReplaceable(
    target: string,
    fileName: string,
    { overwrite, expectedVersion }: { overwrite?: boolean; expectedVersion?: string }
  ): Promise<number | undefined> {
    let info: Stats
    try {
      info = await stat(target)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined
      const why = `not saved: the file cannot be checked: ${describeFsError(error)}`
      throw new ProjectFileError(why, fileName, 'write-failed')
    }
    if (overwrite === false) throw new FileExistsError(fileName)
    if (overwrite === undefined && expectedVersion !== undefined && signature(info) !== expectedVersion) {
      throw new FileChangedError(fileName)
    }
    const refuse = (why: string): never => {
      const detail = `not overwritten: ${why}. Save under another name; the file on disk is unchanged.`
      throw new ProjectFileError(detail, fileName, 'refused')
    }
    if (info.isDirectory()) refuse('it is a folder')
    if (!info.isFile()) refuse('it is not a regular file')
    const mode = info.mode & 0o7777
    if (this.#known.get(target) === signature(info)) return mode
    if (info.size > MAX_PROJECT_BYTES) {
      refuse(`it is not a Scaling Studio project this version can read (${formatBytes(info.size)})`)
    }
    let text: string | null
    try {
      const bytes = await readAtMost(target, MAX_PROJECT_BYTES)
      if (bytes === null) return refuse(`it holds more than the limit of ${formatBytes(MAX_PROJECT_BYTES)}`)
      text = decodeUtf8(bytes)
    } catch (error) {
      if (error instanceof NotRegularFileError) return refuse('it is not a regular file')
      return refuse(`the file there cannot be read (${describeFsError(error)})`)
    }
    if (text === null) refuse('it is not a Scaling Studio project (not UTF-8 text)')
    try {
      parseProjectText(text as string, fileName)
    } catch (error) {
      if (!(error instanceof ProjectFileError)) throw error
      if (error.problem === 'newer') {
        refuse(`it was ${error.detail.split('. ')[0]}, and saving over it would lose what that version added`)
      }
      if (error.problem === 'not-project') refuse('it is not a Scaling Studio project')
      refuse(`it is not a Scaling Studio project this version can read (${error.detail})`)
    }
    return mode
  }

  /** Removes a folder's stale temp files once per store; a failure is ignored (they are only clutter). */
  #sweep(folder: string): Promise<void> {
    let done = this.#swept.get(folder)
    if (done === undefined) {
      done = removeStaleTemps(folder).then(() => undefined)
      this.#swept.set(folder, done)
    }
    return done
  }

  #serial<T>(key: string, run: () => Promise<T>): Promise<T> {
    const before = this.#chains.get(key) ?? Promise.resolve()
    const result = before.then(run)
    const tail = result.catch(() => undefined)
    this.#chains.set(key, tail)
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key)
    })
    return result
  }
}

/** Refuses to save under a name without the project extension, so a save never writes over another kind of file. */
function checkProjectExtension(name: string, fileName: string): void {
  if (extname(name).toLowerCase() === PROJECT_FILE_EXTENSION) return
  const suggested = `${name.slice(0, name.length - extname(name).length) || 'project'}.ssproj.json`
  const detail = `not saved: a project file's name must end in ${PROJECT_FILE_EXTENSION} (${suggested}, for instance); nothing was written`
  throw new ProjectFileError(detail, fileName, 'refused')
}

/**
 * Parses a project file. Of a file that is not a project (any file a path can name), the error says what it is
 * not and quotes none of its content; a damaged or invalid project is described as parseProjectText does.
 */
function parseProjectFile(text: string, fileName: string): Project {
  try {
    return parseProjectText(text, fileName)
  } catch (error) {
    if (!(error instanceof ProjectFileError) || error.problem !== 'not-project') throw error
    const start = text.replace(/^\uFEFF/, '').trimStart()
    const what =
      start === '' ? 'the file is empty' : start.startsWith('{') ? `it has no "format": "${PROJECT_FORMAT}"` : 'it is not a JSON object'
    throw new ProjectFileError(`not a Scaling Studio project (${what})`, fileName, 'not-project')
  }
}

/** The recovery wrapper `{ originalPath, savedAt, project }` if it is whole and valid, else null. */
function readRecovery(bytes: Uint8Array): Recovery | null {
  const text = decodeUtf8(bytes)
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    if (!isRecord(value)) return null
    const { originalPath, savedAt } = value
    if (originalPath !== null && typeof originalPath !== 'string') return null
    if (typeof savedAt !== 'string' || !Number.isFinite(Date.parse(savedAt))) return null
    return { project: validateProject(value.project, RECOVERY_FILE), originalPath, savedAt }
  } catch {
    return null
  }
}
