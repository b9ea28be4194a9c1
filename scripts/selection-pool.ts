// Compares BNSL selection rules offline (docs/selection.md): fits a pool of candidates once per curve of the vision
// benchmark and of four generated families, then scores rules that weigh those candidates, on the design half and
// the report half separately, with 95% intervals over curves. Also compares ways for a forecast's `auto` to choose
// its form. Plain Node, bundled first:
//   npx rolldown scripts/selection-pool.ts --platform node --format esm -o out/bench/selection-pool.mjs \
//     && node --single-threaded-gc out/bench/selection-pool.mjs
// The pool is cached in out/bench/selection-pool.json (about 3 minutes to build on one core); POOL_REBUILD=1 refits.
// It follows fitBnsl's training and refits, but leaves out its smaller steps: candidates under 0.2% of the weight are
// kept, equal crops of a short curve are not merged, and the average is not matched by one BNSL.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fitCurveForm, limitBreaks, fitPoints, predictSolution, sliceFitData, solveCurveForm, validationSplit } from '../src/core/fit-curve'
import { type Solution, solveBnslChain, solveForm } from '../src/core/fit-form'
import { createRandom } from '../src/core/forecast/random'
import { predict } from '../src/core/forms'
import { median } from '../src/core/math'
import { rmsle } from '../src/core/metrics'
import { prepareCurve } from '../src/core/prepare'
import { curveInterval, isDesignCurve } from '../src/main/services/curve-interval'
import { lookupPaper, parsePaperRmsle } from '../src/main/services/benchmark'
import { readCurvesFile } from '../src/main/services/read-curves-file'
import { DEFAULT_FIT_OPTIONS, type CurveInput, type Split } from '../src/shared/fit-types'

const DATA = 'resources/example/benchmark.vision.csv'
const PAPER = 'resources/example/paper-rmsle.vision.csv'
const CACHE = 'out/bench/selection-pool.json'
/** Crops (shares of the distinct fit x) and validation origins (shares held out) the pool holds. */
const SHARES = [0, 0.1, 0.2, 0.3, 0.4]
const ORIGINS = [0.2, 0.3]
const M_FORMS = ['M1', 'M2', 'M3', 'M4'] as const

interface Candidate {
  n: number
  share: number
  /** Validation RMSLE by origin, fitted without the validation points. */
  val: Record<number, number>
  /** MSLE of the training fit by origin (the noise the fit leaves). */
  trainMsle: Record<number, number>
  /** Training-fit ln predictions at the 20% validation points (for stacking). */
  lnVal: number[]
  /** Refitted on all fit points after its crop: MSLE and ln predictions at the held-out x. */
  allMsle: number
  lnHeld: number[]
}

interface PoolCurve {
  name: string
  lnHeldY: number[]
  lnValY: number[]
  cands: Candidate[]
  /** Benchmark curves: M1-M4 validation RMSLE and held-out RMSLE, and the built engine's BNSL held-out RMSLE. */
  forms?: { val: Record<string, number>; held: Record<string, number>; bnslHeld: number; bnslVal: number }
}

/** The test families (test/unit/core-selection-families.test.ts) drawn with seeds the tests do not use. */
function families(): CurveInput[] {
  const x = Array.from({ length: 40 }, (_, i) => 10 ** (2 + (7 * i) / 39))
  const bnsl = (p: Record<string, number>, b: number) => (xs: number[]) => predict('BNSL', p, xs, b)
  const truths: Record<string, (xs: number[]) => number[]> = {
    smooth: bnsl({ a: 0.05, b: 3, c0: 0.25 }, 0),
    late: bnsl({ a: 1e-4, b: 1, c0: 0.02, c1: 0.6, d1: 1e6, f1: 0.1 }, 1),
    'double descent': bnsl({ a: 0.02, b: 1.5, c0: 0.3, c1: -0.6, d1: 1e4, f1: 0.3, c2: 0.9, d2: 1e6, f2: 0.3 }, 2),
    flat: (xs) => xs.map((v) => Math.min(0.9, 30 * v ** -0.3))
  }
  return Object.entries(truths).flatMap(([name, truth]) =>
    [101, 102, 103, 104, 105, 106].map((seed) => {
      const noise = createRandom(seed)
      const split = x.map((_, i): Split => (i < 30 ? 'fit' : 'heldout'))
      return { name: `family:${name}:${seed}`, x, y: truth(x).map((v) => v * Math.exp(0.01 * noise.normal())), split }
    })
  )
}

