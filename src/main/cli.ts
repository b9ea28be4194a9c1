// The command-line entry (`scaling-studio fit|forecast|export|bench`), built to out/main/cli.js. Imports no Electron.
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PROGRAM, USAGE, UsageError, parseCommand } from './cli/args'
import { runBenchCommand } from './cli/bench-command'
import { runExportCommand } from './cli/export-command'
import { runFitCommand } from './cli/fit-command'
import { runForecastCommand } from './cli/forecast-command'
import { exitQuietlyOnClosedPipe, print, warn } from './cli/output'
import { workerPath } from './services/fit-worker-path'

/** The nearest folder above this file holding package.json: the same from src/main and from out/main. */
function findPackageRoot(): string {
  let dir = import.meta.dirname
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`${PROGRAM}: cannot find the package root above ${import.meta.dirname}`)
    dir = parent
  }
  return dir
}

/** Runs the command line (the arguments after the program name) and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe()
  try {
    const command = parseCommand(argv)
    if (command.command === 'help') {
      // Without a command nothing was run: the usage goes where errors go, with the bad-usage code.
      if (!command.asked) {
        warn(USAGE)
        return 2
      }
      print(USAGE)
      return 0
    }
    const context = { workerPath, packageRoot: findPackageRoot() }
    if (command.command === 'fit') return await runFitCommand(command, context)
    if (command.command === 'forecast') return await runForecastCommand(command, context)
    if (command.command === 'export') return await runExportCommand(command, context)
    return await runBenchCommand(command, context)
  } catch (error) {
    if (error instanceof UsageError) {
      warn([`${PROGRAM}: ${error.message}`, `Run "${PROGRAM} --help" for usage.`])
      return 2
    }
    // Import and file-system errors already name the file and the problem; a stack would only bury that.
    warn(`${PROGRAM}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

// Run when started as `node out/main/cli.js`; bin/scaling-studio.js imports this module and calls main itself.
const entry = process.argv[1]
if (entry !== undefined && existsSync(entry) && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
