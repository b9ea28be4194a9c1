import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { forecastCrossover, forecastCurve } from '../../src/core/forecast'
import { forecastOptions } from '../../src/shared/forecast-options'
import type { CrossoverAnswer, CurveForecast } from '../../src/shared/forecast-types'
import { FORECAST_DEFAULTS } from '../../src/shared/forecast-types'
import {
  crossoverOf,
  curveInput,
  defaultForecastSettings,
  forecastOf,
  isCrossoverStale,
  isForecastStale,
  newProject,
  projectStats,
  serializeProject
} from '../../src/shared/project/document'
import {
  deleteCurves,
  removeCrossover,
  removeForecast,
  renameCurve,
  setPointExcluded,
  setPointSplit,
  setPointWeight,
  storeCrossover,
  storeForecast,
  updateForecastSettings
} from '../../src/shared/project/edits'
import type { ForecastToStore } from '../../src/shared/project/edits'
import { History } from '../../src/shared/project/history'
import type { Project, ProjectCurve } from '../../src/shared/project/types'
import { parseProjectText, ProjectFileError, validateProject } from '../../src/shared/project/validate'
import {
  crossoverAnswer,
  deepFreeze,
  forecastResult,
  sampleProject,
  storedCrossover,
  storedForecast,
  T0
} from '../fixtures/project/sample'

// Test changes reach into any field of a JSON copy, as a hand-edited file would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Draft = Record<string, any>

const NOW = '2025-02-02T10:00:00.000Z'

/** A curve the engine fits well: y = 0.5 + 30 x^-0.3 with a little deterministic scatter, 8 points from 1e6. */
function powerLawCurve(id: string, name: string, a: number, b: number): ProjectCurve {
  return {
    id,
    name,
    xQuantity: 'parameters',
    xUnit: '',
    yMetric: 'loss',
    tags: [],
    notes: '',
    revision: 0,
    points: Array.from({ length: 8 }, (_, i) => {
      const x = 1e6 * 2 ** i
      return { x, y: (a + b * x ** -0.3) * (1 + 0.01 * Math.sin(i * 7)), split: 'fit' as const }
    })
  }
}

/** A sample project whose first two curves are power laws that cross near 1.8e7. */
function engineProject(): Project {
  const p = sampleProject(3, 6)
  p.curves[0] = powerLawCurve('c1', 'curve 1', 0.5, 30)
  p.curves[1] = powerLawCurve('c2', 'curve 2', 0.3, 60)
  return p
}

// One real forecast and crossover from the engine, M2 uncropped and 20 resamples to stay quick; 0.1 is never reached,
// so the answer holds NaN where it has no value.
const QUERY = { at: [1e9, 5e9], targets: [0.6, 0.1] }
let real: { forecast: ForecastToStore; crossover: CrossoverAnswer }

beforeAll(() => {
  const p = engineProject()
  const settings = { ...defaultForecastSettings(), form: 'M2' as const, crop: 'none' as const, resamples: 20 }
  const result = forecastCurve(curveInput(p.curves[0]), forecastOptions({ ...settings, ...QUERY }))
  const crossover = forecastCrossover(curveInput(p.curves[0]), curveInput(p.curves[1]), forecastOptions(settings), null)
  real = { forecast: { ...QUERY, settings, result }, crossover }
})

/** The ProjectFileError that validating a JSON copy of the changed project throws. */
function invalid(change: (p: Draft) => void, base: Project = withStored()): ProjectFileError {
  const p = JSON.parse(JSON.stringify(base))
  change(p)
  try {
    validateProject(p, 'study.json')
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectFileError)
    return error as ProjectFileError
  }
  throw new Error('expected a ProjectFileError')
}

/** The sample project with the hand-made forecast of c1 and a crossover of c1 and c2. */
function withStored(): Project {
  const p = sampleProject(3, 6)
  p.forecasts = { c1: storedForecast() }
  p.crossovers = [storedCrossover('c1', 'c2')]
  return p
}

