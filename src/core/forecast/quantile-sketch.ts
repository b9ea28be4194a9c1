/**
 * Quantiles of a stream in bounded memory: exact while it holds at most `capacity` values, then a
 * compactor (KLL-style, deterministic) halves full levels, so memory grows with log(n / capacity),
 * not with n. Non-finite values are counted but kept out of the quantiles.
 */
export class QuantileSketch {
  readonly #capacity: number
  /** Level k holds values that stand for 2^k inputs each. */
  readonly #levels: number[][] = [[]]
  #flip = 0
  /** Sorted (value, weight) pairs, kept until the next add. */
  #sorted: Array<[number, number]> | null = null
  #count = 0
  #nonFinite = 0

  constructor(capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`QuantileSketch: capacity must be an integer >= 2, got ${capacity}`)
    this.#capacity = capacity
  }

  /** Finite values added. */
  get count(): number {
    return this.#count
  }

  get nonFinite(): number {
    return this.#nonFinite
  }

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.#nonFinite++
      return
    }
    this.#count++
    this.#sorted = null
    this.#levels[0].push(value)
    if (this.#levels[0].length >= this.#capacity) this.#compact(0)
  }

  #compact(k: number): void {
    const level = this.#levels[k].sort((a, b) => a - b)
    if (this.#levels.length === k + 1) this.#levels.push([])
    // Alternate which half survives, so compaction has no drift up or down.
    const offset = this.#flip++ & 1
    const keep = level.length % 2 === 1 ? [level.pop() as number] : []
    for (let i = offset; i < level.length; i += 2) this.#levels[k + 1].push(level[i])
    this.#levels[k] = keep
    if (this.#levels[k + 1].length >= this.#capacity) this.#compact(k + 1)
  }

  #items(): Array<[number, number]> {
    if (this.#sorted) return this.#sorted
    const items: Array<[number, number]> = []
    this.#levels.forEach((level, k) => {
      for (const v of level) items.push([v, 2 ** k])
    })
    this.#sorted = items.sort((a, b) => a[0] - b[0])
    return items
  }

  /**
   * The q-quantile (0 <= q <= 1), interpolating between the weighted mid-points of sorted values
   * (Hazen's rule when the sketch is exact); NaN when no finite value was added.
   */
  quantile(q: number): number {
    const items = this.#items()
    if (items.length === 0) return NaN
    const total = items.reduce((s, [, w]) => s + w, 0)
    let cumulative = 0
    let prevPos = -Infinity
    let prevValue = items[0][0]
    for (const [v, w] of items) {
      const pos = (cumulative + w / 2) / total
      if (q <= pos) return prevPos === -Infinity ? v : prevValue + ((v - prevValue) * (q - prevPos)) / (pos - prevPos)
      cumulative += w
      prevPos = pos
      prevValue = v
    }
    return prevValue
  }
}
