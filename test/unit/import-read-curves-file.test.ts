import { existsSync } from 'node:fs'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import * as fsPromises from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { MAX_IMPORT_BYTES, readCurvesFile } from '../../src/main/services/read-curves-file'
import { ImportError } from '../../src/shared/import'

// Wraps open in a spy so a test can prove a file was refused before it was opened for reading.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return { ...real, open: vi.fn(real.open) }
})

const fixture = (name: string): string => new URL(`../fixtures/import/${name}`, import.meta.url).pathname
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'import-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  vi.mocked(fsPromises.open).mockClear()
})

/** Awaits readCurvesFile and returns the ImportError it rejects with. */
async function importError(path: string, options?: Parameters<typeof readCurvesFile>[1]): Promise<ImportError> {
  const error = await readCurvesFile(path, options).then(
    () => new Error('expected an ImportError'),
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ImportError)
  return error as ImportError
}

describe('readCurvesFile', () => {
  test('reads a file and names the TensorBoard curve after its base name', async () => {
    const r = await readCurvesFile(fixture('train_loss.csv'))
    expect(r.format).toBe('tensorboard')
    expect(r.curves).toEqual([{ name: 'train_loss', x: [100, 200, 400], y: [2.5, 2.1, 1.8] }])
    // Proves the open spy sees the service's reads, so the refusal tests below are meaningful.
    expect(fsPromises.open).toHaveBeenCalledTimes(1)
  })

  test('passes the import options through', async () => {
    const r = await readCurvesFile(fixture('train_loss.csv'), { curveName: 'loss', format: 'tensorboard' })
    expect(r.curves[0].name).toBe('loss')
  })

  test('a file over the size limit is refused before it is read', async () => {
    const error = await importError(fixture('train_loss.csv'), { maxBytes: 10 })
    expect(error.message).toBe('train_loss.csv: the file is 85 bytes, over the import limit of 10 bytes')
    expect(error.fileName).toBe('train_loss.csv')
    expect(fsPromises.open).not.toHaveBeenCalled()
  })

  test('the default limit is 64 MB and a larger (sparse) file is refused without loading it', async () => {
    const path = join(dir, 'huge.csv')
    await writeFile(path, '')
    await truncate(path, MAX_IMPORT_BYTES + 1)
    expect((await importError(path)).message).toBe(
      'huge.csv: the file is 64.0 MB, over the import limit of 64.0 MB'
    )
    expect(fsPromises.open).not.toHaveBeenCalled()
  })

  test.runIf(existsSync('/proc/self/pagemap'))('a file that reports 0 bytes and never ends is read only up to the limit', async () => {
    // /proc/self/pagemap reports a size of 0 but reads on for gigabytes.
    const error = await importError('/proc/self/pagemap', { maxBytes: 1024 * 1024 })
    expect(error.message).toBe('pagemap: the file holds more than the import limit of 1.0 MB')
  })

  test('a missing file is named with its full path', async () => {
    const path = join(dir, 'missing.csv')
    expect((await importError(path)).message).toBe(`missing.csv: file not found at ${path}`)
  })

  test('a folder is not a file', async () => {
    const error = await importError(dir)
    expect(error.message).toMatch(/^import-test-\w+: is a folder, not a file$/)
  })

  test('a UTF-16 file with a byte-order mark (Excel "Unicode text") is decoded', async () => {
    const path = join(dir, 'unicode.txt')
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('n\tA\r\n1\t2\r\n', 'utf16le')]))
    expect((await readCurvesFile(path)).curves).toEqual([{ name: 'A', x: [1], y: [2] }])
  })

  test('a binary file is refused', async () => {
    const path = join(dir, 'image.png')
    await writeFile(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))
    expect((await importError(path)).message).toBe(
      'image.png: contains NUL bytes: this is a binary file, not CSV or TSV text'
    )
  })

  test('parse errors name the file by its base name', async () => {
    const path = join(dir, 'results.csv')
    await writeFile(path, 'curve,x,y\n')
    expect((await importError(path)).message).toBe('results.csv: has a header row but no data rows')
  })
})