/** Every break count x crop, trained at each origin as the engine trains them, then refitted on all fit points. */
function poolCurve(curve: CurveInput, benchmark: boolean): PoolCurve {
  const prepared = prepareCurve(curve, 1)
  const pts = fitPoints(prepared)
  const lxRef = pts.x.reduce((s, v) => s + Math.log(v), 0) / pts.x.length
  const heldX = prepared.heldoutIndex.map((i) => prepared.x[i])
  const groups = pts.groupStart.length
  const top = (points: number, distinct: number): number => Math.min(Math.floor((Math.min(points, distinct) - 3) / 3), 3)
  const cands = new Map<string, Candidate & { crop: number; seeds: number[][] }>()
  for (const origin of ORIGINS) {
    const valGroups = Math.max(1, Math.round(groups * origin))
    const trainEnd = pts.groupStart[groups - valGroups]
    const valX = pts.x.slice(trainEnd)
    const valY = pts.y.slice(trainEnd)
    let uncropped: Solution[][] | null = null
    for (const share of SHARES) {
      const g = Math.round(groups * share)
      const start = pts.groupStart[g]
      const most = top(trainEnd - start, groups - valGroups - g)
      if (most < 0) continue
      const data = sliceFitData(pts, lxRef, start, trainEnd)
      const warm: Solution[][] | null = uncropped
      const chain: Solution[][] =
        warm && warm.length > most
          ? warm.slice(0, most + 1).map((sols, n) => solveForm('BNSL', n, data, { seeds: sols.slice(0, 3).map((s) => s.raw), grid: n === 0 }))
          : solveBnslChain(most, data)
      if (share === 0) uncropped = chain
      chain.forEach((sols, n) => {
        const key = `${n}:${share}`
        const c: Candidate & { crop: number; seeds: number[][] } = cands.get(key) ?? { n, share, crop: start, val: {}, trainMsle: {}, lnVal: [], allMsle: NaN, lnHeld: [], seeds: [] }
        const lnVal = predictSolution(sols[0], lxRef, valX).map(Math.log)
        c.val[origin] = rmsle(lnVal.map(Math.exp), valY)
        c.trainMsle[origin] = sols[0].msle
        if (origin === ORIGINS[0]) Object.assign(c, { lnVal, seeds: sols.slice(0, 3).map((s) => s.raw) })
        cands.set(key, c)
      })
    }
  }
  const done: Candidate[] = []
  for (const { crop, seeds, ...c } of cands.values()) {
    if (seeds.length === 0 || !Number.isFinite(c.val[ORIGINS[0]])) continue
    const data = sliceFitData(pts, lxRef, crop)
    limitBreaks(data)
    const sols = [solveForm('BNSL', c.n, data, { seeds, grid: false })[0]]
    // The default candidate is also refitted with a grid search, as the engine does.
    if (c.n === 1 && c.share === 0) sols.push(solveForm('BNSL', 1, data, { seeds })[0])
    const sol = sols.reduce((a, b) => (b.msle < a.msle ? b : a))
    done.push({ ...c, allMsle: sol.msle, lnHeld: predictSolution(sol, lxRef, heldX).map(Math.log) })
  }
  const { trainEnd } = validationSplit(pts)
  const out: PoolCurve = { name: curve.name, lnHeldY: heldX.map((_, k) => Math.log(prepared.y[prepared.heldoutIndex[k]])), lnValY: pts.y.slice(trainEnd).map(Math.log), cands: done }
  if (benchmark) {
    const train = sliceFitData(pts, lxRef, 0, trainEnd)
    const val: Record<string, number> = {}
    const held: Record<string, number> = {}
    for (const form of M_FORMS) {
      val[form] = rmsle(predictSolution(solveForm(form, 0, train)[0], lxRef, pts.x.slice(trainEnd)), pts.y.slice(trainEnd))
      held[form] = fitCurveForm(curve, form, DEFAULT_FIT_OPTIONS).heldoutRmsle
    }
    const built = solveCurveForm(curve, 'BNSL', DEFAULT_FIT_OPTIONS)
    // What a forecast's auto compares: the validation error of the candidate the fit rests on.
    const bnslHeld = rmsle(predictSolution(built.sol, built.lxRef, heldX), prepared.heldoutIndex.map((i) => prepared.y[i]))
    out.forms = { val, held, bnslHeld, bnslVal: built.restsOn?.validationRmsle ?? NaN }
  }
  return out
}