describe('new projects and version 1 files', () => {
  test('a new project has the default forecast settings, no forecasts and no crossovers', () => {
    const p = newProject('Study', new Date(T0))
    const { form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels } = FORECAST_DEFAULTS
    expect(p.forecastSettings).toEqual({ form, breaks, crop, maxBreaks, resamples, seed, bootstrap, levels })
    expect(p.forecastSettings.levels).not.toBe(FORECAST_DEFAULTS.levels)
    expect(p.forecasts).toEqual({})
    expect(p.crossovers).toEqual([])
    expect(p.version).toBe(2)
    expect(validateProject(p)).toBe(p)
  })

  test('a version 1 file opens as version 2 with the defaults; forecast fields it holds are ignored', () => {
    const file: Draft = JSON.parse(JSON.stringify(sampleProject()))
    file.version = 1
    delete file.forecastSettings
    delete file.crossovers
    file.forecasts = 'not in version 1'
    const text = JSON.stringify(file, null, 2)
    const p = parseProjectText(text, 'old.json')
    expect(p.version).toBe(2)
    expect(p.forecastSettings).toEqual(defaultForecastSettings())
    expect(p.forecasts).toEqual({})
    expect(p.crossovers).toEqual([])
    expect(p.curves).toEqual(sampleProject().curves)
    expect(p.fits).toEqual(sampleProject().fits)
    expect(serializeProject(p)).toContain('\n  "version": 2,\n')
  })

  test('validating a version 1 object returns an upgraded copy and leaves the object as it was', () => {
    const file = deepFreeze({ ...JSON.parse(JSON.stringify(sampleProject())), version: 1 })
    const p = validateProject(file)
    expect(p).not.toBe(file)
    expect(file.version).toBe(1)
    expect(p.version).toBe(2)
  })

  test('a version 2 file must have each of the new fields', () => {
    expect(invalid((p) => delete p.forecastSettings).message).toBe(
      'study.json: forecastSettings must be an object with form, breaks, crop, maxBreaks, resamples, seed, bootstrap and levels, got nothing (the field is missing)'
    )
    expect(invalid((p) => delete p.forecasts).message).toBe('study.json: forecasts must be an object with one forecast per curve id, got nothing (the field is missing)')
    expect(invalid((p) => delete p.crossovers).message).toBe('study.json: crossovers must be an array of crossovers, got nothing (the field is missing)')
  })
})

