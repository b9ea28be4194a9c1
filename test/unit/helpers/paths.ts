// Where the repository and its build (out/) are, for tests that start the built worker, server or command line.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../../..', import.meta.url))

/** The fit worker electron-vite built (npm test builds first); its file name carries a content hash. */
export function builtWorkerPath(): string {
  const chunks = join(root, 'out/main/chunks')
  const file = readdirSync(chunks).find((f) => /^fit-worker-[0-9a-f]+\.js$/.test(f))
  if (!file) throw new Error(`no built fit worker in ${chunks}: run npm run build`)
  return join(chunks, file)
}