async function loadPool(): Promise<PoolCurve[]> {
  // JSON writes NaN as null: read it back as NaN, so that a missing validation error never compares as 0.
  if (existsSync(CACHE) && !process.env.POOL_REBUILD) return JSON.parse(readFileSync(CACHE, 'utf8'), (_, v: unknown) => (v === null ? NaN : v)) as PoolCurve[]
  const bench = (await readCurvesFile(DATA)).curves.map(({ name, x, y, split }) => ({ name, x, y, split }))
  const pool: PoolCurve[] = []
  for (const [i, curve] of [...bench, ...families()].entries()) {
    pool.push(poolCurve(curve, i < bench.length))
    process.stderr.write(`\rpool: ${i + 1} curves`)
  }
  process.stderr.write('\n')
  writeFileSync(CACHE, JSON.stringify(pool))
  return pool
}

// ---- rules: each gives weights over a curve's candidates (a log-space average), or a weighted median ----
type Rule = (c: PoolCurve) => { parts: Array<{ c: Candidate; w: number }>; median?: boolean }
const CROPS = [0, 0.2, 0.4]
const listed = (c: PoolCurve, shares = CROPS): Candidate[] => c.cands.filter((k) => shares.includes(k.share))
/** One break without crop; no break when the points allow none (as fitBnsl's default). */
const theDefault = (c: PoolCurve): Candidate =>
  (c.cands.find((k) => k.n === 1 && k.share === 0) ?? c.cands.find((k) => k.n === 0 && k.share === 0)) as Candidate
const bestVal = (cs: Candidate[], origin = 0.2): number => Math.max(1e-12, Math.min(...cs.map((k) => k.val[origin] ?? Infinity)))
/** The engine's guard: validation far worse than the default's fit on all points says nothing; the default stands. */
const uninformative = (c: PoolCurve, cs: Candidate[]): boolean => bestVal(cs) > 3 * Math.sqrt(theDefault(c).allMsle)

function built(origin = 0.2): Rule {
  return (c) => {
    const cs = listed(c).filter((k) => Number.isFinite(k.val[origin]))
    const d = theDefault(c)
    if (uninformative(c, cs)) return { parts: [{ c: d, w: 1 }] }
    const best = bestVal(cs, origin)
    return { parts: cs.map((k) => ({ c: k, w: (k === d ? 0.99 : 0.01 / (cs.length - 1)) * Math.exp(-(k.val[origin] / best - 1) / 0.25) })) }
  }
}

/** Pseudo-BMA: the Gaussian likelihood of the validation points, sd sigma inflated by s (correlated points). */
function pseudoBma(s: number, sigma: 'default' | 'best' = 'default', prior = 0, shares = CROPS, median = false, guard = true): Rule {
  return (c) => {
    const cs = listed(c, shares)
    const d = theDefault(c)
    if (guard && uninformative(c, cs)) return { parts: [{ c: d, w: 1 }] }
    const s2 = sigma === 'default' ? Math.max(d.trainMsle[0.2], 1e-10) : bestVal(cs) ** 2
    const ll = cs.map((k) => -(c.lnValY.length * k.val[0.2] ** 2) / (2 * s * s2))
    const top = Math.max(...ll)
    const p = (k: Candidate): number => (prior === 0 ? 1 : k === d ? prior : (1 - prior) / (cs.length - 1))
    return { parts: cs.map((k, i) => ({ c: k, w: p(k) * Math.exp(ll[i] - top) })), median }
  }
}

