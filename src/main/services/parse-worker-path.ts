// Where the built parse worker lives: electron-vite bundles parse-worker.ts as its own file in out/main and
// replaces this import with that file's absolute path (as for the fit worker, fit-worker-path.ts).
import parseWorkerPath from './parse-worker?modulePath'

export { parseWorkerPath }
