// Reading a file whole, but never more than a budget: a file can report a size of 0 and never end
// (/proc/self/pagemap, some devices), so the size the file system reports is not a bound.
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

const CHUNK_BYTES = 1 << 20

// Opening a FIFO for reading waits for a writer; non-blocking, the open returns and the check below refuses it.
const READ_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK)

/** The path names a FIFO, a device, a socket or a folder: nothing a file reader should read. */
export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError'
  readonly code = 'ENOTREGULAR'
  constructor(readonly isDirectory: boolean) {
    super(isDirectory ? 'is a folder, not a file' : 'is not a regular file')
  }
}

/**
 * The file's bytes; null when it holds more than maxBytes. Throws NotRegularFileError for anything but a regular
 * file, checked on the opened file itself, so a path swapped for a FIFO after an earlier check is refused too.
 * Reads whole chunks of 1 MiB (some kernel files accept only aligned reads), so at most maxBytes + 1 MiB is read.
 */
export async function readAtMost(path: string, maxBytes: number): Promise<Uint8Array | null> {
  const handle = await open(path, READ_FLAGS)
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new NotRegularFileError(info.isDirectory())
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const buffer = new Uint8Array(CHUNK_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      total += bytesRead
      if (total > maxBytes) return null
    }
    const bytes = new Uint8Array(total)
    let at = 0
    for (const chunk of chunks) {
      bytes.set(chunk, at)
      at += chunk.length
    }
    return bytes
  } finally {
    await handle.close()
  }
}