/** Stacking: simplex weights minimising the squared error of the mixed validation predictions (projected gradient). */
function stacking(blend: number): Rule {
  return (c) => {
    const cs = listed(c)
    if (uninformative(c, cs)) return { parts: [{ c: theDefault(c), w: 1 }] }
    const y = c.lnValY
    let w = cs.map(() => 1 / cs.length)
    const scale = cs.reduce((s, k) => s + k.lnVal.reduce((a, v) => a + v * v, 0), 0) / y.length
    for (let it = 0; it < 2000; it++) {
      const r = y.map((v, i) => cs.reduce((s, k, j) => s + w[j] * k.lnVal[i], 0) - v)
      w = simplex(w.map((wj, j) => wj - (1 / scale) * (2 / y.length) * cs[j].lnVal.reduce((s, v, i) => s + v * r[i], 0)))
    }
    return { parts: cs.map((k, j) => ({ c: k, w: (1 - blend) * w[j] + blend / cs.length })) }
  }
}

function simplex(v: number[]): number[] {
  const u = [...v].sort((a, b) => b - a)
  let sum = 0
  let theta = 0
  u.forEach((x, i) => {
    sum += x
    if (x - (sum - 1) / (i + 1) > 0) theta = (sum - 1) / (i + 1)
  })
  return v.map((x) => Math.max(0, x - theta))
}

const RULES: Array<[string, Rule]> = [
  ['BNSL-1, no crop', (c) => ({ parts: [{ c: theDefault(c), w: 1 }] })],
  ['built: prior 0.99, T 0.25', built()],
  ['built, validation on the largest 30%', built(0.3)],
  ['equal weights', (c) => (uninformative(c, listed(c)) ? { parts: [{ c: theDefault(c), w: 1 }] } : { parts: listed(c).map((k) => ({ c: k, w: 1 })) })],
  ...[1, 2, 4, 8, 16, 64].map((s): [string, Rule] => [`pseudo-BMA s ${s}`, pseudoBma(s)]),
  ['pseudo-BMA s 4, no guard', pseudoBma(4, 'default', 0, CROPS, false, false)],
  ['pseudo-BMA s 16, prior 0.5', pseudoBma(16, 'default', 0.5)],
  ['pseudo-BMA s 4, sigma = best validation', pseudoBma(4, 'best')],
  ['pseudo-BMA s 16, crops every 10%', pseudoBma(16, 'default', 0, SHARES)],
  ['weighted median, equal weights', pseudoBma(Infinity, 'default', 0, CROPS, true)],
  ['weighted median, pseudo-BMA s 16', pseudoBma(16, 'default', 0, CROPS, true)],
  ['stacking', stacking(0)],
  ['stacking, half equal weights', stacking(0.5)]
]

// ---- scoring ----
const geo = (v: number[]): number => Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length)
const rms = (ln: number[], y: number[]): number => Math.sqrt(ln.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / ln.length)

function heldout(c: PoolCurve, rule: Rule): number {
  const { parts, median: byMedian } = rule(c)
  const total = parts.reduce((s, p) => s + p.w, 0)
  const ln = c.lnHeldY.map((_, i) => {
    if (!byMedian) return parts.reduce((s, p) => s + (p.w / total) * p.c.lnHeld[i], 0)
    const sorted = parts.map((p) => [p.c.lnHeld[i], p.w / total]).sort((a, b) => a[0] - b[0])
    let acc = 0
    return (sorted.find(([, w]) => (acc += w) >= 0.5) ?? sorted[sorted.length - 1])[0]
  })
  return rms(ln, c.lnHeldY)
}

