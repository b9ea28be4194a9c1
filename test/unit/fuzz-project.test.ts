// Fuzzes the project loader (issue 9): valid project files, generated with the document helpers and with stored
// fits, forecasts and crossovers, then mutated as text (flips, inserts, deletions, cuts, repeated lines) and as
// JSON (fields deleted or retyped, NaN and Infinity written every wrong way, huge and negative numbers, long
// strings, repeated ids, deep nesting, unknown fields, arrays for objects, wrong versions). Each must open as a
// project that saves and reopens as itself, or fail with a ProjectFileError naming the file and the field.
// A smaller sample goes through the project store from disk: a failed open changes nothing.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ProjectStore } from '../../src/main/services/project-store'
import type { ImportedCurve } from '../../src/shared/import'
import { PROJECT_VERSION, ProjectFileError, parseProjectText, projectFromCurves, serializeProject } from '../../src/shared/project'
import type { Project, ProjectFileProblem } from '../../src/shared/project'
import { forecastResult, sampleProject, storedCrossover, storedForecast } from '../fixtures/project/sample'
import { applyJsonMutations, jsonMutation, writeJson } from './helpers/fuzz-json'
import type { NonFiniteStyle } from './helpers/fuzz-json'

/** Inputs for the loader; the store gets a smaller sample, each a file on disk. */
const RUNS = 10_000
const STORE_RUNS = 300
/** Text longer than this is cut there (a cut is one more mutation); nesting may add a few KB more. */
const MAX_CHARS = 8192
const SEED = 20_260_912
const FILE = 'fuzz.ssproj.json'
const NOW = new Date('2025-02-01T08:30:00.000Z')

/** The top-level fields of the format: an invalid field's message starts with its path, which starts with one. */
const FIELD_PATH = /^(version|name|createdAt|modifiedAt|attribution|settings|curves|fits|forecastSettings|forecasts|crossovers)[[. ]/
const PROBLEMS: readonly ProjectFileProblem[] = ['damaged', 'not-project', 'newer', 'invalid']

// ---------------------------------------------------------------------------------------------------------
// Valid projects

const positive = fc.oneof(
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 1e12 }),
  fc.constantFrom(5e-324, Number.MAX_VALUE, 1, 1e6, 0.97)
)
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'parameters', 'loss', 'é ✓ 😀', '"quoted"\n\\'))
const name = text.filter((s) => s.trim() !== '')

const importedCurve: fc.Arbitrary<ImportedCurve> = fc
  .record({
    name,
    points: fc.array(fc.record({ x: positive, y: positive, heldout: fc.boolean(), weight: fc.option(positive) }), { maxLength: 10 })
  })
  .map(({ name, points }) => ({
    name,
    x: points.map((p) => p.x),
    y: points.map((p) => p.y),
    split: points.map((p) => (p.heldout ? 'heldout' : 'fit')),
    weight: points.map((p) => p.weight ?? 1)
  }))

/** A project from imported curves: some points excluded, tags, notes, revisions, maybe an attribution. */
const importedProject: fc.Arbitrary<Project> = fc
  .record({
    curves: fc.array(importedCurve, { maxLength: 4 }),
    name: text,
    xQuantity: text,
    yMetric: text,
    attribution: fc.option(text),
    tags: fc.array(text, { maxLength: 3 }),
    excluded: fc.array(fc.nat(), { maxLength: 3 }),
    revision: fc.nat({ max: 1000 })
  })
  .map(({ curves, name, xQuantity, yMetric, attribution, tags, excluded, revision }) => {
    const p = projectFromCurves(curves, { name, xQuantity, yMetric, ...(attribution !== null && { attribution }) }, NOW)
    for (const c of p.curves) {
      c.tags = [...tags]
      c.notes = tags.join('\n')
      c.revision = revision
      for (const at of excluded) if (c.points.length > 0) c.points[at % c.points.length].excluded = { reason: name }
    }
    return p
  })

