// Reading a file whole, but never more than a budget: a file can report a size of 0 and never end
// (/proc/self/pagemap, some devices), so the size the file system reports is not a bound.
import { open } from 'node:fs/promises'

const CHUNK_BYTES = 1 << 20

/**
 * The file's bytes; null when it holds more than maxBytes. Reads whole chunks of 1 MiB (some kernel files accept
 * only aligned reads), so at most maxBytes + 1 MiB is read.
 */
export async function readAtMost(path: string, maxBytes: number): Promise<Uint8Array | null> {
  const handle = await open(path, 'r')
  try {
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
