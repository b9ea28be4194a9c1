#!/usr/bin/env node
// The `scaling-studio` command: starts the built command line (out/main/cli.js, made by `npm run build`).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cliUrl = new URL('../out/main/cli.js', import.meta.url)

if (!existsSync(fileURLToPath(cliUrl))) {
  process.stderr.write('Scaling Studio is not built: run npm run build\n')
  process.exit(1)
}
const { main } = await import(cliUrl.href)
process.exitCode = await main(process.argv.slice(2))
