// Small checks shared by the request payload validators (contract.ts) and the project validator.

/**
 * A plain object (what JSON gives): not an array, nor a Map, Set, Date or other class instance that IPC's
 * structured clone can carry, whose entries a field-by-field check would not see.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** A short description of a bad value for an error message, never the whole value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object') {
    const kind = isRecord(value) ? 'object' : (value.constructor?.name ?? 'object')
    return /^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`
  }
  return String(value)
}
