// Number, count and time formats shared by the components. Values are shown with formatCompact (the figures'
// formatter too) to a few significant digits; formatFull gives every digit, for titles and copies.
import { formatCompact } from '../../../figures/chart-format'
import { hasCode } from '../../../shared/schema'

export { formatCompact, formatFull } from '../../../figures/chart-format'

/** Significant digits of a point's x and y in the inspector: enough to tell neighbours apart, none of the noise. */
export const POINT_DIGITS = 6

/** A point's x or y as the inspector shows it: `0.9863` for 0.9862999999895692, `0` for zero. */
export function formatPointValue(value: number | null | undefined): string {
  return formatCompact(value, POINT_DIGITS)
}

/** `12 s`, `3 min 05 s`, `1 h 02 min`; a dash for unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—'
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

/** An RMSLE to three significant digits (a perfect fit reads 0); a dash when there is none (no held-out points). */
export function formatRmsle(value: number | null | undefined): string {
  return formatCompact(value, 3)
}

export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—'
  return `${Math.round(share * 100)}%`
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}

/** A moment as people say it: `14:32` today, `Mar 3, 14:32` this year, `Mar 3 2023` before. */
export function formatWhen(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return ''
  const when = new Date(iso)
  if (Number.isNaN(when.getTime())) return iso
  const time = when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  if (when.toDateString() === now.toDateString()) return `today ${time}`
  const date = when.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })
  if (when.getFullYear() === now.getFullYear()) return `${date}, ${time}`
  return `${date} ${when.getFullYear()}`
}

/** The message of anything thrown, for the alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** True for the error the browser-mode server gives a native dialog request. */
export function isNoNativeDialog(error: unknown): boolean {
  return hasCode(error, 'NoNativeDialog')
}
