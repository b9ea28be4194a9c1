// The one check style of every boundary: a check takes a value and the field it came in as, and returns null
// for a good value or a message naming the field (`curves[0].x[2] must be a positive finite number, got -1`).
// The contract, the project validator, the command line and the engine's entry build on these predicates and
// phrases, so their rules and wording cannot drift apart.
import { MAX_TIME_BUDGET_SECONDS } from '../fit-types'
import { describeValue } from '../value-checks'
import { BREAK_COUNTS, CROP_CHOICES, FORM_NAMES, MAX_BREAKS, SPLIT_LABELS, isOneOf, listText } from './lists'
import type { BreakCount, Split } from './lists'

/** Null for a good value, else a message naming `field`. */
export type Check = (value: unknown, field: string) => string | null

/** The message of every refused value: `field must be expected, got value`, the value shortened. */
export function mustBe(field: string, expected: string, value: unknown): string {
  return `${field} must be ${expected}, got ${describeValue(value)}`
}

/** A field inside another: `curves[0]` and `x` give `curves[0].x`; an empty parent gives the key alone. */
export function fieldOf(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`
}

export const isPositiveFinite = (value: unknown): value is number =>
  typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY
export const isBreakCount = (value: unknown): value is BreakCount => isOneOf(BREAK_COUNTS, value)
const [FIT, HELDOUT] = SPLIT_LABELS
// Two comparisons, not a list search: this runs for every point of a project.
export const isSplitLabel = (value: unknown): value is Split => value === FIT || value === HELDOUT

/** What each kind of value must be, in the words every message uses. */
export const EXPECTED = {
  positive: 'a positive finite number',
  split: listText(SPLIT_LABELS, true),
  form: `one of ${listText(FORM_NAMES)}`,
  breaks: `"auto" or 0..${MAX_BREAKS}`,
  breakCount: `0..${MAX_BREAKS}`,
  crop: listText(CROP_CHOICES, true),
  timeBudget: `a number of seconds above 0 and at most ${MAX_TIME_BUDGET_SECONDS}`
} as const
