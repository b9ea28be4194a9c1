// Measures fitting one large curve (a dense learning curve: one point per step) with every form and automatic
// break and crop selection, on one thread: time per form, total time, peak RSS and the held-out error. Plain Node,
// bundled first:
//   npx rolldown scripts/bench-large-curve.ts --platform node --format esm -o out/bench/bench-large-curve.mjs \
//     && node out/bench/bench-large-curve.mjs
// BENCH_POINTS lists the sizes (default 1000,100000,1000000).
import { performance } from 'node:perf_hooks'
import { fitCurveForm } from '../src/core'
import { predict } from '../src/core/forms'
import { DEFAULT_FIT_OPTIONS, type CurveInput, type Split } from '../src/shared/fit-types'

const SIZES = (process.env.BENCH_POINTS ?? '1000,100000,1000000').split(',').map(Number)

/** Deterministic random numbers (mulberry32) and standard normals (Box-Muller). */
function normals(seed: number): () => number {
  let a = seed
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform())
}

/** A BNSL curve with one break, one point per step 1..n, 2% log noise; the last 20% of steps held out. */
function denseCurve(n: number): CurveInput {
  const params = { a: 0.5, b: 4, c0: 0.05, c1: 0.4, d1: n / 50, f1: 0.3 }
  const noise = normals(n)
  const x = Array.from({ length: n }, (_, i) => i + 1)
  const y = predict('BNSL', params, x, 1).map((v) => v * Math.exp(0.02 * noise()))
  const split = x.map((v): Split => (v > 0.8 * n ? 'heldout' : 'fit'))
  return { name: `dense-${n}`, x, y, split }
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`
for (const n of SIZES) {
  const curve = denseCurve(n)
  let peak = process.memoryUsage().rss
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const row: string[] = []
  const started = performance.now()
  for (const form of DEFAULT_FIT_OPTIONS.forms) {
    const t0 = performance.now()
    const fit = fitCurveForm(curve, form, DEFAULT_FIT_OPTIONS)
    peak = Math.max(peak, process.memoryUsage().rss)
    row.push(`${form}${form === 'BNSL' ? `-${fit.breaks}` : ''} ${((performance.now() - t0) / 1000).toFixed(2)} s held-out RMSLE ${fit.heldoutRmsle.toFixed(4)}`)
  }
  clearInterval(watch)
  console.log(`${n.toLocaleString('en-US')} points: all forms ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${mb(peak)}`)
  for (const r of row) console.log(`  ${r}`)
}
