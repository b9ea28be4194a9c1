// Fuzzes every importer format (issue 9): valid files, generated and taken from each format, then mutated
// byte by byte and cell by cell (flips, inserts, deletions, repeated headers, NaN/Infinity/negative/huge
// numbers, BOMs, CRLF, quotes, bytes that are not UTF-8). Each input is at most MAX_BYTES, and each parse must
// end in curves that keep the importer's promise (finite, positive points; unique names; split and weight
// per point) or in an ImportError naming the file: never another throw, never a hang.
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import {
  decodeCurveBytes,
  ImportError,
  MAX_REJECTED_ROWS,
  parseCurveBytes,
  type DetectedFormat,
  type ImportResult
} from '../../src/shared/import'
import { readTable } from '../../src/shared/import/split-rows'

/** Inputs per format; the suite runs them all on one core in well under a minute. */
const RUNS = 10_000
const MAX_BYTES = 4096
const SEED = 20_260_911
const FILE = 'fuzz.csv'

const encoder = new TextEncoder()

/** Real-looking files of each format, the starting points of the mutations. */
const SEEDS: Record<DetectedFormat, string[]> = {
  long: [
    'curve,x,y\ngpt-s,1e6,4.1\ngpt-s,1e7,3.5\ngpt-m,1e6,3.9\ngpt-m,1e8,3.0\n',
    'curve,x,y,split,weight\na,10,5,fit,1\na,100,4,heldout,\nb,10,6,train,2\nb,1000,3,test,0.5\n',
    '"curve";"x";"y"\r\n"a, b";"1,5";2\r\n"a, b";3;1\r\n'
  ],
  benchmark: [
    'Domain,Task,Model,Seen Examples,Loss,Training\nIC,bird_5,MiX/B/16,7700779.0,0.97,1\nIC,bird_5,MiX/B/16,1.2e9,0.5,0\nIC,cars,BiT/101/3,100,2,1\n',
    'Domain,Task,Model,Seen Examples,Loss,Training\nNMT,en-de,T/6,1e5,3.2,1\nNMT,en-de,T/6,1e6,2.9,1\nNMT,en-de,T/6,1e7,2.5,0\n'
  ],
  wide: [
    'params,modelA,modelB\n1e6,3.5,\n1e7,3.0,3.2\n1e8,,2.9\n1e9,,\n',
    'tokens\trun 1\trun 2\trun 3\n1000\t5\t6\t7\n2000\t4\t5\t6\n4000\t3\t4\t5\n'
  ],
  wandb: [
    'Step,run-1 - loss,run-1 - loss__MIN,run-1 - loss__MAX,run-2 - loss\n100,3.2,3.1,3.3,\n200,2.9,2.8,3.0,3.5\n400,2.5,2.4,2.6,3.1\n'
  ],
  tensorboard: ['Wall time,Step,Value\n1700000000.5,100,2.5\n1700000010.25,200,2.1\n1700000020,400,1.8\n']
}

const HEADERS: Record<DetectedFormat, string> = {
  long: 'curve,x,y,split',
  benchmark: 'Domain,Task,Model,Seen Examples,Loss,Training',
  wide: 'x,a,b,c',
  wandb: 'Step,r1 - loss,r1 - loss__MIN,r2 - loss',
  tensorboard: 'Wall time,Step,Value'
}

/** Cells the mutations inject: what breaks number parsing, quoting and names. */
const NASTY_CELLS = [
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-1', '0', '-0', '1e400', '1e-400', '1e308', '5e-324', '0x10', '1,5',
  '""', '"', '"a""b"', ' ', '', 'fit', 'heldout', 'HELD-OUT', 'test', '2', '/', 'a/b', '\u00e9', '\ufffd', '\u0000',
  '1e6', '.5', '+3', '1.', '\t', ';', ','
]
const NASTY_BYTES: number[][] = [
  [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff], [0xc3], [0xe9], [0x80], [0xed, 0xa0, 0x80],
  [0x0d], [0x0a], [0x0d, 0x0a], [0x22], [0x2c], [0x09], [0x3b], [0x00]
]

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'cell'; at: number; cell: string }
  | { kind: 'repeat-header'; column: number; upper: boolean }
  | { kind: 'crlf' }
  | { kind: 'bom' }
  | { kind: 'duplicate-line'; at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(fc.constantFrom(...NASTY_BYTES), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }))
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('cell' as const), at: fc.nat(), cell: fc.oneof(fc.constantFrom(...NASTY_CELLS), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('repeat-header' as const), column: fc.nat(), upper: fc.boolean() }),
  fc.constant({ kind: 'crlf' as const }),
  fc.constant({ kind: 'bom' as const }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() })
)

