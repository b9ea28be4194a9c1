// Prints the forecast part of `scaling-studio bench`: calibration of the prediction bands on held-out points,
// their width, and the speed of the bootstrap.
import type { ForecastBenchReport } from '../services/forecast-benchmark'
import { CALIBRATION_TARGETS, DESIGN_MODELS } from '../services/forecast-benchmark'
import { count, formatDuration, formatNumber, formatPercent, formatTable } from './output'

const pct = (v: number): string => formatPercent(v)

function runLines(report: ForecastBenchReport): string[] {
  return report.runs.flatMap((run) => {
    const header = ['scope', 'curves', 'points', ...CALIBRATION_TARGETS.flatMap((t) => [`${t.level * 100}% pooled`, '95% CI of pooled', `${t.level * 100}% median`]), 'mean 95% width (ln)', 'held-out RMSLE (geo)']
    const rows = run.summaries.map((s) => [
      s.scope,
      String(s.curves),
      String(s.points),
      ...s.coverage.flatMap((c) => [pct(c.pooled), `${pct(c.pooledInterval[0])}-${pct(c.pooledInterval[1])}`, pct(c.median)]),
      formatNumber(s.meanWidth95, 3),
      formatNumber(s.geoMeanRmsle, 4)
    ])
    const all = run.summaries[0]
    const verdict = all.coverage
      .map((c, l) => `${CALIBRATION_TARGETS[l].level * 100}% band ${c.within ? 'within' : 'OUTSIDE'} ${pct(CALIBRATION_TARGETS[l].low)}-${pct(CALIBRATION_TARGETS[l].high)} (pooled and median)`)
      .join('; ')
    const chosen = Object.entries(run.chosen)
      .sort((a, b) => b[1] - a[1])
      .map(([form, n]) => `${form} ${n}`)
      .join(', ')
    return [
      `Forecast "${run.run}": ${run.summaries[0].curves} curves forecast from their fit points at their held-out x, ` +
        `${report.resamples} resamples each, in ${formatDuration(run.wallMs)} on ${count(run.threads, 'worker')}`,
      ...formatTable(header, rows, header.map((_, i) => (i === 0 ? 'l' : 'r'))),
      `Target: ${verdict}`,
      ...(run.run === 'auto' ? [`Forms chosen: ${chosen}`] : []),
      ...run.errors.map((e) => `failed: ${e.curve}: ${e.message}`),
      ''
    ]
  })
}

/** The forecast section of the bench report. */
export function formatForecastBench(report: ForecastBenchReport): string[] {
  const speed = report.speed
  return [
    'Forecast calibration: share of held-out points inside the prediction bands (design half = models ' +
      `${DESIGN_MODELS.join(', ')}, where the band settings were chosen; report half = the rest)`,
    '',
    ...runLines(report),
    speed
      ? `Bootstrap speed: ${report.resamples} resamples of a 1-break BNSL curve (after its fit), one core: median ` +
        `${formatDuration(speed.medianResamplesMs)}, max ${formatDuration(speed.maxResamplesMs)} over ${count(speed.curves, 'curve')}`
      : 'Bootstrap speed: not measured (the run was cancelled)'
  ]
}
