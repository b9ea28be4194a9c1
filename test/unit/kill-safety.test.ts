// Kill safety: a child process saves a project and autosaves its recovery copy in a loop with the real store, and
// is killed (SIGKILL) at a random moment, over and over. After every kill the project file is whole (the old or
// the new version, byte for byte), the recovery copy gives back the unsaved edits, and the next start of the
// store leaves no temporary file behind. The moments come from a seeded generator, so a run can be repeated.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'rolldown'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ProjectStore } from '../../src/main/services/project-store'
import { serializeProject } from '../../src/shared/project/document'
import { killVersions } from './helpers/kill-projects'
import { mulberry32 } from './helpers/numeric'

const KILLS = 100
const SEED = 20_250_131
/** A kill comes this long, at most, after the child has started its loop. */
const MAX_DELAY_MS = 40

let work = ''
let saver = ''

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kill-safety-'))
  saver = join(work, 'kill-saver.mjs')
  await build({
    input: join(import.meta.dirname, 'helpers/kill-saver.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: { file: saver, format: 'esm' }
  })
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Starts the saver, waits until it is in its loop, lets it run for delayMs, kills it and waits for its end. */
async function runAndKill(dataDir: string, projectPath: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [saver, dataDir, projectPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr.on('data', (part: Buffer) => (errors += part.toString()))
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)))
  await new Promise<void>((ready, failed) => {
    child.stdout.on('data', (part: Buffer) => {
      if (part.toString().includes('ready')) ready()
    })
    void exited.then(() => failed(new Error(`the saver stopped by itself: ${errors}`)))
  })
  await new Promise((done) => setTimeout(done, delayMs))
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
}

const temps = async (folder: string): Promise<string[]> => (await readdir(folder)).filter((name) => name.includes('.tmp-'))

test(`${KILLS} kills during save and autosave: the file is whole, the edits recoverable, no temp file after the next start`, async () => {
  const folder = join(work, 'projects')
  const dataDir = join(work, 'data')
  const projectPath = join(folder, 'study.ssproj.json')
  const { saved, edited } = killVersions()
  const savedTexts = saved.map((project) => serializeProject(project))
  const first = new ProjectStore({ dataDir })
  await mkdir(folder)
  await first.save(projectPath, saved[0])
  await first.autosave(edited[0], projectPath)

  const random = mulberry32(SEED)
  let survived = 0
  let leftBehind = 0
  for (let kill = 0; kill < KILLS; kill++) {
    await runAndKill(dataDir, projectPath, Math.floor(random() * MAX_DELAY_MS))
    leftBehind += (await temps(folder)).length + (await temps(dataDir)).length

    // The project file is one of the two versions, whole.
    expect(savedTexts).toContain(await readFile(projectPath, 'utf8'))
    // The next start: the recovery copy holds one of the unsaved versions, and the project opens.
    const next = new ProjectStore({ dataDir })
    const recovered = await next.recovery()
    expect(recovered?.originalPath).toBe(projectPath)
    expect([edited[0].name, edited[1].name]).toContain(recovered?.project.name)
    expect(recovered?.project).toEqual(edited.find((p) => p.name === recovered?.project.name))
    const opened = await next.open(projectPath)
    expect(opened.project).toEqual(saved.find((p) => p.name === opened.project.name))
    expect(await temps(folder)).toEqual([])
    expect(await temps(dataDir)).toEqual([])
    survived++
  }
  console.log(`kill-safety: ${survived} kills survived; they left ${leftBehind} temp files, all removed at the next start`)
  expect(survived).toBe(KILLS)
}, 180_000)
