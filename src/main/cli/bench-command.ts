// `scaling-studio bench`: runs the benchmark service and prints its report.
import { resolve } from 'node:path'
import { BENCH_FORMS, CONTESTANTS, type BenchmarkReport, type BenchProgress, runBenchmark } from '../services/benchmark'
import { runForecastBenchmark, type ForecastBenchReport } from '../services/forecast-benchmark'
import { DESIGN_MODELS } from '../services/curve-interval'
import { readCurvesFile } from '../services/read-curves-file'
import type { BenchCommand, CliContext } from './args'
import { formatForecastBench } from './forecast-bench-report'
import {
  abortOnInterrupt,
  count,
  createProgressBar,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRmsle,
  formatTable,
  print,
  warn,
  writeJsonFile
} from './output'

/** The example benchmark shipped in the package, relative to its root. */
export const DEFAULT_BENCH_DATA = 'resources/example/benchmark.vision.csv'
export const DEFAULT_BENCH_PAPER = 'resources/example/paper-rmsle.vision.csv'

const PHASE_LABEL: Record<BenchProgress['phase'], string> = {
  fit: 'fitting every form',
  'single-thread': 'timing single fits in one thread',
  '1 worker': 'timing the fits on 1 worker',
  '2 workers': 'timing the fits on 2 workers'
}

function curveLines(report: BenchmarkReport): string[] {
  const header = ['curve', ...BENCH_FORMS.flatMap((f) => [f, 'paper', 'ratio'])]
  const rows = report.curves.map((c) => [
    c.curve,
    ...BENCH_FORMS.flatMap((f) => {
      const cell = c.cells[f]
      return [formatRmsle(cell.ours), formatRmsle(cell.paper), formatNumber(cell.ratio, 2)]
    })
  ])
  return [
    'Held-out RMSLE per curve: ours, the paper\'s, ratio ours/paper (BNSL-1 = 1 break, no crop, as in the paper)',
    ...formatTable(header, rows, header.map((_, i) => (i === 0 ? 'l' : 'r')))
  ]
}

function summaryLines(report: BenchmarkReport): string[] {
  const header = ['form', 'compared', 'ratio<=tol', 'tol', 'median ratio', 'wins ours', 'wins paper', 'median ms', 'max ms', 'failed']
  const rows = report.summary.map((s) => [
    s.form,
    String(s.compared),
    formatPercent(s.withinTolerance),
    s.tolerance.toFixed(2),
    formatNumber(s.medianRatio, 3),
    formatPercent(s.winRateOurs),
    formatPercent(s.winRatePaper),
    formatNumber(s.medianFitMs, 0),
    formatNumber(s.maxFitMs, 0),
    String(s.failed)
  ])
  return [
    `Summary over ${report.curves.length} curves (wins: lowest held-out RMSLE among ${CONTESTANTS.join(', ')}; ms per fit)`,
    ...formatTable(header, rows, header.map((_, i) => (i === 0 ? 'l' : 'r'))),
    `Total wall time: ${formatDuration(report.wallMs)} on ${count(report.threads, 'worker')}`
  ]
}

/** Targets of the automatic selection (issue 8), printed beside what it reaches. */
const SELECTION_TARGETS = 'targets: geometric mean <= 1.25, median <= 1.15, beats published M1-M4 on >= 60%, never worse than BNSL-1 in geometric mean'

