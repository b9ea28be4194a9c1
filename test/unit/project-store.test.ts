import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises'
import * as fsPromises from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { NotRegularFileError, readAtMost } from '../../src/main/services/bounded-read'
import { MAX_PROJECT_BYTES, ProjectStore } from '../../src/main/services/project-store'
import { serializeProject } from '../../src/shared/project/document'
import type { Project } from '../../src/shared/project/types'
import { FileChangedError, FileExistsError, ProjectFileError } from '../../src/shared/project/validate'
import { withDeepField } from '../fixtures/deep-json'
import { sampleProject } from '../fixtures/project/sample'

// Spies around the calls a test makes fail (a full disk, a failed rename, a permission error) or counts.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return { ...real, open: vi.fn(real.open), readFile: vi.fn(real.readFile), rename: vi.fn(real.rename) }
})

let root = ''
let dir = ''
let n = 0

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'project-store-test-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})
beforeEach(async () => {
  dir = join(root, `t${n++}`)
  await mkdir(dir)
  vi.mocked(fsPromises.readFile).mockClear()
})
afterEach(() => {
  vi.mocked(fsPromises.open).mockReset()
  vi.mocked(fsPromises.rename).mockReset()
})

const store = (maxRecent?: number): ProjectStore => new ProjectStore({ dataDir: join(dir, 'data'), maxRecent })

/** Awaits a promise that must reject with a ProjectFileError, and returns it. */
async function fileError(promise: Promise<unknown>): Promise<ProjectFileError> {
  const error = await promise.then(
    () => new Error('expected a ProjectFileError'),
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ProjectFileError)
  return error as ProjectFileError
}

