// The browser-mode entry (`npm run serve`, built to out/main/server.js): the same window and services as the
// desktop app, served to a browser on 127.0.0.1 for machines without a display or the Electron runtime.
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { APP_NAME, AppServices } from './services/app-services'
import { workerPath } from './services/fit-worker-path'
import { parseWorkerPath } from './services/parse-worker-path'
import { startBrowserServer } from './services/http-api'

const PROGRAM = 'npm run serve --'

const USAGE = `Usage: ${PROGRAM} [options]     (or: node out/main/server.js [options])

Serves ${APP_NAME} to a browser on this machine only (127.0.0.1) and prints the address to open,
which carries a secret token for this run.

Options:
  --port <n>        port to listen on (default 0: any free port)
  --project <file>  a project file the window opens at start
  --data-dir <dir>  where the recent list and autosaved copies live
                    (default: $XDG_DATA_HOME/scaling-studio, else ~/.local/share/scaling-studio)
  --threads <n>     fit worker threads (default: the number of cores)
  --help            show this text`

class UsageError extends Error {
  override name = 'UsageError'
}

interface ServeOptions {
  port: number
  project: string | null
  dataDir: string
  threads?: number
}

/** The nearest folder above this file holding package.json: the same from src/main and from out/main. */
function findPackageRoot(): string {
  let dir = import.meta.dirname
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the package root above ${import.meta.dirname}`)
    dir = parent
  }
  return dir
}

/** The per-user data folder (XDG on Linux and elsewhere it is set, else the platform's), or the temp folder. */
function defaultDataDir(): string {
  const xdg = process.env['XDG_DATA_HOME']
  if (xdg) return join(xdg, 'scaling-studio')
  const home = homedir()
  if (!home) return join(tmpdir(), 'scaling-studio')
  if (process.platform === 'win32') return join(process.env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), APP_NAME)
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  return join(home, '.local', 'share', 'scaling-studio')
}

function positiveInteger(value: string, option: string, min: number, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, got "${value}"`)
  }
  return n
}

function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        project: { type: 'string' },
        'data-dir': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (parsed.help) return 'help'
  const project = parsed.project === undefined ? null : resolve(parsed.project)
  if (project !== null && !existsSync(project)) throw new UsageError(`--project: no file at ${project}`)
  const dataDir = parsed['data-dir'] === undefined ? defaultDataDir() : resolve(parsed['data-dir'])
  return {
    port: parsed.port === undefined ? 0 : positiveInteger(parsed.port, 'port', 0, 65535),
    project,
    dataDir,
    threads: parsed.threads === undefined ? undefined : positiveInteger(parsed.threads, 'threads', 1, 256)
  }
}

function packageVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

/** Starts the server and resolves once it is listening; exits the process on SIGINT or SIGTERM. */
export async function main(argv: string[]): Promise<number> {
  let options: ServeOptions | 'help'
  try {
    options = parseServeArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${PROGRAM}: ${error.message}\nRun "${PROGRAM} --help" for usage.\n`)
    return 2
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const root = findPackageRoot()
  mkdirSync(options.dataDir, { recursive: true })
  const services = new AppServices({
    workerPath,
    parseWorkerPath,
    exampleDir: join(root, 'resources', 'example'),
    resourcesDir: join(root, 'resources'),
    dataDir: options.dataDir,
    version: packageVersion(root),
    mode: 'browser',
    startupProject: options.project,
    threads: options.threads
  })
  let server
  try {
    server = await startBrowserServer({ services, rendererDir: join(import.meta.dirname, '../renderer'), port: options.port })
  } catch (error) {
    await services.dispose()
    throw error
  }
  const running = server
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${APP_NAME}: ${signal}, stopping\n`)
    // Never wait long for workers busy in a fit.
    const timeout = new Promise<void>((done) => setTimeout(done, 3000).unref())
    Promise.race([Promise.all([running.close(), services.dispose()]), timeout])
      .catch((error: unknown) => process.stderr.write(`${APP_NAME}: stopping failed: ${String(error)}\n`))
      .finally(() => process.exit(0))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.stdout.write(`${APP_NAME} is running at ${running.url}\n`)
  process.stdout.write(`Data folder: ${options.dataDir}. Press Ctrl+C to stop.\n`)
  return 0
}

// Run when started as `node out/main/server.js`.
const entry = process.argv[1]
if (entry !== undefined && existsSync(entry) && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2))
    .then((code) => {
      if (code !== 0) process.exit(code)
    })
    .catch((error: unknown) => {
      process.stderr.write(`${APP_NAME}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    })
}