interface Row { ratio: number; beats: boolean }
const summary = (rows: Row[]): string => {
  const g = (r: Row[]): number => geo(r.map((x) => x.ratio))
  const [lo, hi] = curveInterval(rows, g)
  return `${g(rows).toFixed(3)} [${lo.toFixed(2)}-${hi.toFixed(2)}] ${median(rows.map((r) => r.ratio)).toFixed(3)} ${((100 * rows.filter((r) => r.beats).length) / rows.length).toFixed(0)}%`
}

/**
 * Empirical Bayes across the curves of a half: one prior over the candidate kinds (break count x crop), fitted by EM
 * to the pseudo-BMA likelihoods (scale s) of every curve's validation points, so that curves lend each other strength
 * (fit points only: each half learns from its own). Returns each curve's weights: prior x likelihood.
 */
function empiricalBayes(curves: PoolCurve[], s: number): Map<string, Map<string, number>> {
  const kind = (k: Candidate): string => `${k.n}:${k.share}`
  const likelihoods = curves.map((c) => {
    const cs = listed(c)
    const s2 = Math.max(theDefault(c).trainMsle[0.2], 1e-10)
    const ll = cs.map((k) => -(c.lnValY.length * k.val[0.2] ** 2) / (2 * s * s2))
    const top = Math.max(...ll)
    return new Map(cs.map((k, i) => [kind(k), Math.exp(ll[i] - top)]))
  })
  const kinds = [...new Set(likelihoods.flatMap((l) => [...l.keys()]))]
  let prior = new Map(kinds.map((k) => [k, 1 / kinds.length]))
  for (let it = 0; it < 200; it++) {
    const mass = new Map(kinds.map((k) => [k, 1e-6]))
    for (const l of likelihoods) {
      const z = [...l].reduce((t, [k, v]) => t + (prior.get(k) as number) * v, 0)
      for (const [k, v] of l) mass.set(k, (mass.get(k) as number) + ((prior.get(k) as number) * v) / z)
    }
    const total = [...mass.values()].reduce((a, b) => a + b, 0)
    prior = new Map([...mass].map(([k, v]) => [k, v / total]))
  }
  return new Map(curves.map((c, i) => [c.name, new Map([...likelihoods[i]].map(([k, v]) => [k, (prior.get(k) as number) * v]))]))
}

