// Number and time formats shared by the components.

/** `12 s`, `3 min 05 s`, `1 h 02 min`; a dash for unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—'
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** An RMSLE to three significant digits; a dash when there is none (no held-out points). */
export function formatRmsle(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  return value >= 1e-3 ? value.toPrecision(3) : value.toExponential(2)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}

/** The message of anything thrown, for the alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
