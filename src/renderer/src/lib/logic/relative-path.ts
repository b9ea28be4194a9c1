// Paths typed into the path prompt. A relative one is made whole against a folder the prompt names, so the path
// the services receive is the one the user was shown, not one taken from the server's working folder unseen.

/** `/x`, `\x`, `\\server\share\x`, `C:\x`, `C:/x`; not `C:x` (relative to a drive's current folder). */
export function isAbsolutePath(path: string): boolean {
  return /^([\\/]|[A-Za-z]:[\\/])/.test(path)
}

/** `path` taken from `folder` (itself absolute), with `.` and `..` worked out; an absolute `path` as it is. */
export function resolveAgainst(folder: string, path: string): string {
  if (isAbsolutePath(path)) return path
  const windows = /^([A-Za-z]:)?\\/.test(folder) || /^[A-Za-z]:\//.test(folder)
  const separators = windows ? /[\\/]+/ : /\/+/
  const root = /^([A-Za-z]:)?[\\/]{1,2}/.exec(folder)?.[0] ?? ''
  const parts = folder.slice(root.length).split(separators).filter((part) => part !== '')
  for (const part of path.split(separators)) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return `${root}${parts.join(windows ? '\\' : '/')}`
}
