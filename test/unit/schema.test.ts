// The shared schema (src/shared/schema): each list once, one check per kind of value with one wording, error
// codes that cross the boundary, and the nesting bound.
import { describe, expect, test } from 'vitest'
import { CurveInputError, prepareCurve } from '../../src/core'
import { ServiceError, fail, requestPayloadProblem, toError, toErrorInfo } from '../../src/shared/contract'
import { FileExistsError, ProjectFileError, fitOptionsProblem as projectFitOptionsProblem, validateProject } from '../../src/shared/project/validate'
import {
  BREAK_COUNTS,
  ERROR_CODES,
  FIT_STATUSES,
  FORM_NAMES,
  IMPORT_FORMATS,
  IMPORT_FORMAT_LABELS,
  MAX_BREAKS,
  MAX_NESTING,
  SPLIT_LABELS,
  badPointField,
  curveInputProblem,
  errorCodeOf,
  fitOptionsProblem,
  hasCode,
  nestingProblem
} from '../../src/shared/schema'
import type { PointField } from '../../src/shared/schema'
import { sampleProject } from '../fixtures/project/sample'

/** A value `depth` objects deep: { a: { a: ... 1 } }. */
function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

describe('each list once', () => {
  test('the lists hold what the types and messages say', () => {
    expect(FORM_NAMES).toEqual(['BNSL', 'M1', 'M2', 'M3', 'M4'])
    expect(BREAK_COUNTS).toEqual([0, 1, 2, 3])
    expect(MAX_BREAKS).toBe(3)
    expect(SPLIT_LABELS).toEqual(['fit', 'heldout'])
    expect(FIT_STATUSES).toEqual(['converged', 'max-iterations', 'non-finite', 'cancelled'])
    expect(Object.keys(IMPORT_FORMAT_LABELS)).toEqual([...IMPORT_FORMATS])
  })

  test('the contract reads the import formats from the list', () => {
    expect(requestPayloadProblem('curves:read', { path: 'a.csv', format: 'xlsx' })).toBe(
      `curves:read: format must be one of ${IMPORT_FORMATS.join(', ')}, got "xlsx"`
    )
  })
})

describe('one point rule for the contract, the project file and the engine', () => {
  const cases: Array<{ title: string; x: unknown; y: unknown; split: unknown; weight: unknown; which: PointField; got: string }> = [
    { title: 'x = 0', x: 0, y: 1, split: 'fit', weight: undefined, which: 'x', got: '0' },
    { title: 'x is NaN', x: Number.NaN, y: 1, split: 'fit', weight: undefined, which: 'x', got: 'NaN' },
    { title: 'y is Infinity', x: 1, y: Number.POSITIVE_INFINITY, split: 'fit', weight: undefined, which: 'y', got: 'Infinity' },
    { title: 'y is text', x: 1, y: '2', split: 'fit', weight: undefined, which: 'y', got: '"2"' },
    { title: 'an unknown split', x: 1, y: 2, split: 'test', weight: undefined, which: 'split', got: '"test"' },
    { title: 'a negative weight', x: 1, y: 2, split: 'fit', weight: -1, which: 'weight', got: '-1' }
  ]
  const expected: Record<PointField, string> = {
    x: 'a positive finite number',
    y: 'a positive finite number',
    split: '"fit" or "heldout"',
    weight: 'a positive finite number'
  }

  test.each(cases)('$title: each boundary refuses it in the same words', ({ x, y, split, weight, which, got }) => {
    expect(badPointField(x, y, split, weight)).toBe(which)
    const words = `must be ${expected[which]}, got ${got}`
    const lists = { x: [10, x], y: [5, y], split: ['fit', split], ...(weight !== undefined && { weight: [1, weight] }) }
    expect(curveInputProblem({ name: 'c', ...lists }, 'curves[0]')).toBe(`curves[0].${which}[1] ${words}`)

    const project = JSON.parse(JSON.stringify(sampleProject(1, 6)))
    Object.assign(project.curves[0].points[1], { x, y, split, weight })
    expect(() => validateProject(project, 'p.json')).toThrow(`p.json: curves[0].points[1].${which} ${words}`)

    expect(() => prepareCurve({ name: 'c', ...lists } as never)).toThrow(CurveInputError)
    expect(() => prepareCurve({ name: 'c', ...lists } as never)).toThrow(new RegExp(`^curve "c": point 2 \\(x=.*\\): ${which} ${words.replace(/[()]/g, '\\$&')}$`))
  })

  test('a good point passes everywhere', () => {
    expect(badPointField(1e9, 0.5, 'heldout', 2)).toBeNull()
    expect(curveInputProblem({ name: 'c', x: [1, 2], y: [3, 4] }, 'curve')).toBeNull()
  })
})

