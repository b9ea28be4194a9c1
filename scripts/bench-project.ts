// Measures the project file on a large project: 10,000 curves × 50 points, fits for half of them.
// Prints file size, save and open times (median of 3), validation time, peak RSS, and the time and memory
// of 200 edits kept in an undo History. Plain Node, bundled first (no vitest, no electron-vite):
//   npx rolldown scripts/bench-project.ts --platform node --format esm -o /tmp/bench-project.mjs \
//     && node /tmp/bench-project.mjs
// BENCH_CURVES and BENCH_POINTS change the size.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { ProjectStore } from '../src/main/services/project-store'
import { FORM_NAMES } from '../src/shared/fit-types'
import type { FormName } from '../src/shared/fit-types'
import { newProject, projectStats, serializeProject } from '../src/shared/project/document'
import { renameCurve, setPointExcluded, setPointSplit, setSplitRule, updateCurveMeta } from '../src/shared/project/edits'
import type { EditResult } from '../src/shared/project/edits'
import { History } from '../src/shared/project/history'
import type { Project, ProjectCurve, ProjectPoint, StoredFit } from '../src/shared/project/types'
import { parseProjectText, validateProject } from '../src/shared/project/validate'

const CURVES = Number(process.env.BENCH_CURVES ?? 10_000)
const POINTS = Number(process.env.BENCH_POINTS ?? 50)
const RUNS = 3
const EDITS = 200

// A garbage collector to call between measurements, without needing node --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Deterministic random numbers (mulberry32), so every run measures the same project. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rand = random(42)
const between = (lo: number, hi: number): number => lo + (hi - lo) * rand()
const logBetween = (lo: number, hi: number): number => Math.exp(between(Math.log(lo), Math.log(hi)))
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]

const DOMAINS = ['IC', 'LM', 'NMT', 'ASR', 'BB'] as const
const MODELS = ['ViT/B/16', 'MiX/L/16', 'BiT/101/3', 'decoder-1B', 'enc-dec-300M']
const TAGS = ['vision', 'language', 'baseline', 'ablation', 'seed-sweep', 'paper']

/** One BNSL-like curve (one break, mild noise), x log-spaced over 4 decades from 1e6 to 1e10. */
function makeCurve(i: number): ProjectCurve {
  const a = between(0.01, 0.3)
  const b = logBetween(1, 100)
  const c0 = between(0.05, 0.4)
  const c1 = between(-0.1, 0.4)
  const d = logBetween(1e7, 1e9)
  const f = between(0.1, 2)
  const held = Math.round(POINTS * 0.2)
  const points: ProjectPoint[] = []
  for (let j = 0; j < POINTS; j++) {
    const x = Math.round(1e6 * 10 ** ((4 * j) / (POINTS - 1)))
    const y = (a + b * x ** -c0 * (1 + (x / d) ** (1 / f)) ** (-c1 * f)) * (1 + 0.01 * (rand() - 0.5))
    const point: ProjectPoint = { x, y, split: j >= POINTS - held ? 'heldout' : 'fit' }
    if (rand() < 0.01) point.excluded = { reason: 'diverged run' }
    points.push(point)
  }
  const domain = pick(DOMAINS)
  const tags = rand() < 0.5 ? [pick(TAGS), domain] : []
  return {
    id: `c${i + 1}`,
    name: `${domain}/task_${i % 97}/${pick(MODELS)}/${i}`,
    xQuantity: 'seen examples',
    xUnit: '',
    yMetric: 'error rate',
    tags,
    notes: rand() < 0.1 ? 'rerun with a longer warm-up' : '',
    points,
    revision: 0
  }
}

const PARAM_NAMES: Record<FormName, string[]> = {
  BNSL: ['a', 'b', 'c0', 'c1', 'd1', 'f1'],
  M1: ['b', 'c'],
  M2: ['b', 'c', 'e_inf'],
  M3: ['b', 'c', 'g'],
  M4: ['b', 'c', 'alpha', 'e_inf', 'e_0']
}

function makeFit(form: FormName, fittedAt: string): StoredFit {
  const params: Record<string, number> = {}
  for (const name of PARAM_NAMES[form]) params[name] = name.startsWith('d') ? logBetween(1e6, 1e10) : between(-1, 10)
  const rmsle = (): number => logBetween(1e-4, 0.1)
  return {
    form,
    breaks: form === 'BNSL' ? 1 : 0,
    crop: form === 'BNSL' ? Math.floor(rand() * 4) : 0,
    params,
    status: 'converged',
    fitRmsle: rmsle(),
    fitRsle: rmsle(),
    heldoutRmsle: rmsle(),
    heldoutRsle: rmsle(),
    selection:
      form === 'BNSL'
        ? {
            breaks: [0, 1, 2, 3].map((n) => ({ n, validationRmsle: rmsle() })),
            crop: [0, 4, 8, 12, 16].map((k) => ({ k, validationRmsle: rmsle() }))
          }
        : { breaks: [], crop: [] },
    timeMs: between(5, 900),
    curveRevision: 0,
    fittedAt
  }
}

