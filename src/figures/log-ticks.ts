// Ticks of a log axis as a reader of a paper expects them: decades written 10^k (Unicode superscripts, so the
// label stays plain text in SVG, PNG and PDF) with minor ticks at 2..9 x 10^k, and over less than two decades a
// few round values. Pure.
import { formatCompact } from './chart-format'

export interface AxisTicks {
  /** Labelled tick values, increasing. */
  major: number[]
  /** Shorter, unlabelled ticks, increasing. */
  minor: number[]
  /** 'decades': the labels are powers of ten, written 10^k; 'values': round values written as numbers. */
  kind: 'decades' | 'values'
}

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻'
}

/** An integer in superscript digits: -3 -> ⁻³. */
export function superscript(n: number): string {
  return [...String(Math.round(n))].map((c) => SUPERSCRIPTS[c] ?? c).join('')
}

/** The exponent k when v is 10^k (to rounding), else null. */
function decadeOf(v: number): number | null {
  const k = Math.round(Math.log10(v))
  return Math.abs(v / 10 ** k - 1) < 1e-9 ? k : null
}

/**
 * A log-axis tick label: 10^k for a decade on an axis labelled by decades; otherwise a plain number between
 * 0.001 and 10,000 and m×10^k beyond (10^k for a power of ten).
 */
export function logTickLabel(v: number, kind: AxisTicks['kind'] = 'decades'): string {
  if (!(v > 0) || !Number.isFinite(v)) return ''
  const k = decadeOf(v)
  if (k !== null && (kind === 'decades' || v < 1e-3 || v >= 1e4)) return `10${superscript(k)}`
  if (v >= 1e-3 && v < 1e4) return formatCompact(v, 4)
  const e = Math.floor(Math.log10(v) + 1e-12)
  return `${formatCompact(v / 10 ** e, 3)}×10${superscript(e)}`
}

/** Most labels an axis carries; more decades than this label every 2nd, 3rd... decade. */
const MAX_LABELS = 7
/** Sets of mantissas tried in turn for an axis spanning less than two decades, coarsest first. */
const MANTISSA_SETS = [
  [1, 2, 5],
  [1, 2, 3, 5],
  [1, 1.5, 2, 3, 4, 5, 6, 8],
  [1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9]
]

const EPS = 1e-9

function inRange(v: number, min: number, max: number): boolean {
  return v >= min * (1 - EPS) && v <= max * (1 + EPS)
}

/** Every m x 10^k within [min, max] for the mantissas given, increasing. */
function mantissaValues(min: number, max: number, mantissas: readonly number[]): number[] {
  const values: number[] = []
  for (let k = Math.floor(Math.log10(min)) - 1; k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of mantissas) {
      // Rounded to 12 significant digits so that 3 x 10^-1 is 0.3, not 0.30000000000000004.
      const v = Number((m * 10 ** k).toPrecision(12))
      if (inRange(v, min, max)) values.push(v)
    }
  }
  return values
}

/** A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `range`. */
function niceLinearStep(range: number, ticks: number): number {
  const raw = range / ticks
  const p = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p
  return 10 * p
}

/**
 * Ticks of a log axis over [min, max] (0 < min < max). Two decades or more: every decade labelled (every 2nd or
 * 3rd when there are many) with minor ticks at 2..9 x 10^k (or at the unlabelled decades). Less: the coarsest set
 * of round mantissas giving at least three labels, integer mantissas as minor ticks; a very narrow range falls
 * back to evenly spaced round values.
 */
export function logTicks(min: number, max: number): AxisTicks {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return { major: [], minor: [], kind: 'values' }
  const kLo = Math.ceil(Math.log10(min) - EPS)
  const kHi = Math.floor(Math.log10(max) + EPS)
  const decades = kHi - kLo + 1
  if (decades >= 2) {
    const step = Math.ceil(decades / MAX_LABELS)
    // The labelled decades are multiples of the step, so 10^0 is labelled whenever it is in range.
    const major: number[] = []
    const minor: number[] = []
    for (let k = kLo; k <= kHi; k++) (k % step === 0 ? major : minor).push(10 ** k)
    if (step === 1) minor.push(...mantissaValues(min, max, [2, 3, 4, 5, 6, 7, 8, 9]))
    return { major, minor: minor.sort((a, b) => a - b), kind: 'decades' }
  }
  for (const set of MANTISSA_SETS) {
    const major = mantissaValues(min, max, set)
    if (major.length >= 3) {
      const minor = mantissaValues(min, max, [1, 2, 3, 4, 5, 6, 7, 8, 9]).filter((v) => !major.includes(v))
      return { major, minor, kind: 'values' }
    }
  }
  const step = niceLinearStep(max - min, 4)
  const major: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max * (1 + EPS); v += step) major.push(Number(v.toPrecision(12)))
  return { major, minor: [], kind: 'values' }
}
