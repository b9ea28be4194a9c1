import { describe, expect, test } from 'vitest'
import { serializeProject } from '../../src/shared/project/document'
import type { Project } from '../../src/shared/project/types'
import {
  curveProblem,
  findJsonError,
  fitOptionsProblem,
  parseProjectText,
  ProjectFileError,
  validateProject
} from '../../src/shared/project/validate'
import { nestedText, withDeepField } from '../fixtures/deep-json'
import { sampleProject, storedCrossover, storedFit, storedForecast } from '../fixtures/project/sample'

// Test changes reach into any field of a JSON copy, as a hand-edited file would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Draft = Record<string, any>

/** Returns the ProjectFileError that validating (a JSON copy of) the changed project throws. */
function invalid(change: (p: Draft) => void, source = 'project'): ProjectFileError {
  const p = JSON.parse(JSON.stringify(sampleProject(8, 14)))
  change(p)
  try {
    validateProject(p, source)
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectFileError)
    return error as ProjectFileError
  }
  throw new Error('expected a ProjectFileError')
}

function parseError(text: string, fileName = 'study.json'): ProjectFileError {
  try {
    parseProjectText(text, fileName)
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectFileError)
    expect((error as ProjectFileError).fileName).toBe(fileName)
    return error as ProjectFileError
  }
  throw new Error('expected a ProjectFileError')
}

describe('a good project', () => {
  test('passes and comes back as the same object', () => {
    const p = sampleProject()
    expect(validateProject(p)).toBe(p)
  })

  test('passes with weights, excluded points, an attribution and empty curves and fits', () => {
    const p = sampleProject()
    p.curves[0].points[0].weight = 2
    p.curves[0].points[1].excluded = { reason: '' }
    p.attribution = 'Apache-2.0'
    p.fits = {}
    p.curves.push({ ...p.curves[1], id: 'empty', points: [] })
    expect(() => validateProject(p)).not.toThrow()
  })

  test('fields the format does not define are ignored', () => {
    const p = { ...sampleProject(), comment: 'from a script' }
    expect(() => validateProject(p)).not.toThrow()
  })

  test('a large project (10,000 curves × 50 points) validates', () => {
    const p = sampleProject(10_000, 50)
    expect(validateProject(p).curves).toHaveLength(10_000)
  })
})

