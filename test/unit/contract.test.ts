import { describe, expect, test } from 'vitest'
import {
  EVENT_CHANNELS,
  JsonNestingError,
  MENU_COMMANDS,
  PayloadError,
  REQUEST_CHANNELS,
  ServiceError,
  apiFromResults,
  buildApi,
  decodeJson,
  encodeJson,
  eventMethodName,
  fail,
  isEventChannel,
  isRequestChannel,
  splitChannel,
  isCurveInput,
  isFitCancelRequest,
  isFitOptions,
  isFitRunRequest,
  isResult,
  ok,
  requestPayloadProblem,
  unwrap,
  validateRequest
} from '../../src/shared/contract'
import type { FitRunRequest, RequestChannel, ResultApi } from '../../src/shared/contract'
import { DEFAULT_FIT_OPTIONS } from '../../src/shared/fit-types'
import { newProject, projectFromCurves } from '../../src/shared/project/document'
import { FileExistsError } from '../../src/shared/project/validate'
import { hasCode } from '../../src/shared/schema'
import { nestedText } from '../fixtures/deep-json'

const project = () =>
  projectFromCurves([{ name: 'a', x: [1, 2, 3], y: [3, 2, 1], split: ['fit', 'fit', 'heldout'] }], { name: 'P' })

const goodRun = (): FitRunRequest => ({
  jobId: 'fit-1',
  curves: [
    { name: 'a', x: [1, 2, 3], y: [3, 2, 1] },
    { name: 'b', x: [10, 20], y: [5, 4], split: ['fit', 'heldout'] }
  ],
  options: { ...DEFAULT_FIT_OPTIONS, forms: [...DEFAULT_FIT_OPTIONS.forms] }
})

/** A good fit:run payload with one path replaced (or deleted, for undefined). */
function runWith(edit: (payload: Record<string, unknown>) => void): unknown {
  const payload = structuredClone(goodRun()) as unknown as Record<string, unknown>
  edit(payload)
  return payload
}

function payloadError(channel: RequestChannel, payload: unknown): PayloadError {
  try {
    validateRequest(channel, payload)
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    expect((error as PayloadError).name).toBe('PayloadError')
    return error as PayloadError
  }
  throw new Error(`expected ${channel} to refuse the payload`)
}

describe('good payloads pass', () => {
  test('fit:run with default options, split labels and a curve without them', () => {
    const payload = goodRun()
    expect(validateRequest('fit:run', payload)).toBe(payload)
    expect(isFitRunRequest(payload)).toBe(true)
    expect(isFitOptions(DEFAULT_FIT_OPTIONS)).toBe(true)
    expect(isCurveInput(payload.curves[1])).toBe(true)
  })

  test('fit:run with a fixed break count, no cropping and one form', () => {
    const payload = runWith((p) => (p.options = { forms: ['BNSL'], breaks: 3, crop: 'none', maxBreaks: 0 }))
    expect(requestPayloadProblem('fit:run', payload)).toBeNull()
  })

  test('fit:cancel with a job id', () => {
    expect(validateRequest('fit:cancel', { jobId: 'fit-1' })).toEqual({ jobId: 'fit-1' })
    expect(isFitCancelRequest({ jobId: 'fit-1' })).toBe(true)
  })

  test.each([
    'app:info',
    'project:new',
    'project:example',
    'project:recent',
    'project:recovery',
    'project:discardRecovery',
    'dialog:openProject',
    'dialog:importCurves'
  ] as const)('%s with no payload (undefined or null)', (channel) => {
    expect(validateRequest(channel, undefined)).toBeUndefined()
    expect(validateRequest(channel, null)).toBeUndefined()
  })
})

