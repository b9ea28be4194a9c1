// Number formats shared by the chart builders and the window's tables. Pure: no DOM.

/**
 * A compact number for tables and axis labels: up to `digits` significant digits, scientific notation
 * (`1.23e8`, `4.5e-7`) outside 1e-3..10^digits, a dash for null or non-finite values.
 */
export function formatCompact(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (value === 0) return '0'
  // Rounded first, so a value that rounds into the next power of ten (999.95) reads like that power (1e3).
  const rounded = Number(value.toPrecision(digits))
  const abs = Math.abs(rounded)
  if (abs >= 1e-3 && abs < 10 ** digits) return trimZeros(rounded.toPrecision(digits))
  const [mantissa, exponent] = rounded.toExponential(digits - 1).split('e')
  return `${trimZeros(mantissa)}e${Number(exponent)}`
}

/** Every digit a double holds, for titles and tooltips: the shortest string that reads back to the same value. */
export function formatFull(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return String(value)
}

/** Axis tick labels on a log axis: powers of ten as `10^k` would need rich text, so `1e6` style. */
export function formatAxisTick(value: number): string {
  return formatCompact(value, 3)
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text
  return text.replace(/\.?0+$/, '')
}
