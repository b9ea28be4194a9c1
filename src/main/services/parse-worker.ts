// The parse worker: decodes and parses one curve file on its own thread, so a large or very wide file never
// keeps the thread that serves requests busy. The job comes in workerData; the curves go back in batches, each
// sent when the main thread asks for it, so unpacking a result of 100,000 curves never blocks it for long.
import { parentPort, workerData } from 'node:worker_threads'
import type { ImportedCurve } from '../../shared/import'
import { runParseJob, type ParseJob } from '../../shared/import/parse-job'
import { PARSE_BATCH_CURVES, PARSE_BATCH_POINTS, type ParseWorkerMessage } from './parse-worker-protocol'

/** The curves cut into batches of at most PARSE_BATCH_CURVES curves or about PARSE_BATCH_POINTS points. */
function batches(curves: ImportedCurve[]): ImportedCurve[][] {
  const out: ImportedCurve[][] = []
  let batch: ImportedCurve[] = []
  let points = 0
  for (const curve of curves) {
    if (batch.length > 0 && (batch.length >= PARSE_BATCH_CURVES || points + curve.x.length > PARSE_BATCH_POINTS)) {
      out.push(batch)
      batch = []
      points = 0
    }
    batch.push(curve)
    points += curve.x.length
  }
  if (batch.length > 0) out.push(batch)
  return out
}

const port = parentPort
if (port) {
  const reply = runParseJob(workerData as ParseJob)
  const queue: ParseWorkerMessage[] = reply.ok
    ? [...batches(reply.result.curves).map((batch) => ({ batch })), { ...reply, result: { ...reply.result, curves: [] } }]
    : [reply]
  const sendNext = (): void => {
    const message = queue.shift()
    if (message) port.postMessage(message)
    // Nothing left to ask for: without a listener the thread ends.
    if (queue.length === 0) port.off('message', sendNext)
  }
  port.on('message', sendNext)
  sendNext()
}
