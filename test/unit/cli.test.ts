import { spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type BenchmarkReport, lookupPaper, parsePaperRmsle } from '../../src/main/services/benchmark'
import { root } from './helpers/paths'

// These tests run the built command line (npm test builds before vitest), as a user would.
const bin = join(root, 'bin/scaling-studio.js')
const fixture = (name: string): string => join(root, 'test/fixtures/cli', name)

interface Run {
  code: number | null
  /** The signal that ended the process, when one did. */
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the command line to the end; `whenStarted` may act on the running process (e.g. interrupt it). */
function run(args: string[], whenStarted?: (child: ReturnType<typeof spawn>) => void, script = bin): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
    whenStarted?.(child)
  })
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface JsonFit {
  form: string
  breaks: number
  crop: number
  params: Record<string, number>
  status: string
  fitRmsle: number | null
  heldoutRmsle: number | null
  selection: { breaks: Array<{ n: number; validationRmsle: number | null }>; crop: Array<{ k: number; validationRmsle: number | null }> }
  points: Array<{ x: number; y: number; split: string; yhat: number | null }>
}
interface JsonOutput {
  curves: Array<{ curve: string; fits: JsonFit[] }>
  errors: Array<{ curve: string; form: string; message: string }>
  cancelled?: boolean
}

const readJson = async (path: string): Promise<JsonOutput> => JSON.parse(await readFile(path, 'utf8')) as JsonOutput