describe('good project, dialog and file payloads pass', () => {
  test('project:open and project:save with a path; the project is returned unchanged', () => {
    expect(validateRequest('project:open', { path: '/tmp/p.json' })).toEqual({ path: '/tmp/p.json' })
    const payload = { path: 'relative/p.json', project: project() }
    expect(validateRequest('project:save', payload)).toBe(payload)
    expect(requestPayloadProblem('project:save', { path: 'C:\\Users\\me\\p.json', project: newProject('x') })).toBeNull()
  })

  test('project:autosave with and without an original path', () => {
    expect(requestPayloadProblem('project:autosave', { originalPath: null, project: project() })).toBeNull()
    expect(requestPayloadProblem('project:autosave', { originalPath: '/tmp/p.json', project: project() })).toBeNull()
  })

  test('dialog:saveProject with a suggested name, even an empty one', () => {
    expect(validateRequest('dialog:saveProject', { suggestedName: 'My runs' })).toEqual({ suggestedName: 'My runs' })
    expect(requestPayloadProblem('dialog:saveProject', { suggestedName: '' })).toBeNull()
  })

  test('curves:read with a path only, and with every import option', () => {
    expect(requestPayloadProblem('curves:read', { path: 'runs.csv' })).toBeNull()
    const full = { path: '/data/runs.csv', format: 'wide', xColumn: 'step', yColumns: ['loss', 'val loss'], curveName: 'c' }
    expect(validateRequest('curves:read', full)).toBe(full)
  })
})

describe('bad project, dialog and file payloads are refused naming the field', () => {
  test.each<[RequestChannel, unknown, string]>([
    ['project:open', undefined, 'project:open: payload must be an object with path'],
    ['project:open', '/tmp/p.json', 'project:open: payload must be an object with path'],
    [
      'project:open',
      {},
      'project:open: path must be a non-empty file path without NUL characters, got nothing (the field is missing)'
    ],
    ['project:open', { path: '' }, 'project:open: path must be a non-empty file path without NUL characters, got ""'],
    [
      'project:open',
      { path: '/tmp/p.json\0.png' },
      'project:open: path must be a non-empty file path without NUL characters, got "/tmp/p.json\\u0000.png"'
    ],
    ['project:open', { path: 7 }, 'project:open: path must be a non-empty file path without NUL characters, got 7'],
    ['project:save', { project: project() }, 'project:save: path must be a non-empty file path without NUL characters, got nothing (the field is missing)'],
    ['project:save', { path: '/tmp/p.json' }, 'project:save: project must be a project document (an object), got nothing (the field is missing)'],
    ['project:save', { path: '/tmp/p.json', project: project(), overwrite: 'yes' }, 'project:save: overwrite must be true or false, got "yes"'],
    ['project:save', { path: '/tmp/p.json', project: project(), expectedVersion: 3 }, 'project:save: expectedVersion must be a string, got 3'],
    [
      'project:save',
      { path: '/tmp/p.json', project: { ...project(), name: 5 } },
      'project:save: project: name must be a string, got 5'
    ],
    [
      // IPC's structured clone carries a Map; its entries are not fields, so it would be saved as {} (fits lost).
      'project:save',
      { path: '/tmp/p.json', project: { ...project(), fits: new Map([['c1', []]]) } },
      'project:save: project: fits must be an object with one array of fits per curve id, got a Map'
    ],
    [
      'project:autosave',
      { originalPath: '', project: project() },
      'project:autosave: originalPath must be a non-empty file path without NUL characters, got "" (or null)'
    ],
    ['project:autosave', 'x', 'project:autosave: payload must be an object with originalPath and project'],
    ['dialog:saveProject', undefined, 'dialog:saveProject: payload must be an object with suggestedName'],
    ['dialog:saveProject', {}, 'dialog:saveProject: payload must be an object with suggestedName'],
    [
      'dialog:saveProject',
      { suggestedName: 3 },
      'dialog:saveProject: suggestedName must be a string of at most 255 characters without NUL, got 3'
    ],
    ['curves:read', undefined, 'curves:read: payload must be an object with path'],
    [
      'curves:read',
      { path: 'a.csv', format: 'xlsx' },
      'curves:read: format must be one of auto, long, benchmark, wide, wandb, tensorboard, got "xlsx"'
    ],
    [
      'curves:read',
      { path: 'a.csv', xColumn: 1 },
      'curves:read: xColumn must be a string of at most 1024 characters without NUL, got 1'
    ],
    ['curves:read', { path: 'a.csv', yColumns: 'loss' }, 'curves:read: yColumns must be an array of column names'],
    ['curves:read', { path: 'a.csv', yColumns: ['loss', 2] }, 'curves:read: yColumns[1] must be a string, got 2']
  ])('%s, %j', (channel, payload, message) => {
    expect(payloadError(channel, payload).message).toBe(message)
  })

  test('a project payload is checked to its deepest field, as when a file is opened', () => {
    const bad = project()
    bad.curves[0].points[1].y = -1
    expect(payloadError('project:save', { path: '/tmp/p.json', project: bad }).message).toMatch(
      /^project:save: project: curves\[0\]\.points\[1\]\.y must be .*got -1$/
    )
  })
})

