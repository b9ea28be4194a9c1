// What a user chooses about an exported figure: size, font size, layout, palette, what to draw, and the
// texts. One default, one checker: the Export dialog, the command line and main's validation all use them.
import { FORM_NAMES, type FormName } from './fit-types'
import { describeValue } from './value-checks'

export const FIGURE_LAYOUTS = ['single', 'overlay', 'small-multiples'] as const
export type FigureLayout = (typeof FIGURE_LAYOUTS)[number]

export const FIGURE_PALETTES = ['color', 'gray'] as const
export type FigurePalette = (typeof FIGURE_PALETTES)[number]

export const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const
export type FigureFormat = (typeof FIGURE_FORMATS)[number]

/** Column widths of two-column journals, in inches. */
export const WIDTH_PRESETS = { single: 3.25, double: 6.75 } as const

export const CM_PER_INCH = 2.54
/** The figure option is laid out in points: one unit is 1/72 inch, so font sizes are in points as asked. */
export const POINTS_PER_INCH = 72

export interface FigureStyle {
  widthIn: number
  heightIn: number
  /** Size of the tick labels in points; titles and axis names are sized from it. */
  fontPt: number
  /** One curve per figure, several curves on one chart, or one panel per curve. */
  layout: FigureLayout
  palette: FigurePalette
  /** Forms to draw; null: every fitted form for one curve, the best form of each curve otherwise. */
  forms: FormName[] | null
  /** Forecast bands and line, where the curve has a forecast. */
  bands: boolean
  /** Vertical marks at the BNSL break positions. */
  breaks: boolean
  title: string
  /** Axis names; null takes them from the curve (x quantity and unit, y metric). */
  xLabel: string | null
  yLabel: string | null
  legend: boolean
  /** Small multiples: the same axis ranges in every panel, tick labels on the outer panels only. */
  sharedAxes: boolean
  xLog: boolean
  yLog: boolean
}

export const DEFAULT_FIGURE_STYLE: FigureStyle = {
  widthIn: WIDTH_PRESETS.single,
  heightIn: 2.4,
  fontPt: 8,
  layout: 'single',
  palette: 'color',
  forms: null,
  bands: true,
  breaks: true,
  title: '',
  xLabel: null,
  yLabel: null,
  legend: true,
  sharedAxes: true,
  xLog: true,
  yLog: true
}

export const DEFAULT_DPI = 300

/** Bounds of the numeric settings, inclusive: [min, max]. */
export const FIGURE_LIMITS = {
  widthIn: [1, 20],
  heightIn: [0.75, 20],
  fontPt: [4, 24],
  dpi: [50, 1200]
} as const

/** Longest title or axis label kept. */
export const MAX_LABEL_LENGTH = 300

function numberProblem(field: keyof typeof FIGURE_LIMITS, value: unknown, unit: string): string | null {
  const [lo, hi] = FIGURE_LIMITS[field]
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    return `${field} must be a number from ${lo} to ${hi} ${unit} (got ${describeValue(value)})`
  }
  return null
}

function labelProblem(field: string, value: unknown, nullable: boolean): string | null {
  if (nullable && value === null) return null
  if (typeof value !== 'string') return `${field} must be ${nullable ? 'text or null' : 'text'}`
  if (value.length > MAX_LABEL_LENGTH) return `${field} is longer than ${MAX_LABEL_LENGTH} characters`
  return null
}

/** The first thing wrong with a figure style, naming the field; null when it is complete and valid. */
export function figureStyleProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the figure style must be an object'
  const s = value as Record<string, unknown>
  const problem =
    numberProblem('widthIn', s.widthIn, 'inches') ??
    numberProblem('heightIn', s.heightIn, 'inches') ??
    numberProblem('fontPt', s.fontPt, 'points') ??
    (FIGURE_LAYOUTS.includes(s.layout as FigureLayout) ? null : `layout must be one of ${FIGURE_LAYOUTS.join(', ')}`) ??
    (FIGURE_PALETTES.includes(s.palette as FigurePalette) ? null : `palette must be one of ${FIGURE_PALETTES.join(', ')}`) ??
    (s.forms === null ||
    (Array.isArray(s.forms) && s.forms.length > 0 && s.forms.every((f) => FORM_NAMES.includes(f as FormName)))
      ? null
      : `forms must be null or a non-empty list of ${FORM_NAMES.join(', ')}`) ??
    labelProblem('title', s.title, false) ??
    labelProblem('xLabel', s.xLabel, true) ??
    labelProblem('yLabel', s.yLabel, true)
  if (problem) return problem
  for (const key of ['bands', 'breaks', 'legend', 'sharedAxes', 'xLog', 'yLog'] as const) {
    if (typeof s[key] !== 'boolean') return `${key} must be true or false`
  }
  return null
}

/** The dpi problem, or null: a PNG's resolution. */
export function dpiProblem(value: unknown): string | null {
  return numberProblem('dpi', value, 'dots per inch')
}

/** The style with every field the caller left out taken from the defaults, then checked; throws naming the field. */
export function figureStyle(partial: Partial<FigureStyle> = {}): FigureStyle {
  const style: FigureStyle = { ...DEFAULT_FIGURE_STYLE, ...partial }
  const problem = figureStyleProblem(style)
  if (problem) throw new RangeError(problem)
  return style
}

/** The canvas of a figure in points (the units of its ECharts option). */
export function figureSizePt(style: Pick<FigureStyle, 'widthIn' | 'heightIn'>): { width: number; height: number } {
  return { width: style.widthIn * POINTS_PER_INCH, height: style.heightIn * POINTS_PER_INCH }
}
