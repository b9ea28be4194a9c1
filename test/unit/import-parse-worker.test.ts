// Curve files parsed on the parse worker (issue 9): the thread that serves requests never runs the parser,
// and what comes back is exactly what parsing here gives, errors and warnings included.
import { readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { readCurvesFile } from '../../src/main/services/read-curves-file'
import { PARSE_BATCH_CURVES } from '../../src/main/services/parse-worker-protocol'
import { ImportError } from '../../src/shared/import'
import * as parseModule from '../../src/shared/import/parse-curves'
import { root } from './helpers/paths'

// Counts the parses run on this thread; the worker runs its own bundled copy, which this spy never sees.
vi.mock('../../src/shared/import/parse-curves', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/shared/import/parse-curves')>()
  return { ...real, parseCurves: vi.fn(real.parseCurves) }
})

/** The parse worker electron-vite built (npm test builds first); its name carries a content hash. */
function builtParseWorker(): string {
  const chunks = join(root, 'out/main/chunks')
  const file = readdirSync(chunks).find((f) => /^parse-worker-[0-9a-f]+\.js$/.test(f))
  if (!file) throw new Error(`no built parse worker in ${chunks}: run npm run build`)
  return join(chunks, file)
}

let dir = ''
let parseWorker = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'import-parse-worker-'))
  parseWorker = builtParseWorker()
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  vi.mocked(parseModule.parseCurves).mockClear()
})

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

/** The error readCurvesFile rejects with. */
const failure = (path: string, options: Parameters<typeof readCurvesFile>[1]): Promise<Error> =>
  readCurvesFile(path, options).then(
    () => new Error('expected a failure'),
    (e: unknown) => e as Error
  )

describe('readCurvesFile with a parse worker', () => {
  test('parses on the worker, never on this thread, and gives what parsing here gives', async () => {
    const path = await file('runs.csv', 'curve,x,y,split\na,1,3,fit\na,10,2,heldout\nb,1,4,\nb,2,abc,\n')
    const onWorker = await readCurvesFile(path, { parseWorker })
    expect(parseModule.parseCurves).not.toHaveBeenCalled()
    const here = await readCurvesFile(path)
    expect(parseModule.parseCurves).toHaveBeenCalledTimes(1)
    expect(onWorker).toEqual(here)
    expect(onWorker.rejected).toEqual([{ row: 5, reason: 'y "abc" is not a number' }])
  })

  test('a file of more curves than one batch comes back whole and in order', async () => {
    const count = PARSE_BATCH_CURVES * 2 + 7
    const names = Array.from({ length: count }, (_, i) => `c${i}`)
    const path = await file('wide.csv', `x,${names.join(',')}\n1,${names.map((_, i) => i + 1).join(',')}\n`)
    const result = await readCurvesFile(path, { parseWorker })
    expect(result.curves.map((c) => c.name)).toEqual(names)
    expect(result.curves.at(-1)).toEqual({ name: `c${count - 1}`, x: [1], y: [count] })
  })

  test('the options and the encoding warning cross to the worker and back', async () => {
    const path = await file('latin1.csv', Buffer.from('n,caf\xe9,b\n1,2,3\n', 'latin1'))
    const result = await readCurvesFile(path, { parseWorker, yColumns: ['b'] })
    expect(result.curves).toEqual([{ name: 'b', x: [1], y: [3] }])
    expect(result.warnings[0]).toMatch(/^latin1\.csv: not UTF-8 text/)
  })

  test('a file that cannot be imported gives the same ImportError as here', async () => {
    const path = await file('empty-rows.csv', 'curve,x,y\n')
    const error = await failure(path, { parseWorker })
    expect(error).toBeInstanceOf(ImportError)
    expect(error.message).toBe('empty-rows.csv: has a header row but no data rows')
    expect((error as ImportError).fileName).toBe('empty-rows.csv')
  })

  test('a worker that dies fails only its read, with an ImportError naming the file', async () => {
    const path = await file('ok.csv', 'curve,x,y\na,1,2\n')
    const dying = join(root, 'test/fixtures/import/dying-parse-worker.mjs')
    const error = await failure(path, { parseWorker: dying })
    expect(error).toBeInstanceOf(ImportError)
    expect(error.message).toBe('ok.csv: could not be read: the parser stopped (exit code 3)')
    expect((await readCurvesFile(path, { parseWorker })).curves).toHaveLength(1)
  })

  test('a read nobody waits for any more stops its worker and frees its slot', async () => {
    const path = await file('slow.csv', 'curve,x,y\na,1,2\n')
    const silent = join(root, 'test/fixtures/import/silent-parse-worker.mjs')
    // Two reads that would never finish take both slots; their clients go away.
    const controllers = [new AbortController(), new AbortController()]
    const stalled = controllers.map((c) => readCurvesFile(path, { parseWorker: silent, signal: c.signal }).then(() => null, (e: unknown) => e))
    // Let the reads reach their workers (a file of one line is read at once), then the clients leave.
    await new Promise((wait) => setTimeout(wait, 300))
    for (const c of controllers) c.abort()
    for (const error of await Promise.all(stalled)) expect(error).toBeInstanceOf(ImportError)
    // The slots are free again: a real read finishes.
    expect((await readCurvesFile(path, { parseWorker })).curves).toHaveLength(1)
  })

  test('many reads at once all finish, each with its own file', async () => {
    const paths = await Promise.all(Array.from({ length: 6 }, (_, i) => file(`r${i}.csv`, `curve,x,y\nc${i},1,${i + 1}\n`)))
    const results = await Promise.all(paths.map((p) => readCurvesFile(p, { parseWorker })))
    expect(results.map((r) => r.curves[0])).toEqual(paths.map((_, i) => ({ name: `c${i}`, x: [1], y: [i + 1] })))
  })
})
