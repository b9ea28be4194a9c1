// A project's name and its file: the name follows the file it is saved to until the user names the project.

/** The name of a new project (the services' project:new). */
export const UNTITLED = 'Untitled'
/** The extension of project files; a path saved without one gets it. */
export const PROJECT_EXTENSION = '.ssproj.json'

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)

/** `/runs/my-llm-runs.ssproj.json` -> `my-llm-runs`: the file's name without the project extension. */
export function nameOfFile(path: string): string {
  return baseName(path).replace(/(\.ssproj)?\.json$/i, '')
}

/** `my-llm-runs` -> `my-llm-runs.ssproj.json`; a path already ending in .json is kept as typed. */
export function withProjectExtension(path: string): string {
  return /\.json$/i.test(path) ? path : `${path}${PROJECT_EXTENSION}`
}

/** A file name from a project name: letters, digits, spaces, dots, dashes and underscores. */
export function suggestedFileName(name: string): string {
  const base = name.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').replace(/\s+/g, ' ').trim() || UNTITLED
  return `${base}${PROJECT_EXTENSION}`
}

/**
 * The name a project takes when saved from `fromPath` (null: never saved) to `toPath`: the new file's name while
 * the project's name is not one the user chose (still "Untitled", or the name of the file it was in); null to
 * keep the name as it is.
 */
export function nameAfterSave(name: string, fromPath: string | null, toPath: string): string | null {
  const followsFile = name === UNTITLED || (fromPath !== null && name === nameOfFile(fromPath))
  const next = nameOfFile(toPath).trim()
  return followsFile && next !== '' && next !== name ? next : null
}
