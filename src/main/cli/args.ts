// Parses and validates the command line into a typed command; every bad argument becomes a UsageError.
import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIT_OPTIONS, FORM_NAMES, MAX_BREAKS } from '../../shared/fit-types'
import type { BreakCount, FitOptions, FormName } from '../../shared/fit-types'
import type { ImportFormat } from '../../shared/import'

export const PROGRAM = 'scaling-studio'

const IMPORT_FORMATS: readonly ImportFormat[] = ['auto', 'long', 'benchmark', 'wide', 'wandb', 'tensorboard']

export const USAGE = `Usage:
  ${PROGRAM} fit <file> [options]      fit scaling laws to the curves in a CSV file
  ${PROGRAM} bench [options]           compare the engine with the published BNSL results
  ${PROGRAM} --help | <command> --help

fit options:
  --format <f>     ${IMPORT_FORMATS.join('|')} (default auto)
  --forms <list>   comma-separated forms from ${FORM_NAMES.join(',')} (default all)
  --breaks <n>     BNSL breaks: auto|${Array.from({ length: MAX_BREAKS + 1 }, (_, i) => i).join('|')} (default auto)
  --crop <c>       drop the smallest-x points chosen by validation: auto|none (default auto)
  --threads <n>    worker threads (default: the number of cores)
  --json <path>    also write every fit, with its points and predictions, as JSON

bench options:
  --data <path>    benchmark CSV (default resources/example/benchmark.vision.csv)
  --paper <path>   published held-out RMSLE per curve (default resources/example/paper-rmsle.vision.csv)
  --threads <n>    worker threads (default: the number of cores)
  --curves <n>     only the first n curves, for a quick run
  --json <path>    also write the whole report as JSON

Exit codes: 0 done, 1 a fit or file failed, 2 bad usage, 130 interrupted.`

/** A command line that cannot be run; the message says what to change. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export interface FitCommand {
  command: 'fit'
  file: string
  format: ImportFormat
  options: FitOptions
  threads?: number
  json?: string
}

export interface BenchCommand {
  command: 'bench'
  /** Absent: the example benchmark in the package. */
  data?: string
  paper?: string
  threads?: number
  curves?: number
  json?: string
}

/** What every command runs with, found by the entry from its own location. */
export interface CliContext {
  /** The built fit worker. */
  workerPath: string
  /** The package root, for the default benchmark files. */
  packageRoot: string
}

export type Command = FitCommand | BenchCommand | { command: 'help' }

const fitFlags = {
  format: { type: 'string' },
  forms: { type: 'string' },
  breaks: { type: 'string' },
  crop: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

const benchFlags = {
  data: { type: 'string' },
  paper: { type: 'string' },
  threads: { type: 'string' },
  curves: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`)
  }
  return n
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase())
  if (found === undefined) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`)
  return found
}

function parseForms(value: string | undefined): FormName[] {
  if (value === undefined) return [...FORM_NAMES]
  const forms = value.split(',').map((f) => f.trim()).filter((f) => f !== '')
  if (forms.length === 0) throw new UsageError(`--forms needs at least one of ${FORM_NAMES.join(', ')}`)
  return forms.map((f, i) => {
    const form = FORM_NAMES.find((name) => name.toLowerCase() === f.toLowerCase())
    if (form === undefined) throw new UsageError(`--forms: unknown form "${f}"; the forms are ${FORM_NAMES.join(', ')}`)
    if (forms.findIndex((g) => g.toLowerCase() === f.toLowerCase()) !== i) throw new UsageError(`--forms lists "${form}" twice`)
    return form
  })
}

function parseBreaks(value: string | undefined): FitOptions['breaks'] {
  const counts = Array.from({ length: MAX_BREAKS + 1 }, (_, i) => String(i))
  const choice = oneOf('breaks', value, ['auto', ...counts], 'auto')
  return choice === 'auto' ? 'auto' : (Number(choice) as BreakCount)
}

/** A path the user named must be an existing file; a missing one is a usage error, not a failed fit. */
function existingFile(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  let isFile = false
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw new UsageError(`${flag}: no such file: ${path}`)
  }
  if (!isFile) throw new UsageError(`${flag}: not a file: ${path}`)
  return path
}

/** The folder of a --json path must exist, so that a long run is not lost at the very end. */
function jsonPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined
  const folder = dirname(resolve(path))
  let isFolder = false
  try {
    isFolder = statSync(folder).isDirectory()
  } catch {
    // Reported below.
  }
  if (!isFolder) throw new UsageError(`--json: the folder ${folder} does not exist`)
  return path
}

function parseWith<T extends typeof fitFlags | typeof benchFlags>(args: string[], flags: T, command: string) {
  try {
    return parseArgs({ args, options: flags, allowPositionals: true, strict: true })
  } catch (error) {
    // node:util already names the flag ("Unknown option '--x'"); say which command it was given to.
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function parseFit(args: string[]): Command {
  const { values, positionals } = parseWith(args, fitFlags, 'fit')
  if (values.help) return { command: 'help' }
  if (positionals.length === 0) throw new UsageError('fit: name the curve file to fit, e.g. scaling-studio fit runs.csv')
  if (positionals.length > 1) throw new UsageError(`fit: expected one file, got ${positionals.length}: ${positionals.join(' ')}`)
  const breaks = parseBreaks(values.breaks)
  return {
    command: 'fit',
    file: existingFile('fit', positionals[0]) as string,
    format: oneOf('format', values.format, IMPORT_FORMATS, 'auto'),
    options: {
      forms: parseForms(values.forms),
      breaks,
      crop: oneOf('crop', values.crop, ['auto', 'none'] as const, 'auto'),
      // A fixed break count needs no search above it; 'auto' searches the engine's default range.
      maxBreaks: breaks === 'auto' ? DEFAULT_FIT_OPTIONS.maxBreaks : breaks
    },
    threads: positiveInteger('threads', values.threads),
    json: jsonPath(values.json)
  }
}

function parseBench(args: string[]): Command {
  const { values, positionals } = parseWith(args, benchFlags, 'bench')
  if (values.help) return { command: 'help' }
  if (positionals.length > 0) throw new UsageError(`bench takes no file argument (use --data), got: ${positionals.join(' ')}`)
  return {
    command: 'bench',
    data: existingFile('--data', values.data),
    paper: existingFile('--paper', values.paper),
    threads: positiveInteger('threads', values.threads),
    curves: positiveInteger('curves', values.curves),
    json: jsonPath(values.json)
  }
}

/** Reads the arguments after the program name into a command; throws UsageError when they cannot be run. */
export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { command: 'help' }
  if (name === 'fit') return parseFit(rest)
  if (name === 'bench') return parseBench(rest)
  throw new UsageError(`unknown command "${name}"; the commands are fit and bench`)
}
