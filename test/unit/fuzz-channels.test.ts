// Fuzzes every request channel's payload (issue 9): random JSON values and mutations of a valid payload of the
// channel (fields dropped or retyped, non-finite and huge numbers, long strings with NUL and control
// characters, huge arrays, deep nesting, unknown fields). The validator must accept or refuse with a
// PayloadError naming the channel, and what it accepts must keep the payload type's promises, down to the
// first step of the handler (the engine's curve check, the project's save, the figure's panels). A smaller
// sample goes to the browser-mode server: every answer is a Result envelope, never a 500 or a hung request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CurveInputError, prepareCurve } from '../../src/core'
import { buildFigureOption } from '../../src/figures/figure'
import type { AppServices } from '../../src/main/services/app-services'
import { panelsOf } from '../../src/main/services/export-service'
import { TOKEN_HEADER, startBrowserServer } from '../../src/main/services/http-api'
import type { BrowserServer } from '../../src/main/services/http-api'
import { compareTableCsv } from '../../src/main/services/report/report'
import { PayloadError, REQUEST_CHANNELS, decodeJson, encodeJson, isResult, requestPayloadProblem, validateRequest } from '../../src/shared/contract'
import type { RequestChannel } from '../../src/shared/contract'
import { DEFAULT_FIGURE_STYLE, FIGURE_FORMATS, figureStyle } from '../../src/shared/figure-style'
import type { FigureStyle } from '../../src/shared/figure-style'
import { DEFAULT_FIT_OPTIONS, FORM_NAMES } from '../../src/shared/fit-types'
import type { CurveInput } from '../../src/shared/fit-types'
import { forecastOptions } from '../../src/shared/forecast-options'
import { parseProjectText, serializeProject, validateProject } from '../../src/shared/project'
import type { Project } from '../../src/shared/project'
import { sampleProject, storedCrossover, storedForecast } from '../fixtures/project/sample'
import { applyJsonMutations, jsonMutation, placeValue, writeJson } from './helpers/fuzz-json'
import { send } from './helpers/http-client'
import type { Reply } from './helpers/http-client'
import { testServices } from './helpers/app-services'
import { root } from './helpers/paths'

/** Payloads per channel in the validator; a smaller sample per channel goes over HTTP. */
const RUNS = 1000
const HTTP_RUNS = 15
/** Payloads drawn to find HTTP_ACCEPTED that the channel accepts, for the handlers to meet. */
const HTTP_DRAWN = 150
const HTTP_ACCEPTED = 8
const RAW_BODIES = 40
const SEED = 20_260_913
const BOUNDS = { maxString: 40_000, maxDepth: 200, maxArray: 3000 }
/** A request not answered in this time is hung: a bound on the test, not a measure of speed. */
const HUNG_MS = 30_000
/** In-process payloads never reach a file system, but their paths are absolute all the same. */
const NOWHERE = '/nonexistent-fuzz-folder'

const MAX_PATH_LENGTH = 32_767
const IMPORT_FORMATS: readonly unknown[] = ['auto', 'long', 'benchmark', 'wide', 'wandb', 'tensorboard']
const RUN_CHANNELS: readonly RequestChannel[] = ['fit:run', 'forecast:run']

// ---------------------------------------------------------------------------------------------------------
// A valid payload of every channel (the compiler insists on one per channel)

function fullProject(): Project {
  const p = sampleProject(3, 6)
  p.forecasts = { c1: storedForecast() }
  p.crossovers = [storedCrossover('c1', 'c2')]
  p.attribution = 'CC-BY-4.0'
  return p
}

function curves(): CurveInput[] {
  return [
    { name: 'small', x: [1e6, 2e6, 4e6, 8e6, 1.6e7], y: [4, 3.5, 3.1, 2.8, 2.6], split: ['fit', 'fit', 'fit', 'fit', 'heldout'] },
    { name: 'large', x: [1e6, 2e6, 4e6, 8e6], y: [3.8, 3.3, 2.9, 2.7], weight: [1, 2, 1, 0.5] }
  ]
}

const style = (): FigureStyle => ({ ...DEFAULT_FIGURE_STYLE, forms: ['BNSL', 'M2'], title: 'Loss', xLabel: 'parameters' })

