/** A seeded pseudo-random source: the same seed gives the same sequence on every machine. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal. */
  normal(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Student's t with nu degrees of freedom (normal for nu = Infinity). */
  studentT(nu: number): number
}

/** mulberry32, seeded by any integer; normals by Box-Muller. Not for cryptography. */
export function createRandom(seed: number): Random {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0
  let spare: number | null = null
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = (): number => {
    if (spare !== null) {
      const s = spare
      spare = null
      return s
    }
    const u = 1 - next()
    const v = next()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
  return {
    next,
    normal,
    studentT(nu) {
      if (!Number.isFinite(nu)) return normal()
      // Integer degrees of freedom: a chi-square as a sum of squared normals.
      const k = Math.max(1, Math.round(nu))
      let chi2 = 0
      for (let i = 0; i < k; i++) chi2 += normal() ** 2
      return normal() / Math.sqrt(chi2 / k)
    },
    int: (n) => Math.min(n - 1, Math.floor(next() * n))
  }
}