/** Replaces one comma-separated cell of the text (picked by `at`) with `cell`. */
function replaceCell(text: string, at: number, cell: string): string {
  const cells = text.split(',')
  cells[at % cells.length] = cell
  return cells.join(',')
}

function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const text = (): string => new TextDecoder().decode(bytes)
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes
      const out = bytes.slice()
      out[m.at % out.length] ^= 1 << m.bit
      return out
    }
    case 'insert': {
      const at = m.at % (bytes.length + 1)
      return Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)])
    }
    case 'delete': {
      const at = m.at % (bytes.length + 1)
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)])
    }
    case 'cell':
      return encoder.encode(replaceCell(text(), m.at, m.cell))
    case 'repeat-header': {
      const [header, ...rest] = text().split('\n')
      const columns = header.split(',')
      const name = columns[m.column % columns.length]
      return encoder.encode([`${header},${m.upper ? name.toUpperCase() : name}`, ...rest].join('\n'))
    }
    case 'crlf':
      return encoder.encode(text().replace(/\r?\n/g, '\r\n'))
    case 'bom':
      return Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes])
    case 'duplicate-line': {
      const lines = text().split('\n')
      const i = m.at % lines.length
      return encoder.encode([...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n'))
    }
  }
}

const positive = fc.oneof(
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 1e9 })
)
const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 _.-]{0,10}$/)

/** A valid file of the format, generated: names and positive values of any size. */
function generated(format: DetectedFormat): fc.Arbitrary<string> {
  const rows = (width: number): fc.Arbitrary<number[][]> =>
    fc.array(fc.array(positive, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 30 })
  if (format === 'long') {
    return fc.tuple(fc.array(name, { minLength: 1, maxLength: 4 }), rows(2)).map(
      ([names, values]) => 'curve,x,y\n' + values.map(([x, y], i) => `${names[i % names.length]},${x},${y}`).join('\n')
    )
  }
  if (format === 'benchmark') {
    return fc.tuple(fc.array(name, { minLength: 3, maxLength: 6 }), rows(2), fc.array(fc.boolean())).map(
      ([names, values, splits]) =>
        `${HEADERS.benchmark}\n` +
        values.map(([x, y], i) => `IC,${names[i % names.length]},${names[(i + 1) % names.length]},${x},${y},${splits[i] ? 1 : 0}`).join('\n')
    )
  }
  if (format === 'tensorboard') {
    return rows(3).map((values) => `${HEADERS.tensorboard}\n` + values.map((r) => r.join(',')).join('\n'))
  }
  const header = HEADERS[format]
  return rows(header.split(',').length).map((values) => `${header}\n` + values.map((r) => r.join(',')).join('\n'))
}

function input(format: DetectedFormat): fc.Arbitrary<{ bytes: Uint8Array; forced: boolean }> {
  const base = fc.oneof(fc.constantFrom(...SEEDS[format]), generated(format))
  return fc.record({ base, mutations: fc.array(mutation, { maxLength: 6 }), forced: fc.boolean() }).map(({ base, mutations, forced }) => {
    let bytes: Uint8Array = encoder.encode(base)
    for (const m of mutations) bytes = applyMutation(bytes, m).subarray(0, MAX_BYTES)
    return { bytes, forced }
  })
}

/** Formats that read one point per row: each data row is a point or a counted rejection, none lost. */
const ROW_FORMATS: readonly DetectedFormat[] = ['long', 'benchmark', 'tensorboard']