const VALID: { [C in RequestChannel]: () => unknown } = {
  'app:info': () => undefined,
  'project:new': () => null,
  'project:example': () => undefined,
  'project:open': () => ({ path: `${NOWHERE}/study.ssproj.json` }),
  'project:save': () => ({
    path: `${NOWHERE}/study.ssproj.json`,
    project: fullProject(),
    overwrite: false,
    expectedVersion: '2049:77:3104:1738000000000'
  }),
  'project:recent': () => undefined,
  'project:autosave': () => ({ originalPath: `${NOWHERE}/study.ssproj.json`, project: fullProject() }),
  'project:recovery': () => undefined,
  'project:discardRecovery': () => undefined,
  'dialog:openProject': () => undefined,
  'dialog:saveProject': () => ({ suggestedName: 'My runs' }),
  'dialog:importCurves': () => undefined,
  'dialog:exportTarget': () => ({ suggestedName: 'figure.svg', target: 'file' }),
  'curves:read': () => ({ path: `${NOWHERE}/runs.csv`, format: 'wide', xColumn: 'params', yColumns: ['modelA', 'modelB'], curveName: 'run' }),
  'fit:run': () => ({ jobId: 'fit-1', curves: curves(), options: { ...DEFAULT_FIT_OPTIONS, forms: ['M1', 'M2'], timeBudgetSeconds: 5 } }),
  'fit:cancel': () => ({ jobId: 'fit-1' }),
  'forecast:run': () => ({
    jobId: 'forecast-1',
    curves: curves(),
    options: forecastOptions({ form: 'M2', resamples: 5, at: [1e8], targets: [2.5], bandRange: [1e6, 1e9], bandPoints: 8 }),
    crossovers: [{ curves: ['small', 'large'], range: null }]
  }),
  'figure:preview': () => ({ project: fullProject(), curveIds: ['c1', 'c2'], style: style() }),
  'figure:export': () => ({
    project: fullProject(),
    curveIds: ['c1'],
    style: style(),
    path: `${NOWHERE}/figure.svg`,
    perCurve: false,
    format: 'svg',
    dpi: 300,
    overwrite: true
  }),
  'report:export': () => ({ project: fullProject(), curveIds: null, path: `${NOWHERE}/report.md`, kind: 'report', overwrite: true })
}

// ---------------------------------------------------------------------------------------------------------
// Generated payloads

const scalar = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 1e308, '', '\u0000', 'auto'),
  fc.double(),
  fc.string({ maxLength: 20 })
)

/** Random JSON, and records with the channel's field names holding random values. */
function randomPayload(channel: RequestChannel): fc.Arbitrary<unknown> {
  const valid = VALID[channel]()
  const keys = typeof valid === 'object' && valid !== null ? Object.keys(valid) : ['path']
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    scalar,
    fc.dictionary(fc.constantFrom(...keys, 'extra'), fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 })), { maxKeys: keys.length + 1 })
  )
}

/** Values IPC's structured clone carries and JSON cannot: dates, maps, sets, typed arrays, holes, cycles, BigInts. */
function cloneOnlyValue(): fc.Arbitrary<unknown> {
  return fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).map((kind) => {
    const holes = [1, 2, 3]
    delete holes[1]
    const cycle: Fields = { name: 'loop' }
    cycle.self = cycle
    const values: unknown[] = [
      new Date(0), new Map([['c1', []]]), new Set(['fit']), new Float64Array([1, 2]), holes, cycle, [cycle, cycle],
      new Error('x'), Object.assign(Object.create(null), { path: `${NOWHERE}/a.json`, jobId: 'j' }), BigInt(3)
    ]
    return values[kind]
  })
}

/** Payloads as JSON carries them (HTTP), or with `ipc` as structured clone does too (the desktop window's IPC). */
function payload(channel: RequestChannel, ipc = false): fc.Arbitrary<unknown> {
  const mutated = fc
    .array(jsonMutation(BOUNDS), { minLength: 1, maxLength: 4 })
    .map((mutations) => applyJsonMutations(VALID[channel](), mutations, BOUNDS.maxDepth))
  const cloneOnly = fc.record({ at: fc.nat(), value: cloneOnlyValue() }).map(({ at, value }) => placeValue(VALID[channel](), at, value))
  const json = fc.oneof({ weight: 1, arbitrary: randomPayload(channel) }, { weight: 4, arbitrary: mutated })
  return ipc ? fc.oneof({ weight: 5, arbitrary: json }, { weight: 1, arbitrary: cloneOnly }) : json
}

