// Every closed list of names that crosses a boundary, each defined once `as const` with its type derived from
// it: the types, the validators, the command line and the window all read these.

/** The functional forms (docs/DESIGN.md): BNSL and the four baselines. */
export const FORM_NAMES = ['BNSL', 'M1', 'M2', 'M3', 'M4'] as const
export type FormName = (typeof FORM_NAMES)[number]

/** BNSL break counts a fit may use or select among. */
export const BREAK_COUNTS = [0, 1, 2, 3] as const
export type BreakCount = (typeof BREAK_COUNTS)[number]
export const MAX_BREAKS: BreakCount = BREAK_COUNTS[BREAK_COUNTS.length - 1]

/** 'auto' selects by validation how many of the smallest-x fit points to drop; 'none' keeps them all. */
export const CROP_CHOICES = ['auto', 'none'] as const
export type CropChoice = (typeof CROP_CHOICES)[number]

/** What a point is used for: fitting, or scoring the extrapolation. */
export const SPLIT_LABELS = ['fit', 'heldout'] as const
export type Split = (typeof SPLIT_LABELS)[number]

/** How the optimiser ended; every fit has one (src/core/least-squares.ts). */
export const FIT_STATUSES = ['converged', 'max-iterations', 'non-finite', 'cancelled'] as const
export type FitStatus = (typeof FIT_STATUSES)[number]

/** The curve file formats the importers read; 'auto' detects one from the header. */
export const IMPORT_FORMATS = ['auto', 'long', 'benchmark', 'wide', 'wandb', 'tensorboard'] as const
export type ImportFormatName = (typeof IMPORT_FORMATS)[number]

/** How the window names each import format in its choice list. */
export const IMPORT_FORMAT_LABELS: { readonly [F in ImportFormatName]: string } = {
  auto: 'Detect from the header',
  long: 'Long: curve, x, y[, split]',
  benchmark: 'Benchmark (Domain, Task, Model, …)',
  wide: 'Wide: x column, one column per curve',
  wandb: 'Weights & Biases chart export',
  tensorboard: 'TensorBoard scalars'
}

/** What went wrong with a project file, for a caller that reacts differently to each case. */
export const PROJECT_FILE_PROBLEMS = [
  'missing',
  'unreadable',
  'too-large',
  'damaged',
  'not-project',
  'newer',
  'invalid',
  'refused',
  'write-failed'
] as const
export type ProjectFileProblem = (typeof PROJECT_FILE_PROBLEMS)[number]

/** True when value is one of list's names; narrows it to the list's type. */
export function isOneOf<T extends string | number>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value)
}

/** A list for a message: `"auto" or "none"`, `BNSL, M1, M2, M3, M4`. */
export function listText(list: readonly (string | number)[], quoted = false): string {
  const items = list.map((item) => (quoted && typeof item === 'string' ? `"${item}"` : String(item)))
  return quoted && items.length === 2 ? `${items[0]} or ${items[1]}` : items.join(', ')
}