function makeProject(): Project {
  const project = newProject('Benchmark: 10,000 curves', new Date('2025-06-01T09:00:00.000Z'))
  project.curves = Array.from({ length: CURVES }, (_, i) => makeCurve(i))
  for (let i = 0; i < CURVES; i += 2) {
    project.fits[project.curves[i].id] = FORM_NAMES.map((form) => makeFit(form, '2025-06-01T10:00:00.000Z'))
  }
  return project
}

async function time(run: () => unknown): Promise<number> {
  gc()
  const start = performance.now()
  await run()
  return performance.now() - start
}

async function median(run: () => unknown): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push(await time(run))
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]
}

const ms = (t: number): string => `${t.toFixed(0).padStart(6)} ms`
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`
const line = (label: string, value: string): void => console.log(`${label.padEnd(64)} ${value}`)

async function main(): Promise<void> {
  // BENCH_WRITE=<file>: only write the generated project there (scripts/bench-open-ui.ts opens it in the app).
  if (process.env.BENCH_WRITE) {
    await new ProjectStore({ dataDir: join(tmpdir(), 'bench-project-data') }).save(process.env.BENCH_WRITE, makeProject())
    return
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-project-'))
  try {
    const project = makeProject()
    const stats = projectStats(project)
    console.log(
      `Project: ${stats.curves} curves, ${stats.points} points (${stats.excludedPoints} excluded), ` +
        `${stats.fittedCurves} curves with ${FORM_NAMES.length} fits each; Node ${process.version}\n`
    )
    const path = join(dir, 'big.json')
    const store = new ProjectStore({ dataDir: join(dir, 'data') })

    line('serialize only (median of 3)', ms(await median(() => serializeProject(project))))
    let n = 0
    const saveNew = (): Promise<unknown> => store.save(join(dir, `new-${n++}.json`), project)
    line('save to a new file: serialize + write + fsync (median of 3)', ms(await median(saveNew)))
    await store.save(path, project)
    const size = (await stat(path)).size
    line('file size', `${mb(size)} (${Math.round(size / stats.points)} bytes per point)`)
    line('save over its own file, unchanged since (median of 3)', ms(await median(() => store.save(path, project))))
    line(
      'save over a project file first read and checked (median of 3)',
      ms(await median(() => new ProjectStore({ dataDir: join(dir, 'data') }).save(path, project)))
    )

    line('open: read + parse + validate (median of 3)', ms(await median(() => store.open(path))))
    const text = await readFile(path, 'utf8')
    line('  of which read the file (median of 3)', ms(await median(() => readFile(path, 'utf8'))))
    line('  of which JSON.parse (median of 3)', ms(await median(() => JSON.parse(text))))
    const parsed: unknown = JSON.parse(text)
    line('  of which validateProject (median of 3)', ms(await median(() => validateProject(parsed))))
    line('parseProjectText (median of 3)', ms(await median(() => parseProjectText(text, 'big.json'))))
    line('autosave to recovery.json (median of 3)', ms(await median(() => store.autosave(project, path))))
    line('recovery: read + parse + validate (median of 3)', ms(await median(() => store.recovery())))

    // 200 edits, each on a random curve, all kept in the undo history.
    gc()
    const heapBeforeOpen = process.memoryUsage().heapUsed
    const { project: opened } = await store.open(path)
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    line('heap taken by the opened project', mb(heapBefore - heapBeforeOpen))
    line('RSS with the opened project in memory', mb(process.memoryUsage().rss))
    const history = new History<Project>(opened)
    const editRand = random(7)
    const anyCurve = (): ProjectCurve => history.current.curves[Math.floor(editRand() * CURVES)]
    const edits: Array<(p: Project) => EditResult> = [
      (p) => setPointExcluded(p, anyCurve().id, Math.floor(editRand() * POINTS), { reason: 'outlier' }),
      (p) => setPointSplit(p, anyCurve().id, [0, 1, 2], 'heldout'),
      (p) => renameCurve(p, anyCurve().id, `renamed ${editRand().toFixed(6)}`),
      (p) => updateCurveMeta(p, anyCurve().id, { tags: ['edited'], notes: 'checked' }),
      (p) => setSplitRule(p, [anyCurve().id], { kind: 'largest', k: 5 })
    ]
    const start = performance.now()
    for (let i = 0; i < EDITS; i++) {
      const { project: next, label } = edits[i % edits.length](history.current)
      history.push(next, label)
    }
    const editTime = performance.now() - start
    gc()
    const heapAfter = process.memoryUsage().heapUsed
    const shared = history.current.curves.filter((c, i) => c === opened.curves[i]).length
    line(`${EDITS} edits pushed to History (total)`, `${ms(editTime)} (${(editTime / EDITS).toFixed(2)} ms per edit)`)
    line(`heap growth holding ${EDITS} undo snapshots`, mb(heapAfter - heapBefore))
    line('curves still shared with the opened project after the edits', `${shared} of ${CURVES}`)
    line('peak RSS of the whole run', mb(process.resourceUsage().maxRSS * 1024))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
