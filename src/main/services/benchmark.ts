// The benchmark behind `scaling-studio bench`: fits the example benchmark's curves with every form, compares
// the held-out RMSLE with the published values, and measures speed and worker scaling in the same run.
// It returns a typed report; formatting is the command line's job.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { fitCurveForm } from '../../core'
import { DEFAULT_FIT_OPTIONS, FORM_NAMES } from '../../shared/fit-types'
import type { CurveInput, FitOptions, FormFit, FormName } from '../../shared/fit-types'
import { ImportError } from '../../shared/import'
import { indexColumns } from '../../shared/import/detect-format'
import { readTable } from '../../shared/import/split-rows'
import { FitPool } from './fit-pool'
import { curveInterval, isDesignCurve } from './curve-interval'
import { readCurvesFile } from './read-curves-file'
import { median as medianOf } from '../../core/math'

/** The forms the benchmark reports: M1-M4, BNSL with breaks and crop chosen by validation, and the paper's 1-break BNSL. */
export const BENCH_FORMS = ['M1', 'M2', 'M3', 'M4', 'BNSL', 'BNSL-1'] as const
export type BenchForm = (typeof BENCH_FORMS)[number]

/** The forms that compete for the lowest held-out RMSLE on each curve, in the order that breaks ties. */
export const CONTESTANTS: readonly FormName[] = ['M1', 'M2', 'M3', 'M4', 'BNSL']

/** Ours / paper held-out RMSLE at or below which a curve counts as matched (BNSL is held to the tighter bar). */
export const RATIO_TOLERANCE: Record<BenchForm, number> = { M1: 1.1, M2: 1.1, M3: 1.1, M4: 1.1, BNSL: 1.05, 'BNSL-1': 1.05 }

/** The main fit: every form, BNSL with break count and crop selected by validation. */
export const BENCH_FIT_OPTIONS: FitOptions = { ...DEFAULT_FIT_OPTIONS, forms: [...CONTESTANTS], breaks: 'auto', crop: 'auto' }
/** The paper's BNSL (Caballero et al. 2022, Table 3): one break, no crop. */
export const BNSL1_OPTIONS: FitOptions = { forms: ['BNSL'], breaks: 1, crop: 'none', maxBreaks: 1 }
const BNSL2_OPTIONS: FitOptions = { forms: ['BNSL'], breaks: 2, crop: 'none', maxBreaks: 2 }

/** Published held-out RMSLE per curve, keyed by the name columns joined with "/" (e.g. "bird_5/MiX/B/16"). */
export interface PaperTable {
  forms: FormName[]
  rows: Map<string, Partial<Record<FormName, number>>>
}

export interface BenchCell {
  /** Our held-out RMSLE; null when the fit failed or never ran. */
  ours: number | null
  paper: number | null
  /** ours / paper; null unless both are finite and paper > 0. */
  ratio: number | null
  timeMs: number | null
  breaks: number | null
  crop: number | null
}

export interface BenchCurve {
  curve: string
  cells: Record<BenchForm, BenchCell>
  /** Lowest held-out RMSLE among CONTESTANTS; ties go to the earlier form. */
  bestOurs: FormName | null
  bestPaper: FormName | null
}

export interface BenchFormSummary {
  form: BenchForm
  tolerance: number
  /** Curves with both our and the paper's value. */
  compared: number
  /** Share (0..1) of compared curves with ratio <= tolerance. */
  withinTolerance: number | null
  medianRatio: number | null
  /** Share (0..1) of curves this form wins among CONTESTANTS; null for BNSL-1, which does not compete. */
  winRateOurs: number | null
  winRatePaper: number | null
  medianFitMs: number | null
  maxFitMs: number | null
  failed: number
}

/** How BNSL's automatic selection compares with the published errors, on a half of the curves or on all. */
export interface SelectionSummary {
  form: 'BNSL' | 'BNSL-1'
  scope: 'all' | 'design half' | 'report half'
  curves: number
  /** Geometric mean of ours / published BNSL held-out RMSLE, with a 95% interval over curves. */
  geoRatio: number
  geoInterval: [number, number]
  medianRatio: number
  medianInterval: [number, number]
  /** Share of curves where ours is below the best published M1-M4 error of the curve. */
  beatsPublished: number
  beatsInterval: [number, number]
}

export interface BenchError {
  curve: string
  form: BenchForm
  message: string
}

export interface BenchSpeed {
  /** Curves the single-thread fits ran on (those that did not fail). */
  curves: number
  /** Median time of one 1-break BNSL fit (crop none) in the main thread. */
  bnsl1MedianMs: number | null
  /** Median time of one 2-break BNSL fit (crop none) in the main thread. */
  bnsl2MedianMs: number | null
  /** Wall time of the benchmark's fits on a pool of 1 worker, then of 2 workers. */
  oneWorkerMs: number
  twoWorkersMs: number
  /** oneWorkerMs / twoWorkersMs: 2 is perfect scaling. */
  speedup: number
}

