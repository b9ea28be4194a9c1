// One check of the fit settings (FitOptions) for the contract's fit:run, the project's settings, the command
// line's assembled options, and the parts forecast options share with them (breaks, crop, maxBreaks).
import type { FitOptions } from '../fit-types'
import { isTimeBudget } from '../fit-types'
import { isRecord } from '../value-checks'
import { EXPECTED, isBreakCount, mustBe } from './checks'
import { CROP_CHOICES, FORM_NAMES, isOneOf, listText } from './lists'

/** A non-empty list of forms, each once. */
export function formsProblem(forms: unknown, field: string): string | null {
  if (!Array.isArray(forms) || forms.length === 0) return mustBe(field, `a non-empty array of ${listText(FORM_NAMES)}`, forms)
  for (let i = 0; i < forms.length; i++) {
    if (!isOneOf(FORM_NAMES, forms[i])) return mustBe(`${field}[${i}]`, EXPECTED.form, forms[i])
    if (forms.indexOf(forms[i]) !== i) return `${field}[${i}] repeats "${forms[i]}"`
  }
  return null
}

export const breaksProblem = (value: unknown, field: string): string | null =>
  value === 'auto' || isBreakCount(value) ? null : mustBe(field, EXPECTED.breaks, value)

export const maxBreaksProblem = (value: unknown, field: string): string | null =>
  isBreakCount(value) ? null : mustBe(field, EXPECTED.breakCount, value)

export const cropProblem = (value: unknown, field: string): string | null =>
  isOneOf(CROP_CHOICES, value) ? null : mustBe(field, EXPECTED.crop, value)

export const timeBudgetProblem = (value: unknown, field: string): string | null =>
  value === undefined || isTimeBudget(value) ? null : mustBe(field, EXPECTED.timeBudget, value)

/** Null when value is good FitOptions; else the message naming the field (`options.crop must be ...`). */
export function fitOptionsProblem(value: unknown, field: string): string | null {
  if (!isRecord(value)) return mustBe(field, 'an object with forms, breaks, crop and maxBreaks', value)
  return (
    formsProblem(value.forms, `${field}.forms`) ??
    breaksProblem(value.breaks, `${field}.breaks`) ??
    cropProblem(value.crop, `${field}.crop`) ??
    maxBreaksProblem(value.maxBreaks, `${field}.maxBreaks`) ??
    timeBudgetProblem(value.timeBudgetSeconds, `${field}.timeBudgetSeconds`)
  )
}

export function isFitOptions(value: unknown): value is FitOptions {
  return fitOptionsProblem(value, 'options') === null
}
