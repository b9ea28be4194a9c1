// Reads a curve file from disk and parses it; refuses oversized, missing and unreadable files with an ImportError.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { Worker } from 'node:worker_threads'
import {
  ImportError,
  MAX_IMPORT_BYTES,
  parseCurveBytes,
  type ImportedCurve,
  type ImportOptions,
  type ImportResult
} from '../../shared/import'
import { unwrapParseReply, type ParseJob, type ParseReply } from '../../shared/import/parse-job'
import { readAtMost } from './bounded-read'
import type { ParseWorkerMessage } from './parse-worker-protocol'

export { MAX_IMPORT_BYTES }

/** Parse workers running at once; further reads wait for one to finish, so parallel reads cannot multiply memory. */
const MAX_PARSE_WORKERS = 2

export interface ReadCurvesOptions extends Omit<ImportOptions, 'fileName'> {
  maxBytes?: number
  /** The built parse worker (parse-worker-path.ts): parse on a worker thread. Without it the file is parsed on this thread. */
  parseWorker?: string
  /** Aborted when nobody waits for the result any more (the client went away): the parse worker is stopped. */
  signal?: AbortSignal
}

const formatBytes = (n: number): string =>
  n < 1024 ? `${n} bytes` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`

/** Says why a file cannot be opened, in words a user can act on. */
function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return `file not found at ${path}`
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied'
  if (code === 'ENOTREGULAR') return (error as Error).message
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`
}

let runningWorkers = 0
const waitingWorkers: Array<() => void> = []

/** Parses on a fresh worker thread (the bytes are moved, not copied); a worker that dies fails only this read. */
async function parseOnWorker(workerPath: string, bytes: Uint8Array, options: ImportOptions, signal?: AbortSignal): Promise<ImportResult> {
  if (runningWorkers >= MAX_PARSE_WORKERS) await new Promise<void>((start) => waitingWorkers.push(start))
  runningWorkers++
  try {
    const job: ParseJob = { source: { bytes }, options }
    const curves: ImportedCurve[] = []
    const reply = await new Promise<ParseReply>((done, fail) => {
      if (signal?.aborted) return fail(new Error('nobody waits for the result any more'))
      const worker = new Worker(workerPath, { workerData: job, transferList: [bytes.buffer as ArrayBuffer] })
      // A read nobody waits for gives its slot back at once.
      const stop = (): void => void worker.terminate()
      signal?.addEventListener('abort', stop, { once: true })
      worker.once('exit', () => signal?.removeEventListener('abort', stop))
      worker.on('message', (message: ParseWorkerMessage) => {
        if (!('batch' in message)) return done(message)
        for (const curve of message.batch) curves.push(curve)
        // Each batch is its own turn of the event loop: requests that came meanwhile are served in between.
        setImmediate(() => worker.postMessage('next'))
      })
      worker.once('error', fail)
      worker.once('exit', (code) => fail(new Error(`the parser stopped (exit code ${code})`)))
    })
    const result = unwrapParseReply(reply, options.fileName)
    return { ...result, curves }
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(options.fileName, `could not be read: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    runningWorkers--
    waitingWorkers.shift()?.()
  }
}

/**
 * Reads and parses a curve file (see parseCurves for the formats; bytes that are not UTF-8 are read as
 * Windows-1252 with a warning). The size is checked with stat before any byte is read, so an oversized file is
 * refused without loading it, and the read itself stops at the limit whatever size the file reported.
 */
export async function readCurvesFile(path: string, options: ReadCurvesOptions = {}): Promise<ImportResult> {
  const { maxBytes = MAX_IMPORT_BYTES, parseWorker, signal, ...parseOptions } = options
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
  const importOptions = { ...parseOptions, fileName }
  return parseWorker === undefined ? parseCurveBytes(bytes, importOptions) : parseOnWorker(parseWorker, bytes, importOptions, signal)
}
