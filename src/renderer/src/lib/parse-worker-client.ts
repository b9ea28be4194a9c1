// Sends parse jobs to the window's parse worker (parse-worker.ts). Only the latest job matters (the import
// dialog re-reads on every change), so a new job stops one still running. Where no worker can run (tests in
// Node, a worker that fails to load), the job is parsed on this thread instead.
import type { ImportResult } from '../../../shared/import'
import { runParseJob, unwrapParseReply, type ParseJob, type ParseReply } from '../../../shared/import/parse-job'

/** A job the window no longer waits for: a newer one took its place. */
export class ParseSuperseded extends Error {
  override name = 'ParseSuperseded'
}

interface Running {
  id: number
  job: ParseJob
  settle: (reply: ParseReply | ParseSuperseded) => void
}

let worker: Worker | null = null
let unavailable = false
/** A worker has answered once: workers load here, so a later error is the job's (e.g. out of memory). */
let loaded = false
let running: Running | null = null
let lastId = 0

function startWorker(): Worker | null {
  if (unavailable || typeof Worker === 'undefined') return null
  try {
    const started = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' })
    started.onmessage = (event: MessageEvent<{ id: number; reply: ParseReply }>) => {
      loaded = true
      if (running?.id !== event.data.id) return
      const { settle } = running
      running = null
      settle(event.data.reply)
    }
    // A worker that never loaded: this job and the next ones are parsed on this thread. One that crashed on a
    // job (out of memory on a huge file): that job fails, and the next starts a fresh worker, off this thread.
    started.onerror = (event) => {
      event.preventDefault()
      stopWorker()
      const job = running
      running = null
      if (!loaded) {
        unavailable = true
        job?.settle(runParseJob(job.job))
        return
      }
      job?.settle({ ok: false, importError: false, message: `the parser stopped (${event.message || 'the worker failed'})` })
    }
    return started
  } catch {
    unavailable = true
    return null
  }
}

function stopWorker(): void {
  worker?.terminate()
  worker = null
}

/**
 * Parses a file's bytes or pasted text off the UI thread. Rejects with the ImportError of a file that cannot
 * be imported, or with ParseSuperseded when a newer job was started before this one finished.
 */
export async function parseOffThread(job: ParseJob): Promise<ImportResult> {
  if (running) {
    // The worker is busy with a job nobody waits for: stop it rather than queue behind it.
    running.settle(new ParseSuperseded('a newer read replaced this one'))
    running = null
    stopWorker()
  }
  worker ??= startWorker()
  const target = worker
  if (!target) return unwrapParseReply(runParseJob(job), job.options.fileName)
  const id = ++lastId
  const reply = await new Promise<ParseReply | ParseSuperseded>((settle) => {
    running = { id, job, settle }
    target.postMessage({ id, job })
  })
  if (reply instanceof ParseSuperseded) throw reply
  return unwrapParseReply(reply, job.options.fileName)
}