// ---------------------------------------------------------------------------------------------------------
// What an accepted payload promises

type Fields = Record<string, unknown>

const isPath = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= MAX_PATH_LENGTH && !v.includes('\0')
const isText = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max && !v.includes('\0')
/** A job id is the client's own tag: any characters, 1 to 128 of them. */
const isJobId = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 128
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number')
const isPositives = (v: unknown): v is number[] => isNumbers(v) && v.every((n) => Number.isFinite(n) && n > 0)
const isBreaks = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3

/** Curves the engine can be handed: each passes its check or fails it with a CurveInputError, never a crash. */
function checkCurves(value: unknown): CurveInput[] {
  expect(Array.isArray(value) && value.length > 0).toBe(true)
  const list = value as Fields[]
  const names = new Set<string>()
  for (const c of list) {
    expect(typeof c.name === 'string' && c.name.trim() !== '' && !names.has(c.name)).toBe(true)
    names.add(c.name as string)
    expect(isNumbers(c.x) && isNumbers(c.y) && c.x.length === c.y.length).toBe(true)
    const n = (c.x as number[]).length
    const isLabels = (v: unknown): boolean => Array.isArray(v) && v.length === n && v.every((s) => s === 'fit' || s === 'heldout')
    if (c.split !== undefined) expect(isLabels(c.split)).toBe(true)
    if (c.weight !== undefined) expect(isNumbers(c.weight) && c.weight.length === n).toBe(true)
    try {
      prepareCurve(c as unknown as CurveInput)
    } catch (error) {
      expect(error).toBeInstanceOf(CurveInputError)
    }
  }
  return list as unknown as CurveInput[]
}

function checkFitOptions(o: Fields): void {
  expect(Array.isArray(o.forms) && o.forms.length > 0 && new Set(o.forms).size === o.forms.length).toBe(true)
  for (const form of o.forms as unknown[]) expect(FORM_NAMES).toContain(form)
  expect(o.breaks === 'auto' || isBreaks(o.breaks)).toBe(true)
  expect(o.crop === 'auto' || o.crop === 'none').toBe(true)
  expect(isBreaks(o.maxBreaks)).toBe(true)
  if (o.timeBudgetSeconds !== undefined) expect(Number.isFinite(o.timeBudgetSeconds) && (o.timeBudgetSeconds as number) > 0).toBe(true)
}

function checkForecastOptions(o: Fields): void {
  expect(Number.isInteger(o.resamples) && (o.resamples as number) >= 0).toBe(true)
  expect(Number.isSafeInteger(o.seed)).toBe(true)
  expect(isPositives(o.levels) && o.levels.length > 0 && o.levels.every((l) => l < 1)).toBe(true)
  expect(isPositives(o.at) && isPositives(o.targets)).toBe(true)
  if (o.bandRange !== undefined) expect(isPositives(o.bandRange) && o.bandRange.length === 2 && o.bandRange[0] < o.bandRange[1]).toBe(true)
  expect(Number.isInteger(o.bandPoints) && (o.bandPoints as number) >= 2).toBe(true)
}

/** A project the services may save, draw and report on: it validates, and saves and reopens as itself. */
function checkProject(value: unknown): Project {
  const project = validateProject(value, 'payload')
  const text = serializeProject(project)
  expect(serializeProject(parseProjectText(text, 'payload.json'))).toBe(text)
  return project
}

function checkCurveIds(value: unknown, project: Project): string[] {
  const ids = new Set(project.curves.map((c) => c.id))
  expect(Array.isArray(value) && value.length > 0 && value.every((id) => ids.has(id))).toBe(true)
  return value as string[]
}

/** A figure the export would draw: its style complete and its panels built, as the handler's first steps. */
function checkFigure(p: Fields): void {
  const project = checkProject(p.project)
  const chosen = figureStyle(p.style as Partial<FigureStyle>)
  buildFigureOption(panelsOf(project, checkCurveIds(p.curveIds, project)), chosen)
}