describe('version 2 round trip', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(NOW) })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('a real forecast and crossover read back exactly, NaN included, and write the same text again', () => {
    let p = engineProject()
    p = storeForecast(p, 'c1', real.forecast).project
    p = storeCrossover(p, { curves: ['c1', 'c2'], range: null, settings: real.forecast.settings, result: real.crossover }).project
    const stored = p.forecasts.c1.result
    expect(stored.band.x).toHaveLength(FORECAST_DEFAULTS.bandPoints)
    expect(stored.targets[1]).toMatchObject({ y: 0.1, x: null, reachedShare: 0 })
    expect(stored.targets[1].bands.every((b) => Number.isNaN(b.low) && Number.isNaN(b.high))).toBe(true)
    expect(p.crossovers[0].result.crossings.length).toBeGreaterThan(0)
    const text = serializeProject(p)
    const back = parseProjectText(text, 'study.json')
    expect(back).toEqual(p)
    expect(Number.isNaN(back.forecasts.c1.result.targets[1].bands[0].low)).toBe(true)
    expect(serializeProject(back)).toBe(text)
  })

  test('NaN and infinity are written as null and read back as NaN; a target not reached and a missing standard error stay null', () => {
    const result = forecastResult()
    result.band.intervals[0].low[1] = NaN
    result.at[0].bands[3].high = Infinity
    result.parameters[1].standardError = null
    result.candidates[1].validationRmsle = NaN
    const p = storeForecast(sampleProject(), 'c1', { at: [2e7], targets: [0.1], settings: defaultForecastSettings(), result }).project
    expect(p.forecasts.c1.result.at[0].bands[3].high).toBeNaN()
    const text = serializeProject(p)
    expect(text).toContain('"low": [0.9, null, 0.2]')
    expect(text).toContain('{ "level": 0.95, "kind": "prediction", "low": 0.17, "high": null }')
    expect(text).toContain('{ "y": 0.1, "x": null, "reachedShare": 0.05')
    expect(text).toContain('"standardError": null')
    const back = parseProjectText(text, 'study.json')
    expect(back).toEqual(p)
    expect(back.forecasts.c1.result.targets[0].x).toBeNull()
    expect(back.forecasts.c1.result.parameters[1].standardError).toBeNull()
    expect(back.forecasts.c1.result.candidates[1].validationRmsle).toBeNaN()
  })

  test('forecasts follow the curve order after the fits; those of unknown curves are not written', () => {
    const a = withStored()
    a.forecasts = { c3: storedForecast(), c1: storedForecast() }
    const b = { ...a, forecasts: { c1: storedForecast(), c3: storedForecast(), gone: storedForecast() } }
    b.crossovers = [...a.crossovers, storedCrossover('c2', 'gone')]
    const text = serializeProject(a)
    expect(serializeProject(b)).toBe(text)
    expect(text.indexOf('"fits"')).toBeLessThan(text.indexOf('"forecasts"'))
    expect(text.indexOf('\n    "c1": {\n      "at"')).toBeLessThan(text.indexOf('\n    "c3": {\n      "at"'))
    expect(text.indexOf('"forecasts"')).toBeLessThan(text.indexOf('"crossovers"'))
    expect(text).toContain('\n  "forecastSettings": { "form": "auto", "breaks": "auto", "crop": "auto", "maxBreaks": 3, "resamples": 200, "seed": 1, "bootstrap": "pairs", "levels": [0.8, 0.95] },\n')
  })
})

