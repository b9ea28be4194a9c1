// Small numeric helpers shared by the forms, the grid and the least-squares wrapper.

/** ln(1 + e^z) without overflow for large z or loss of precision for very negative z. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
}

/** 1 / (1 + e^-z), stable in both tails. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** ln(e^p + e^q) without overflow. */
export function logAddExp(p: number, q: number): number {
  if (p === -Infinity) return q
  if (q === -Infinity) return p
  return p > q ? p + Math.log1p(Math.exp(q - p)) : q + Math.log1p(Math.exp(p - q))
}

/**
 * Ordinary least squares for a small design matrix given by rows; returns the coefficients,
 * or null when the normal equations are singular.
 */
export function leastSquares(rows: number[][], target: number[], weights?: number[]): number[] | null {
  const p = rows[0].length
  const ata = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const atb = new Array<number>(p).fill(0)
  for (let r = 0; r < rows.length; r++) {
    const w = weights ? weights[r] : 1
    const row = rows[r]
    for (let i = 0; i < p; i++) {
      atb[i] += w * row[i] * target[r]
      for (let j = i; j < p; j++) ata[i][j] += w * row[i] * row[j]
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) ata[i][j] = ata[j][i]
  return solveSymmetric(ata, atb)
}

/** Solves A v = b for a small symmetric positive-definite A by Gaussian elimination with pivoting. */
export function solveSymmetric(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]])
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i])), 1e-300)
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r
    if (Math.abs(m[pivot][col]) <= 1e-13 * scale) return null
    ;[m[col], m[pivot]] = [m[pivot], m[col]]
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col]
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c]
    }
  }
  const v = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n]
    for (let c = r + 1; c < n; c++) s -= m[r][c] * v[c]
    v[r] = s / m[r][r]
  }
  return v.every(Number.isFinite) ? v : null
}

/**
 * Eigenvalues and unit eigenvectors of a small symmetric matrix by cyclic Jacobi rotations: values[k] belongs to the
 * column vectors[.][k]. Accurate to rounding for the few parameters of a fitted form.
 */
export function symmetricEigen(a: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length
  const m = a.map((row) => [...row])
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] * m[p][q]
    if (off <= 1e-30 * m.reduce((s, row, i) => s + row[i] * row[i], 1e-300)) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (m[p][q] === 0) continue
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q])
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p]
          const mkq = m[k][q]
          m[k][p] = c * mkp - s * mkq
          m[k][q] = s * mkp + c * mkq
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k]
          const mqk = m[q][k]
          m[p][k] = c * mpk - s * mqk
          m[q][k] = s * mpk + c * mqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p]
          const vkq = v[k][q]
          v[k][p] = c * vkp - s * vkq
          v[k][q] = s * vkp + c * vkq
        }
      }
    }
  }
  return { values: m.map((row, i) => row[i]), vectors: v }
}

/**
 * Moore-Penrose inverse of a small symmetric positive semi-definite matrix: directions whose eigenvalue is at most
 * `rcond` times the largest are left out (the inverse is zero along them) instead of making it infinite; `dropped`
 * lists them as unit vectors. Null when the matrix is not finite or has no positive eigenvalue.
 */
export function pseudoInverseSymmetric(a: readonly number[][], rcond: number): { inverse: number[][]; dropped: number[][] } | null {
  const n = a.length
  const { values, vectors } = symmetricEigen(a)
  const top = Math.max(...values)
  if (!(top > 0) || !values.every(Number.isFinite)) return null
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  const dropped: number[][] = []
  values.forEach((value, k) => {
    const column = vectors.map((row) => row[k])
    if (value <= rcond * top) {
      dropped.push(column)
      return
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) inverse[i][j] += (column[i] * column[j]) / value
  })
  return { inverse, dropped }
}

/** Evenly spaced values from lo to hi inclusive. */
export function linspace(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [(lo + hi) / 2]
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1))
}

/** The middle value (mean of the two middle ones for an even count); NaN for no values. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
