import { describe, expect, test } from 'vitest'
import { pseudoInverseSymmetric, solveSymmetric, symmetricEigen } from '../../src/core/math'

// The covariance of a fit is the (pseudo-)inverse of J^T W J; these are the small symmetric matrices it inverts.

const multiply = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)))
const expectMatrixClose = (got: number[][], want: number[][], tol: number): void =>
  got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i][j]), `[${i}][${j}]`).toBeLessThanOrEqual(tol)))

describe('symmetric eigen-decomposition and pseudo-inverse', () => {
  const full = [
    [4, 1, 0.5],
    [1, 3, 0.2],
    [0.5, 0.2, 2]
  ]

  test('eigenpairs satisfy A v = lambda v with orthonormal vectors', () => {
    const { values, vectors } = symmetricEigen(full)
    values.forEach((lambda, k) => {
      const v = vectors.map((row) => row[k])
      const av = full.map((row) => row.reduce((s, x, j) => s + x * v[j], 0))
      av.forEach((x, i) => expect(x).toBeCloseTo(lambda * v[i], 12))
    })
    expectMatrixClose(multiply(vectors.map((_, i) => vectors.map((row) => row[i])), vectors), [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 1e-12)
  })

  test('of a full-rank matrix it is the inverse', () => {
    const { inverse, dropped } = pseudoInverseSymmetric(full, 1e-13) ?? { inverse: [], dropped: [] }
    expect(dropped).toEqual([])
    const columns = [0, 1, 2].map((c) => solveSymmetric(full, [0, 1, 2].map((i) => (i === c ? 1 : 0))) as number[])
    expectMatrixClose(inverse, [0, 1, 2].map((r) => columns.map((col) => col[r])), 1e-12)
  })

  test('of a singular matrix (a direction the points do not determine) it is finite and satisfies A A+ A = A', () => {
    // u u^T + w w^T in 3 dimensions: rank 2, where the plain inverse does not exist.
    const u = [1, 2, 0]
    const w = [0, 1, -1]
    const singular = u.map((ui, i) => u.map((uj, j) => ui * uj + w[i] * w[j]))
    expect(solveSymmetric(singular, [1, 0, 0])).toBeNull()
    const { inverse: plus, dropped } = pseudoInverseSymmetric(singular, 1e-13) ?? { inverse: [], dropped: [] }
    expect(plus.flat().every(Number.isFinite)).toBe(true)
    expectMatrixClose(multiply(multiply(singular, plus), singular), singular, 1e-10)
    // Along the undetermined direction (u x w) the pseudo-inverse is zero, and that direction is the one dropped.
    const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]]
    plus.map((row) => row.reduce((s, x, j) => s + x * n[j], 0)).forEach((x) => expect(Math.abs(x)).toBeLessThan(1e-10))
    expect(dropped).toHaveLength(1)
    const cosine = dropped[0].reduce((s, v, i) => s + v * n[i], 0) / Math.hypot(...n)
    expect(Math.abs(cosine)).toBeCloseTo(1, 10)
  })

  test('a 1x1 matrix inverts; an all-zero or non-finite one has no pseudo-inverse', () => {
    expect(pseudoInverseSymmetric([[4]], 1e-13)).toEqual({ inverse: [[0.25]], dropped: [] })
    expect(pseudoInverseSymmetric([[0, 0], [0, 0]], 1e-13)).toBeNull()
    expect(pseudoInverseSymmetric([[1, Number.NaN], [Number.NaN, 1]], 1e-13)).toBeNull()
  })

  test('a badly conditioned but determined matrix (condition 1e11) is inverted, not cut', () => {
    const ill = [[1e6, 0], [0, 1e-5]]
    const { inverse, dropped } = pseudoInverseSymmetric(ill, 1e-13) ?? { inverse: [], dropped: [] }
    expect(dropped).toEqual([])
    expect(inverse[1][1]).toBeCloseTo(1e5, 3)
  })
})