describe('bad payloads are refused with a message naming the channel and the field', () => {
  test.each<[string, unknown, string]>([
    ['payload not an object', 'go', 'fit:run: payload must be an object with jobId, curves and options'],
    ['payload an array', [goodRun()], 'fit:run: payload must be an object with jobId, curves and options'],
    [
      'missing job id',
      runWith((p) => delete p.jobId),
      'fit:run: jobId must be a non-empty string of at most 128 characters'
    ],
    [
      'empty job id',
      runWith((p) => (p.jobId = '')),
      'fit:run: jobId must be a non-empty string of at most 128 characters'
    ],
    [
      'overlong job id',
      runWith((p) => (p.jobId = 'x'.repeat(129))),
      'fit:run: jobId must be a non-empty string of at most 128 characters'
    ],
    ['curves missing', runWith((p) => delete p.curves), 'fit:run: curves must be a non-empty array of curves'],
    ['no curves', runWith((p) => (p.curves = [])), 'fit:run: curves must be a non-empty array of curves'],
    [
      'curve not an object',
      runWith((p) => ((p.curves as unknown[])[1] = 7)),
      'fit:run: curves[1] must be an object with name, x and y'
    ],
    [
      'curve without a name',
      runWith((p) => ((p.curves as { name: string }[])[0].name = ' ')),
      'fit:run: curves[0].name must be a non-empty string'
    ],
    [
      'x not an array',
      runWith((p) => ((p.curves as { x: unknown }[])[0].x = '1,2,3')),
      'fit:run: curves[0].x must be an array of positive finite numbers'
    ],
    [
      'a y value that is text',
      runWith((p) => ((p.curves as { y: unknown[] }[])[1].y[1] = '4')),
      'fit:run: curves[1].y[1] must be a positive finite number, got "4"'
    ],
    [
      'x and y of different lengths',
      runWith((p) => (p.curves as { y: number[] }[])[0].y.pop()),
      'fit:run: curves[0].y must have as many values as curves[0].x (3), got 2'
    ],
    [
      'weights of the wrong length',
      runWith((p) => ((p.curves as { weight?: unknown }[])[0].weight = [1, 2])),
      'fit:run: curves[0].weight must have 3 values, got 2'
    ],
    [
      'a weight that is text',
      runWith((p) => ((p.curves as { weight?: unknown }[])[0].weight = [1, 'heavy', 1])),
      'fit:run: curves[0].weight[1] must be a positive finite number, got "heavy"'
    ],
    [
      'split of the wrong length',
      runWith((p) => ((p.curves as { split?: unknown }[])[0].split = ['fit'])),
      'fit:run: curves[0].split must be an array of 3 labels "fit" or "heldout", got 1'
    ],
    [
      'an unknown split label',
      runWith((p) => ((p.curves as { split: unknown[] }[])[1].split[0] = 'train')),
      'fit:run: curves[1].split[0] must be "fit" or "heldout", got "train"'
    ],
    [
      'two curves of one name',
      runWith((p) => ((p.curves as { name: string }[])[1].name = 'a')),
      'fit:run: curves[1].name "a" repeats curves[0].name'
    ],
    [
      'options missing',
      runWith((p) => delete p.options),
      'fit:run: options must be an object with forms, breaks, crop and maxBreaks, got nothing (the field is missing)'
    ],
    [
      'no forms',
      runWith((p) => ((p.options as { forms: unknown }).forms = [])),
      'fit:run: options.forms must be a non-empty array of BNSL, M1, M2, M3, M4, got an array'
    ],
    [
      'an unknown form',
      runWith((p) => ((p.options as { forms: unknown }).forms = ['M1', 'M5'])),
      'fit:run: options.forms[1] must be one of BNSL, M1, M2, M3, M4, got "M5"'
    ],
    [
      'a form twice',
      runWith((p) => ((p.options as { forms: unknown }).forms = ['M1', 'M2', 'M1'])),
      'fit:run: options.forms[2] repeats "M1"'
    ],
    [
      'breaks out of range',
      runWith((p) => ((p.options as { breaks: unknown }).breaks = 4)),
      'fit:run: options.breaks must be "auto" or 0..3, got 4'
    ],
    [
      'breaks not an integer',
      runWith((p) => ((p.options as { breaks: unknown }).breaks = 1.5)),
      'fit:run: options.breaks must be "auto" or 0..3, got 1.5'
    ],
    [
      'breaks as text',
      runWith((p) => ((p.options as { breaks: unknown }).breaks = '2')),
      'fit:run: options.breaks must be "auto" or 0..3, got "2"'
    ],
    [
      'an unknown crop',
      runWith((p) => ((p.options as { crop: unknown }).crop = 'all')),
      'fit:run: options.crop must be "auto" or "none", got "all"'
    ],
    [
      'maxBreaks missing',
      runWith((p) => delete (p.options as { maxBreaks?: unknown }).maxBreaks),
      'fit:run: options.maxBreaks must be 0..3, got nothing (the field is missing)'
    ],
    [
      'maxBreaks negative',
      runWith((p) => ((p.options as { maxBreaks: unknown }).maxBreaks = -1)),
      'fit:run: options.maxBreaks must be 0..3, got -1'
    ],
    [
      'a time budget of 0 s',
      runWith((p) => ((p.options as { timeBudgetSeconds: unknown }).timeBudgetSeconds = 0)),
      'fit:run: options.timeBudgetSeconds must be a number of seconds above 0 and at most 86400, got 0'
    ],
    [
      'a time budget as a string',
      runWith((p) => ((p.options as { timeBudgetSeconds: unknown }).timeBudgetSeconds = '60')),
      'fit:run: options.timeBudgetSeconds must be a number of seconds above 0 and at most 86400, got "60"'
    ]
  ])('fit:run, %s', (_case, payload, message) => {
    expect(payloadError('fit:run', payload).message).toBe(message)
    expect(isFitRunRequest(payload)).toBe(false)
  })

  test.each<[string, unknown, string]>([
    ['no payload', undefined, 'fit:cancel: payload must be an object with jobId'],
    ['a bare job id', 'fit-1', 'fit:cancel: payload must be an object with jobId'],
    ['a numeric job id', { jobId: 1 }, 'fit:cancel: jobId must be a non-empty string of at most 128 characters']
  ])('fit:cancel, %s', (_case, payload, message) => {
    expect(payloadError('fit:cancel', payload).message).toBe(message)
  })

  test.each<[RequestChannel, unknown, string]>([
    ['app:info', {}, 'app:info: takes no payload, got an object'],
    ['project:example', 'benchmark.csv', 'project:example: takes no payload, got "benchmark.csv"'],
    ['dialog:importCurves', ['/etc/passwd'], 'dialog:importCurves: takes no payload, got an array']
  ])('%s with a payload it does not take', (channel, payload, message) => {
    expect(payloadError(channel, payload).message).toBe(message)
  })

  test('an unknown channel', () => {
    expect(payloadError('fs:read' as RequestChannel, undefined).message).toBe('unknown request channel "fs:read"')
  })

  test('a long bad string is shortened in the message', () => {
    const payload = runWith((p) => ((p.options as { forms: unknown }).forms = ['y'.repeat(100)]))
    expect(payloadError('fit:run', payload).message).toBe(
      `fit:run: options.forms[0] must be one of BNSL, M1, M2, M3, M4, got "${'y'.repeat(40)}…"`
    )
  })
})