describe('each problem has its own message naming the JSON path', () => {
  const cases: Array<[string, (p: Draft) => void, string]> = [
    ['a negative y', (p) => (p.curves[3].points[12].y = -1), 'curves[3].points[12].y must be a positive finite number, got -1'],
    ['a zero x', (p) => (p.curves[0].points[0].x = 0), 'curves[0].points[0].x must be a positive finite number, got 0'],
    ['x written as a string', (p) => (p.curves[1].points[2].x = '1e6'), 'curves[1].points[2].x must be a positive finite number, got "1e6"'],
    ['a missing y', (p) => delete p.curves[1].points[2].y, 'curves[1].points[2].y must be a positive finite number, got nothing (the field is missing)'],
    ['a point that is not an object', (p) => (p.curves[0].points[1] = [1, 2]), 'curves[0].points[1] must be an object with x, y and split, got an array'],
    ['an unknown split', (p) => (p.curves[0].points[1].split = 'test'), 'curves[0].points[1].split must be "fit" or "heldout", got "test"'],
    ['a zero weight', (p) => (p.curves[0].points[1].weight = 0), 'curves[0].points[1].weight must be a positive finite number, got 0'],
    ['excluded as true', (p) => (p.curves[0].points[1].excluded = true), 'curves[0].points[1].excluded must be an object with a reason when present, got true'],
    ['an exclusion without a reason', (p) => (p.curves[0].points[1].excluded = {}), 'curves[0].points[1].excluded.reason must be a string, got nothing (the field is missing)'],
    ['points not an array', (p) => (p.curves[2].points = {}), 'curves[2].points must be an array of points, got an object'],
    ['a curve that is not an object', (p) => (p.curves[2] = 'c3'), 'curves[2] must be an object with id, name, xQuantity, xUnit, yMetric, tags, notes, points and revision, got "c3"'],
    ['an empty curve id', (p) => (p.curves[2].id = ''), 'curves[2].id must be a string of 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit, got ""'],
    ['the curve id __proto__', (p) => (p.curves[2].id = '__proto__'), 'curves[2].id must be a string of 1 to 64 letters'],
    ['a repeated curve id', (p) => (p.curves[5].id = 'c2'), 'curves[5].id "c2" repeats curves[1].id: curve ids must be unique'],
    ['a blank curve name', (p) => (p.curves[0].name = '  '), 'curves[0].name must be a non-empty string, got "  "'],
    ['a missing xUnit', (p) => delete p.curves[0].xUnit, 'curves[0].xUnit must be a string, got nothing (the field is missing)'],
    ['a number as yMetric', (p) => (p.curves[0].yMetric = 3), 'curves[0].yMetric must be a string, got 3'],
    ['a tag that is not a string', (p) => (p.curves[0].tags = ['ok', 7]), 'curves[0].tags[1] must be a string, got 7'],
    ['notes as null', (p) => (p.curves[0].notes = null), 'curves[0].notes must be a string, got null'],
    ['a fractional revision', (p) => (p.curves[0].revision = 1.5), 'curves[0].revision must be a whole number >= 0, got 1.5'],
    ['curves not an array', (p) => (p.curves = null), 'curves must be an array of curves, got null'],
    ['a project name that is not a string', (p) => (p.name = 5), 'name must be a string, got 5'],
    ['a date that is not ISO 8601', (p) => (p.createdAt = '31/01/2025'), 'createdAt must be a date and time like "2025-01-31T12:00:00.000Z", got "31/01/2025"'],
    ['an impossible date', (p) => (p.modifiedAt = '2025-13-45T99:00:00Z'), 'modifiedAt must be a date and time like'],
    ['an attribution that is not a string', (p) => (p.attribution = ['a']), 'attribution must be a string, got an array'],
    ['settings missing', (p) => delete p.settings, 'settings must be an object with forms, breaks, crop and maxBreaks, got nothing (the field is missing)'],
    ['an unknown form in the settings', (p) => (p.settings.forms = ['BNSL', 'M5']), 'settings.forms[1] must be one of BNSL, M1, M2, M3, M4, got "M5"'],
    ['a repeated form in the settings', (p) => (p.settings.forms = ['M1', 'M1']), 'settings.forms[1] repeats "M1"'],
    ['no forms in the settings', (p) => (p.settings.forms = []), 'settings.forms must be a non-empty array of BNSL, M1, M2, M3, M4, got an array'],
    ['4 breaks', (p) => (p.settings.breaks = 4), 'settings.breaks must be "auto" or 0..3, got 4'],
    ['an unknown crop', (p) => (p.settings.crop = 'some'), 'settings.crop must be "auto" or "none", got "some"'],
    ['maxBreaks as a string', (p) => (p.settings.maxBreaks = '3'), 'settings.maxBreaks must be 0..3, got "3"'],
    ['a negative time budget', (p) => (p.settings.timeBudgetSeconds = -5), 'settings.timeBudgetSeconds must be a number of seconds above 0 and at most 86400, got -5'],
    ['fits as an array', (p) => (p.fits = []), 'fits must be an object with one array of fits per curve id, got an array'],
    ['fits of an unknown curve', (p) => (p.fits.c99 = []), 'fits["c99"] belongs to no curve: no curve has the id "c99"'],
    ['a fit list that is not an array', (p) => (p.fits.c1 = {}), 'fits["c1"] must be an array of fits, got an object'],
    ['an unknown form in a fit', (p) => (p.fits.c7 = [{ ...storedFit('M1'), form: 'M5' }]), 'fits["c7"][0].form must be one of BNSL, M1, M2, M3, M4, got "M5"'],
    ['two fits of one form', (p) => (p.fits.c1[1].form = 'BNSL'), 'fits["c1"][1].form repeats "BNSL" of fits["c1"][0]: one fit per form'],
    ['breaks in an M1 fit', (p) => (p.fits.c1[1].breaks = 1), 'fits["c1"][1].breaks must be 0 for M1, got 1'],
    ['5 breaks in a BNSL fit', (p) => (p.fits.c1[0].breaks = 5), 'fits["c1"][0].breaks must be 0..3, got 5'],
    ['a negative crop', (p) => (p.fits.c1[0].crop = -1), 'fits["c1"][0].crop must be a whole number >= 0, got -1'],
    ['a parameter saved as null (NaN)', (p) => (p.fits.c1[0].params.d1 = null), 'fits["c1"][0].params["d1"] must be a finite number, got null'],
    ['params missing', (p) => delete p.fits.c1[0].params, 'fits["c1"][0].params must be an object with one finite number per parameter'],
    ['an unknown status', (p) => (p.fits.c1[0].status = 'ok'), 'fits["c1"][0].status must be one of converged, max-iterations, non-finite, cancelled, got "ok"'],
    ['a negative RMSLE', (p) => (p.fits.c1[0].fitRmsle = -0.1), 'fits["c1"][0].fitRmsle must be a finite number >= 0 or null, got -0.1'],
    ['a held-out RMSLE as a string', (p) => (p.fits.c1[0].heldoutRmsle = 'n/a'), 'fits["c1"][0].heldoutRmsle must be a finite number >= 0 or null, got "n/a"'],
    ['selection missing', (p) => delete p.fits.c1[0].selection, 'fits["c1"][0].selection must be an object with breaks and crop'],
    ['a selection candidate with a bad n', (p) => (p.fits.c1[0].selection.breaks[1].n = 7), 'fits["c1"][0].selection.breaks[1].n must be 0..3, got 7'],
    ['a selection candidate without an error', (p) => (p.fits.c1[0].selection.crop[0].validationRmsle = null), 'fits["c1"][0].selection.crop[0].validationRmsle must be a finite number >= 0, got null'],
    [
      'an averaged candidate weighing more than everything',
      (p) => (p.fits.c1[0].selection.averaged = [{ n: 1, k: 0, validationRmsle: 0.01, weight: 2 }]),
      'fits["c1"][0].selection.averaged[0].weight must be a number from 0 to 1, got 2'
    ],
    [
      'an averaged candidate without a crop',
      (p) => (p.fits.c1[0].selection.averaged = [{ n: 1, validationRmsle: 0.01, weight: 1 }]),
      'fits["c1"][0].selection.averaged[0].k must be a whole number >= 0, got nothing (the field is missing)'
    ],
    ['a negative time', (p) => (p.fits.c1[0].timeMs = -3), 'fits["c1"][0].timeMs must be a finite number >= 0, got -3'],
    ['a missing curve revision in a fit', (p) => delete p.fits.c1[0].curveRevision, 'fits["c1"][0].curveRevision must be a whole number >= 0, got nothing (the field is missing)'],
    ['a fit date that is not a date', (p) => (p.fits.c1[0].fittedAt = 'today'), 'fits["c1"][0].fittedAt must be a date and time like "2025-01-31T12:00:00.000Z", got "today"']
  ]
  test.each(cases)('%s', (_title, change, message) => {
    const error = invalid(change, 'study.json')
    expect(error.message).toContain(`study.json: ${message}`)
    expect(error.fileName).toBe('study.json')
    expect(error.problem).toBe('invalid')
  })
})