function selectionLines(report: BenchmarkReport): string[] {
  const header = ['form', 'scope', 'curves', 'geo mean ratio', '95% CI', 'median ratio', '95% CI', 'beats M1-M4', '95% CI']
  const interval = ([lo, hi]: [number, number], digits = 3): string => `${lo.toFixed(digits)}-${hi.toFixed(digits)}`
  const rows = report.selection.map((s) => [
    s.form,
    s.scope,
    String(s.curves),
    s.geoRatio.toFixed(3),
    interval(s.geoInterval),
    s.medianRatio.toFixed(3),
    interval(s.medianInterval),
    formatPercent(s.beatsPublished),
    `${formatPercent(s.beatsInterval[0])}-${formatPercent(s.beatsInterval[1])}`
  ])
  return [
    `Automatic selection: ours / published BNSL held-out RMSLE, and the share of curves where ours beats the best published M1-M4 (design half = models ${DESIGN_MODELS.join(', ')}, where the selection was chosen; report half = the rest; 95% intervals over curves)`,
    ...formatTable(header, rows, header.map((_, i) => (i < 2 ? 'l' : 'r'))),
    SELECTION_TARGETS
  ]
}

function speedLines(report: BenchmarkReport): string[] {
  const { speed } = report
  if (!speed) return ['Speed: not measured (the run was cancelled)']
  return [
    'Speed (same run)',
    `1-break BNSL fit, one at a time in the main thread: median ${formatDuration(speed.bnsl1MedianMs)} over ${count(speed.curves, 'curve')}`,
    `2-break BNSL fit, one at a time in the main thread: median ${formatDuration(speed.bnsl2MedianMs)}`,
    `Benchmark fits on 1 worker: ${formatDuration(speed.oneWorkerMs)}; on 2 workers: ${formatDuration(speed.twoWorkersMs)}; ` +
      `speedup ${speed.speedup.toFixed(2)}x`
  ]
}

/** The whole report as printed: per-curve table, summary, speed section. */
export function formatBenchReport(report: BenchmarkReport): string[] {
  return [
    `Benchmark: ${report.dataFile} (${report.curves.length} curves) against ${report.paperFile}`,
    '',
    ...curveLines(report),
    '',
    ...summaryLines(report),
    '',
    ...selectionLines(report),
    '',
    ...speedLines(report)
  ]
}

/** Runs `bench`; returns the exit code: 0 done, 1 a fit failed, 130 interrupted. */
export async function runBenchCommand(command: BenchCommand, context: CliContext): Promise<number> {
  const bar = createProgressBar('bench')
  const interrupt = abortOnInterrupt(() => {
    bar.clear()
    warn('interrupted: stopping the benchmark (Ctrl-C again to quit at once)')
  })
  let report: BenchmarkReport
  let forecasts: ForecastBenchReport | null = null
  const dataFile = command.data ?? resolve(context.packageRoot, DEFAULT_BENCH_DATA)
  try {
    report = await runBenchmark({
      dataFile,
      paperFile: command.paper ?? resolve(context.packageRoot, DEFAULT_BENCH_PAPER),
      workerPath: context.workerPath,
      threads: command.threads,
      curves: command.curves,
      signal: interrupt.signal,
      onProgress: (p) => bar.update(p.done, p.total, PHASE_LABEL[p.phase])
    })
    if (!report.cancelled) {
      const curves = (await readCurvesFile(dataFile)).curves.slice(0, command.curves)
      forecasts = await runForecastBenchmark(curves, {
        workerPath: context.workerPath,
        threads: command.threads,
        signal: interrupt.signal,
        onProgress: (phase, done, total) => bar.update(done, total, phase)
      })
    }
  } finally {
    interrupt.release()
    bar.clear()
  }
  // Written before the report, so that a closed stdout (`| head`) cannot lose it.
  if (command.json !== undefined) {
    await writeJsonFile(command.json, { ...report, forecasts })
    warn(`wrote ${command.json}`)
  }
  print(formatBenchReport(report))
  if (forecasts) print(['', ...formatForecastBench(forecasts)])
  if (report.rejectedRows) warn(`${report.dataFile}: ${report.rejectedRows} rows were left out by the importer`)
  if (report.unmatched.length) warn(`no paper row for: ${report.unmatched.join(', ')}`)
  for (const e of report.errors) warn(`failed: ${e.curve} / ${e.form}: ${e.message}`)
  if (report.cancelled || forecasts?.cancelled) return 130
  return report.errors.length ? 1 : 0
}