describe('channels and results', () => {
  test('every channel is named domain:verb', () => {
    for (const channel of [...REQUEST_CHANNELS, ...EVENT_CHANNELS]) expect(channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/)
    expect(REQUEST_CHANNELS).toEqual([
      'app:info',
      'project:new',
      'project:example',
      'project:open',
      'project:save',
      'project:recent',
      'project:autosave',
      'project:recovery',
      'project:discardRecovery',
      'dialog:openProject',
      'dialog:saveProject',
      'dialog:importCurves',
      'dialog:exportTarget',
      'curves:read',
      'fit:run',
      'fit:cancel',
      'forecast:run',
      'figure:preview',
      'figure:export',
      'report:export'
    ])
    expect(EVENT_CHANNELS).toEqual(['fit:progress', 'forecast:progress', 'menu:command'])
    for (const command of MENU_COMMANDS) expect(command).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/)
  })

  test('event channels become onDomainVerb methods', () => {
    expect(eventMethodName('fit:progress')).toBe('onFitProgress')
    expect(eventMethodName('menu:command')).toBe('onMenuCommand')
  })

  test('buildApi turns every request channel into api.domain.verb and every event channel into api.onDomainVerb', async () => {
    const sent: Array<[string, unknown]> = []
    const listened: string[] = []
    const api = buildApi(
      async (channel, payload) => {
        sent.push([channel, payload])
        return `${channel} answered`
      },
      (channel) => {
        listened.push(channel)
        return () => listened.push(`${channel} off`)
      }
    )
    await expect(api.project.open({ path: 'a.json' })).resolves.toBe('project:open answered')
    await expect(api.app.info()).resolves.toBe('app:info answered')
    expect(sent).toEqual([
      ['project:open', { path: 'a.json' }],
      ['app:info', undefined]
    ])
    const off = api.onFitProgress(() => undefined)
    off()
    expect(listened).toEqual(['fit:progress', 'fit:progress off'])
    const record = api as unknown as Record<string, Record<string, unknown>>
    for (const channel of REQUEST_CHANNELS) {
      const { domain, verb } = splitChannel(channel)
      expect(typeof record[domain][verb]).toBe('function')
    }
    for (const channel of EVENT_CHANNELS) expect(typeof record[eventMethodName(channel)]).toBe('function')
  })

  test('a camelCase verb keeps its case in the method name', () => {
    expect(splitChannel('project:discardRecovery')).toEqual({ domain: 'project', verb: 'discardRecovery' })
    expect(isRequestChannel('project:discardRecovery')).toBe(true)
    expect(isRequestChannel('project:discardrecovery')).toBe(false)
    expect(isRequestChannel('toString')).toBe(false)
    expect(isEventChannel('fit:progress')).toBe(true)
    expect(isEventChannel('fit:run')).toBe(false)
  })

  test('unwrap returns the value of ok and rethrows the code, name and message of fail', () => {
    expect(unwrap(ok(3))).toBe(3)
    const error = new RangeError('x must be > 0')
    const result = fail(error)
    expect(result).toEqual({ ok: false, error: { code: 'Error', name: 'RangeError', message: 'x must be > 0' } })
    expect(() => unwrap(result)).toThrow(expect.objectContaining({ code: 'Error', name: 'RangeError', message: 'x must be > 0' }))
    expect(fail('plain text')).toEqual({ ok: false, error: { code: 'Error', name: 'Error', message: 'plain text' } })
  })

  test('encodeJson and decodeJson keep NaN and the infinities that plain JSON turns into null', () => {
    const value = { a: Number.NaN, b: [1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], c: null, d: 'NaN' }
    const text = encodeJson(value)
    expect(JSON.parse(text)).toEqual({
      a: { $nonFinite: 'NaN' },
      b: [1, { $nonFinite: 'Infinity' }, { $nonFinite: '-Infinity' }],
      c: null,
      d: 'NaN'
    })
    expect(decodeJson(text)).toEqual(value)
    expect(encodeJson(undefined)).toBe('null')
  })

  test('decodeJson leaves objects that only look like the tag alone', () => {
    expect(decodeJson('{"$nonFinite":"NaN","other":1}')).toEqual({ $nonFinite: 'NaN', other: 1 })
    expect(decodeJson('{"$nonFinite":"huge"}')).toEqual({ $nonFinite: 'huge' })
    expect(decodeJson('{"$nonFinite":1}')).toEqual({ $nonFinite: 1 })
    expect(() => decodeJson('{')).toThrow(SyntaxError)
  })

  test('isResult accepts both shapes and refuses anything else', () => {
    expect(isResult(ok(undefined))).toBe(true)
    expect(isResult(fail(new Error('no')))).toBe(true)
    expect(isResult({ ok: false, error: 'no' })).toBe(false)
    expect(isResult({ ok: true })).toBe(false)
    expect(isResult(null)).toBe(false)
  })
})