export interface BenchmarkReport {
  dataFile: string
  paperFile: string
  threads: number
  /** Data rows the importer left out. */
  rejectedRows: number
  /** Curves without a row in the paper table. */
  unmatched: string[]
  curves: BenchCurve[]
  summary: BenchFormSummary[]
  /** The selection targets (issue 8): BNSL with automatic selection and the fixed 1-break BNSL, by half. */
  selection: SelectionSummary[]
  errors: BenchError[]
  /** Wall time of the benchmark's fits on `threads` workers. */
  wallMs: number
  /** Null when the run was cancelled before the speed section. */
  speed: BenchSpeed | null
  cancelled: boolean
}

export interface BenchProgress {
  phase: 'fit' | 'single-thread' | '1 worker' | '2 workers'
  done: number
  total: number
}

export interface BenchmarkOptions {
  dataFile: string
  paperFile: string
  /** The built fit worker. */
  workerPath: string
  /** Workers of the main run; default the pool's default. */
  threads?: number
  /** Only the first n curves. */
  curves?: number
  signal?: AbortSignal
  onProgress?: (progress: BenchProgress) => void
}

/** The engine's median, with null (not NaN) for no values so the report serialises cleanly. */
const median = (values: number[]): number | null => (values.length === 0 ? null : medianOf(values))

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * Reads the published RMSLE table: a header with name columns (e.g. Task, Model) and one column per form,
 * then one row per curve. Throws ImportError naming the file and line of a bad value.
 */
export function parsePaperRmsle(text: string, fileName: string): PaperTable {
  const { rows, lines } = readTable(text)
  if (rows.length < 2) throw new ImportError(fileName, 'needs a header row and at least one curve row')
  const header = rows[0].map((h) => h.trim())
  const formColumns = header.flatMap((h, i) => {
    const form = FORM_NAMES.find((f) => f.toLowerCase() === h.toLowerCase())
    return form ? [{ form, i }] : []
  })
  const nameColumns = header.flatMap((h, i) => (formColumns.some((c) => c.i === i) ? [] : [i]))
  if (formColumns.length === 0) throw new ImportError(fileName, `no form column; expected some of ${FORM_NAMES.join(', ')}`)
  if (nameColumns.length === 0) throw new ImportError(fileName, 'no column names the curves (e.g. Task, Model)')
  const repeat = indexColumns(header).repeats[0]
  if (repeat) throw new ImportError(fileName, `columns ${repeat[0] + 1} and ${repeat[1] + 1} are both named "${header[repeat[1]]}"`)
  const table: PaperTable = { forms: formColumns.map((c) => c.form), rows: new Map() }
  // The name parts and line of each key: "a/b" + "c" and "a" + "b/c" join into one key, which must not merge two rows.
  const origins = new Map<string, { parts: string[]; line: number }>()
  const quote = (parts: string[]): string => parts.map((p) => `"${p}"`).join(', ')
  rows.slice(1).forEach((row, r) => {
    const parts = nameColumns.map((i) => (row[i] ?? '').trim())
    const key = parts.join('/')
    const origin = origins.get(key)
    if (origin) {
      const columns = nameColumns.map((i) => header[i]).join(', ')
      throw new ImportError(
        fileName,
        `lines ${origin.line} and ${lines[r + 1]} both name the curve "${key}" (${columns}: ${quote(origin.parts)} and ${quote(parts)})`
      )
    }
    origins.set(key, { parts, line: lines[r + 1] })
    const values: Partial<Record<FormName, number>> = {}
    for (const { form, i } of formColumns) {
      const cell = (row[i] ?? '').trim()
      const value = Number(cell)
      if (cell === '' || !Number.isFinite(value) || value < 0) {
        throw new ImportError(fileName, `line ${lines[r + 1]}: ${header[i]} must be a number >= 0, got "${cell}"`)
      }
      values[form] = value
    }
    table.rows.set(key, values)
  })
  return table
}

/** The paper row of a curve: its full name, or the longest tail of it ("IC/bird_5/MiX/B/16" finds "bird_5/MiX/B/16"). */
export function lookupPaper(table: PaperTable, curve: string): Partial<Record<FormName, number>> | undefined {
  const parts = curve.split('/')
  for (let i = 0; i < parts.length; i++) {
    const row = table.rows.get(parts.slice(i).join('/'))
    if (row) return row
  }
  return undefined
}

/** What one pass of the benchmark's fits produced: every (curve, bench form) fit, and the failures. */
interface BenchFits {
  fits: Map<string, Partial<Record<BenchForm, FormFit>>>
  errors: BenchError[]
  wallMs: number
  cancelled: boolean
}

