// --holdout-last / --holdout-above: mark points held out in files without a split column.
import type { CurveInput } from '../../shared/fit-types'
import type { Holdout } from './args'
import { warn } from './output'

/** Fewer distinct fit x than this leaves nothing to fit a curve through. */
export const MIN_FIT_X = 2

export interface HoldoutResult {
  /** The curves with their new split; curves left with too few fit x are not among them. */
  curves: CurveInput[]
  /** Curves left out, each with the reason. */
  skipped: Array<{ curve: string; message: string }>
  /** Curves whose own split (held-out points in the file) the flag replaced. */
  replaced: string[]
}

export function describeHoldout(holdout: Holdout): string {
  return holdout.kind === 'last' ? `--holdout-last ${holdout.count}` : `--holdout-above ${holdout.x}`
}

/**
 * Holds out each curve's `count` largest distinct x (every point at those x), or every point with x above
 * a value. A curve left with fewer than MIN_FIT_X distinct fit x is skipped, named with the reason.
 */
export function applyHoldout(curves: CurveInput[], holdout: Holdout | undefined): HoldoutResult {
  if (holdout === undefined) return { curves, skipped: [], replaced: [] }
  const result: HoldoutResult = { curves: [], skipped: [], replaced: [] }
  for (const curve of curves) {
    const distinct = [...new Set(curve.x)].sort((a, b) => a - b)
    const limit = holdout.kind === 'last' ? (distinct[distinct.length - 1 - holdout.count] ?? -Infinity) : holdout.x
    const fitX = distinct.filter((x) => x <= limit).length
    if (fitX < MIN_FIT_X) {
      const message = `${describeHoldout(holdout)} leaves ${fitX} distinct fit x of ${distinct.length}, fewer than the ${MIN_FIT_X} a fit needs`
      result.skipped.push({ curve: curve.name, message })
      continue
    }
    if (curve.split?.includes('heldout')) result.replaced.push(curve.name)
    result.curves.push({ ...curve, split: curve.x.map((x) => (x > limit ? 'heldout' : 'fit')) })
  }
  return result
}

/** Tells on stderr which curves were skipped and whose own split was replaced. */
export function warnHoldout(result: HoldoutResult, holdout: Holdout | undefined): void {
  for (const { curve, message } of result.skipped) warn(`skipped curve "${curve}": ${message}`)
  if (holdout !== undefined && result.replaced.length) {
    const names = result.replaced.slice(0, 3).map((n) => `"${n}"`).join(', ') + (result.replaced.length > 3 ? ', ...' : '')
    warn(`${describeHoldout(holdout)} replaces the split column of the file for ${result.replaced.length === 1 ? 'curve' : `${result.replaced.length} curves:`} ${names}`)
  }
}