describe('scaling-studio fit', () => {
  test('prints a table per curve and writes every fit with a prediction for each point', async () => {
    const out = join(dir, 'two.json')
    const r = await run(['fit', fixture('two-curves.csv'), '--json', out])
    expect(r.stderr).not.toMatch(/failed/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^power {2}\(10 points: 7 fit, 3 held-out\)$/m)
    expect(r.stdout).toMatch(/^form +breaks +crop +fit RMSLE +held-out RMSLE +status +time ms$/m)

    const json = await readJson(out)
    expect(Object.keys(json)).toEqual(['curves', 'errors'])
    expect(json.errors).toEqual([])
    expect(json.curves.map((c) => c.curve)).toEqual(['power', 'offset'])
    for (const { fits } of json.curves) {
      expect(fits.map((f) => f.form)).toEqual(['BNSL', 'M1', 'M2', 'M3', 'M4'])
      for (const fit of fits) {
        expect(fit).toMatchObject({
          breaks: expect.any(Number),
          crop: expect.any(Number),
          params: expect.any(Object),
          status: expect.any(String),
          fitRmsle: expect.any(Number),
          heldoutRmsle: expect.any(Number),
          selection: { breaks: expect.any(Array), crop: expect.any(Array) }
        })
        expect(fit.points).toHaveLength(10)
        expect(fit.points.filter((p) => p.split === 'heldout')).toHaveLength(3)
        for (const p of fit.points) {
          expect(Object.keys(p)).toEqual(['x', 'y', 'split', 'yhat'])
          expect(Number.isFinite(p.yhat)).toBe(true)
        }
      }
    }
    const m1 = json.curves[0].fits.find((f) => f.form === 'M1') as JsonFit
    expect(m1.params.b).toBeCloseTo(2, 6)
    expect(m1.params.c).toBeCloseTo(-0.3, 6)
  })

  test('writes NaN as null (a curve without held-out points has no held-out RMSLE)', async () => {
    const out = join(dir, 'no-split.json')
    const r = await run(['fit', fixture('no-split.csv'), '--forms', 'm1', '--json', out])
    expect(r.code, `signal ${r.signal}; stderr: ${r.stderr}`).toBe(0)
    const [fit] = (await readJson(out)).curves[0].fits
    expect(fit.heldoutRmsle).toBeNull()
  })

  test('reports a bad row on stderr and still fits the good rows', async () => {
    const out = join(dir, 'bad-row.json')
    const r = await run(['fit', fixture('bad-row.csv'), '--forms', 'M1,M2', '--json', out])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('bad-row.csv: skipped row 5: y "oops" is not a number')
    const json = await readJson(out)
    expect(json.curves.map((c) => c.curve)).toEqual(['power', 'offset'])
    expect(json.curves[0].fits[0].points).toHaveLength(10)
  })

  test('lists a failed (curve, form) on stderr and in the JSON, fits the rest, and exits 1', async () => {
    const out = join(dir, 'failing.json')
    const r = await run(['fit', fixture('failing-curve.csv'), '--forms', 'M1,BNSL', '--json', out])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('failed: lonely / M1: curve "lonely": 1 fit point, fewer than the 2 parameters to fit')
    const json = await readJson(out)
    expect(json.curves.map((c) => c.curve)).toEqual(['good'])
    expect(json.errors.map((e) => `${e.curve} ${e.form}`)).toEqual(['lonely M1', 'lonely BNSL'])
  })

  test('--time-budget: a fit that runs past it fails with a message naming it, and the command exits 1', async () => {
    const csv = join(dir, 'long-run.csv')
    const rows = Array.from({ length: 50_000 }, (_, i) => `long run,${i + 1},${(2 * (i + 1) ** -0.3 + 0.1).toPrecision(8)}`)
    await writeFile(csv, ['curve,x,y', ...rows].join('\n'))
    const r = await run(['fit', csv, '--forms', 'BNSL', '--time-budget', '0.01'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('the BNSL fit of "long run" stopped after its time budget of 0.01 s')
  })

  test('Ctrl-C stops the job, prints what finished and exits 130', async () => {
    const out = join(dir, 'interrupted.json')
    const data = join(root, 'resources/example/benchmark.vision.csv')
    // Interrupt once the job has started (the start line is printed after the Ctrl-C handler is set).
    const r = await run(['fit', data, '--json', out], (child) =>
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('fitting 72 curves x 5 forms')) setTimeout(() => child.kill('SIGINT'), 1_000)
      })
    )
    expect(r.code).toBe(130)
    expect(r.stderr).toContain('interrupted')
    const fitted = Number(/cancelled: (\d+) of 360 fits/.exec(r.stderr)?.[1])
    expect(fitted).toBeLessThan(360)
    const json = await readJson(out)
    expect(json.cancelled).toBe(true)
    expect(json.curves.length).toBeLessThan(72)
  })

  test.each([
    [['fit'], /fit: name the curve file to fit/],
    [['fit', 'no-such-file.csv'], /fit: no such file: no-such-file\.csv/],
    [['fit', fixture('two-curves.csv'), '--forms', 'M1,M5'], /--forms: unknown form "M5"; the forms are BNSL, M1, M2, M3, M4/],
    [['fit', fixture('two-curves.csv'), '--forms', 'M1,m1'], /--forms lists "M1" twice/],
    [['fit', fixture('two-curves.csv'), '--breaks', '4'], /--breaks must be one of auto, 0, 1, 2, 3, got "4"/],
    [['fit', fixture('two-curves.csv'), '--crop', 'some'], /--crop must be one of auto, none, got "some"/],
    [['fit', fixture('two-curves.csv'), '--format', 'xlsx'], /--format must be one of auto, long, benchmark/],
    [['fit', fixture('two-curves.csv'), '--threads', '0'], /--threads must be a positive integer, got "0"/],
    [['fit', fixture('two-curves.csv'), '--time-budget', '0'], /--time-budget must be a number of seconds above 0 and at most 86400, got 0/],
    [['forecast', fixture('two-curves.csv'), '--time-budget', 'soon'], /--time-budget: "soon" is not a number/],
    [['fit', fixture('two-curves.csv'), '--threads', '1.5'], /--threads must be a positive integer, got "1.5"/],
    [['fit', fixture('two-curves.csv'), '--threads'], /fit: Option '--threads <value>' argument missing/],
    [['fit', fixture('two-curves.csv'), '--bogus'], /fit: Unknown option '--bogus'/],
    [['fit', fixture('two-curves.csv'), '--json', 'no-such-folder/out.json'], /--json: the folder .*no-such-folder does not exist/],
    [['bench', '--curves', 'all'], /--curves must be a positive integer, got "all"/],
    [['bench', '--data', 'missing.csv'], /--data: no such file: missing\.csv/],
    [['frobnicate'], /unknown command "frobnicate"; the commands are fit, forecast, export and bench/]
  ])('usage error %j exits 2 with a clear message', async (args, message) => {
    const r = await run(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).toContain('Run "scaling-studio --help" for usage.')
    expect(r.stdout).toBe('')
  })

  test('no arguments at all is bad usage: the usage goes to stderr and the exit code is 2', async () => {
    const r = await run([])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Usage:/)
    expect(r.stderr).toContain('2 bad usage')
    expect(r.stdout).toBe('')
  })

  test('--help on its own prints the usage to stdout and exits 0', async () => {
    const r = await run(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage:/)
    expect(r.stderr).toBe('')
  })

  test('--help prints the usage and exits 0', async () => {
    const r = await run(['fit', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage:/)
    expect(r.stdout).toContain('--breaks')
  })
})