/** Runs the main fit and the 1-break fit as two jobs on one pool at once, so neither waits for the other's tail. */
async function runBenchFits(
  pool: FitPool,
  curves: CurveInput[],
  signal: AbortSignal | undefined,
  onDone: () => void
): Promise<BenchFits> {
  const started = performance.now()
  const [main, one] = await Promise.all([
    pool.runJob(curves, BENCH_FIT_OPTIONS, { signal, onProgress: onDone }),
    pool.runJob(curves, BNSL1_OPTIONS, { signal, onProgress: onDone })
  ])
  const wallMs = performance.now() - started
  const fits = new Map(curves.map((c): [string, Partial<Record<BenchForm, FormFit>>] => [c.name, {}]))
  for (const { curve, fits: list } of main.results) for (const fit of list) fits.get(curve)![fit.form] = fit
  for (const { curve, fits: list } of one.results) fits.get(curve)!['BNSL-1'] = list[0]
  const errors: BenchError[] = [
    ...main.errors,
    ...one.errors.map((e): BenchError => ({ ...e, form: 'BNSL-1' }))
  ]
  return { fits, errors, wallMs, cancelled: main.cancelled || one.cancelled }
}

/** Runs the benchmark's fits on a fresh pool of n workers (its wallMs is the scaling measurement). */
async function timeOnWorkers(
  options: BenchmarkOptions,
  curves: CurveInput[],
  threads: number,
  onDone: () => void
): Promise<BenchFits> {
  const pool = new FitPool({ workerPath: options.workerPath, threads })
  try {
    return await runBenchFits(pool, curves, options.signal, onDone)
  } finally {
    await pool.destroy()
  }
}

/** Median time of one BNSL fit per curve in this thread, one at a time; curves the engine refuses are skipped. */
async function timeSingleThread(
  curves: CurveInput[],
  options: FitOptions,
  signal: AbortSignal | undefined,
  onDone: () => void
): Promise<number[]> {
  const times: number[] = []
  for (const curve of curves) {
    // Let a pending SIGINT or abort through between fits: each fit blocks this thread.
    await nextTurn()
    if (signal?.aborted) break
    const started = performance.now()
    try {
      fitCurveForm(curve, 'BNSL', options)
      times.push(performance.now() - started)
    } catch {
      // A curve the engine refuses has no time to report; the main run lists its error.
    }
    onDone()
  }
  return times
}

function buildCurve(curve: string, fits: Partial<Record<BenchForm, FormFit>>, paper: Partial<Record<FormName, number>> | undefined): BenchCurve {
  const cells = Object.fromEntries(
    BENCH_FORMS.map((form): [BenchForm, BenchCell] => {
      const fit = fits[form]
      const ours = fit ? fit.heldoutRmsle : null
      // The paper's BNSL column is its 1-break BNSL; both of our BNSL fits are compared with it.
      const p = paper?.[form === 'BNSL-1' ? 'BNSL' : form] ?? null
      const ratio = finite(ours) && finite(p) && p > 0 ? ours / p : null
      return [form, { ours, paper: p, ratio, timeMs: fit?.timeMs ?? null, breaks: fit?.breaks ?? null, crop: fit?.crop ?? null }]
    })
  ) as Record<BenchForm, BenchCell>
  const best = (value: (form: FormName) => number | null): FormName | null =>
    CONTESTANTS.reduce<FormName | null>((b, f) => {
      const v = value(f)
      return finite(v) && (b === null || v < (value(b) as number)) ? f : b
    }, null)
  return { curve, cells, bestOurs: best((f) => cells[f].ours), bestPaper: best((f) => cells[f].paper) }
}

function summarise(curves: BenchCurve[], errors: BenchError[]): BenchFormSummary[] {
  return BENCH_FORMS.map((form): BenchFormSummary => {
    const cells = curves.map((c) => c.cells[form])
    const ratios = cells.map((c) => c.ratio).filter(finite)
    const times = cells.map((c) => c.timeMs).filter(finite)
    const tolerance = RATIO_TOLERANCE[form]
    const competes = (CONTESTANTS as readonly string[]).includes(form)
    const winRate = (pick: (c: BenchCurve) => FormName | null): number | null => {
      const decided = curves.filter((c) => pick(c) !== null)
      return competes && decided.length ? decided.filter((c) => pick(c) === form).length / decided.length : null
    }
    return {
      form,
      tolerance,
      compared: ratios.length,
      withinTolerance: ratios.length ? ratios.filter((r) => r <= tolerance).length / ratios.length : null,
      medianRatio: median(ratios),
      winRateOurs: winRate((c) => c.bestOurs),
      winRatePaper: winRate((c) => c.bestPaper),
      medianFitMs: median(times),
      maxFitMs: times.length ? Math.max(...times) : null,
      failed: errors.filter((e) => e.form === form).length
    }
  })
}

