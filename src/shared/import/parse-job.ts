// One parse as a message: what a parse worker (main's worker thread, the window's Web Worker) receives and
// answers. Errors cross as plain data and become the same ImportError on the other side.
import { parseCurveBytes } from './decode'
import { parseCurves } from './parse-curves'
import { ImportError, type ImportOptions, type ImportResult } from './types'

/** The bytes of a file (decoded in the worker) or text already decoded (pasted). */
export interface ParseJob {
  source: { bytes: Uint8Array } | { text: string }
  options: ImportOptions
}

export type ParseReply =
  | { ok: true; result: ImportResult }
  /** importError: the file cannot be imported (ImportError); otherwise a fault of the parser itself. */
  | { ok: false; importError: boolean; message: string }

/** Runs one parse job; never throws. */
export function runParseJob(job: ParseJob): ParseReply {
  try {
    const { source, options } = job
    const result = 'bytes' in source ? parseCurveBytes(source.bytes, options) : parseCurves(source.text, options)
    return { ok: true, result }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, importError: error instanceof ImportError, message }
  }
}

/** The result of a reply, or the ImportError (naming the file) it carries. */
export function unwrapParseReply(reply: ParseReply, fileName: string): ImportResult {
  if (reply.ok) return reply.result
  const prefix = `${fileName}: `
  if (reply.importError && reply.message.startsWith(prefix)) throw new ImportError(fileName, reply.message.slice(prefix.length))
  throw new ImportError(fileName, `could not be read: ${reply.message}`)
}
