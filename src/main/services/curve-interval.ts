// The benchmarks' two halves and intervals over curves: 72 curves are few, so every headline figure comes with the spread it
// would have over another draw of curves (resampled with replacement, seeded so that a run repeats exactly).
import { createRandom } from '../../core/forecast/random'

/**
 * The benchmark's curves split in two by model, fixed before any rule was tuned: settings are chosen on the design
 * half (these models) and reported on the other half, so that a figure tuned on 36 curves is not its own evidence.
 */
export const DESIGN_MODELS = ['BiT/50/1', 'MiX/B/16', 'ViT/S/16'] as const

export function isDesignCurve(name: string): boolean {
  return DESIGN_MODELS.some((m) => name.endsWith(`/${m}`))
}

const INTERVAL_RESAMPLES = 2000
const INTERVAL_SEED = 12345

/** A deterministic 95% percentile interval of `stat` over the items resampled with replacement. */
export function curveInterval<T>(items: readonly T[], stat: (draw: T[]) => number): [number, number] {
  const rng = createRandom(INTERVAL_SEED)
  const values: number[] = []
  for (let r = 0; r < INTERVAL_RESAMPLES; r++) values.push(stat(items.map(() => items[rng.int(items.length)])))
  values.sort((a, b) => a - b)
  return [values[Math.floor(0.025 * values.length)], values[Math.floor(0.975 * values.length) - 1]]
}