const errnoError = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${message}`), { code })

/** Makes the next open() return a handle whose writeFile writes part of the text and then fails: a full disk. */
async function failNextWrite(): Promise<void> {
  const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')
  vi.mocked(fsPromises.open).mockImplementationOnce(async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args)
    const failing = {
      writeFile: async (data: string) => {
        await handle.writeFile(data.slice(0, 100))
        throw errnoError('ENOSPC', 'no space left on device, write')
      }
    }
    return new Proxy(handle, {
      get: (target, key) => {
        if (key === 'writeFile') return failing.writeFile
        const value = Reflect.get(target, key, target) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      }
    }) as FileHandle
  })
}

const leftovers = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.includes('.tmp-'))

describe('save and open', () => {
  test('a saved project opens deep-equal, from the text serializeProject writes', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    const project = sampleProject()
    const saved = await s.save(path, project)
    expect(saved.path).toBe(path)
    expect(Number.isFinite(Date.parse(saved.savedAt))).toBe(true)
    expect(await readFile(path, 'utf8')).toBe(serializeProject(project))
    const opened = await store().open(path)
    expect(opened).toEqual({ path, project, version: expect.any(String) })
    expect(await leftovers()).toEqual([])
  })

  test('saving over its own project file replaces it', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    await s.save(path, sampleProject())
    const renamed = { ...sampleProject(), name: 'Renamed' }
    await s.save(path, renamed)
    expect((await store().open(path)).project.name).toBe('Renamed')
  })

  test('save as without overwrite refuses an existing file (FileExists) and leaves it as it was', async () => {
    const s = store()
    const path = join(dir, 'taken.json')
    await s.save(path, sampleProject())
    const before = await readFile(path, 'utf8')
    const attempt = s.save(path, { ...sampleProject(), name: 'Other' }, { overwrite: false })
    await expect(attempt).rejects.toThrow(FileExistsError)
    await expect(attempt).rejects.toThrow('taken.json: a file of that name exists; replace it?')
    expect(await readFile(path, 'utf8')).toBe(before)
    await s.save(join(dir, 'fresh.json'), sampleProject(), { overwrite: false })
    expect((await store().open(join(dir, 'fresh.json'))).project.name).toBe(sampleProject().name)
  })

  test('a save that expects the version it opened refuses a file changed on disk since (FileChanged), unless told to overwrite', async () => {
    const s = store()
    const path = join(dir, 'shared.json')
    await s.save(path, sampleProject())
    const opened = await s.open(path)
    // Another window or program writes the file meanwhile.
    await writeFile(path, serializeProject({ ...sampleProject(), name: 'Changed elsewhere' }))
    const attempt = s.save(path, opened.project, { expectedVersion: opened.version })
    await expect(attempt).rejects.toThrow(FileChangedError)
    await expect(attempt).rejects.toThrow('shared.json: the file changed on disk since it was opened; replace it with this version?')
    expect((await store().open(path)).project.name).toBe('Changed elsewhere')
    const forced = await s.save(path, opened.project, { overwrite: true })
    expect((await store().open(path)).project.name).toBe(opened.project.name)
    // The version a save returns is the one the next save expects.
    await expect(s.save(path, opened.project, { expectedVersion: forced.version ?? '' })).resolves.toMatchObject({ path })
  })

  test('a file this store last wrote is not read again before the next save', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    await s.save(path, sampleProject())
    vi.mocked(fsPromises.readFile).mockClear()
    await s.save(path, sampleProject())
    const reads = vi.mocked(fsPromises.readFile).mock.calls.filter(([file]) => file === path)
    expect(reads).toEqual([])
  })

  test('a project file written by another program is checked and then replaced', async () => {
    const path = join(dir, 'study.json')
    await writeFile(path, JSON.stringify(sampleProject()))
    await store().save(path, { ...sampleProject(), name: 'New' })
    expect((await store().open(path)).project.name).toBe('New')
  })

  test('an invalid project is refused before anything is written', async () => {
    const path = join(dir, 'bad.json')
    const bad = sampleProject()
    bad.curves[0].points[0].y = -1
    const error = await fileError(store().save(path, bad))
    expect(error.message).toBe('bad.json: not saved: curves[0].points[0].y must be a positive finite number, got -1')
    expect(error.problem).toBe('invalid')
    await expect(stat(path)).rejects.toThrow()
  })

  test('saving keeps the permission bits of the file it replaces and a symbolic link to it', async () => {
    const s = store()
    const real = join(dir, 'real.json')
    const link = join(dir, 'link.json')
    await s.save(real, sampleProject())
    await chmod(real, 0o600)
    await symlink(real, link)
    await s.save(link, { ...sampleProject(), name: 'Through the link' })
    expect((await stat(real)).mode & 0o777).toBe(0o600)
    expect((await store().open(real)).project.name).toBe('Through the link')
    expect((await fsPromises.lstat(link)).isSymbolicLink()).toBe(true)
  })
})

describe('atomic save', () => {
  test('a write that fails half-way (disk full) leaves the old file intact and no temporary file', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    await s.save(path, sampleProject())
    const before = await readFile(path, 'utf8')
    await failNextWrite()
    const error = await fileError(s.save(path, { ...sampleProject(), name: 'Never written' }))
    expect(error.message).toBe('study.json: not saved: the disk is full; the file on disk is unchanged')
    expect(error.problem).toBe('write-failed')
    expect(await readFile(path, 'utf8')).toBe(before)
    expect(await leftovers()).toEqual([])
  })

  test('a failed rename leaves the old file intact and no temporary file', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    await s.save(path, sampleProject())
    const before = await readFile(path, 'utf8')
    vi.mocked(fsPromises.rename).mockRejectedValueOnce(errnoError('EACCES', 'permission denied, rename'))
    const error = await fileError(s.save(path, { ...sampleProject(), name: 'Never written' }))
    expect(error.message).toBe('study.json: not saved: permission denied; the file on disk is unchanged')
    expect(await readFile(path, 'utf8')).toBe(before)
    expect(await leftovers()).toEqual([])
  })

  test('saving into a folder that does not exist says so', async () => {
    const error = await fileError(store().save(join(dir, 'no', 'such', 'x.json'), sampleProject()))
    expect(error.message).toBe(`x.json: not saved: the folder ${join(dir, 'no', 'such')} does not exist; nothing was written`)
  })
})

describe('save refuses to replace what it cannot read', () => {
  const cases: Array<[string, string, string]> = [
    ['damaged JSON', '{"format": "scaling-studio-project", "version": 1, ', 'it is not a Scaling Studio project this version can read (damaged JSON: the text ends early'],
    [
      'a project of a newer version',
      JSON.stringify({ ...sampleProject(), version: 3 }),
      'it was made by a newer Scaling Studio (file format version 3; this version reads up to 2), and saving over it would lose what that version added'
    ],
    ['some other file', 'curve,x,y\na,1,2\n', 'it is not a Scaling Studio project. Save'],
    ['an empty file', '', 'it is not a Scaling Studio project. Save'],
    ['another JSON document', '{"name": "package"}', 'it is not a Scaling Studio project. Save'],
    [
      'a project with a bad field',
      JSON.stringify({ ...sampleProject(), curves: 3 }),
      'it is not a Scaling Studio project this version can read (curves must be an array of curves, got 3)'
    ]
  ]
  test.each(cases)('%s is left untouched', async (_title, content, reason) => {
    const path = join(dir, 'target.json')
    await writeFile(path, content)
    const error = await fileError(store().save(path, sampleProject()))
    expect(error.message).toContain(`target.json: not overwritten: ${reason}`)
    expect(error.message).toContain('Save under another name; the file on disk is unchanged.')
    expect(error.problem).toBe('refused')
    expect(await readFile(path, 'utf8')).toBe(content)
    expect(await leftovers()).toEqual([])
  })

  test('a folder is left untouched', async () => {
    await mkdir(join(dir, 'folder.json'))
    const error = await fileError(store().save(join(dir, 'folder.json'), sampleProject()))
    expect(error.message).toBe('folder.json: not overwritten: it is a folder. Save under another name; the file on disk is unchanged.')
  })
})

describe('open errors name the file', () => {
  async function openError(name: string, content?: string): Promise<ProjectFileError> {
    const path = join(dir, name)
    if (content !== undefined) await writeFile(path, content)
    const error = await fileError(store().open(path))
    expect(error.fileName).toBe(name)
    expect(error.message.startsWith(`${name}: `)).toBe(true)
    return error
  }

  test('a missing file, with its full path', async () => {
    const error = await openError('gone.json')
    expect(error.message).toBe(`gone.json: file not found at ${join(dir, 'gone.json')}`)
    expect(error.problem).toBe('missing')
  })

  test('a folder', async () => {
    await mkdir(join(dir, 'folder.json'))
    expect((await openError('folder.json')).message).toBe('folder.json: is a folder, not a project file')
  })

  test('an unreadable file', async () => {
    vi.mocked(fsPromises.open).mockRejectedValueOnce(errnoError('EACCES', 'permission denied, open'))
    const error = await openError('locked.json', serializeProject(sampleProject()))
    expect(error.message).toBe('locked.json: cannot be read: permission denied')
    expect(error.problem).toBe('unreadable')
  })

  test('a file over 512 MB is refused before a byte is read', async () => {
    const path = join(dir, 'huge.json')
    await writeFile(path, '')
    await truncate(path, MAX_PROJECT_BYTES + 1)
    const error = await openError('huge.json')
    expect(error.message).toBe('huge.json: the file is 512.0 MB, over the limit of 512.0 MB: not a project this version can open')
    expect(error.problem).toBe('too-large')
    expect(vi.mocked(fsPromises.readFile)).not.toHaveBeenCalledWith(path)
  })

  test.runIf(existsSync('/proc/self/pagemap'))('a file that reports 0 bytes and never ends is not read past the limit', async () => {
    // /proc/self/pagemap reports a size of 0 but reads on for gigabytes; the read stops at 512 MB + 1 MiB.
    const error = await fileError(store().open('/proc/self/pagemap'))
    expect(error.message).toBe('pagemap: the file holds more than the limit of 512.0 MB: not a project this version can open')
    expect(error.problem).toBe('too-large')
  }, 120_000)

  test('damaged JSON, with line and column', async () => {
    const text = '{\n  "format": "scaling-studio-project",\n  "version": 1,,\n}'
    const error = await openError('cut.json', text)
    const at = text.indexOf(',,') + 2
    expect(error.message).toBe(
      `cut.json: damaged JSON at line 3, column 16 (character ${at} of ${text.length}): expected a double-quoted property name, found ","`
    )
    expect(error.problem).toBe('damaged')
  })

  test('not UTF-8 text', async () => {
    const path = join(dir, 'image.png')
    await writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]))
    const error = await fileError(store().open(path))
    expect(error.message).toBe('image.png: not a Scaling Studio project (it is not UTF-8 text)')
  })

  test('not a project', async () => {
    const error = await openError('package.json', '{"name": "x", "version": "1.0.0"}')
    expect(error.message).toBe('package.json: not a Scaling Studio project (it has no "format": "scaling-studio-project")')
    expect(error.problem).toBe('not-project')
  })

  // Any path can be given over the API: what a file holds must not come back in the message.
  test.each([
    ['passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n', 'it is not a JSON object'],
    ['id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n', 'it is not a JSON object'],
    ['secrets.json', '{"format": "root:x:0:0:root", "token": "s3cr3t"}', 'it has no "format": "scaling-studio-project"'],
    ['list.json', '["root:x:0:0:root"]', 'it is not a JSON object'],
    ['blank.json', '  \n', 'the file is empty']
  ])('a file that is not a project (%s) is named with the problem, and none of its content is quoted', async (name, content, what) => {
    const error = await openError(name, content)
    expect(error.message).toBe(`${name}: not a Scaling Studio project (${what})`)
    expect(error.problem).toBe('not-project')
    for (const part of ['root', 'BEGIN', 'b3Bl', 's3cr3t']) expect(error.message).not.toContain(part)
  })

  test.runIf(process.platform !== 'win32')('a FIFO is refused without waiting for a writer', async () => {
    const path = join(dir, 'pipe.json')
    execFileSync('mkfifo', [path])
    expect((await openError('pipe.json')).message).toBe('pipe.json: is not a regular file')
  })

  test('a newer version', async () => {
    const error = await openError('future.json', JSON.stringify({ format: 'scaling-studio-project', version: 3 }))
    expect(error.message).toBe(
      'future.json: made by a newer Scaling Studio (file format version 3; this version reads up to 2). Update Scaling Studio to open it; the file was not changed.'
    )
  })

  test('an invalid field', async () => {
    const bad = JSON.parse(serializeProject(sampleProject()))
    bad.fits.c1[0].form = 'M9'
    const error = await openError('bad.json', JSON.stringify(bad))
    expect(error.message).toBe('bad.json: fits["c1"][0].form must be one of BNSL, M1, M2, M3, M4, got "M9"')
  })
})

describe('unknown fields and deep nesting', () => {
  test('a file with a field nested 5,000 deep opens without it, and saves without it', async () => {
    const path = join(dir, 'deep.json')
    const project = { ...sampleProject(), curves: sampleProject().curves.map((c, i) => (i === 1 ? { ...c, extra: '__DEEP__' } : c)) }
    await writeFile(path, withDeepField(project))
    const s = store()
    const opened = await s.open(path)
    expect(opened.project).toEqual(sampleProject())
    // What the browser server does with it: JSON.stringify overflowed the stack on the deep field.
    expect(() => JSON.stringify(opened.project)).not.toThrow()
    await s.save(path, opened.project, { expectedVersion: opened.version })
    expect(await readFile(path, 'utf8')).toBe(serializeProject(sampleProject()))
  })

  test('fields the format does not define are dropped on open, and a save writes without them', async () => {
    const path = join(dir, 'extra.json')
    const text = JSON.parse(serializeProject(sampleProject()))
    text.addedLater = { by: 'a newer version' }
    text.curves[0].colour = 'red'
    text.curves[0].points[0].note = 'first'
    text.settings.gpu = true
    await writeFile(path, JSON.stringify(text))
    const s = store()
    const opened = await s.open(path)
    expect(opened.project).toEqual(sampleProject())
    expect(opened.project).not.toHaveProperty('addedLater')
    expect(opened.project.curves[0]).not.toHaveProperty('colour')
    await s.save(path, opened.project, { expectedVersion: opened.version })
    expect(await readFile(path, 'utf8')).toBe(serializeProject(sampleProject()))
  })

  test('a project payload with unknown fields is saved and autosaved without them', async () => {
    const path = join(dir, 'payload.json')
    const project = { ...sampleProject(), settings: { ...sampleProject().settings, extra: { a: [1, 2] } }, extra: 1 } as Project
    await store().save(path, project)
    expect(await readFile(path, 'utf8')).toBe(serializeProject(sampleProject()))
    await store().autosave(project, null)
    expect(await readFile(join(dir, 'data', 'recovery.json'), 'utf8')).not.toContain('extra')
  })
})

describe('bounded reads', () => {
  test.runIf(process.platform !== 'win32')('readAtMost refuses a FIFO (a path swapped after a check) without blocking', async () => {
    const path = join(dir, 'pipe')
    execFileSync('mkfifo', [path])
    await expect(readAtMost(path, 1024)).rejects.toBeInstanceOf(NotRegularFileError)
  })

  test('readAtMost reads a file whole, and gives null for one over the budget', async () => {
    const path = join(dir, 'five')
    await writeFile(path, '12345')
    expect(Buffer.from((await readAtMost(path, 5)) ?? []).toString()).toBe('12345')
    expect(await readAtMost(path, 4)).toBeNull()
  })

  test('the check before replacing a file reads it with the byte budget, not whole', async () => {
    const path = join(dir, 'theirs.json')
    await writeFile(path, serializeProject(sampleProject()))
    await store().save(path, { ...sampleProject(), name: 'Mine' })
    expect(vi.mocked(fsPromises.readFile)).not.toHaveBeenCalled()
    expect((await store().open(path)).project.name).toBe('Mine')
  })
})

describe('projects are written only under the project extension', () => {
  test.each(['notes.txt', '.bashrc', 'study', 'study.json.bak'])('a save to %s is refused and nothing is written', async (name) => {
    const path = join(dir, name)
    const error = await fileError(store().save(path, sampleProject()))
    expect(error.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}: not saved: a project file's name must end in \\.json \\(.+\\.ssproj\\.json, for instance\\); nothing was written$`))
    expect(error.problem).toBe('refused')
    await expect(stat(path)).rejects.toThrow()
  })

  test('an existing file of another kind is left as it was', async () => {
    const path = join(dir, 'notes.txt')
    await writeFile(path, 'my notes')
    await fileError(store().save(path, sampleProject()))
    expect(await readFile(path, 'utf8')).toBe('my notes')
  })

  test('a link named .json that leads to a file of another kind is refused', async () => {
    const target = join(dir, 'profile.sh')
    await writeFile(target, 'export A=1\n')
    await symlink(target, join(dir, 'link.json'))
    const error = await fileError(store().save(join(dir, 'link.json'), sampleProject()))
    expect(error.message).toMatch(/^link\.json: not saved: a project file's name must end in \.json/)
    expect(await readFile(target, 'utf8')).toBe('export A=1\n')
  })

  test('the extension is matched in any case', async () => {
    const path = join(dir, 'STUDY.JSON')
    await store().save(path, sampleProject())
    expect((await store().open(path)).project).toEqual(sampleProject())
  })
})

