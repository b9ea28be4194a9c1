// The format-neutral content of a project report: one pure function of the project, read by every writer
// (HTML, Markdown, LaTeX, PDF, CSV, JSON), so that every format shows the same facts. Numbers stay at full
// precision here, with NaN and infinities as null; each writer decides how many digits to print.
import { type PointCounts, bestFit, breakPositions, heldoutByForm, isStale, pointCounts, winRates } from '../../../figures/fit-summary'
import { FORM_NAMES } from '../../../shared/fit-types'
import type { FitOptions, FitStatus, FormName } from '../../../shared/fit-types'
import type { BandKind, BootstrapKind, ForecastForm } from '../../../shared/forecast-types'
import type { ForecastSettings, Project, ProjectCurve, StoredFit, StoredForecast } from '../../../shared/project/types'

const SOFTWARE_NAME = 'Scaling Studio'

export interface ReportModel {
  title: string
  software: { name: string; version: string }
  generatedAt: string
  project: { name: string; attribution: string | null; createdAt: string; modifiedAt: string; curveCount: number }
  fitSettings: FitOptions
  forecastSettings: ForecastSettings
  summary: CompareTable
  curves: CurveSection[]
  crossovers: CrossoverSection[]
}

/** The Compare view's project table: held-out RMSLE of each form per curve, the best form, and win rates. */
export interface CompareTable {
  forms: FormName[]
  rows: CompareRow[]
  winRates: Array<{ form: FormName; wins: number; rate: number | null; meanHeldoutRmsle: number | null }>
  /** Curves with a best form (some finite held-out RMSLE). */
  ranked: number
}

export interface CompareRow {
  id: string
  name: string
  points: PointCounts
  /** Held-out RMSLE per fitted form; null when the form has none (no held-out points); absent when not fitted. */
  heldout: Partial<Record<FormName, number | null>>
  best: FormName | null
  stale: boolean
}

export interface CurveSection {
  id: string
  name: string
  /** File-name-safe and unique among the report's curves (for figure files). */
  slug: string
  xQuantity: string
  xUnit: string
  yMetric: string
  tags: string[]
  notes: string
  points: PointCounts
  revision: number
  /** Fits in the order of FORM_NAMES. */
  fits: FitSection[]
  best: FormName | null
  forecast: ForecastSection | null
}

export interface FitSection {
  form: FormName
  breaks: number
  crop: number
  /** BNSL break positions d_1..d_n. */
  breakPositions: number[]
  /** Parameters in a readable order (BNSL: a, b, c0, then c_i d_i f_i), full precision. */
  params: Array<{ name: string; value: number | null }>
  status: FitStatus
  fitRmsle: number | null
  fitRsle: number | null
  heldoutRmsle: number | null
  heldoutRsle: number | null
  selection: {
    breaks: Array<{ n: number; validationRmsle: number | null; chosen: boolean }>
    crop: Array<{ k: number; validationRmsle: number | null; chosen: boolean }>
  }
  stale: boolean
  best: boolean
  fittedAt: string
}

export interface IntervalValue {
  level: number
  low: number | null
  high: number | null
}

export interface ForecastSection {
  /** The form asked for (`auto` or one form) and the one that forecasts. */
  askedForm: ForecastForm
  form: FormName
  breaks: number
  crop: number
  method: 'jacobian' | 'bootstrap'
  resamples: number
  failedResamples: number
  seed: number
  bootstrap: BootstrapKind
  levels: number[]
  residualSd: number | null
  extrapolation: { growth: number | null; backtests: number; points: number }
  minFitX: number | null
  maxFitX: number | null
  stale: boolean
  computedAt: string
  at: Array<{ x: number; multiple: number | null; y: number | null; intervals: Array<IntervalValue & { kind: BandKind }> }>
  targets: Array<{ y: number; x: number | null; reachedShare: number | null; intervals: IntervalValue[] }>
  parameters: Array<{ name: string; value: number | null; standardError: number | null; intervals: IntervalValue[] }>
  candidates: Array<{ form: FormName; breaks: number; crop: number; validationRmsle: number | null; weight: number | null }>
}

export interface CrossoverSection {
  curves: [{ id: string; name: string }, { id: string; name: string }]
  range: [number, number]
  /** False when the range is the engine's default (from both curves' fit points). */
  rangeAsked: boolean
  crossings: Array<{ x: number | null; lowerAfter: { id: string | null; name: string }; share: number | null; intervals: IntervalValue[] }>
  stale: boolean
  computedAt: string
}

export interface ReportModelInput {
  project: Project
  curveIds: string[] | null
  version: string
  generatedAt: string
}