describe('what is not a project of this version', () => {
  test('a wrong format is not a Scaling Studio project', () => {
    const error = invalid((p) => (p.format = 'vega-lite'))
    expect(error.message).toBe(
      'project: not a Scaling Studio project (it has "format": "vega-lite"; a project has "format": "scaling-studio-project")'
    )
    expect(error.problem).toBe('not-project')
  })

  test('no format field is not a Scaling Studio project', () => {
    const error = invalid((p) => delete p.format)
    expect(error.message).toContain('not a Scaling Studio project (it has no "format" field')
  })

  test('a JSON array is not a Scaling Studio project', () => {
    expect(() => validateProject([], 'list.json')).toThrow('list.json: not a Scaling Studio project (the file holds an array, not an object)')
  })

  test('a newer version is refused with what to do, before its other fields are checked', () => {
    const error = invalid((p) => {
      p.version = 3
      p.curves = 'changed in version 3'
    }, 'future.json')
    expect(error.message).toBe(
      'future.json: made by a newer Scaling Studio (file format version 3; this version reads up to 2). ' +
        'Update Scaling Studio to open it; the file was not changed.'
    )
    expect(error.problem).toBe('newer')
  })

  test('a version that is not a whole number', () => {
    expect(invalid((p) => (p.version = '1')).message).toBe('project: version must be a whole number >= 1, got "1"')
    expect(invalid((p) => (p.version = 0)).message).toBe('project: version must be a whole number >= 1, got 0')
  })
})