/** The sample project with its fits, a forecast (some numbers NaN, as the engine gives them) and a crossover. */
const storedProject: fc.Arbitrary<Project> = fc
  .record({ curves: fc.integer({ min: 2, max: 4 }), points: fc.integer({ min: 2, max: 8 }), nan: fc.boolean(), version1: fc.boolean() })
  .map(({ curves, points, nan, version1 }) => {
    const p = sampleProject(curves, points)
    if (version1) return { ...p, version: 1 } as unknown as Project
    const result = forecastResult(nan ? { residualSd: NaN, band: { ...forecastResult().band, y: [1, NaN, 0.25] } } : {})
    p.forecasts = { c1: storedForecast(0, result) }
    p.crossovers = [storedCrossover('c1', 'c2')]
    return p
  })

// ---------------------------------------------------------------------------------------------------------
// Mutations of the text

const SNIPPETS = [
  'NaN', 'Infinity', '-Infinity', '1e999', '-0', '-', '"', '\\', '\\u12', '{', '}', '[', ']', ',', ':', '\u0000', '\ufeff', '\ud800',
  ' ', '\n', 'null', '"x": 1,', '//', '/*', "'", '"version": 3,', '"format": "x",', '{"$nonFinite": "NaN"}', '1e308', '9007199254740993'
]

type TextMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; snippet: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'cut'; at: number }
  | { kind: 'repeat-line'; at: number }
  | { kind: 'swap-lines'; at: number; with: number }
  | { kind: 'bom' }

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), snippet: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.constant({ kind: 'bom' as const })
)

function applyTextMutation(s: string, m: TextMutation): string {
  const at = 'at' in m ? m.at % (s.length + 1) : 0
  switch (m.kind) {
    case 'flip': {
      if (s.length === 0) return s
      const i = at % s.length
      return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << m.bit)) + s.slice(i + 1)
    }
    case 'insert':
      return s.slice(0, at) + m.snippet + s.slice(at)
    case 'delete':
      return s.slice(0, at) + s.slice(at + m.length)
    case 'cut':
      return s.slice(0, at)
    case 'repeat-line': {
      const lines = s.split('\n')
      const i = m.at % lines.length
      return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n')
    }
    case 'swap-lines': {
      const lines = s.split('\n')
      const i = m.at % lines.length
      const j = m.with % lines.length
      ;[lines[i], lines[j]] = [lines[j], lines[i]]
      return lines.join('\n')
    }
    case 'bom':
      return `\ufeff${s}`
  }
}

/** A project file's text: a valid project written by serializeProject, then mutated as JSON and as text. */
interface FuzzInput {
  text: string
  mutations: number
}