/** A finite number, or null: NaN and infinities have no place in a report. */
const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

const interval = (i: { level: number; low: number; high: number }): IntervalValue => ({
  level: i.level,
  low: finite(i.low),
  high: finite(i.high)
})

/** The curves a report covers, in the order asked; every id must name a curve of the project. */
export function reportCurves(project: Project, curveIds: string[] | null): ProjectCurve[] {
  if (curveIds === null) return project.curves
  const byId = new Map(project.curves.map((c) => [c.id, c]))
  return [...new Set(curveIds)].map((id) => {
    const curve = byId.get(id)
    if (!curve) throw new Error(`the project has no curve with id "${id}"`)
    return curve
  })
}

/** Builds the report's content from the project: the single source every format writes. */
export function buildReportModel(input: ReportModelInput): ReportModel {
  const { project } = input
  const curves = reportCurves(project, input.curveIds)
  const slugs = uniqueSlugs(curves.map((c) => c.name))
  const ids = new Set(curves.map((c) => c.id))
  return {
    title: project.name,
    software: { name: SOFTWARE_NAME, version: input.version },
    generatedAt: input.generatedAt,
    project: {
      name: project.name,
      attribution: project.attribution ?? null,
      createdAt: project.createdAt,
      modifiedAt: project.modifiedAt,
      curveCount: curves.length
    },
    fitSettings: { ...project.settings, forms: [...project.settings.forms] },
    forecastSettings: { ...project.forecastSettings, levels: [...project.forecastSettings.levels] },
    summary: compareTable(project, curves),
    curves: curves.map((curve, i) => curveSection(project, curve, slugs[i])),
    crossovers: project.crossovers
      .filter((c) => ids.has(c.curves[0]) && ids.has(c.curves[1]))
      .map((c) => crossoverSection(project, c))
  }
}

function fitsOf(project: Project, id: string): StoredFit[] {
  return Object.hasOwn(project.fits, id) ? project.fits[id] : []
}

/** The Compare view's table of the given curves (all of the project when null). */
export function compareTable(project: Project, curves: readonly ProjectCurve[]): CompareTable {
  const seen = new Set<FormName>()
  for (const c of curves) for (const fit of fitsOf(project, c.id)) seen.add(fit.form)
  const forms = FORM_NAMES.filter((f) => (seen.size > 0 ? seen.has(f) : project.settings.forms.includes(f)))
  const rows: CompareRow[] = curves.map((curve) => {
    const fits = fitsOf(project, curve.id)
    return {
      id: curve.id,
      name: curve.name,
      points: pointCounts(curve),
      heldout: heldoutByForm(fits),
      best: bestFit(fits)?.form ?? null,
      stale: fits.some((f) => isStale(f, curve))
    }
  })
  const ranked = rows.filter((r) => r.best !== null).length
  const rates = winRates(rows, forms).map(({ meanRmsle, ...rest }) => ({ ...rest, meanHeldoutRmsle: meanRmsle }))
  return { forms, rows, winRates: rates, ranked }
}

function curveSection(project: Project, curve: ProjectCurve, slug: string): CurveSection {
  const fits = fitsOf(project, curve.id)
  const best = bestFit(fits)?.form ?? null
  const forecast = Object.hasOwn(project.forecasts, curve.id) ? project.forecasts[curve.id] : null
  return {
    id: curve.id,
    name: curve.name,
    slug,
    xQuantity: curve.xQuantity,
    xUnit: curve.xUnit,
    yMetric: curve.yMetric,
    tags: [...curve.tags],
    notes: curve.notes,
    points: pointCounts(curve),
    revision: curve.revision,
    fits: FORM_NAMES.flatMap((form) => fits.filter((f) => f.form === form)).map((fit) => fitSection(fit, curve, best)),
    best,
    forecast: forecast ? forecastSection(forecast, curve) : null
  }
}

/** Parameter names in a readable order: BNSL's a, b, c0, then c_i d_i f_i per break; other forms as stored. */
function paramOrder(fit: Pick<StoredFit, 'form' | 'breaks' | 'params'>): string[] {
  const names = Object.keys(fit.params)
  if (fit.form !== 'BNSL') return names
  const head = ['a', 'b', 'c0'].filter((n) => n in fit.params)
  const perBreak = Array.from({ length: fit.breaks }, (_, i) => [`c${i + 1}`, `d${i + 1}`, `f${i + 1}`]).flat()
  const rest = names.filter((n) => !head.includes(n) && !perBreak.includes(n))
  return [...head, ...perBreak.filter((n) => n in fit.params), ...rest]
}