describe('each forecast problem has its own message naming the JSON path', () => {
  const cases: Array<[string, (p: Draft) => void, string]> = [
    [
      'a forecast of no curve',
      (p) => (p.forecasts.c99 = p.forecasts.c1),
      'forecasts["c99"] belongs to no curve: no curve has the id "c99"'
    ],
    [
      'a band edge one value short',
      (p) => p.forecasts.c1.result.band.intervals[2].low.pop(),
      'forecasts["c1"].result.band.intervals[2].low must have one value per band x (3), got 2'
    ],
    [
      'a band y one value long',
      (p) => p.forecasts.c1.result.band.y.push(0.1),
      'forecasts["c1"].result.band.y must have one value per band x (3), got 4'
    ],
    [
      'a band value written as a string',
      (p) => (p.forecasts.c1.result.band.intervals[0].high[1] = '0.5'),
      'forecasts["c1"].result.band.intervals[0].high[1] must be a number or null, got "0.5"'
    ],
    [
      'a band x that is null',
      (p) => (p.forecasts.c1.result.band.x[0] = null),
      'forecasts["c1"].result.band.x[0] must be one of positive finite x values, got null'
    ],
    ['a crossover of no curve', (p) => (p.crossovers[0].curves[1] = 'c9'), 'crossovers[0].curves[1] names no curve: no curve has the id "c9"'],
    ['a crossover of one curve with itself', (p) => (p.crossovers[0].curves = ['c2', 'c2']), 'crossovers[0].curves names "c2" twice: a crossover compares two curves'],
    [
      'the same pair twice, in either order',
      (p) => p.crossovers.push({ ...p.crossovers[0], curves: ['c2', 'c1'] }),
      'crossovers[1].curves repeats the pair of crossovers[0].curves: one crossover per pair of curves'
    ],
    ['negative resamples in the settings', (p) => (p.forecastSettings.resamples = -1), 'forecastSettings.resamples must be an integer from 0 to 5000, got -1'],
    [
      'an unknown form in a forecast\'s settings',
      (p) => (p.forecasts.c1.settings.form = 'M5'),
      'forecasts["c1"].settings.form must be one of auto, BNSL, M1, M2, M3, M4, got "M5"'
    ],
    [
      'a level of 80 in a crossover\'s settings',
      (p) => (p.crossovers[0].settings.levels = [80]),
      'crossovers[0].settings.levels[0] must be one of levels between 0 and 1 (e.g. 0.8), got 80'
    ],
    [
      'an answer to another x than asked',
      (p) => (p.forecasts.c1.at = [3e7]),
      'forecasts["c1"].result.at[0].x must be 30000000, as forecasts["c1"].at[0], got 20000000'
    ],
    [
      'fewer answers than targets asked',
      (p) => p.forecasts.c1.targets.push(0.05),
      'forecasts["c1"].result.targets must answer each of forecasts["c1"].targets (2), got 1 answers'
    ],
    ['a result that is not an object', (p) => (p.forecasts.c1.result = [1]), 'forecasts["c1"].result must be an object with curve, form, params, candidates, levels, at, targets, parameters and band, got an array'],
    ['a band that is a number', (p) => (p.forecasts.c1.result.band = 5), 'forecasts["c1"].result.band must be an object with x, y and intervals, got 5'],
    ['answers at x that are null', (p) => (p.forecasts.c1.result.at = null), 'forecasts["c1"].result.at must be an array of forecast points with x, y and bands, got null'],
    ['a band edge of an unknown kind', (p) => (p.forecasts.c1.result.band.intervals[1].kind = 'credible'), 'forecasts["c1"].result.band.intervals[1].kind must be one of confidence, prediction, got "credible"'],
    ['an interval that is a string', (p) => (p.forecasts.c1.result.parameters[0].intervals[1] = 'wide'), 'forecasts["c1"].result.parameters[0].intervals[1] must be an object with level, low and high, got "wide"'],
    ['no levels', (p) => (p.forecasts.c1.result.levels = []), 'forecasts["c1"].result.levels must be a non-empty array of levels between 0 and 1, got an array'],
    ['a target x of 0', (p) => (p.forecasts.c1.result.targets[0].x = 0), 'forecasts["c1"].result.targets[0].x must be a positive finite number, or null when not reached, got 0'],
    ['a stale revision that is not a count', (p) => (p.forecasts.c1.curveRevision = -1), 'forecasts["c1"].curveRevision must be a whole number >= 0, got -1'],
    ['a crossing share as a string', (p) => (p.crossovers[0].result.crossings[0].share = 'most'), 'crossovers[0].result.crossings[0].share must be a number or null, got "most"'],
    ['a crossover range the wrong way round', (p) => (p.crossovers[0].range = [1e8, 1e6]), 'crossovers[0].range must be [low, high] with low < high, got [100000000, 1000000]']
  ]
  test.each(cases)('%s', (_title, change, message) => {
    const error = invalid(change)
    expect(error.message).toBe(`study.json: ${message}`)
    expect(error.problem).toBe('invalid')
  })

  test('null is accepted where a result may lack a number and reads back as NaN, without changing the value given', () => {
    const file: Draft = JSON.parse(JSON.stringify(withStored()))
    file.forecasts.c1.result.band.y[1] = null
    file.crossovers[0].result.crossings[0].bands[0].high = null
    const before = JSON.stringify(file)
    const p = validateProject(file)
    expect(p).not.toBe(file)
    expect(p.forecasts.c1.result.band.y[1]).toBeNaN()
    expect(p.crossovers[0].result.crossings[0].bands[0].high).toBeNaN()
    expect(JSON.stringify(file)).toBe(before)
  })

  test('a valid project with forecasts and crossovers comes back as the same object', () => {
    const p = withStored()
    expect(validateProject(p)).toBe(p)
  })
})