describe('parseProjectText', () => {
  const good = serializeProject(sampleProject())

  test('reads what serializeProject wrote, with or without a byte-order mark', () => {
    expect(parseProjectText(good, 'a.json')).toEqual(sampleProject())
    expect(parseProjectText(`\uFEFF${good}`, 'a.json')).toEqual(sampleProject())
  })

  test('damaged JSON is reported with the file, line, column and position', () => {
    const text = '{\n  "format": "scaling-studio-project",\n  "version": 1\n  "name": "x"\n}'
    const error = parseError(text)
    expect(error.message).toBe(
      `study.json: damaged JSON at line 4, column 3 (character ${text.indexOf('"name"') + 1} of ${text.length}): expected ',' or '}' after a property value, found "\\""`
    )
    expect(error.problem).toBe('damaged')
  })

  test('a trailing comma is damage at the comma that follows', () => {
    const error = parseError('{"a": [1, 2,]}')
    expect(error.message).toContain('damaged JSON at line 1, column 13 (character 13 of 14): expected a value')
  })

  test('a file cut short says so and where it ends', () => {
    const error = parseError(good.slice(0, 200))
    expect(error.message).toMatch(/^study\.json: damaged JSON: the text ends early at line \d+, column \d+ \(character 201 of 200\)/)
    expect(error.message).toContain('the file was probably cut short while being written')
  })

  test('an empty file', () => {
    expect(parseError('  \n').message).toBe('study.json: the file is empty, not a Scaling Studio project')
  })

  test('a CSV file is not JSON text, so not a project', () => {
    const error = parseError('curve,x,y\na,1,2\n')
    expect(error.message).toBe('study.json: not a Scaling Studio project (it is not JSON text: it starts with "curve,x,y\\na,1,2\\n")')
    expect(error.problem).toBe('not-project')
  })

  test('valid JSON with a bad field is reported by the validator', () => {
    const text = good.replace('"y": 1,', '"y": -1,')
    expect(parseError(text).message).toBe('study.json: curves[0].points[0].y must be a positive finite number, got -1')
  })
})

describe('findJsonError', () => {
  const texts = [
    '{}',
    '[]',
    '{"a": [1, -2.5e+3, 0, {"b": "c\\n\\u00e9\\"", "d": [true, false, null]}]}',
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": .5}',
    '{"a": 1e}',
    '{"a": -}',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": "line\nbreak"}',
    "{'a': 1}",
    '{"a" 1}',
    '{"a": 1,}',
    '[1 2]',
    '{"a": tru}',
    '{"a": 1} {}',
    '{"a": [1, 2}',
    '{"a": "open'
  ]
  test.each(texts)('agrees with JSON.parse on %j', (text) => {
    let parses = true
    try {
      JSON.parse(text)
    } catch {
      parses = false
    }
    expect(findJsonError(text) === null).toBe(parses)
  })

  test('deep nesting neither overflows the stack nor hides the error', () => {
    const text = `${'['.repeat(200_000)}1${']'.repeat(199_999)}`
    expect(findJsonError(text)).toEqual({
      position: text.length,
      problem: "expected ',' or ']' after an array element, found the end of the text"
    })
  })
})

