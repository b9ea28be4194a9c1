#!/usr/bin/env -S node --single-threaded-gc
// The `scaling-studio` command: starts the built command line (out/main/cli.js, made by `npm run build`).
// --single-threaded-gc: the fit workers keep every core busy, and V8's parallel garbage collection threads only
// contend with them (the benchmark's fits on 2 workers: 25.2 s with them, 22.0 s without).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cliUrl = new URL('../out/main/cli.js', import.meta.url)

if (!existsSync(fileURLToPath(cliUrl))) {
  process.stderr.write('Scaling Studio is not built: run npm run build\n')
  process.exit(1)
}
const { main } = await import(cliUrl.href)
process.exitCode = await main(process.argv.slice(2))
