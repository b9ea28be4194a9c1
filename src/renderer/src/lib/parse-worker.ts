// The window's parse worker: decodes and parses a picked file or pasted text off the UI thread, so a large
// or very wide file never freezes the window. An adapter from a request to runParseJob, nothing more.
import { runParseJob, type ParseJob } from '../../../shared/import/parse-job'

addEventListener('message', (event: MessageEvent<{ id: number; job: ParseJob }>) => {
  const { id, job } = event.data
  postMessage({ id, reply: runParseJob(job) })
})
