// The importers under hostile or ambiguous input (issue 9): wide files, duplicate headers, bytes that are not
// UTF-8, benchmark names that join into one, and files that are not curve files at all.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { parsePaperRmsle } from '../../src/main/services/benchmark'
import { readCurvesFile } from '../../src/main/services/read-curves-file'
import { ImportError, parseCurves, type ImportOptions } from '../../src/shared/import'

const parse = (text: string, options: Partial<ImportOptions> = {}) => parseCurves(text, { fileName: 'runs.csv', ...options })

/** The ImportError message of parsing `text`, or a failure when it parses. */
function importError(text: string, options: Partial<ImportOptions> = {}): string {
  try {
    parse(text, options)
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError)
    return (error as Error).message
  }
  throw new Error('expected an ImportError')
}

/** A wide CSV of an x column and `columns` curve columns c0, c1, ... over two rows. */
function wide(columns: number): { text: string; names: string[] } {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`)
  return { text: [['x', ...names], [1, ...names.map(() => 2)], [2, ...names.map(() => 3)]].map((r) => r.join(',')).join('\n'), names }
}

/**
 * Elements the importer scans with array searches and strings it lower-cases while running `run`: a count of
 * work that does not depend on the machine's speed, so linear and quadratic code can be told apart exactly.
 */
function countWork(run: () => void): number {
  let work = 0
  const arrays = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
  const spies = (['indexOf', 'findIndex', 'find', 'includes', 'lastIndexOf'] as const).map((name) => {
    const original = arrays[name]
    return vi.spyOn(Array.prototype, name).mockImplementation(function (this: unknown[], ...args: unknown[]) {
      work += this.length
      return original.apply(this, args)
    } as never)
  })
  const lower = String.prototype.toLowerCase
  spies.push(
    vi.spyOn(String.prototype, 'toLowerCase').mockImplementation(function (this: string) {
      work++
      return lower.call(this)
    }) as never
  )
  try {
    run()
  } finally {
    for (const spy of spies) spy.mockRestore()
  }
  return work
}

describe('wide files are read in time linear in their columns', () => {
  test('doubling the columns at most doubles the work, with or without named y columns', () => {
    const small = wide(1000)
    const large = wide(2000)
    const auto = [small, large].map((f) => countWork(() => parse(f.text)))
    const named = [small, large].map((f) => countWork(() => parse(f.text, { yColumns: f.names })))
    // Linear work doubles (ratio 2); the old duplicate check and column lookups made it quadruple.
    expect(auto[1] / auto[0]).toBeLessThan(2.5)
    expect(named[1] / named[0]).toBeLessThan(2.5)
  })

  test('every named y column is read, in the order asked', () => {
    const f = wide(5)
    expect(parse(f.text, { yColumns: ['c3', 'C1'] }).curves.map((c) => c.name)).toEqual(['c3', 'c1'])
  })
})

describe('duplicate and case-variant headers are refused by name', () => {
  test.each([
    ['curve,x,y,x\na,1,2,3\n', 'runs.csv: columns share a name (names are matched ignoring case): "x" (columns 2 and 4)'],
    ['curve,X,y,x\na,1,2,3\n', 'runs.csv: columns share a name (names are matched ignoring case): "X" (column 2) and "x" (column 4)'],
    ['n,a,a\n1,2,3\n', 'runs.csv: columns share a name (names are matched ignoring case): "a" (columns 2 and 3)'],
    [
      'Step,x,y,x,y,Y\n1,2,3,4,5,6\n',
      'runs.csv: columns share a name (names are matched ignoring case): "x" (columns 2 and 4), "y" (columns 3 and 5), "y" (column 3) and "Y" (column 6)'
    ]
  ])('%j', (text, message) => {
    expect(importError(text)).toBe(message)
  })

  test('empty header cells (trailing separators from a spreadsheet) are not duplicates', () => {
    expect(parse('curve,x,y,,\na,1,2,,\n').curves).toEqual([{ name: 'a', x: [1], y: [2] }])
  })
})

describe('bytes that are not UTF-8', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-hardening-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('a Latin-1 (Windows-1252) file is read as such, and the result says so', async () => {
    const path = join(dir, 'runs-latin1.csv')
    // "Müller" and "€-run" as a Western European Excel saves them.
    await writeFile(path, Buffer.from('curve,x,y\nM\xfcller,1,2\n\x80-run,1,3\n', 'latin1'))
    const result = await readCurvesFile(path)
    expect(result.curves.map((c) => c.name)).toEqual(['Müller', '€-run'])
    expect(result.warnings).toEqual([
      'runs-latin1.csv: not UTF-8 text (line 2 is the first that is not); read as Windows-1252 (Western European). Check that the curve names read correctly.'
    ])
  })

  test('a UTF-8 file has no warning', async () => {
    const path = join(dir, 'runs-utf8.csv')
    await writeFile(path, 'curve,x,y\nMüller,1,2\n')
    const result = await readCurvesFile(path)
    expect(result.curves[0].name).toBe('Müller')
    expect(result.warnings).toEqual([])
  })
})

describe('benchmark names that would join into one', () => {
  test('rows whose Domain/Task/Model parts differ but join to the same name are refused, naming both', () => {
    const text = 'Domain,Task,Model,Seen Examples,Loss,Training\na/b,c,m,1,2,1\na,b/c,m,2,1,1\n'
    expect(importError(text)).toBe(
      'runs.csv: rows 2 and 3 both make the curve name "a/b/c/m" from different Domain, Task, Model ' +
        '("a/b", "c", "m" and "a", "b/c", "m"): the parts cannot be told apart'
    )
  })

  test('a "/" inside a Model name is still fine when no other row clashes', () => {
    const text = 'Domain,Task,Model,Seen Examples,Loss,Training\nIC,bird,MiX/B/16,1,2,1\nIC,bird,MiX/B/16,2,1,0\n'
    expect(parse(text).curves.map((c) => c.name)).toEqual(['IC/bird/MiX/B/16'])
  })

  test('the published table refuses two rows with one key, naming both lines', () => {
    expect(() => parsePaperRmsle('Task,Model,M1\na/b,c,0.1\na,b/c,0.2\n', 'paper.csv')).toThrow(
      'paper.csv: lines 2 and 3 both name the curve "a/b/c" (Task, Model: "a/b", "c" and "a", "b/c")'
    )
    expect(() => parsePaperRmsle('Task,Model,M1\na,b,0.1\na,b,0.2\n', 'paper.csv')).toThrow(
      'paper.csv: lines 2 and 3 both name the curve "a/b" (Task, Model: "a", "b" and "a", "b")'
    )
  })

  test('the published table refuses a form column given twice', () => {
    expect(() => parsePaperRmsle('Task,M1,m1\na,0.1,0.2\n', 'paper.csv')).toThrow('paper.csv: columns 2 and 3 are both named "m1"')
  })
})

describe('files that are not curve files quote none of their content', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'
  const secrets = 'User name,Password,Access key\nbob,hunter2,AKIASECRET\nann,swordfish,AKIAOTHER\n'

  test.each([
    ['a one-column system file', passwd, {}],
    ['a one-column system file read as long', passwd, { format: 'long' as const }],
    ['a one-column system file read as wide', passwd, { format: 'wide' as const }],
    ['a one-column system file read as W&B', passwd, { format: 'wandb' as const }],
    ['a text table', secrets, {}],
    ['a text table read as wide with a chosen x', secrets, { format: 'wide' as const, xColumn: 'Password' }],
    ['a text table read as TensorBoard', secrets, { format: 'tensorboard' as const, xColumn: 'Password' }],
    ['a text table with a repeated column', 'token,token\nabc,def\n', {}]
  ])('%s', (_, text, options) => {
    const message = importError(text, options)
    expect(message).toMatch(/^runs\.csv: is not a curve file/)
    for (const word of ['root', 'daemon', 'bash', 'bob', 'hunter2', 'AKIA', 'User name', 'Password', 'abc', 'token']) {
      expect(message).not.toContain(word)
    }
  })

  test('read from a path through the service, the message names the file only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-hardening-'))
    try {
      await writeFile(join(dir, 'passwd'), passwd)
      const error = await readCurvesFile(join(dir, 'passwd')).catch((e: unknown) => e as Error)
      expect(error).toBeInstanceOf(ImportError)
      expect((error as Error).message).toMatch(/^passwd: is not a curve file: /)
      expect((error as Error).message).not.toContain('root')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a real curve file still names its bad cells and its columns', () => {
    expect(importError('curve,x,y\na,1,-2\n')).toContain('row 2: y -2 must be > 0')
    expect(importError('params,modelA\n1e6,3\n', { format: 'long' })).toContain('found "params", "modelA"')
  })
})