const PROMISES: { [C in RequestChannel]: (p: Fields) => void } = {
  'app:info': (p) => expect(p ?? null).toBeNull(),
  'project:new': (p) => expect(p ?? null).toBeNull(),
  'project:example': (p) => expect(p ?? null).toBeNull(),
  'project:open': (p) => expect(isPath(p.path)).toBe(true),
  'project:save': (p) => {
    expect(isPath(p.path)).toBe(true)
    expect(p.overwrite === undefined || typeof p.overwrite === 'boolean').toBe(true)
    expect(p.expectedVersion === undefined || typeof p.expectedVersion === 'string').toBe(true)
    checkProject(p.project)
  },
  'project:recent': (p) => expect(p ?? null).toBeNull(),
  'project:autosave': (p) => {
    expect(p.originalPath === null || isPath(p.originalPath)).toBe(true)
    checkProject(p.project)
  },
  'project:recovery': (p) => expect(p ?? null).toBeNull(),
  'project:discardRecovery': (p) => expect(p ?? null).toBeNull(),
  'dialog:openProject': (p) => expect(p ?? null).toBeNull(),
  'dialog:saveProject': (p) => expect(isText(p.suggestedName, 255)).toBe(true),
  'dialog:importCurves': (p) => expect(p ?? null).toBeNull(),
  'dialog:exportTarget': (p) => {
    expect(p.target === 'file' || p.target === 'folder').toBe(true)
    expect(isText(p.suggestedName, 255)).toBe(true)
  },
  'curves:read': (p) => {
    expect(isPath(p.path)).toBe(true)
    expect(p.format === undefined || IMPORT_FORMATS.includes(p.format)).toBe(true)
    for (const column of [p.xColumn, p.curveName]) expect(column === undefined || isText(column, 1024)).toBe(true)
    expect(p.yColumns === undefined || (Array.isArray(p.yColumns) && p.yColumns.every((c) => isText(c, 1024)))).toBe(true)
  },
  'fit:run': (p) => {
    expect(isJobId(p.jobId)).toBe(true)
    checkCurves(p.curves)
    checkFitOptions(p.options as Fields)
  },
  'fit:cancel': (p) => expect(isJobId(p.jobId)).toBe(true),
  'forecast:run': (p) => {
    expect(isJobId(p.jobId)).toBe(true)
    const names = new Set(checkCurves(p.curves).map((c) => c.name))
    checkForecastOptions(p.options as Fields)
    expect(Array.isArray(p.crossovers)).toBe(true)
    for (const c of p.crossovers as Fields[]) {
      const [a, b] = c.curves as unknown[]
      expect(names.has(a as string) && names.has(b as string) && a !== b).toBe(true)
      expect(c.range === null || (isPositives(c.range) && c.range.length === 2 && c.range[0] < c.range[1])).toBe(true)
    }
  },
  'figure:preview': checkFigure,
  'figure:export': (p) => {
    checkFigure(p)
    expect(isPath(p.path)).toBe(true)
    expect(FIGURE_FORMATS).toContain(p.format)
    expect(typeof p.dpi === 'number' && p.dpi >= 50 && p.dpi <= 1200).toBe(true)
    expect(typeof p.perCurve === 'boolean' && typeof p.overwrite === 'boolean').toBe(true)
  },
  'report:export': (p) => {
    const project = checkProject(p.project)
    expect(isPath(p.path)).toBe(true)
    expect(p.kind === 'report' || p.kind === 'compare-table').toBe(true)
    expect(typeof p.overwrite).toBe('boolean')
    compareTableCsv(project, p.curveIds === null ? null : checkCurveIds(p.curveIds, project))
  }
}

/** Validates as both entry points do; returns true when the payload is accepted (and keeps its promises). */
function validates(channel: RequestChannel, payload: unknown): boolean {
  let problem: string | null = null
  try {
    problem = requestPayloadProblem(channel, payload)
  } catch (error) {
    expect.fail(`${channel}: requestPayloadProblem threw ${String(error)}`)
  }
  try {
    validateRequest(channel, payload)
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    const message = (error as PayloadError).message
    expect(message).toBe(problem)
    expect(message.startsWith(`${channel}: `) && message.length > channel.length + 2).toBe(true)
    return false
  }
  expect(problem).toBeNull()
  PROMISES[channel](payload as Fields)
  return true
}

const counts = new Map<RequestChannel, { inputs: number; accepted: number }>()
const statuses = new Map<number, number>()

