import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Run, runCli } from './helpers/run-cli'

// These tests run the built command line (npm test builds before vitest), as a user would, on curves
// generated here with known answers. Resamples stay at 30 so that the file runs in a few seconds.

const run = runCli

/** A seeded standard normal (mulberry32 and Box-Muller): the files are the same on every run. */
function normals(seed: number): () => number {
  let a = seed >>> 0
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

/** x from 1e1 to 1e6 in half decades: 11 distinct x. */
const XS = Array.from({ length: 11 }, (_, i) => 10 ** (1 + i / 2))
const HELDOUT = 3

interface Law {
  name: string
  y: (x: number) => number
  noise: number
}

// power and flat cross where 2 x^-0.3 = 0.5 x^-0.1, at x = 4^5 = 1024; above runs parallel to power, never crossing it.
const LAWS: Law[] = [
  { name: 'power', y: (x) => 2 * x ** -0.3, noise: 0.02 },
  { name: 'flat', y: (x) => 0.5 * x ** -0.1, noise: 0.01 },
  { name: 'above', y: (x) => 5 * x ** -0.3, noise: 0.01 }
]
const CROSSING_X = 1024

/** A long CSV of the laws with log-normal noise; the largest HELDOUT x are held out when `split` is set. */
function longCsv(laws: Law[], split: boolean, seed: number, xs = XS): string {
  const noise = normals(seed)
  const rows = laws.flatMap((law) =>
    xs.map((x, i) => {
      const y = law.y(x) * Math.exp(law.noise * noise())
      return [law.name, String(x), String(y), ...(split ? [i >= xs.length - HELDOUT ? 'heldout' : 'fit'] : [])].join(',')
    })
  )
  return [split ? 'curve,x,y,split' : 'curve,x,y', ...rows].join('\n') + '\n'
}

interface Band {
  level: number
  kind: 'prediction' | 'confidence'
  low: number | null
  high: number | null
}
interface JsonCurve {
  curve: string
  form: string
  breaks: number
  crop: number
  selection: { candidates: Array<{ form: string; breaks: number; crop: number; validationRmsle: number | null; weight: number }> }
  resamples: number
  seed: number
  at: Array<{ x: number; y: number; bands: Band[] }>
  targets: Array<{ y: number; x: number | null; reachedShare: number; bands: Array<{ level: number; low: number | null; high: number | null }> }>
  params: Array<Record<string, number | string | null>>
}
interface JsonForecast {
  curves: JsonCurve[]
  crossovers: Array<{ curves: [string, string]; x: number[]; bands: Array<Array<{ level: number; low: number | null; high: number | null }>> }>
  errors: Array<{ curve: string; message: string }>
}

let dir = ''
let splitFile = ''
let plainFile = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-forecast-test-'))
  splitFile = join(dir, 'split.csv')
  plainFile = join(dir, 'plain.csv')
  await writeFile(splitFile, longCsv(LAWS, true, 11))
  // No split column; "short" has 3 distinct x, so holding out 2 leaves it 1 and it is skipped.
  const short: Law = { name: 'short', y: (x) => 3 * x ** -0.1, noise: 0.01 }
  await writeFile(plainFile, longCsv([LAWS[0]], false, 12) + longCsv([short], false, 13, XS.slice(0, 3)).split('\n').slice(1).join('\n'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const readJson = async (path: string): Promise<JsonForecast> => JSON.parse(await readFile(path, 'utf8')) as JsonForecast

const forecastArgs = (file: string, json: string, seed: number): string[] => [
  'forecast',
  file,
  '--resamples',
  '30',
  '--seed',
  String(seed),
  '--at',
  'heldout,2x',
  '--target-y',
  '0.1,1e-6',
  '--crossover',
  'power,flat',
  '--crossover',
  'power,above',
  '--json',
  json
]

describe('scaling-studio forecast', () => {
  let first: Run
  let json: JsonForecast
  beforeAll(async () => {
    first = await run(forecastArgs(splitFile, join(dir, 'seed7.json'), 7))
    if (first.code !== 0) throw new Error(`forecast exited ${first.code}: ${first.stderr}`)
    json = await readJson(join(dir, 'seed7.json'))
  })

  test('writes the documented JSON: one entry per curve with form, selection, bands, targets and parameters', () => {
    expect(first.code, first.stderr).toBe(0)
    expect(Object.keys(json)).toEqual(['curves', 'crossovers', 'errors'])
    expect(json.errors).toEqual([])
    expect(json.curves.map((c) => c.curve)).toEqual(['power', 'flat', 'above'])
    for (const c of json.curves) {
      expect(Object.keys(c)).toEqual(['curve', 'form', 'breaks', 'crop', 'selection', 'resamples', 'seed', 'at', 'targets', 'params'])
      expect(c).toMatchObject({ resamples: 30, seed: 7, breaks: expect.any(Number), crop: expect.any(Number) })
      expect(['BNSL', 'M1', 'M2', 'M3', 'M4']).toContain(c.form)
      expect(c.selection.candidates.length).toBeGreaterThan(0)
      expect(c.selection.candidates.reduce((s, k) => s + k.weight, 0)).toBeCloseTo(1, 9)
      for (const p of c.at) {
        expect(Object.keys(p)).toEqual(['x', 'y', 'bands'])
        expect(p.bands.map((b) => `${b.level} ${b.kind}`)).toEqual(['0.8 prediction', '0.8 confidence', '0.95 prediction', '0.95 confidence'])
      }
      for (const t of c.targets) expect(Object.keys(t)).toEqual(['y', 'x', 'reachedShare', 'bands'])
      for (const p of c.params) expect(Object.keys(p)).toEqual(['name', 'value', 'standardError', 'low80', 'high80', 'low95', 'high95'])
    }
  })

  test('each 95% band contains the 80% band of the same kind', () => {
    for (const c of json.curves) {
      for (const p of c.at) {
        for (const kind of ['prediction', 'confidence']) {
          const b80 = p.bands.find((b) => b.level === 0.8 && b.kind === kind) as Band
          const b95 = p.bands.find((b) => b.level === 0.95 && b.kind === kind) as Band
          expect(b95.low as number).toBeLessThanOrEqual(b80.low as number)
          expect(b95.high as number).toBeGreaterThanOrEqual(b80.high as number)
          expect(b80.low as number).toBeLessThan(b80.high as number)
        }
      }
    }
  })

  test('--at heldout,2x forecasts at each held-out x and at twice the largest fit x', () => {
    const fitX = XS.slice(0, XS.length - HELDOUT)
    const expected = [...XS.slice(XS.length - HELDOUT), 2 * Math.max(...fitX)].sort((a, b) => a - b)
    for (const c of json.curves) expect(c.at.map((p) => p.x)).toEqual(expected)
    // The table marks the multiple and shows the measured y beside each held-out x.
    expect(first.stdout).toMatch(/^power {2}\(11 points: 8 fit, 3 held-out; largest fit x 31620\)$/m)
    expect(first.stdout).toMatch(/^ *x +x \/ fit +y +80% prediction +95% prediction +held-out y$/m)
    expect(first.stdout).toMatch(/^ *63250 +2x +\S+ +\[\S+, \S+\] +\[\S+, \S+\]$/m)
    expect(first.stdout).toMatch(/^ *1e6 +31.6x +\S+ +\[\S+, \S+\] +\[\S+, \S+\] +\S+$/m)
  })

  test('a target inside the data is found near its known x; one never reached gives null and "not reached"', () => {
    const power = json.curves[0]
    const [reached, never] = power.targets
    // 2 x^-0.3 = 0.1 at x = 20^(1/0.3), about 21800.
    expect(reached.y).toBe(0.1)
    expect(Math.abs(Math.log((reached.x as number) / 20 ** (1 / 0.3)))).toBeLessThan(0.1)
    expect(reached.reachedShare).toBeGreaterThan(0.9)
    expect(never).toMatchObject({ y: 1e-6, x: null })
    expect(first.stdout).toMatch(/^ *target y +x +80% interval +95% interval +reached$/m)
    expect(first.stdout).toMatch(/^ *1e-6 +not reached /m)
  })

  test('--crossover finds where two curves cross, and says when two never do', () => {
    expect(json.crossovers.map((c) => c.curves)).toEqual([
      ['power', 'flat'],
      ['power', 'above']
    ])
    const [crossing, none] = json.crossovers
    expect(crossing.x).toHaveLength(1)
    // Tolerance: within 15% of the true crossing x. The curves meet at a slope difference of 0.2 in log-log,
    // so a fitted level off by d in log y moves the crossing by d / 0.2 in log x; 1-2% noise on 8 points gives d ~ 0.01.
    expect(Math.abs(Math.log(crossing.x[0] / CROSSING_X))).toBeLessThan(0.15)
    expect(crossing.bands[0].map((b) => b.level)).toEqual([0.8, 0.95])
    expect(none).toEqual({ curves: ['power', 'above'], x: [], bands: [] })
    expect(first.stdout).toMatch(/^crossover power × flat {2}\(x from 10 to 3.162e6\)$/m)
    expect(first.stdout).toMatch(/^crossover power × above: no crossover in range \(x from 10 to 3.162e6\)$/m)
  })

  test('the same seed gives identical JSON; another seed gives other numbers', async () => {
    const [again, other] = await Promise.all([
      run(forecastArgs(splitFile, join(dir, 'seed7-again.json'), 7)),
      run(forecastArgs(splitFile, join(dir, 'seed8.json'), 8))
    ])
    expect(again.code).toBe(0)
    expect(await readFile(join(dir, 'seed7-again.json'), 'utf8')).toBe(await readFile(join(dir, 'seed7.json'), 'utf8'))
    expect(other.code).toBe(0)
    const json8 = await readJson(join(dir, 'seed8.json'))
    expect(json8.curves[0].seed).toBe(8)
    // The central forecast is the same fit; the intervals come from other resamples.
    expect(json8.curves[0].at.map((p) => p.y)).toEqual(json.curves[0].at.map((p) => p.y))
    expect(json8.curves[0].at.map((p) => p.bands)).not.toEqual(json.curves[0].at.map((p) => p.bands))
  })
})

describe.concurrent('--holdout-last and --holdout-above', () => {
  interface FitJson {
    curves: Array<{ curve: string; fits: Array<{ points: Array<{ x: number; split: string }> }> }>
    errors: Array<{ curve: string; form: string; message: string }>
  }
  const skipped = 'skipped curve "short": --holdout-last 2 leaves 1 distinct fit x of 3, fewer than the 2 a fit needs'

  test('fit --holdout-last 2 holds out the two largest x and skips a curve it would leave with one fit x', async () => {
    const out = join(dir, 'fit-holdout.json')
    const r = await run(['fit', plainFile, '--forms', 'M1', '--holdout-last', '2', '--json', out])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(skipped)
    expect(r.stdout).toMatch(/^power {2}\(11 points: 9 fit, 2 held-out\)$/m)
    const json = JSON.parse(await readFile(out, 'utf8')) as FitJson
    expect(json.curves.map((c) => c.curve)).toEqual(['power'])
    const heldout = json.curves[0].fits[0].points.filter((p) => p.split === 'heldout').map((p) => p.x)
    expect(heldout.sort((a, b) => a - b)).toEqual(XS.slice(-2))
    expect(json.errors.map((e) => `${e.curve} ${e.form}`)).toEqual(['short M1'])
  })

  test('forecast --holdout-last 2 --at heldout forecasts at the two largest x', async () => {
    const out = join(dir, 'forecast-holdout.json')
    const r = await run(['forecast', plainFile, '--forms', 'M1', '--resamples', '30', '--holdout-last', '2', '--at', 'heldout', '--json', out])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(skipped)
    const json = await readJson(out)
    expect(json.curves.map((c) => c.curve)).toEqual(['power'])
    expect(json.curves[0].at.map((p) => p.x)).toEqual(XS.slice(-2))
    expect(json.errors).toEqual([{ curve: 'short', message: skipped.replace('skipped curve "short": ', '') }])
  })

  test('--holdout-above holds out every point above x; --resamples 0 gives the instant approximate answer', async () => {
    const r = await run(['forecast', plainFile, '--forms', 'M1', '--resamples', '0', '--holdout-above', '2e5', '--at', 'heldout'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^power {2}\(11 points: 9 fit, 2 held-out; largest fit x 100000\)$/m)
    expect(r.stdout).toMatch(/^short {2}\(3 points: 3 fit, 0 held-out; largest fit x 100\)$/m)
    expect(r.stdout).toContain('form M1; approximate intervals from the least-squares Jacobian (no resamples)')
    expect(r.stderr).toContain('--at heldout: curve "short" has no held-out points')
  })
})

describe('forecast usage errors', () => {
  test.each([
    [['forecast'], /forecast: name the curve file to forecast/],
    [['forecast', 'missing.csv'], /forecast: no such file: missing\.csv/],
    [['--forms', 'M1,M2'], /--forms takes one form for a forecast \(auto, BNSL, M1, M2, M3, M4\), got "M1,M2"/],
    [['--forms', 'M5'], /--forms must be one of auto, BNSL, M1, M2, M3, M4, got "M5"/],
    [['--at', '0'], /--at: "0" is not an x > 0, a multiple of the largest fit x like 10x, or heldout/],
    [['--at', 'tenx'], /--at: "tenx" is not an x > 0/],
    [['--at', ','], /--at needs at least one x/],
    [['--target-y=-1'], /--target-y values must be > 0, got -1/],
    [['--target-y', 'low'], /--target-y: "low" is not a number/],
    [['--levels', '80,95'], /--levels must be between 0 and 1 \(0\.8 for an 80% interval\), got 80/],
    [['--levels', '0.8,0.8'], /--levels lists 0\.8 twice/],
    [['--levels', '0.1,0.2,0.3,0.4,0.5,0.6,0.7'], /--levels must have at most 6 values, got 7/],
    [['--resamples', '6000'], /--resamples must be an integer from 0 to 5000, got "6000"/],
    [['--resamples=-1'], /--resamples must be an integer from 0 to 5000, got "-1"/],
    [['--seed', '1.5'], /--seed must be an integer, got "1\.5"/],
    [['--bootstrap', 'wild'], /--bootstrap must be one of pairs, residual, got "wild"/],
    [['--breaks', '4'], /--breaks must be one of auto, 0, 1, 2, 3, got "4"/],
    [['--holdout-last', '2', '--holdout-above', '1e5'], /--holdout-last and --holdout-above cannot be used together/],
    [['--holdout-last', '0'], /--holdout-last must be a positive integer, got "0"/],
    [['--holdout-above', 'big'], /--holdout-above: "big" is not a number/],
    [['--holdout-above', '0'], /--holdout-above must be an x > 0, got 0/],
    [['--crossover', 'power'], /--crossover needs two curve names separated by a comma/],
    [['--crossover', 'power,nosuch'], /--crossover: no curve named "nosuch" in split\.csv; its curves are "power", "flat", "above"/],
    [['--crossover', 'power,power'], /--crossover needs two different curves, got "power" twice/],
    [['--bogus'], /forecast: Unknown option '--bogus'/]
  ])('%j exits 2 with a clear message', { concurrent: true }, async (flags, message) => {
    const args = flags[0] === 'forecast' ? flags : ['forecast', splitFile, ...flags]
    const r = await run(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain('Run "scaling-studio --help" for usage.')
    expect(r.stdout).toBe('')
  })

  test('fit takes the holdout flags with the same checks', async () => {
    const r = await run(['fit', splitFile, '--holdout-last', 'two'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--holdout-last must be a positive integer, got "two"/)
  })

  test('forecast --help describes the forecast flags', async () => {
    const r = await run(['forecast', '--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--at', '--target-y', '--crossover', '--levels', '--resamples', '--seed', '--bootstrap', '--holdout-last', '--holdout-above']) {
      expect(r.stdout).toContain(flag)
    }
  })
})
