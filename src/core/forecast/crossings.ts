/** Evenly spaced values from lo to hi inclusive (count >= 2). */
export function grid(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1))
}

/** Refines a sign change of f between a and b (f(a) and f(b) of opposite signs) by bisection. */
function bisect(f: (u: number) => number, a: number, b: number, fa: number): number {
  let lo = a
  let hi = b
  let flo = fa
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    const fm = f(mid)
    if (fm === 0) return mid
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid
      flo = fm
    } else {
      hi = mid
    }
  }
  return (lo + hi) / 2
}

/**
 * Every u on the grid's range where f crosses zero, found as sign changes between grid neighbours and
 * refined by bisection; values of f on the grid may be passed when already computed. A zero exactly on a
 * grid point counts once. Non-finite values break the search at that point.
 */
export function zeroCrossings(f: (u: number) => number, u: readonly number[], values?: readonly number[], first = false): number[] {
  const v = values ?? u.map(f)
  const found: number[] = []
  for (let i = 0; i < u.length; i++) {
    if (!Number.isFinite(v[i])) continue
    if (v[i] === 0) {
      if (i === 0 || v[i - 1] !== 0) found.push(u[i])
    } else if (i > 0 && Number.isFinite(v[i - 1]) && v[i - 1] !== 0 && Math.sign(v[i]) !== Math.sign(v[i - 1])) {
      found.push(bisect(f, u[i - 1], u[i], v[i - 1]))
    }
    if (first && found.length) return found
  }
  return found
}