async function main(): Promise<void> {
  const pool = await loadPool()
  const paper = parsePaperRmsle(readFileSync(PAPER, 'utf8'), PAPER)
  const bench = pool.filter((c) => c.forms)
  const published = (c: PoolCurve): { bnsl: number; bestM: number } => {
    const p = lookupPaper(paper, c.name) ?? {}
    return { bnsl: p.BNSL ?? NaN, bestM: Math.min(...M_FORMS.map((f) => p[f] ?? Infinity)) }
  }
  const scores = new Map<string, Map<string, number>>()
  /** Rules no worse than BNSL-1 on any family, within the families test's 10%. */
  const safe = new Set<string>()
  console.log('Selection rules on the candidate pool: design half | report half (geo mean of ours / published BNSL [95% interval], median, beats published M1-M4) | families over BNSL-1')
  for (const [name, rule] of RULES) {
    const errors = new Map(pool.map((c) => [c.name, heldout(c, rule)]))
    scores.set(name, errors)
    const rows = (design: boolean): Row[] =>
      bench.filter((c) => isDesignCurve(c.name) === design).map((c) => ({ ratio: (errors.get(c.name) as number) / published(c).bnsl, beats: (errors.get(c.name) as number) < published(c).bestM }))
    const fam = new Map<string, number[]>()
    for (const c of pool.filter((p) => !p.forms)) {
      const f = c.name.split(':')[1]
      fam.set(f, [...(fam.get(f) ?? []), (errors.get(c.name) as number) / rms(theDefault(c).lnHeld, c.lnHeldY)])
    }
    if ([...fam.values()].every((v) => geo(v) <= 1.1)) safe.add(name)
    console.log(`${name.padEnd(42)} ${summary(rows(true))} | ${summary(rows(false))} | ${[...fam].map(([f, v]) => `${f} ${geo(v).toFixed(2)}`).join(', ')}`)
  }
  // Paired: the design half's best rule (among those the families allow) against the built one, per curve.
  const designBest = RULES.slice(1)
    .map(([name]) => name)
    .filter((name) => safe.has(name))
    .reduce((a, b) => (designGeo(b) < designGeo(a) ? b : a))
  function designGeo(name: string): number {
    return geo(bench.filter((c) => isDesignCurve(c.name)).map((c) => (scores.get(name)?.get(c.name) as number) / published(c).bnsl))
  }
  for (const design of [true, false]) {
    const ratios = bench.filter((c) => isDesignCurve(c.name) === design).map((c) => (scores.get(designBest)?.get(c.name) as number) / (scores.get(RULES[1][0])?.get(c.name) as number))
    const [lo, hi] = curveInterval(ratios, geo)
    console.log(`${design ? 'design' : 'report'} half: "${designBest}" (best on the design half, families within 10% of BNSL-1) / built, per curve: ${geo(ratios).toFixed(3)} [${lo.toFixed(3)}-${hi.toFixed(3)}]`)
  }

  // Empirical Bayes: each half's prior learned from that half's own validation points.
  for (const scale of [1, 4, 16]) {
    const line = [true, false].map((design) => {
      const curves = bench.filter((c) => isDesignCurve(c.name) === design)
      const weights = empiricalBayes(curves, scale)
      const rule: Rule = (c) =>
        uninformative(c, listed(c))
          ? { parts: [{ c: theDefault(c), w: 1 }] }
          : { parts: listed(c).map((k) => ({ c: k, w: weights.get(c.name)?.get(`${k.n}:${k.share}`) ?? 0 })) }
      return summary(curves.map((c) => ({ ratio: heldout(c, rule) / published(c).bnsl, beats: heldout(c, rule) < published(c).bestM })))
    })
    console.log(`${`empirical-Bayes prior across curves, s ${scale}`.padEnd(42)} ${line.join(' | ')}`)
  }

  // A forecast's auto: another form forecasts only when its validation RMSLE is below r x BNSL's.
  console.log('\nauto forecasts: held-out RMSLE (geo) of the form that forecasts, design half | report half')
  const picks = new Map<number, Map<string, number>>()
  for (const r of [1, 0.8, 0.5, 0.3, 0]) {
    const pick = (c: PoolCurve): number => {
      const f = c.forms as NonNullable<PoolCurve['forms']>
      // Without a BNSL validation error (null once cached as JSON) the lowest validation error picks, as in the app.
      let [best, bestErr] = ['BNSL', Number.isFinite(f.bnslVal) ? r * f.bnslVal : Infinity]
      for (const m of M_FORMS) if (Number.isFinite(f.val[m]) && f.val[m] < bestErr) [best, bestErr] = [m, f.val[m]]
      return best === 'BNSL' ? f.bnslHeld : f.held[best]
    }
    picks.set(r, new Map(bench.map((c) => [c.name, pick(c)])))
    const half = (design: boolean): string => geo(bench.filter((c) => isDesignCurve(c.name) === design).map(pick)).toFixed(4)
    console.log(`r = ${String(r).padEnd(4)} ${half(true)} | ${half(false)}${r === 1 ? '  (the lowest validation error picks)' : r === 0 ? '  (BNSL always)' : ''}`)
  }
  for (const design of [true, false]) {
    const ratios = bench.filter((c) => isDesignCurve(c.name) === design).map((c) => (picks.get(0)?.get(c.name) as number) / (picks.get(1)?.get(c.name) as number))
    const [lo, hi] = curveInterval(ratios, geo)
    console.log(`${design ? 'design' : 'report'} half: BNSL always / lowest validation error, per curve: ${geo(ratios).toFixed(3)} [${lo.toFixed(3)}-${hi.toFixed(3)}]`)
  }
}

await main()