describe('one fit options check', () => {
  test('the contract, the project validator and edits share it and its words', () => {
    const options = { forms: ['M1'], breaks: 'auto', crop: 'all', maxBreaks: 3 }
    expect(fitOptionsProblem(options, 'options')).toBe('options.crop must be "auto" or "none", got "all"')
    expect(projectFitOptionsProblem).toBe(fitOptionsProblem)
    expect(requestPayloadProblem('fit:run', { jobId: 'j', curves: [{ name: 'c', x: [1], y: [1] }], options })).toBe(
      'fit:run: options.crop must be "auto" or "none", got "all"'
    )
  })
})

describe('errors cross with a code and their fields', () => {
  test('every error class of the services maps to its code; anything else is Error', () => {
    expect(errorCodeOf(new FileExistsError('p.json'))).toBe('FileExists')
    expect(errorCodeOf(new ProjectFileError('bad', 'p.json', 'damaged'))).toBe('ProjectFileError')
    expect(errorCodeOf(new RangeError('x'))).toBe('Error')
    expect(errorCodeOf(Object.assign(new Error('no file'), { code: 'ENOENT' }))).toBe('Error')
    expect(ERROR_CODES).toContain('NoNativeDialog')
  })

  test('a ProjectFileError keeps its problem and file name through toErrorInfo and toError', () => {
    const info = toErrorInfo(new ProjectFileError('file not found at /x/p.json', 'p.json', 'missing'))
    expect(info).toEqual({
      code: 'ProjectFileError',
      name: 'ProjectFileError',
      message: 'p.json: file not found at /x/p.json',
      problem: 'missing',
      fileName: 'p.json'
    })
    const error = toError(info)
    expect(error).toBeInstanceOf(ServiceError)
    expect(hasCode(error, 'ProjectFileError')).toBe(true)
    expect(hasCode(error, 'FileExists')).toBe(false)
    expect(error).toMatchObject({ name: 'ProjectFileError', problem: 'missing', fileName: 'p.json' })
  })

  test('a field that is not one the boundary defines, or of the wrong type, does not cross', () => {
    const odd = Object.assign(new Error('x'), { problem: 'on-fire', fileName: 7, secret: 'token' })
    expect(fail(odd)).toEqual({ ok: false, error: { code: 'Error', name: 'Error', message: 'x' } })
  })
})

describe('nesting is bounded', () => {
  test(`a value ${MAX_NESTING} levels deep passes; one level more is named by its path`, () => {
    expect(nestingProblem(nested(MAX_NESTING))).toBeNull()
    expect(nestingProblem({ list: [nested(MAX_NESTING - 2)] })).toBeNull()
    expect(nestingProblem({ list: [nested(MAX_NESTING - 1)] }, 'payload')).toMatch(
      /^payload\.list\[0\]\.a\.a.*\.a nests deeper than 64 levels of arrays and objects, the limit$/
    )
  })

  test('5,000 levels are measured without overflowing the stack; the path stops at the first level too deep', () => {
    const problem = nestingProblem({ curves: [{ extra: nested(5000) }] }) as string
    expect(problem).toMatch(/^curves\[0\]\.extra(\.a){61} nests deeper than 64 levels/)
  })

  test('a path of long keys is shortened in the middle', () => {
    let value: unknown = 1
    for (let i = 0; i < MAX_NESTING + 1; i++) value = { [`key${'k'.repeat(30)}${i}`]: value }
    const problem = nestingProblem(value) as string
    expect(problem).toMatch(/^keyk+64\.key.*….*k+1 nests deeper/)
    expect(problem.length).toBeLessThan(250)
  })

  test('odd keys are quoted in the path', () => {
    expect(nestingProblem({ 'a b': nested(MAX_NESTING) })).toMatch(/^\["a b"\]\.a/)
  })
})
