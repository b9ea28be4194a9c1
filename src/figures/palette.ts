// Colours of the figures: the Okabe-Ito palette (distinguishable with every common colour-vision deficiency) and
// a grey scale for print, where forms and curves are told apart by dash and marker as well. Pure.
import type { FormName } from '../shared/fit-types'
import type { FigurePalette } from '../shared/figure-style'

/** Okabe & Ito (2008), "Color Universal Design": the eight colours in their published order. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7'
} as const

/** One colour per form; yellow is left out, it vanishes on white. */
export const FORM_COLORS: Record<FormName, string> = {
  BNSL: OKABE_ITO.blue,
  M1: OKABE_ITO.orange,
  M2: OKABE_ITO.bluishGreen,
  M3: OKABE_ITO.reddishPurple,
  M4: OKABE_ITO.vermillion
}

const GRAY_FORMS: Record<FormName, string> = { BNSL: '#000000', M1: '#555555', M2: '#777777', M3: '#333333', M4: '#999999' }

/** Colours of curves on one chart, in order; the ninth curve takes the first colour again. */
const CURVE_COLORS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  '#8C6D1F'
]
const GRAY_CURVES = ['#000000', '#606060', '#909090', '#303030', '#787878', '#484848', '#a8a8a8', '#181818']

/** Markers of curves on one chart: with grey scale, the marker tells curves apart. */
const CURVE_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect', 'circle']

/** Dash patterns of forms in grey scale, where colour cannot tell them apart (solid for BNSL). */
const GRAY_FORM_DASH: Record<FormName, number[] | 'solid'> = {
  BNSL: 'solid',
  M1: [5, 2],
  M2: [1.5, 1.5],
  M3: [6, 2, 1.5, 2],
  M4: [3, 3]
}

export function formColor(form: FormName, palette: FigurePalette): string {
  return palette === 'gray' ? GRAY_FORMS[form] : FORM_COLORS[form]
}

/** The dash of a form's line over its fitted range: solid in colour, a pattern per form in grey scale. */
export function formDash(form: FormName, palette: FigurePalette): number[] | 'solid' {
  return palette === 'gray' ? GRAY_FORM_DASH[form] : 'solid'
}

export function curveColor(index: number, palette: FigurePalette): string {
  const colors = palette === 'gray' ? GRAY_CURVES : CURVE_COLORS
  return colors[index % colors.length]
}

export function curveSymbol(index: number): string {
  return CURVE_SYMBOLS[index % CURVE_SYMBOLS.length]
}

/** Ink of text and data points, muted ink of axes, grid lines and the light grey of cropped or excluded points. */
export const INK = '#1c2330'
export const MUTED = '#5f6b7a'
export const GRID_LINE = '#e6e9ee'
export const LIGHT = '#9aa3ad'
export const FORECAST_INK = { color: '#4b2fa8', gray: '#404040' } as const
export const BAND_FILL = { color: '#6a4fc9', gray: '#808080' } as const
