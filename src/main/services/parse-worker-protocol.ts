// The messages between readCurvesFile and its parse worker (parse-worker.ts).
import type { ImportedCurve } from '../../shared/import'
import type { ParseReply } from '../../shared/import/parse-job'

/** A batch holds at most this many curves... */
export const PARSE_BATCH_CURVES = 1000
/** ...and about this many points (more only when one curve alone is larger). */
export const PARSE_BATCH_POINTS = 100_000

/** From the worker: a batch of curves (the main thread answers with any message to ask for the next), then the reply with no curves. */
export type ParseWorkerMessage = { batch: ImportedCurve[] } | ParseReply
