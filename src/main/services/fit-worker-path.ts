// Where the built fit worker lives. electron-vite bundles fit-worker.ts as its own file in out/main and
// replaces this import with that file's absolute path, so the pool can start workers from it.
import workerPath from './fit-worker?modulePath'

export { workerPath }