interface SelectionRow {
  ratio: number
  beats: boolean
}

const geoMean = (rows: SelectionRow[]): number => Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length)
const medianRatio = (rows: SelectionRow[]): number => median(rows.map((r) => r.ratio)) ?? NaN
const beatsShare = (rows: SelectionRow[]): number => rows.filter((r) => r.beats).length / rows.length

/** The selection figures of BNSL and BNSL-1 on all curves and on each half of DESIGN_MODELS' split. */
function summariseSelection(curves: BenchCurve[]): SelectionSummary[] {
  const out: SelectionSummary[] = []
  for (const form of ['BNSL', 'BNSL-1'] as const) {
    for (const scope of ['all', 'design half', 'report half'] as const) {
      const rows: SelectionRow[] = curves
        .filter((c) => scope === 'all' || isDesignCurve(c.curve) === (scope === 'design half'))
        .flatMap((c) => {
          const cell = c.cells[form]
          const published = Math.min(...(['M1', 'M2', 'M3', 'M4'] as const).map((f) => c.cells[f].paper ?? Infinity))
          return finite(cell.ratio) && finite(cell.ours) ? [{ ratio: cell.ratio, beats: cell.ours < published }] : []
        })
      if (rows.length === 0) continue
      out.push({
        form,
        scope,
        curves: rows.length,
        geoRatio: geoMean(rows),
        geoInterval: curveInterval(rows, geoMean),
        medianRatio: medianRatio(rows),
        medianInterval: curveInterval(rows, medianRatio),
        beatsPublished: beatsShare(rows),
        beatsInterval: curveInterval(rows, beatsShare)
      })
    }
  }
  return out
}

/**
 * Runs the whole benchmark: reads the curves and the published table, fits every curve with M1-M4, BNSL
 * (breaks and crop by validation) and the 1-break BNSL on `threads` workers, compares each held-out RMSLE
 * with the paper's, then times single 1- and 2-break fits in this thread and the fits on 1 and on 2 workers.
 * A cancelled run returns what finished, with `cancelled: true` and no speed section.
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const { signal, onProgress } = options
  const imported = await readCurvesFile(options.dataFile)
  const paper = parsePaperRmsle(await readFile(options.paperFile, 'utf8'), basename(options.paperFile))
  const curves: CurveInput[] = imported.curves.slice(0, options.curves).map(({ name, x, y, split }) => ({ name, x, y, split }))
  const fitTotal = curves.length * (BENCH_FIT_OPTIONS.forms.length + 1)
  const counter = (phase: BenchProgress['phase'], total: number): (() => void) => {
    let done = 0
    return () => onProgress?.({ phase, done: ++done, total })
  }

  const pool = new FitPool({ workerPath: options.workerPath, threads: options.threads })
  const threads = pool.threads
  let run: BenchFits
  try {
    run = await runBenchFits(pool, curves, signal, counter('fit', fitTotal))
  } finally {
    await pool.destroy()
  }
  const benchCurves = curves.map((c) => buildCurve(c.name, run.fits.get(c.name) ?? {}, lookupPaper(paper, c.name)))
  const report: BenchmarkReport = {
    dataFile: basename(options.dataFile),
    paperFile: basename(options.paperFile),
    threads,
    rejectedRows: imported.rejectedCount,
    unmatched: curves.filter((c) => !lookupPaper(paper, c.name)).map((c) => c.name),
    curves: benchCurves,
    summary: summarise(benchCurves, run.errors),
    selection: summariseSelection(benchCurves),
    errors: run.errors,
    wallMs: run.wallMs,
    speed: null,
    cancelled: run.cancelled
  }
  if (report.cancelled) return report

  const single = counter('single-thread', curves.length * 2)
  const bnsl1 = await timeSingleThread(curves, BNSL1_OPTIONS, signal, single)
  const bnsl2 = await timeSingleThread(curves, BNSL2_OPTIONS, signal, single)
  // The main run already is one of the two scaling runs when it used 1 or 2 workers.
  const onWorkers = async (n: 1 | 2): Promise<BenchFits> =>
    threads === n ? run : timeOnWorkers(options, curves, n, counter(n === 1 ? '1 worker' : '2 workers', fitTotal))
  const one = signal?.aborted ? null : await onWorkers(1)
  const two = signal?.aborted ? null : await onWorkers(2)
  if (!one || !two || one.cancelled || two.cancelled || signal?.aborted) return { ...report, cancelled: true }
  report.speed = {
    curves: bnsl1.length,
    bnsl1MedianMs: median(bnsl1),
    bnsl2MedianMs: median(bnsl2),
    oneWorkerMs: one.wallMs,
    twoWorkersMs: two.wallMs,
    speedup: one.wallMs / two.wallMs
  }
  return report
}