describe('JSON nested too deep', () => {
  test('decodeJson refuses text nested 5,000 deep naming the path, with or without NaN tags, never RangeError', () => {
    for (const text of [`{"project":${nestedText(5000)}}`, `{"project":${nestedText(5000)},"n":{"$nonFinite":"NaN"}}`]) {
      let error: unknown
      try {
        decodeJson(text)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(JsonNestingError)
      expect(error).toMatchObject({ name: 'TooDeep', message: expect.stringMatching(/^project(\.a)+ nests deeper than 64 levels/) })
    }
  })

  test('encodeJson refuses a value nested 5,000 deep instead of overflowing the stack', () => {
    let value: unknown = 1
    for (let i = 0; i < 5000; i++) value = [value]
    expect(() => encodeJson({ value })).toThrow(JsonNestingError)
  })

  test('tags are still revived inside arrays and at the top', () => {
    expect(decodeJson('[[{"$nonFinite":"-Infinity"}],{"a":{"$nonFinite":"NaN"}}]')).toEqual([[-Infinity], { a: Number.NaN }])
    expect(decodeJson('{"$nonFinite":"Infinity"}')).toBe(Infinity)
  })
})

describe('errors reach the window with their code and fields', () => {
  test('a reply error without a known code is malformed', () => {
    expect(isResult({ ok: false, error: { name: 'FileExists', message: 'x' } })).toBe(false)
    expect(isResult({ ok: false, error: { code: 'Gone', name: 'Gone', message: 'x' } })).toBe(false)
    expect(isResult(fail(new FileExistsError('p.json')))).toBe(true)
  })

  test("apiFromResults unwraps the preload's Results in the window: a FileExists keeps its code and file name", async () => {
    // What the preload exposes: each method resolves to a Result (contextBridge would drop an Error's fields).
    const bridge = buildApi(
      async (channel) => (channel === 'project:save' ? fail(new FileExistsError('p.ssproj.json')) : ok(`${channel} answered`)),
      () => () => undefined
    ) as unknown as ResultApi
    const api = apiFromResults(bridge)
    await expect(api.app.info()).resolves.toBe('app:info answered')
    const error = await api.project.save({ path: 'p.ssproj.json', project: newProject('x') }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ServiceError)
    expect(hasCode(error, 'FileExists')).toBe(true)
    expect(error).toMatchObject({ name: 'FileExists', problem: 'refused', fileName: 'p.ssproj.json' })
    expect((error as Error).message).toBe('p.ssproj.json: a file of that name exists; replace it?')
  })

  test('apiFromResults refuses a reply that is not a Result', async () => {
    const bridge = buildApi(async () => 'not a result', () => () => undefined) as unknown as ResultApi
    await expect(apiFromResults(bridge).app.info()).rejects.toThrow("app:info: the app sent a malformed reply")
  })
})

test('two curves sharing a 100,000-character name are refused with a message that quotes 40 of them', () => {
  const name = 'n'.repeat(100_000)
  const curve = { name, x: [1, 2, 3], y: [3, 2, 1] }
  const error = payloadError('fit:run', { jobId: 'j', curves: [curve, curve], options: DEFAULT_FIT_OPTIONS })
  expect(error.message).toContain(`curves[1].name "${'n'.repeat(40)}…" repeats curves[0].name`)
  expect(error.message.length).toBeLessThan(300)
})