describe('temporary files of killed saves', () => {
  const hostTag = createHash('sha256').update(hostname()).digest('hex').slice(0, 8)
  /** The id of a process that has ended. */
  const endedPid = (): number => spawnSync(process.execPath, ['-e', '']).pid as number
  const daysAgo = (days: number): Date => new Date(Date.now() - days * 24 * 3600 * 1000)

  test('are removed at the next start: the data folder when the store is made, a project folder when it is opened', async () => {
    const data = join(dir, 'data')
    await mkdir(data)
    const study = join(dir, 'study.json')
    await writeFile(study, serializeProject(sampleProject()))
    const dead = endedPid()
    const stale = [
      join(data, `recovery.json.tmp-${hostTag}-${dead}-0123456789ab`),
      join(data, `recent.json.tmp-${hostTag}-${dead}-0123456789ac`),
      join(dir, `study.json.tmp-${hostTag}-${dead}-0123456789ad`),
      // Another machine's, or one of a version that named no writer: by their age.
      join(dir, `other.json.tmp-0000abcd-${process.pid}-0123456789ae`),
      join(dir, 'study.json.tmp-0123456789af')
    ]
    const kept = [
      // A writer that still runs (this process), another machine's recent one, one named without a writer but
      // recent, and files that only look alike.
      join(dir, `study.json.tmp-${hostTag}-${process.pid}-0123456789b0`),
      join(dir, `study.json.tmp-0000abcd-${dead}-0123456789b1`),
      join(dir, 'study.json.tmp-0123456789b2'),
      join(dir, 'notes.tmp-0123'),
      join(dir, `study.txt.tmp-${hostTag}-x-0123456789b3`)
    ]
    for (const file of [...stale, ...kept]) await writeFile(file, '{"half": ')
    for (const file of stale.slice(3)) await fsPromises.utimes(file, daysAgo(2), daysAgo(2))
    const s = store()
    await s.recovery()
    await s.open(study)
    for (const file of stale) expect(existsSync(file), file).toBe(false)
    for (const file of kept) expect(existsSync(file), file).toBe(true)
  })

  test('a save names its temporary file after its writer, so that a start while it writes keeps it', async () => {
    const s = store()
    const path = join(dir, 'study.json')
    let seen: string[] = []
    vi.mocked(fsPromises.rename).mockImplementationOnce(async (from, to) => {
      seen = await leftovers()
      // Another start of the app, while this save is half-way.
      await store().open(join(dir, 'missing.json')).catch(() => undefined)
      expect(await leftovers()).toEqual(seen)
      const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')
      return real.rename(from, to)
    })
    await s.save(path, sampleProject())
    expect(seen).toEqual([expect.stringMatching(new RegExp(`^study\\.json\\.tmp-${hostTag}-${process.pid}-[0-9a-f]{12}$`))])
    expect(await leftovers()).toEqual([])
  })
})

