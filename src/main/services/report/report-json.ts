// The report as JSON for scripts: every number at full precision, null where there is no value.
import type { ReportModel } from './report-model'

const REPORT_JSON_FORMAT = 'scaling-studio-report'
const REPORT_JSON_VERSION = 1

/** The report's JSON document: the model, with parameters as name-to-value objects in their readable order. */
function reportJsonValue(model: ReportModel): unknown {
  return {
    format: REPORT_JSON_FORMAT,
    version: REPORT_JSON_VERSION,
    software: model.software,
    generatedAt: model.generatedAt,
    project: model.project,
    settings: { fit: model.fitSettings, forecast: model.forecastSettings },
    summary: model.summary,
    curves: model.curves.map((c) => ({
      id: c.id,
      name: c.name,
      xQuantity: c.xQuantity,
      xUnit: c.xUnit,
      yMetric: c.yMetric,
      tags: c.tags,
      notes: c.notes,
      points: c.points,
      revision: c.revision,
      best: c.best,
      fits: c.fits.map((f) => ({
        form: f.form,
        breaks: f.breaks,
        crop: f.crop,
        breakPositions: f.breakPositions,
        params: Object.fromEntries(f.params.map((p) => [p.name, p.value])),
        fitRmsle: f.fitRmsle,
        fitRsle: f.fitRsle,
        heldoutRmsle: f.heldoutRmsle,
        heldoutRsle: f.heldoutRsle,
        selection: f.selection,
        status: f.status,
        stale: f.stale,
        best: f.best,
        fittedAt: f.fittedAt
      })),
      forecast: c.forecast
    })),
    crossovers: model.crossovers
  }
}

export function reportJson(model: ReportModel): string {
  return `${JSON.stringify(reportJsonValue(model), null, 2)}\n`
}
