import { describe, expect, test } from 'vitest'
import {
  EVENT_CHANNELS,
  PayloadError,
  REQUEST_CHANNELS,
  eventMethodName,
  fail,
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
import type { FitRunRequest, RequestChannel } from '../../src/shared/contract'
import { DEFAULT_FIT_OPTIONS } from '../../src/shared/fit-types'

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

  test.each(['app:info', 'example:load', 'curves:import'] as const)('%s with no payload (undefined or null)', (channel) => {
    expect(validateRequest(channel, undefined)).toBeUndefined()
    expect(validateRequest(channel, null)).toBeUndefined()
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
      'fit:run: curves[0].x must be an array of numbers'
    ],
    [
      'a y value that is text',
      runWith((p) => ((p.curves as { y: unknown[] }[])[1].y[1] = '4')),
      'fit:run: curves[1].y[1] must be a number, got "4"'
    ],
    [
      'x and y of different lengths',
      runWith((p) => (p.curves as { y: number[] }[])[0].y.pop()),
      'fit:run: curves[0].y must have as many values as curves[0].x (3), got 2'
    ],
    [
      'split of the wrong length',
      runWith((p) => ((p.curves as { split?: unknown }[])[0].split = ['fit'])),
      'fit:run: curves[0].split must be an array of 3 labels "fit" or "heldout"'
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
      'fit:run: options must be an object with forms, breaks, crop and maxBreaks'
    ],
    [
      'no forms',
      runWith((p) => ((p.options as { forms: unknown }).forms = [])),
      'fit:run: options.forms must be a non-empty array of BNSL, M1, M2, M3, M4'
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
      'fit:run: options.breaks must be "auto" or 0..3'
    ],
    [
      'breaks not an integer',
      runWith((p) => ((p.options as { breaks: unknown }).breaks = 1.5)),
      'fit:run: options.breaks must be "auto" or 0..3'
    ],
    [
      'breaks as text',
      runWith((p) => ((p.options as { breaks: unknown }).breaks = '2')),
      'fit:run: options.breaks must be "auto" or 0..3'
    ],
    [
      'an unknown crop',
      runWith((p) => ((p.options as { crop: unknown }).crop = 'all')),
      'fit:run: options.crop must be "auto" or "none"'
    ],
    [
      'maxBreaks missing',
      runWith((p) => delete (p.options as { maxBreaks?: unknown }).maxBreaks),
      'fit:run: options.maxBreaks must be 0..3'
    ],
    [
      'maxBreaks negative',
      runWith((p) => ((p.options as { maxBreaks: unknown }).maxBreaks = -1)),
      'fit:run: options.maxBreaks must be 0..3'
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
    ['example:load', 'benchmark.csv', 'example:load: takes no payload, got "benchmark.csv"'],
    ['curves:import', ['/etc/passwd'], 'curves:import: takes no payload, got an array']
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
    for (const channel of [...REQUEST_CHANNELS, ...EVENT_CHANNELS]) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/)
    expect(REQUEST_CHANNELS).toEqual(['app:info', 'example:load', 'curves:import', 'fit:run', 'fit:cancel'])
    expect(EVENT_CHANNELS).toEqual(['fit:progress', 'menu:command'])
  })

  test('event channels become onDomainVerb methods', () => {
    expect(eventMethodName('fit:progress')).toBe('onFitProgress')
    expect(eventMethodName('menu:command')).toBe('onMenuCommand')
  })

  test('unwrap returns the value of ok and rethrows the name and message of fail', () => {
    expect(unwrap(ok(3))).toBe(3)
    const error = new RangeError('x must be > 0')
    const result = fail(error)
    expect(result).toEqual({ ok: false, error: { name: 'RangeError', message: 'x must be > 0' } })
    expect(() => unwrap(result)).toThrow(expect.objectContaining({ name: 'RangeError', message: 'x must be > 0' }))
    expect(fail('plain text')).toEqual({ ok: false, error: { name: 'Error', message: 'plain text' } })
  })

  test('isResult accepts both shapes and refuses anything else', () => {
    expect(isResult(ok(undefined))).toBe(true)
    expect(isResult(fail(new Error('no')))).toBe(true)
    expect(isResult({ ok: false, error: 'no' })).toBe(false)
    expect(isResult({ ok: true })).toBe(false)
    expect(isResult(null)).toBe(false)
  })
})