describe('autosave and recovery', () => {
  test('autosave then recovery gives back the project, its original path and the time', async () => {
    const s = store()
    const project = sampleProject()
    const { savedAt } = await s.autosave(project, join(dir, 'study.json'))
    const wrapper = JSON.parse(await readFile(join(dir, 'data', 'recovery.json'), 'utf8'))
    expect(Object.keys(wrapper)).toEqual(['originalPath', 'savedAt', 'project'])
    expect(await s.recovery()).toEqual({ project, originalPath: join(dir, 'study.json'), savedAt })
  })

  test('a project never saved is recovered with a null original path', async () => {
    const s = store()
    await s.autosave(sampleProject(), null)
    expect((await s.recovery())?.originalPath).toBeNull()
  })

  test('no recovery file means null', async () => {
    expect(await store().recovery()).toBeNull()
  })

  test('a damaged recovery file gives null and is kept as recovery-damaged-<time>.json', async () => {
    await mkdir(join(dir, 'data'))
    await writeFile(join(dir, 'data', 'recovery.json'), '{"originalPath": null, "savedAt": "2025-01-01T00:00:00Z", "project": {')
    expect(await store().recovery()).toBeNull()
    const files = await readdir(join(dir, 'data'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^recovery-damaged-\d{4}-\d{2}-\d{2}T[\d-]+Z\.json$/)
  })

  test('a recovery file holding an invalid project is treated as damaged', async () => {
    const s = store()
    await s.autosave(sampleProject(), null)
    const file = join(dir, 'data', 'recovery.json')
    await writeFile(file, (await readFile(file, 'utf8')).replace('"y": 1,', '"y": 0,'))
    expect(await s.recovery()).toBeNull()
    expect((await readdir(join(dir, 'data'))).some((f) => f.startsWith('recovery-damaged-'))).toBe(true)
  })

  test('discardRecovery deletes it, and is harmless when there is none', async () => {
    const s = store()
    await s.autosave(sampleProject(), null)
    await s.discardRecovery()
    expect(await s.recovery()).toBeNull()
    await expect(s.discardRecovery()).resolves.toBeUndefined()
  })

  test('an invalid project is not autosaved', async () => {
    const bad = { ...sampleProject(), settings: { ...sampleProject().settings, crop: 'x' } } as unknown as Project
    const error = await fileError(store().autosave(bad, null))
    expect(error.message).toBe('recovery.json: not autosaved: settings.crop must be "auto" or "none", got "x"')
  })
})

describe('recent projects', () => {
  async function saveAs(s: ProjectStore, name: string): Promise<string> {
    const path = join(dir, `${name}.json`)
    await s.save(path, { ...sampleProject(), name })
    return path
  }

  test('most recent first, each path once, with the project name', async () => {
    const s = store()
    const a = await saveAs(s, 'a')
    const b = await saveAs(s, 'b')
    await s.open(a)
    const recent = await s.recent()
    expect(recent.map((r) => [r.path, r.name])).toEqual([
      [a, 'a'],
      [b, 'b']
    ])
    expect(Number.isFinite(Date.parse(recent[0].openedAt))).toBe(true)
  })

  test('keeps at most maxRecent entries, dropping the oldest', async () => {
    const s = store(3)
    for (const name of ['a', 'b', 'c', 'd', 'e']) await saveAs(s, name)
    expect((await s.recent()).map((r) => r.name)).toEqual(['e', 'd', 'c'])
  })

  test('a damaged recent.json reads as empty and is replaced on the next open', async () => {
    await mkdir(join(dir, 'data'))
    await writeFile(join(dir, 'data', 'recent.json'), '[{"path": ')
    const s = store()
    expect(await s.recent()).toEqual([])
    const a = await saveAs(s, 'a')
    expect((await s.recent()).map((r) => r.path)).toEqual([a])
  })

  test('entries of the wrong shape are skipped', async () => {
    await mkdir(join(dir, 'data'))
    const good = { path: '/x/a.json', name: 'a', openedAt: '2025-01-01T00:00:00.000Z' }
    await writeFile(join(dir, 'data', 'recent.json'), JSON.stringify([good, { path: 3 }, 'b', good]))
    expect(await store().recent()).toEqual([good])
  })

  test('removeRecent takes one path off the list', async () => {
    const s = store()
    const a = await saveAs(s, 'a')
    const b = await saveAs(s, 'b')
    await s.removeRecent(a)
    expect((await s.recent()).map((r) => r.path)).toEqual([b])
  })

  test('a recent list that cannot be written does not fail the open', async () => {
    const path = join(dir, 'study.json')
    await writeFile(path, serializeProject(sampleProject()))
    await writeFile(join(dir, 'data'), 'a file where the data folder should be')
    await expect(store().open(path)).resolves.toMatchObject({ path })
  })
})