describe('forecast edits', () => {
  let p: Project

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(NOW) })
    // Frozen: any mutation of the original by an edit throws.
    p = deepFreeze(sampleProject(3, 6))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const toStore = (result: CurveForecast = forecastResult()): ForecastToStore => ({
    at: result.at.map((a) => a.x),
    targets: result.targets.map((t) => t.y),
    settings: defaultForecastSettings(),
    result
  })

  /** The edit must throw this message and leave the (frozen) project as it was. */
  function refused(edit: () => unknown, message: string): void {
    const before = JSON.stringify(p)
    expect(edit).toThrow(message)
    expect(JSON.stringify(p)).toBe(before)
  }

  test('storeForecast stores a copy at the curve revision, dated now, leaving the fits and other curves as they were', () => {
    const given = toStore()
    const { project, label } = storeForecast(p, 'c1', given)
    expect(label).toBe('Forecast curve 1')
    expect(project.forecasts.c1).toEqual({ ...given, curveRevision: 0, computedAt: NOW })
    expect(project.forecasts.c1.result).not.toBe(given.result)
    expect(project.modifiedAt).toBe(NOW)
    expect(project.fits).toBe(p.fits)
    expect(project.curves).toBe(p.curves)
    expect(forecastOf(project, 'c1')).toBe(project.forecasts.c1)
    expect(forecastOf(project, 'c2')).toBeNull()
    expect(validateProject(project)).toBe(project)
  })

  test('storing again replaces the forecast; the other curves keep theirs', () => {
    const first = storeForecast(p, 'c1', toStore()).project
    const both = storeForecast(first, 'c2', toStore()).project
    const again = storeForecast(both, 'c1', toStore(forecastResult({ form: 'M1', params: { b: 3, c: -0.2 } }))).project
    expect(again.forecasts.c1.result.form).toBe('M1')
    expect(again.forecasts.c2).toBe(both.forecasts.c2)
    expect(Object.keys(again.forecasts)).toEqual(['c1', 'c2'])
  })

  test('removeForecast removes one curve\'s forecast; with none it returns the same project', () => {
    const stored = storeForecast(storeForecast(p, 'c1', toStore()).project, 'c2', toStore()).project
    const { project, label } = removeForecast(stored, 'c1')
    expect(Object.keys(project.forecasts)).toEqual(['c2'])
    expect(project.forecasts.c2).toBe(stored.forecasts.c2)
    expect(label).toBe('Remove the forecast of curve 1')
    expect(removeForecast(p, 'c3').project).toBe(p)
  })

  test('a forecast for no curve, or one whose answer is malformed, is refused with its problem', () => {
    refused(() => storeForecast(p, 'c9', toStore()), 'storeForecast: no curve has the id "c9"')
    const bad = forecastResult()
    bad.band.y = [1]
    refused(() => storeForecast(p, 'c1', toStore(bad)), 'storeForecast: the forecast of "curve 1".result.band.y must have one value per band x (3), got 1')
    refused(() => storeForecast(p, 'c1', { ...toStore(), at: [] }), 'storeForecast: the forecast of "curve 1".result.at must answer each of the forecast of "curve 1".at (0), got 1 answers')
    refused(() => removeForecast(p, 'c9'), 'removeForecast: no curve has the id "c9"')
  })

  test('storeCrossover adds a pair, replaces it in place when asked again in either order, and removeCrossover removes it', () => {
    const settings = defaultForecastSettings()
    const one = storeCrossover(p, { curves: ['c1', 'c2'], range: null, settings, result: crossoverAnswer() })
    expect(one.label).toBe('Crossover of curve 1 and curve 2')
    expect(one.project.crossovers).toEqual([{ curves: ['c1', 'c2'], range: null, settings, result: crossoverAnswer(), curveRevisions: [0, 0], computedAt: NOW }])
    const two = storeCrossover(one.project, { curves: ['c1', 'c3'], range: [1e6, 1e9], settings, result: crossoverAnswer(['curve 1', 'curve 3']) }).project
    const replaced = storeCrossover(two, { curves: ['c2', 'c1'], range: [1e6, 1e8], settings, result: crossoverAnswer(['curve 2', 'curve 1']) }).project
    expect(replaced.crossovers.map((c) => c.curves)).toEqual([
      ['c2', 'c1'],
      ['c1', 'c3']
    ])
    expect(replaced.crossovers[0].range).toEqual([1e6, 1e8])
    expect(replaced.crossovers[1]).toBe(two.crossovers[1])
    expect(crossoverOf(replaced, 'c1', 'c2')).toBe(replaced.crossovers[0])
    expect(validateProject(replaced)).toBe(replaced)
    const removed = removeCrossover(replaced, ['c1', 'c2'])
    expect(removed.label).toBe('Remove the crossover of curve 1 and curve 2')
    expect(removed.project.crossovers).toEqual([two.crossovers[1]])
    expect(removeCrossover(removed.project, ['c2', 'c1']).project).toBe(removed.project)
    expect(crossoverOf(removed.project, 'c1', 'c2')).toBeNull()
  })

  test('a crossover of an unknown curve, of a curve with itself, or with a bad range is refused', () => {
    const settings = defaultForecastSettings()
    refused(() => storeCrossover(p, { curves: ['c1', 'c9'], range: null, settings, result: crossoverAnswer() }), 'storeCrossover: no curve has the id "c9"')
    refused(
      () => storeCrossover(p, { curves: ['c1', 'c1'], range: null, settings, result: crossoverAnswer() }),
      'storeCrossover: a crossover compares two different curves, got "c1" twice'
    )
    refused(
      () => storeCrossover(p, { curves: ['c1', 'c2'], range: [5, 1], settings, result: crossoverAnswer() }),
      'storeCrossover: the crossover of "curve 1" and "curve 2".range must be [low, high] with low < high, got [5, 1]'
    )
    refused(() => removeCrossover(p, ['c1', 'c9']), 'removeCrossover: no curve has the id "c9"')
  })

  test('updateForecastSettings changes some settings, keeps the rest, and refuses bad ones naming the field', () => {
    const { project, label } = updateForecastSettings(p, { resamples: 500, levels: [0.5, 0.9] })
    expect(label).toBe('Change forecast settings')
    expect(project.forecastSettings).toEqual({ ...defaultForecastSettings(), resamples: 500, levels: [0.5, 0.9] })
    expect(updateForecastSettings(p, { form: 'auto', levels: [0.8, 0.95] }).project).toBe(p)
    refused(() => updateForecastSettings(p, { seed: 1.5 }), 'updateForecastSettings: forecastSettings.seed must be an integer, got 1.5')
    refused(() => updateForecastSettings(p, { levels: [] }), 'updateForecastSettings: forecastSettings.levels must name at least one level')
  })

  test('deleting a curve removes its forecast and the crossovers naming it, reusing what stays', () => {
    const settings = defaultForecastSettings()
    let q = storeForecast(p, 'c1', toStore()).project
    q = storeForecast(q, 'c2', toStore()).project
    q = storeCrossover(q, { curves: ['c1', 'c2'], range: null, settings, result: crossoverAnswer() }).project
    q = storeCrossover(q, { curves: ['c2', 'c3'], range: null, settings, result: crossoverAnswer() }).project
    const { project } = deleteCurves(q, ['c1'])
    expect(Object.keys(project.forecasts)).toEqual(['c2'])
    expect(project.forecasts.c2).toBe(q.forecasts.c2)
    expect(project.crossovers).toEqual([q.crossovers[1]])
    expect(validateProject(project)).toBe(project)
    const untouched = deleteCurves(q, ['c3']).project
    expect(untouched.forecasts).toBe(q.forecasts)
    expect(untouched.crossovers.map((c) => c.curves)).toEqual([['c1', 'c2']])
  })

  test('every forecast edit is undone and redone through the history', () => {
    const h = new History<Project>(p)
    const settings = defaultForecastSettings()
    const steps = [
      (s: Project) => updateForecastSettings(s, { resamples: 50 }),
      (s: Project) => storeForecast(s, 'c1', toStore()),
      (s: Project) => storeCrossover(s, { curves: ['c1', 'c2'], range: null, settings, result: crossoverAnswer() }),
      (s: Project) => storeForecast(s, 'c1', toStore(forecastResult({ residualSd: 0.5 }))),
      (s: Project) => removeCrossover(s, ['c2', 'c1']),
      (s: Project) => removeForecast(s, 'c1'),
      (s: Project) => deleteCurves(s, ['c2'])
    ]
    const states = [p]
    for (const step of steps) {
      const { project, label } = step(h.current)
      h.push(project, label)
      states.push(project)
    }
    expect(h.undoLabel).toBe('Delete curve curve 2')
    for (let i = states.length - 2; i >= 0; i--) expect(h.undo()).toBe(states[i])
    expect(h.current.forecasts).toEqual({})
    expect(h.redoLabel).toBe('Change forecast settings')
    for (let i = 1; i < states.length; i++) expect(h.redo()).toBe(states[i])
    expect(states[4].forecasts.c1.result.residualSd).toBe(0.5)
    expect(states[3].forecasts.c1.result.residualSd).toBe(0.013)
  })
})