function fitSection(fit: StoredFit, curve: ProjectCurve, best: FormName | null): FitSection {
  return {
    form: fit.form,
    breaks: fit.breaks,
    crop: fit.crop,
    breakPositions: breakPositions(fit),
    params: paramOrder(fit).map((name) => ({ name, value: finite(fit.params[name]) })),
    status: fit.status,
    fitRmsle: finite(fit.fitRmsle),
    fitRsle: finite(fit.fitRsle),
    heldoutRmsle: finite(fit.heldoutRmsle),
    heldoutRsle: finite(fit.heldoutRsle),
    selection: {
      breaks: fit.selection.breaks.map((c) => ({ n: c.n, validationRmsle: finite(c.validationRmsle), chosen: c.n === fit.breaks })),
      crop: fit.selection.crop.map((c) => ({ k: c.k, validationRmsle: finite(c.validationRmsle), chosen: c.k === fit.crop }))
    },
    stale: isStale(fit, curve),
    best: fit.form === best,
    fittedAt: fit.fittedAt
  }
}

function forecastSection(stored: StoredForecast, curve: ProjectCurve): ForecastSection {
  const r = stored.result
  const levels = [...r.levels].sort((a, b) => a - b)
  const byLevel = <T extends { level: number }>(list: readonly T[]): T[] => [...list].sort((a, b) => a.level - b.level)
  const maxFitX = finite(r.maxFitX)
  return {
    askedForm: stored.settings.form,
    form: r.form,
    breaks: r.breaks,
    crop: r.crop,
    method: r.method,
    resamples: r.resamples,
    failedResamples: r.failedResamples,
    seed: r.seed,
    bootstrap: r.bootstrap,
    levels,
    residualSd: finite(r.residualSd),
    extrapolation: { growth: finite(r.extrapolation.growth), backtests: r.extrapolation.backtests, points: r.extrapolation.points },
    minFitX: finite(r.minFitX),
    maxFitX,
    stale: stored.curveRevision !== curve.revision,
    computedAt: stored.computedAt,
    at: r.at.map((p) => ({
      x: p.x,
      multiple: maxFitX ? finite(p.x / maxFitX) : null,
      y: finite(p.y),
      // Prediction bands first (what a new run would show), then confidence bands (where the curve is).
      intervals: ['prediction', 'confidence'].flatMap((kind) =>
        byLevel(p.bands.filter((b) => b.kind === kind)).map((b) => ({ ...interval(b), kind: b.kind }))
      )
    })),
    targets: r.targets.map((t) => ({
      y: t.y,
      x: finite(t.x),
      reachedShare: finite(t.reachedShare),
      intervals: byLevel(t.bands).map(interval)
    })),
    parameters: r.parameters.map((p) => ({
      name: p.name,
      value: finite(p.value),
      standardError: finite(p.standardError),
      intervals: byLevel(p.intervals).map(interval)
    })),
    candidates: r.candidates.map((c) => ({
      form: c.form,
      breaks: c.breaks,
      crop: c.crop,
      validationRmsle: finite(c.validationRmsle),
      weight: finite(c.weight)
    }))
  }
}

function crossoverSection(project: Project, stored: Project['crossovers'][number]): CrossoverSection {
  const named = (id: string): { id: string; name: string } => ({ id, name: project.curves.find((c) => c.id === id)?.name ?? id })
  const curves: CrossoverSection['curves'] = [named(stored.curves[0]), named(stored.curves[1])]
  // The answer names the lower curve as it was named when computed; map it back to the curve's id and current name.
  const lowerAfter = (name: string): { id: string | null; name: string } => {
    const i = stored.result.curves.indexOf(name)
    return i >= 0 ? curves[i] : { id: null, name }
  }
  return {
    curves,
    // The range searched: the one asked for, or the default the engine chose.
    range: [stored.result.range[0], stored.result.range[1]],
    rangeAsked: stored.range !== null,
    crossings: stored.result.crossings.map((c) => ({
      x: finite(c.x),
      lowerAfter: lowerAfter(c.lowerAfter),
      share: finite(c.share),
      intervals: [...c.bands].sort((a, b) => a.level - b.level).map(interval)
    })),
    stale: stored.curves.some((id, i) => project.curves.find((c) => c.id === id)?.revision !== stored.curveRevisions[i]),
    computedAt: stored.computedAt
  }
}

/** A file-name-safe slug of each name (lowercase ASCII, digits and dashes), made unique with -2, -3, ... */
function uniqueSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>()
  return names.map((name) => {
    const base =
      name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60)
        .replace(/-+$/, '') || 'curve'
    let slug = base
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
    taken.add(slug)
    return slug
  })
}
