/** Squared log errors (ln yhat - ln y)^2, one per point. */
export function squaredLogErrors(yhat: ArrayLike<number>, y: ArrayLike<number>): number[] {
  if (yhat.length !== y.length) throw new Error(`${yhat.length} predictions for ${y.length} observations`)
  return Array.from(y, (yi, i) => (Math.log(yhat[i]) - Math.log(yi)) ** 2)
}

/** Root mean squared log error, sqrt(mean((ln yhat - ln y)^2)); NaN for no points. */
export function rmsle(yhat: ArrayLike<number>, y: ArrayLike<number>): number {
  const sle = squaredLogErrors(yhat, y)
  return sle.length ? Math.sqrt(sle.reduce((s, v) => s + v, 0) / sle.length) : NaN
}

/**
 * Root standard log error, the spread of RMSLE reported by Caballero et al.:
 * sqrt(mean(SLE) + std(SLE)/sqrt(n)) - sqrt(mean(SLE)), std with ddof 0 as numpy's default.
 */
export function rootStandardLogError(yhat: ArrayLike<number>, y: ArrayLike<number>): number {
  const sle = squaredLogErrors(yhat, y)
  const n = sle.length
  if (n === 0) return NaN
  const mean = sle.reduce((s, v) => s + v, 0) / n
  const std = Math.sqrt(sle.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
  return Math.sqrt(mean + std / Math.sqrt(n)) - Math.sqrt(mean)
}
