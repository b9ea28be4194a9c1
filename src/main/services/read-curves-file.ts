// Reads a curve file from disk and parses it; refuses oversized, missing and unreadable files with an ImportError.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { ImportError, MAX_IMPORT_BYTES, parseCurves, type ImportOptions, type ImportResult } from '../../shared/import'
import { readAtMost } from './bounded-read'

export { MAX_IMPORT_BYTES }

const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`

/** Says why a file cannot be opened, in words a user can act on. */
function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return `file not found at ${path}`
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied'
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`
}

/** Decodes UTF-8, or UTF-16 when the file starts with its byte-order mark (Excel's "Unicode text" export). */
function decode(bytes: Uint8Array): string {
  const bom = (bytes[0] << 8) | bytes[1]
  return new TextDecoder(bom === 0xfffe ? 'utf-16le' : bom === 0xfeff ? 'utf-16be' : 'utf-8').decode(bytes)
}

/**
 * Reads and parses a curve file (see parseCurves for the formats). The size is checked with stat
 * before any byte is read, so an oversized file is refused without loading it, and the read itself stops
 * at the limit whatever size the file reported.
 */
export async function readCurvesFile(
  path: string,
  options: Omit<ImportOptions, 'fileName'> & { maxBytes?: number } = {}
): Promise<ImportResult> {
  const { maxBytes = MAX_IMPORT_BYTES, ...parseOptions } = options
  const fileName = basename(path)
  const fsCall = <T>(run: () => Promise<T>): Promise<T> =>
    run().catch((error: unknown) => {
      throw new ImportError(fileName, describeFsError(error, path))
    })
  const info = await fsCall(() => stat(path))
  // A FIFO or device would block or never end, so only regular files are read.
  if (!info.isFile()) {
    throw new ImportError(fileName, info.isDirectory() ? 'is a folder, not a file' : 'is not a regular file')
  }
  if (info.size > maxBytes) {
    const sizes = `${formatBytes(info.size)}, over the import limit of ${formatBytes(maxBytes)}`
    throw new ImportError(fileName, `the file is ${sizes}`)
  }
  // The reported size is no bound (a file under /proc reports 0 and never ends): the read stops at the limit.
  const bytes = await fsCall(() => readAtMost(path, maxBytes))
  if (bytes === null) throw new ImportError(fileName, `the file holds more than the import limit of ${formatBytes(maxBytes)}`)
  return parseCurves(decode(bytes), { ...parseOptions, fileName })
}