describe('scaling-studio bench', () => {
  test('--curves 2 prints per-curve ratios, the summary and the speed section', async () => {
    const out = join(dir, 'bench.json')
    const r = await run(['bench', '--curves', '2', '--json', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^curve +M1 +paper +ratio +M2 .* BNSL-1 +paper +ratio$/m)
    expect(r.stdout).toMatch(/^IC\/bird_5\/MiX\/B\/16 /m)
    expect(r.stdout).toContain('Summary over 2 curves')
    expect(r.stdout).toMatch(/^form +compared +ratio<=tol +tol +median ratio +wins ours +wins paper +median ms +max ms +failed$/m)
    for (const form of ['M1', 'M2', 'M3', 'M4', 'BNSL', 'BNSL-1']) expect(r.stdout).toMatch(new RegExp(`^${form} +2 `, 'm'))
    expect(r.stdout).toMatch(/^Total wall time: .* on \d+ workers?$/m)
    expect(r.stdout).toMatch(/^1-break BNSL fit, one at a time in the main thread: median \d+ ms over 2 curves$/m)
    expect(r.stdout).toMatch(/^2-break BNSL fit, one at a time in the main thread: median \d+ ms$/m)
    expect(r.stdout).toMatch(/^Benchmark fits on 1 worker: .*; on 2 workers: .*; speedup \d+\.\d\dx$/m)

    const report = JSON.parse(await readFile(out, 'utf8')) as BenchmarkReport
    expect(report).toMatchObject({ dataFile: 'benchmark.vision.csv', paperFile: 'paper-rmsle.vision.csv', cancelled: false })
    expect(report.curves.map((c) => c.curve)).toEqual(['IC/bird_5/MiX/B/16', 'IC/bird_10/MiX/B/16'])
    expect(report.summary.map((s) => s.form)).toEqual(['M1', 'M2', 'M3', 'M4', 'BNSL', 'BNSL-1'])
    const cell = report.curves[0].cells['BNSL-1']
    // The paper's BNSL column (1 break) for bird_5 / MiX/B/16.
    expect(cell.paper).toBe(1.39e-2)
    expect(cell.ratio).toBeCloseTo((cell.ours as number) / 1.39e-2, 12)
    expect(cell.breaks).toBe(1)
    expect(cell.crop).toBe(0)
    // On both curves the paper's lowest held-out RMSLE is BNSL's.
    expect(report.curves.map((c) => c.bestPaper)).toEqual(['BNSL', 'BNSL'])
    expect(report.summary.find((s) => s.form === 'BNSL')?.winRatePaper).toBe(1)
    expect(report.summary.find((s) => s.form === 'BNSL-1')?.winRateOurs).toBeNull()
    expect(report.speed).toMatchObject({ curves: 2, oneWorkerMs: expect.any(Number), twoWorkersMs: expect.any(Number) })
  })
})

describe('the published RMSLE table', () => {
  const text = 'Task,Model,M1,BNSL\nbird_5,MiX/B/16,8.27e-2,1.39e-2\n'

  test('is keyed by its name columns and found from a curve name with a domain in front', () => {
    const table = parsePaperRmsle(text, 'paper.csv')
    expect(table.forms).toEqual(['M1', 'BNSL'])
    expect(lookupPaper(table, 'IC/bird_5/MiX/B/16')).toEqual({ M1: 8.27e-2, BNSL: 1.39e-2 })
    expect(lookupPaper(table, 'bird_5/MiX/B/16')).toEqual({ M1: 8.27e-2, BNSL: 1.39e-2 })
    expect(lookupPaper(table, 'IC/bird_10/MiX/B/16')).toBeUndefined()
  })

  test('names the file, line and column of a value that is not a number', () => {
    expect(() => parsePaperRmsle(`${text}bird_10,MiX/B/16,n/a,1e-2\n`, 'paper.csv')).toThrow(
      'paper.csv: line 3: M1 must be a number >= 0, got "n/a"'
    )
  })

  test('needs at least one form column', () => {
    expect(() => parsePaperRmsle('Task,Model\nbird_5,x\n', 'paper.csv')).toThrow(/paper.csv: no form column/)
  })
})

test('the command says so when the app is not built', async () => {
  // A copy of the launcher in a folder without out/main/cli.js.
  await mkdir(join(dir, 'bare/bin'), { recursive: true })
  await copyFile(bin, join(dir, 'bare/bin/scaling-studio.js'))
  const r = await run(['--help'], undefined, join(dir, 'bare/bin/scaling-studio.js'))
  expect(r.code).toBe(1)
  expect(r.stderr).toBe('Scaling Studio is not built: run npm run build\n')
})
