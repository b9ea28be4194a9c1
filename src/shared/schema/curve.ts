// One set of rules for a curve's points, whatever shape carries them: the contract's { name, x, y, split?,
// weight? }, the project file's points and the engine's entry (src/core/prepare.ts) all ask badPointField.
import { isRecord } from '../value-checks'
import { EXPECTED, fieldOf, isPositiveFinite, isSplitLabel, mustBe } from './checks'

/** The values of a point that are checked; split must be a label, weight may be absent. */
export type PointField = 'x' | 'y' | 'split' | 'weight'

const POINT_EXPECTED: { readonly [F in PointField]: string } = {
  x: EXPECTED.positive,
  y: EXPECTED.positive,
  split: EXPECTED.split,
  weight: EXPECTED.positive
}

/**
 * The first value of one point that breaks the rules, or null: x and y positive and finite (fits are made in
 * log space), split "fit" or "heldout", weight (undefined: none) positive and finite. Cheap: no message is built.
 */
export function badPointField(x: unknown, y: unknown, split: unknown, weight: unknown): PointField | null {
  if (!isPositiveFinite(x)) return 'x'
  if (!isPositiveFinite(y)) return 'y'
  if (!isSplitLabel(split)) return 'split'
  if (weight !== undefined && !isPositiveFinite(weight)) return 'weight'
  return null
}

/** The message for a point value badPointField refused, at `field` (`curves[0].points[3].y`). */
export function pointValueProblem(which: PointField, field: string, value: unknown): string {
  return mustBe(field, POINT_EXPECTED[which], value)
}

interface CurveLists {
  x: readonly unknown[]
  y: readonly unknown[]
  split?: readonly unknown[]
  weight?: readonly unknown[]
}

/** Null when y, and split and weight when given, hold one value per x; else the message naming the list. */
export function curveLengthProblem(curve: CurveLists, field: string): string | null {
  const n = curve.x.length
  const { y, split, weight } = curve
  if (y.length !== n) return `${fieldOf(field, 'y')} must have as many values as ${fieldOf(field, 'x')} (${n}), got ${y.length}`
  if (weight !== undefined && weight.length !== n) return `${fieldOf(field, 'weight')} must have ${n} values, got ${weight.length}`
  if (split !== undefined && split.length !== n) {
    return `${fieldOf(field, 'split')} must be an array of ${n} labels ${EXPECTED.split}, got ${split.length}`
  }
  return null
}

/** The index of the first point of parallel lists that breaks the rules, with which value; null when all pass. */
export function firstBadPoint(curve: CurveLists): { index: number; which: PointField; value: unknown } | null {
  const { x, y, split, weight } = curve
  for (let i = 0; i < x.length; i++) {
    // A hole in a list that is present is a missing value, not an absent list.
    const s = split === undefined ? 'fit' : split[i]
    const w = weight === undefined ? undefined : (weight[i] ?? null)
    const which = badPointField(x[i], y[i], s, w)
    if (which !== null) return { index: i, which, value: { x: x[i], y: y[i], split: s, weight: w }[which] }
  }
  return null
}

/** A curve as the engine takes it: { name, x, y, split?, weight? }, every point by the point rules. */
export function curveInputProblem(value: unknown, field: string): string | null {
  if (!isRecord(value)) return `${field} must be an object with name, x and y`
  if (typeof value.name !== 'string' || value.name.trim() === '') return `${field}.name must be a non-empty string`
  for (const key of ['x', 'y', 'weight', 'split'] as const) {
    const list = value[key]
    if (list === undefined && (key === 'weight' || key === 'split')) continue
    if (!Array.isArray(list)) {
      return key === 'split'
        ? `${field}.split must be an array of labels ${EXPECTED.split}`
        : `${field}.${key} must be an array of positive finite numbers`
    }
  }
  const curve = value as unknown as CurveLists
  const lengths = curveLengthProblem(curve, field)
  if (lengths !== null) return lengths
  const bad = firstBadPoint(curve)
  return bad === null ? null : pointValueProblem(bad.which, `${field}.${bad.which}[${bad.index}]`, bad.value)
}