/** True when the bytes are UTF-8 (or start with a UTF-16 byte-order mark, which is decoded as such). */
function isUnicode(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * The importer's promise for a result: every point finite and > 0, per-point split and weight, unique names,
 * a header without two columns of one name, a warning whenever the bytes were not UTF-8, in one-point-per-row
 * formats every data row accounted for, and benchmark names that no two different Domain/Task/Model share.
 */
function checkResult(result: ImportResult, bytes: Uint8Array): void {
  expect(result.curves.length).toBeGreaterThan(0)
  const names = new Set<string>()
  for (const curve of result.curves) {
    expect(typeof curve.name).toBe('string')
    expect(curve.name.trim()).not.toBe('')
    expect(names.has(curve.name)).toBe(false)
    names.add(curve.name)
    expect(curve.x.length).toBeGreaterThan(0)
    expect(curve.y.length).toBe(curve.x.length)
    for (const v of [...curve.x, ...curve.y]) expect(Number.isFinite(v) && v > 0).toBe(true)
    if (curve.split) {
      expect(curve.split.length).toBe(curve.x.length)
      for (const s of curve.split) expect(['fit', 'heldout']).toContain(s)
    }
    if (curve.weight) {
      expect(curve.weight.length).toBe(curve.x.length)
      for (const w of curve.weight) expect(Number.isFinite(w) && w > 0).toBe(true)
    }
  }
  expect(result.rejected.length).toBeLessThanOrEqual(Math.min(MAX_REJECTED_ROWS, result.rejectedCount))
  for (const row of result.rejected) {
    expect(Number.isInteger(row.row) && row.row >= 2).toBe(true)
    expect(row.reason).not.toBe('')
  }
  for (const warning of result.warnings) expect(warning.startsWith(`${FILE}: `)).toBe(true)
  const headerNames = result.columns.map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
  expect(new Set(headerNames).size).toBe(headerNames.length)
  if (!isUnicode(bytes)) expect(result.warnings.some((w) => w.includes('not UTF-8'))).toBe(true)
  if (result.format === 'benchmark') {
    const parts = new Map<string, string>()
    for (const row of readTable(decodeCurveBytes(bytes, FILE).text).rows.slice(1)) {
      if (row.length < 3) continue
      const tuple = JSON.stringify(row.slice(0, 3).map((p) => p.trim()))
      const joined = row.slice(0, 3).map((p) => p.trim()).join('/')
      if (result.curves.some((c) => c.name === joined)) expect(parts.get(joined) ?? tuple).toBe(tuple)
      parts.set(joined, tuple)
    }
  }
  if (ROW_FORMATS.includes(result.format)) {
    const dataRows = readTable(decodeCurveBytes(bytes, FILE).text).rows.length - 1
    const points = result.curves.reduce((n, c) => n + c.x.length, 0)
    expect(points + result.rejectedCount).toBe(dataRows)
  }
}

const counts = { inputs: 0, imported: 0, refused: 0, slowestMs: 0 }

afterAll(() => {
  console.log(
    `import fuzz: ${counts.inputs.toLocaleString('en')} inputs (${counts.imported.toLocaleString('en')} imported, ` +
      `${counts.refused.toLocaleString('en')} refused with an ImportError); slowest parse ${counts.slowestMs.toFixed(1)} ms`
  )
})

describe('every importer format survives generated and mutated input', () => {
  test.each(Object.keys(SEEDS) as DetectedFormat[])('%s', (format) => {
    fc.assert(
      fc.property(input(format), ({ bytes, forced }) => {
        counts.inputs++
        const started = performance.now()
        let outcome: ImportResult | unknown
        try {
          outcome = parseCurveBytes(bytes, { fileName: FILE, ...(forced && { format }) })
        } catch (error) {
          outcome = error
        }
        counts.slowestMs = Math.max(counts.slowestMs, performance.now() - started)
        if (outcome instanceof Error) {
          // A whole-file refusal is an ImportError that names the file; any other throw is a bug.
          expect(outcome).toBeInstanceOf(ImportError)
          expect(outcome.message.startsWith(`${FILE}: `)).toBe(true)
          expect(outcome.message.length).toBeGreaterThan(FILE.length + 2)
          counts.refused++
          return
        }
        checkResult(outcome as ImportResult, bytes)
        counts.imported++
      }),
      { seed: SEED, numRuns: RUNS }
    )
  })
})