describe('problem helpers for single values', () => {
  test('curveProblem: null for a good curve, the path and problem for a bad one', () => {
    const p: Project = sampleProject()
    expect(curveProblem(p.curves[0])).toBeNull()
    expect(curveProblem({ ...p.curves[0], name: '' }, 'curves[4]')).toBe('curves[4].name must be a non-empty string, got ""')
  })

  test('fitOptionsProblem: null for good settings, the problem for bad ones', () => {
    expect(fitOptionsProblem(sampleProject().settings, 'settings')).toBeNull()
    expect(fitOptionsProblem({ forms: ['M1'], breaks: 'auto', crop: 'auto', maxBreaks: 9 }, 'settings')).toBe('settings.maxBreaks must be 0..3, got 9')
  })
})

describe('fields the format does not define are dropped on load', () => {
  test('at every level the format names: project, settings, curve, point, excluded, fit, selection, forecast, crossover', () => {
    const clean = sampleProject(2, 6)
    clean.fits.c1 = [storedFit('M1')]
    clean.fits.c1[0].selection.breaks = [{ n: 0, validationRmsle: 0.1 }]
    clean.forecasts.c1 = storedForecast()
    clean.crossovers = [storedCrossover('c1', 'c2')]
    clean.curves[0].points[2].excluded = { reason: 'outlier' }
    const p: Draft = JSON.parse(JSON.stringify(clean))
    p.unknownField = 1
    p.settings.unknownField = 1
    p.forecastSettings.unknownField = 1
    p.curves[0].unknownField = { deep: [1] }
    p.curves[1].points[0].unknownField = 1
    p.curves[0].points[2].excluded.unknownField = 1
    p.fits.c1[0].unknownField = 1
    p.fits.c1[0].selection.unknownField = 1
    p.fits.c1[0].selection.breaks[0].unknownField = 1
    p.forecasts.c1.unknownField = 1
    p.forecasts.c1.settings.unknownField = 1
    p.crossovers[0].unknownField = 1
    p.crossovers[0].settings.unknownField = 1
    const before = JSON.stringify(p)
    const loaded = validateProject(p)
    expect(JSON.stringify(p)).toBe(before)
    expect(JSON.stringify(loaded)).not.toContain('unknownField')
    expect(loaded).toEqual(validateProject(JSON.parse(JSON.stringify(clean))))
    // What had nothing unknown is shared, not copied.
    expect(loaded.curves[1].points[1]).toBe(p.curves[1].points[1])
  })

  test('a project without unknown fields comes back as the same object', () => {
    const p = sampleProject()
    expect(validateProject(p)).toBe(p)
  })

  test('a field nested 5,000 deep opens without it, never "Maximum call stack size exceeded"', () => {
    const text = withDeepField({ ...sampleProject(), extra: '__DEEP__', curves: [{ ...sampleProject().curves[0], extra: '__DEEP__' }] })
    const opened = parseProjectText(text.replace('"__DEEP__"', nestedText(5000)), 'study.json')
    expect(opened).toEqual({ ...sampleProject(), curves: [sampleProject().curves[0]] })
    expect(() => JSON.stringify(opened)).not.toThrow()
  })

  test('deep nesting inside a known field is refused by its check, naming the field', () => {
    const text = withDeepField({ ...sampleProject(), name: '__DEEP__' })
    expect(parseError(text).message).toBe('study.json: name must be a string, got an object')
  })
})

describe('messages stay short whatever the file holds', () => {
  test('a 100,000-character id of no curve is quoted by its first 40 characters', () => {
    const p = sampleProject() as unknown as { fits: Record<string, unknown> }
    p.fits['k'.repeat(100_000)] = []
    const error = parseError(JSON.stringify(p))
    expect(error.message).toContain(`["${'k'.repeat(40)}…"] belongs to no curve`)
    expect(error.message.length).toBeLessThan(300)
  })
})