afterAll(() => {
  const inputs = [...counts.values()].reduce((n, c) => n + c.inputs, 0)
  const accepted = [...counts.values()].reduce((n, c) => n + c.accepted, 0)
  const replies = [...statuses.values()].reduce((n, c) => n + c, 0)
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ')
  console.log(
    `channel fuzz: ${inputs.toLocaleString('en')} payloads over ${counts.size} channels (${accepted.toLocaleString('en')} accepted); ` +
      `${replies} HTTP requests (${byStatus})`
  )
})

describe('every channel refuses a bad payload with a PayloadError naming it', () => {
  test.each(REQUEST_CHANNELS)('%s', (channel) => {
    const count = { inputs: 0, accepted: 0 }
    counts.set(channel, count)
    fc.assert(
      fc.property(payload(channel, true), (p) => {
        count.inputs++
        if (validates(channel, p)) count.accepted++
      }),
      { seed: SEED, numRuns: RUNS }
    )
    // The unchanged payload is accepted: mutations start from something the channel takes.
    expect(validates(channel, VALID[channel]())).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------------
// Over HTTP, to the running server

describe('the browser-mode server answers every fuzzed request with a Result', () => {
  let dir = ''
  let services: AppServices
  let server: BrowserServer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fuzz-channels-'))
    writeFileSync(join(dir, 'good.ssproj.json'), serializeProject(fullProject()))
    writeFileSync(join(dir, 'damaged.ssproj.json'), serializeProject(fullProject()).slice(0, 300))
    writeFileSync(join(dir, 'runs.csv'), 'params,modelA,modelB\n1e6,3.5,3.6\n1e7,3.0,3.2\n1e8,2.6,2.9\n')
    services = testServices(join(dir, 'data'), 1)
    server = await startBrowserServer({ services, rendererDir: join(root, 'out/renderer') })
  })

  afterAll(async () => {
    await server?.close()
    await services?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Every path a payload holds points into the test's folder: the server runs as the user, and may write. */
  function confine(channel: RequestChannel, payload: unknown, i: number): unknown {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload
    const p = { ...(payload as Fields) }
    if (typeof p.originalPath === 'string') p.originalPath = join(dir, `original-${i}.ssproj.json`)
    if (typeof p.path !== 'string') return p
    if (channel === 'project:open') p.path = join(dir, ['good.ssproj.json', 'damaged.ssproj.json', `missing-${i}.json`][i % 3])
    else if (channel === 'curves:read') p.path = join(dir, i % 2 ? 'runs.csv' : `missing-${i}.csv`)
    else if (channel === 'figure:export') {
      // SVG only: a PNG of 20 x 20 inches at 1200 dpi is 576 megapixels, work this test does not ask of a shared machine.
      if (p.format === 'png' || p.format === 'pdf') p.format = 'svg'
      p.path = join(dir, p.perCurve === true ? `figures-${i}` : `figure-${i}.svg`)
    } else if (channel === 'report:export') p.path = join(dir, p.kind === 'compare-table' ? `table-${i}.csv` : `report-${i}.${i % 2 ? 'md' : 'html'}`)
    else p.path = join(dir, `file-${i}.ssproj.json`)
    return p
  }

  /** Keeps an accepted fit or forecast small: a few tiny curves, one form, few resamples. Every other one is cancelled. */
  function bounded(channel: RequestChannel, payload: unknown, i: number): unknown | null {
    if (!RUN_CHANNELS.includes(channel) || requestPayloadProblem(channel, payload) !== null) return payload
    const p = payload as Fields
    const points = (p.curves as CurveInput[]).reduce((n, c) => n + c.x.length, 0)
    if ((p.curves as unknown[]).length > 3 || points > 40) return null
    const options = p.options as Fields
    const few = { at: (options.at as number[] | undefined)?.slice(0, 5), targets: (options.targets as number[] | undefined)?.slice(0, 5) }
    const small =
      channel === 'fit:run'
        ? { ...options, forms: ['M1'], timeBudgetSeconds: 2 }
        : { ...options, form: 'M1', resamples: Math.min(options.resamples as number, 5), ...few }
    return { ...p, jobId: `fuzz-${i}`, options: small }
  }

  async function post(channel: string, body: string | Buffer): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${channel}: no answer in ${HUNG_MS / 1000} s`)), HUNG_MS)
    })
    try {
      const call = { method: 'POST', path: `/api/${channel}`, headers: { [TOKEN_HEADER]: server.token, 'Content-Type': 'application/json' }, body }
      return await Promise.race([send(server, call), hung])
    } finally {
      clearTimeout(timer)
    }
  }

  /** A well-formed answer: a Result, with a status that is the client's fault or a busy server, never the server's. */
  function checkReply(channel: string, reply: Reply): void {
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
    expect(isResult(reply.json), `${channel}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`).toBe(true)
    expect([200, 400, 413, 503], `${channel}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`).toContain(reply.status)
    if ((reply.json as { ok: boolean }).ok) expect(reply.status).toBe(200)
  }

  async function sendPayload(channel: RequestChannel, payload: unknown, i: number): Promise<void> {
    // Written as encodeJson does, but without its nesting check: a deep payload is the server's to refuse.
    const body = payload === undefined ? '' : writeJson(payload, 'tag', 0)
    if (RUN_CHANNELS.includes(channel) && requestPayloadProblem(channel, payload) === null) {
      if (i % 2 === 0) {
        checkReply(channel, await post(channel, body))
        return
      }
      // Cancelled as soon as the job runs: its answer, finished or cancelled, must still be a Result.
      let answered = false
      const run = post(channel, body).finally(() => (answered = true))
      while (!answered) {
        const cancel = await post('fit:cancel', encodeJson({ jobId: `fuzz-${i}` }))
        checkReply('fit:cancel', cancel)
        if ((cancel.json as { value?: unknown }).value === true) break
        await new Promise((done) => setTimeout(done, 10))
      }
      checkReply(channel, await run)
      return
    }
    checkReply(channel, await post(channel, body))
  }

  test('generated and mutated payloads of every channel, then bodies mutated byte by byte', async () => {
    let i = 0
    for (const channel of REQUEST_CHANNELS) {
      // The first few as drawn (most are refused), then some of the rest that the channel accepts.
      const drawn = fc.sample(payload(channel), { seed: SEED + 1, numRuns: HTTP_RUNS + HTTP_DRAWN }).map((p) => confine(channel, p, i++))
      const accepted = drawn.slice(HTTP_RUNS).filter((p) => requestPayloadProblem(channel, p) === null)
      for (const [k, p] of [...drawn.slice(0, HTTP_RUNS), ...accepted.slice(0, HTTP_ACCEPTED)].entries()) {
        const small = bounded(channel, p, i + k)
        if (small !== null) await sendPayload(channel, small, i + k)
      }
      i += HTTP_RUNS + HTTP_ACCEPTED
    }
    // Bodies that are not JSON, cut short or not UTF-8; one whose paths no longer point into the folder is not sent.
    const raw = fc.record({
      channel: fc.constantFrom(...REQUEST_CHANNELS.filter((c) => !RUN_CHANNELS.includes(c))),
      at: fc.nat(),
      bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0x00], [0x22], [0x7b], [0x5d]),
      cut: fc.boolean()
    })
    for (const { channel, at, bytes, cut } of fc.sample(raw, { seed: SEED + 2, numRuns: RAW_BODIES })) {
      const body = Buffer.from(encodeJson(confine(channel, VALID[channel]() ?? null, i++)))
      const where = at % (body.length + 1)
      const mutated = Buffer.concat([body.subarray(0, where), Buffer.from(bytes), cut ? Buffer.alloc(0) : body.subarray(where)])
      if (!staysInFolder(mutated)) continue
      checkReply(channel, await post(channel, mutated))
    }
    // Still serving.
    const info = await post('app:info', '')
    expect(info.status).toBe(200)
    expect((info.json as { ok: boolean }).ok).toBe(true)
  })

  /** True when the body is not a payload with paths, or all of its paths are in the test's folder. */
  function staysInFolder(body: Buffer): boolean {
    let value: unknown
    try {
      value = decodeJson(new TextDecoder('utf-8', { fatal: true }).decode(body))
    } catch {
      return true
    }
    if (typeof value !== 'object' || value === null) return true
    return ['path', 'originalPath'].every((key) => {
      const path = (value as Fields)[key]
      return typeof path !== 'string' || resolve(path).startsWith(dir + sep)
    })
  }
})