describe('stale forecasts', () => {
  let p: Project

  beforeEach(() => {
    p = sampleProject(3, 6)
    p.forecasts = { c1: storedForecast(0) }
    p.crossovers = [storedCrossover('c1', 'c2')]
    deepFreeze(p)
  })

  test('a forecast and its crossovers become stale when the curve\'s points change, not when it is renamed', () => {
    expect(isForecastStale(p.curves[0], p.forecasts.c1)).toBe(false)
    expect(isCrossoverStale(p, p.crossovers[0])).toBe(false)
    const renamed = renameCurve(p, 'c1', 'renamed').project
    expect(isForecastStale(renamed.curves[0], renamed.forecasts.c1)).toBe(false)
    for (const edit of [
      (q: Project) => setPointExcluded(q, 'c1', 0, { reason: 'outlier' }),
      (q: Project) => setPointSplit(q, 'c1', [0], 'heldout'),
      (q: Project) => setPointWeight(q, 'c1', 1, 2)
    ]) {
      const { project } = edit(p)
      expect(project.forecasts.c1).toBe(p.forecasts.c1)
      expect(isForecastStale(project.curves[0], project.forecasts.c1)).toBe(true)
      expect(isCrossoverStale(project, project.crossovers[0])).toBe(true)
      expect(projectStats(project)).toMatchObject({ forecastCurves: 1, staleForecasts: 1 })
    }
    expect(projectStats(p)).toMatchObject({ forecastCurves: 1, staleForecasts: 0 })
  })

  test('a forecast stored with the revision it was requested at is stale when the curve changed meanwhile', () => {
    const edited = setPointSplit(p, 'c2', [0], 'heldout').project
    const { project } = storeForecast(edited, 'c2', { at: [2e7], targets: [0.1], settings: defaultForecastSettings(), result: forecastResult() }, new Date(NOW), 0)
    expect(project.forecasts.c2.curveRevision).toBe(0)
    expect(isForecastStale(project.curves[1], project.forecasts.c2)).toBe(true)
    expect(isForecastStale(project.curves[1], storeForecast(edited, 'c2', { at: [2e7], targets: [0.1], settings: defaultForecastSettings(), result: forecastResult() }).project.forecasts.c2)).toBe(false)
  })

  test('a crossover is stale when one of its curves is gone', () => {
    const q = { ...p, curves: p.curves.filter((c) => c.id !== 'c2') }
    expect(isCrossoverStale(q, p.crossovers[0])).toBe(true)
  })
})