const BOUNDS = { maxString: 2048, maxDepth: 1500, maxArray: 64 }
/** Half the inputs without mutations of a kind, so that enough of them open and the round trip is tried. */
const someOf = <T>(item: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> =>
  fc.oneof(fc.constant<T[]>([]), fc.array(item, { minLength: 1, maxLength }))
const jsonMutations = someOf(jsonMutation(BOUNDS), 4)

const projectText: fc.Arbitrary<FuzzInput> = fc
  .record({
    project: fc.oneof(importedProject, storedProject),
    json: jsonMutations,
    nonFinite: fc.constantFrom<NonFiniteStyle>('null', 'literal', 'overflow', 'tag'),
    indent: fc.constantFrom(0, 2),
    texts: someOf(textMutation, 3)
  })
  .map(({ project, json, nonFinite, indent, texts }) => {
    let s = serializeProject(project)
    if (json.length > 0) {
      s = writeJson(applyJsonMutations(JSON.parse(s), json, BOUNDS.maxDepth), nonFinite, indent)
    }
    if (s.length > MAX_CHARS && json.every((m) => m.kind !== 'nest')) s = s.slice(0, MAX_CHARS)
    for (const m of texts) s = applyTextMutation(s, m)
    return { text: s, mutations: json.length + texts.length }
  })

// ---------------------------------------------------------------------------------------------------------
// What a user may rely on

/** A failed open: a ProjectFileError naming the file, of a known kind, saying what is wrong and where. */
function checkRefusal(error: unknown, fileName: string): void {
  expect(error).toBeInstanceOf(ProjectFileError)
  const e = error as ProjectFileError
  expect(e.fileName).toBe(fileName)
  expect(e.message.startsWith(`${fileName}: `)).toBe(true)
  expect(PROBLEMS).toContain(e.problem)
  if (e.problem === 'invalid') expect(e.detail).toMatch(FIELD_PATH)
  if (e.problem === 'damaged') expect(e.detail).toMatch(/^damaged JSON.* line \d+, column \d+/)
  if (e.problem === 'not-project') expect(e.detail).toMatch(/not a Scaling Studio project/)
  if (e.problem === 'newer') expect(e.detail).toMatch(/newer Scaling Studio/)
}

/**
 * Where `kept` differs from `opened`, or null when every field of `kept` is in `opened` with the same value
 * (-0 and 0 alike, NaN equal to itself): saving keeps every documented field and may drop unknown ones.
 * Plain loops: an expect per field would be most of the test's time.
 */
function lostOnSave(kept: unknown, opened: unknown, path = 'project'): string | null {
  if (typeof kept === 'number' && typeof opened === 'number') {
    return kept === opened || (Number.isNaN(kept) && Number.isNaN(opened)) ? null : `${path}: ${opened} became ${kept}`
  }
  if (typeof kept !== 'object' || kept === null || typeof opened !== 'object' || opened === null) {
    return kept === opened ? null : `${path}: ${JSON.stringify(opened)} became ${JSON.stringify(kept)}`
  }
  if (Array.isArray(kept) !== Array.isArray(opened)) return `${path}: an array and an object`
  if (Array.isArray(kept) && kept.length !== (opened as unknown[]).length) return `${path}: the length changed`
  for (const key of Object.keys(kept)) {
    if (!Object.hasOwn(opened, key)) return `${path}.${key} appeared on saving`
    const lost = lostOnSave((kept as Record<string, unknown>)[key], (opened as Record<string, unknown>)[key], `${path}.${key}`)
    if (lost !== null) return lost
  }
  return null
}

/** An opened project saves and reopens as itself: same text when saved again, no documented field lost. */
function checkRoundTrip(opened: Project): void {
  expect(opened.version).toBe(PROJECT_VERSION)
  const saved = serializeProject(opened)
  const reopened = parseProjectText(saved, FILE)
  expect(serializeProject(reopened)).toBe(saved)
  expect(lostOnSave(reopened, opened)).toBeNull()
  // The optional fields are written when present: none may vanish.
  expect(reopened.attribution).toBe(opened.attribution)
  const optional = (p: Project): string =>
    p.curves.map((c) => c.points.map((q) => `${q.weight === undefined ? '' : 'w'}${q.excluded === undefined ? '' : 'e'}`).join()).join(';')
  expect(optional(reopened)).toBe(optional(opened))
}

type Outcome = { opened: Project } | { error: unknown }

function open(text: string): Outcome {
  try {
    return { opened: parseProjectText(text, FILE) }
  } catch (error) {
    return { error }
  }
}

const counts = { inputs: 0, opened: 0, refused: 0, mutated: 0, storeFiles: 0, storeOpened: 0, storeRefused: 0 }
const byProblem = new Map<string, number>()

afterAll(() => {
  const problems = [...byProblem].map(([k, n]) => `${k} ${n}`).join(', ')
  console.log(
    `project fuzz: ${counts.inputs.toLocaleString('en')} inputs to parseProjectText (${counts.mutated.toLocaleString('en')} mutated; ` +
      `${counts.opened.toLocaleString('en')} opened, ${counts.refused.toLocaleString('en')} refused: ${problems}); ` +
      `${counts.storeFiles} files through the project store (${counts.storeOpened} opened, ${counts.storeRefused} refused)`
  )
})

describe('the project loader survives generated and mutated files', () => {
  test('each file opens and reopens as itself, or is refused naming the file and the field', () => {
    fc.assert(
      fc.property(projectText, ({ text, mutations }) => {
        counts.inputs++
        if (mutations > 0) counts.mutated++
        const outcome = open(text)
        if ('error' in outcome) {
          checkRefusal(outcome.error, FILE)
          const problem = (outcome.error as ProjectFileError).problem ?? 'none'
          byProblem.set(problem, (byProblem.get(problem) ?? 0) + 1)
          counts.refused++
          return
        }
        checkRoundTrip(outcome.opened)
        counts.opened++
      }),
      { seed: SEED, numRuns: RUNS }
    )
    expect(counts.inputs).toBeGreaterThanOrEqual(RUNS)
    // Both ends are reached: the generator is no use if every mutation is refused, or none is.
    expect(counts.opened).toBeGreaterThan(RUNS / 10)
    expect(counts.refused).toBeGreaterThan(RUNS / 10)
  })
})

// ---------------------------------------------------------------------------------------------------------
// Through the store, from disk

/** Bytes that are not UTF-8, or that a text editor adds: the store reads bytes, not text. */
const BAD_BYTES: number[][] = [[0xff], [0xc3], [0xe9], [0x80], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0xfe, 0xff], [0x00]]

