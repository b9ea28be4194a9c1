// Numbers for the core tests: reproducible random draws, log-spaced x, and a relative tolerance check.
import { expect } from 'vitest'

/** Seeded PRNG (mulberry32): the same draws on every run, unlike Math.random. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` values from 10^lo to 10^hi, evenly spaced in log10. */
export const logspace = (lo: number, hi: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (count - 1)))

/** Expects |got - want| <= rel |want|; `message` names the value when it fails. */
export function expectRelativelyClose(got: number, want: number, rel: number, message?: string): void {
  expect(Math.abs(got - want), message).toBeLessThanOrEqual(rel * Math.abs(want))
}
