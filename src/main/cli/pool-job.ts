// One pool job on the command line: a pool for the job, a progress bar on stderr, Ctrl-C to stop it.
import { FitPool } from '../services/fit-pool'
import { type ProgressBar, abortOnInterrupt, createProgressBar, warn } from './output'

export interface PoolJob {
  pool: FitPool
  bar: ProgressBar
  /** Aborted by the first Ctrl-C. */
  signal: AbortSignal
}

/**
 * Starts a pool of `threads` workers and a progress bar labelled `label`, runs the job, then releases the
 * interrupt handler, clears the bar and stops the pool whatever happened. `announce` is printed first.
 */
export async function runPoolJob<T>(
  options: { workerPath: string; threads?: number; label: string; stopping: string },
  announce: (pool: FitPool) => string,
  job: (run: PoolJob) => Promise<T>
): Promise<T> {
  const pool = new FitPool({ workerPath: options.workerPath, threads: options.threads })
  const bar = createProgressBar(options.label)
  const interrupt = abortOnInterrupt(() => {
    bar.clear()
    warn(`interrupted: stopping the ${options.stopping} (Ctrl-C again to quit at once)`)
  })
  try {
    warn(announce(pool))
    return await job({ pool, bar, signal: interrupt.signal })
  } finally {
    interrupt.release()
    bar.clear()
    await pool.destroy()
  }
}