const projectBytes: fc.Arbitrary<Uint8Array> = fc
  .record({ input: projectText, bytes: fc.option(fc.record({ at: fc.nat(), insert: fc.constantFrom(...BAD_BYTES) }), { freq: 3 }) })
  .map(({ input, bytes }) => {
    const encoded = new TextEncoder().encode(input.text)
    if (bytes === null) return encoded
    const at = bytes.at % (encoded.length + 1)
    return Uint8Array.from([...encoded.subarray(0, at), ...bytes.insert, ...encoded.subarray(at)])
  })

/** The text the store reads from the bytes (a leading byte-order mark dropped), or null when they are not UTF-8. */
function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

describe('the project store opens mutated files from disk', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fuzz-project-store-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('a refused file changes neither the open project, the recent list nor the file', async () => {
    const store = new ProjectStore({ dataDir: join(dir, 'data') })
    const goodPath = join(dir, 'good.ssproj.json')
    await writeFile(goodPath, serializeProject(sampleProject()))
    let current = (await store.open(goodPath)).project
    let before = structuredClone(current)
    const samples = fc.sample(projectBytes, { seed: SEED + 1, numRuns: STORE_RUNS })
    for (const [i, bytes] of samples.entries()) {
      const fileName = `f${i}.ssproj.json`
      const path = join(dir, fileName)
      await writeFile(path, bytes)
      const written = await stat(path)
      const recent = await store.recent()
      counts.storeFiles++
      let outcome: Outcome
      try {
        outcome = { opened: (await store.open(path)).project }
      } catch (error) {
        outcome = { error }
      }
      // Opening reads: the file is the same bytes, never rewritten.
      expect(Buffer.compare(await readFile(path), bytes)).toBe(0)
      expect((await stat(path)).mtimeMs).toBe(written.mtimeMs)
      const text = utf8(bytes)
      if ('error' in outcome) {
        checkRefusal(outcome.error, fileName)
        if (text !== null) expect(() => parseProjectText(text, fileName)).toThrow(ProjectFileError)
        expect(current).toEqual(before)
        expect(await store.recent()).toEqual(recent)
        counts.storeRefused++
        continue
      }
      // The store opens what the loader opens, to the same project.
      expect(text).not.toBeNull()
      expect(outcome.opened).toEqual(parseProjectText(text as string, fileName))
      checkRoundTrip(outcome.opened)
      expect((await store.recent())[0].path).toBe(path)
      current = outcome.opened
      before = structuredClone(current)
      counts.storeOpened++
    }
    expect(current).toEqual(before)
    // Opening leaves no temp file beside the files it read.
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(counts.storeOpened).toBeGreaterThan(0)
    expect(counts.storeRefused).toBeGreaterThan(0)
  })
})
