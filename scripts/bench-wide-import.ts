// Times the import of very wide CSV files (issue 9, item 2) and how long the server keeps another request
// waiting while it reads one. Plain Node, bundled first in the repository root so node_modules resolve:
//   npx rolldown scripts/bench-wide-import.ts --platform node --format esm -o .tmp-bench-wide.mjs \
//     && node .tmp-bench-wide.mjs; rm .tmp-bench-wide.mjs
// The parse worker and server parts need a build (npx electron-vite build) and are skipped without one.
// BENCH_COLUMNS changes the width of the first file (default 100,000 columns).
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { readCurvesFile } from '../src/main/services/read-curves-file'
import { parseCurves } from '../src/shared/import'

const COLUMNS = Number(process.env.BENCH_COLUMNS ?? 100_000)
const Y_COLUMNS = 50_000
const ROWS = 6

/** A wide CSV: an x column, then `columns` curve columns c0, c1, ... with `rows` rows of numbers. */
function wideCsv(columns: number, rows: number): { text: string; names: string[] } {
  const names = Array.from({ length: columns }, (_, i) => `c${i}`)
  const lines = [['x', ...names].join(',')]
  for (let r = 1; r <= rows; r++) lines.push([r, ...names.map(() => r + 1)].join(','))
  return { text: lines.join('\n') + '\n', names }
}

function time(label: string, run: () => unknown): void {
  const started = performance.now()
  let outcome: string
  try {
    const result = run() as { curves: unknown[] }
    outcome = `${result.curves.length.toLocaleString('en')} curves`
  } catch (error) {
    outcome = `error: ${(error as Error).message.slice(0, 80)}`
  }
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(7)} ms  (${outcome})`)
}

/** Starts the built browser-mode server and returns its origin and token. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; origin: string; token: string }> {
  const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const url = await new Promise<URL>((done, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)
      if (match) done(new URL(match[1]))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => fail(new Error(`server exited with code ${code}:\n${output}`)))
  })
  return { child, origin: url.origin, token: url.searchParams.get('token') ?? '' }
}

/** Posts one request to the server; resolves with the milliseconds until the whole reply arrived. */
async function post(server: { origin: string; token: string }, channel: string, payload?: unknown): Promise<number> {
  const started = performance.now()
  const reply = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Scaling-Studio-Token': server.token },
    body: payload === undefined ? '' : JSON.stringify(payload)
  })
  await reply.arrayBuffer()
  return performance.now() - started
}

/** The parse worker electron-vite built, or null. */
function builtParseWorker(): string | null {
  const chunks = resolve('out/main/chunks')
  const file = existsSync(chunks) ? readdirSync(chunks).find((f) => /^parse-worker-[0-9a-f]+\.js$/.test(f)) : undefined
  return file ? join(chunks, file) : null
}

/** Reads the file with readCurvesFile and reports the longest time this thread could not run a 1 ms timer. */
async function measureLag(label: string, path: string, parseWorker: string | undefined): Promise<void> {
  let last = performance.now()
  let worst = 0
  const tick = (): void => {
    const now = performance.now()
    worst = Math.max(worst, now - last)
    last = now
  }
  const timer = setInterval(tick, 1)
  const started = performance.now()
  await readCurvesFile(path, { parseWorker })
  tick()
  clearInterval(timer)
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(7)} ms  (this thread blocked at most ${worst.toFixed(0)} ms)`)
}

async function measureServer(path: string, dataDir: string): Promise<void> {
  if (!existsSync('out/main/server.js')) {
    console.log('server: skipped (no build; run npx electron-vite build)')
    return
  }
  const server = await startServer(dataDir)
  try {
    await post(server, 'app:info')
    let reading = true
    const read = post(server, 'curves:read', { path }).finally(() => (reading = false))
    // app:info one after another while the file is read: the longest wait is how long the server was blocked.
    const waits: number[] = []
    while (reading) waits.push(await post(server, 'app:info'))
    const readMs = await read
    console.log(`server: curves:read of the ${COLUMNS.toLocaleString('en')}-column file took ${readMs.toFixed(0)} ms;`)
    console.log(`        ${waits.length} app:info requests meanwhile, the longest waited ${Math.max(...waits).toFixed(0)} ms`)
  } finally {
    server.child.kill('SIGTERM')
  }
}

const dir = await mkdtemp(join(tmpdir(), 'bench-wide-'))
try {
  const wide = wideCsv(COLUMNS, ROWS)
  const path = join(dir, 'wide.csv')
  await writeFile(path, wide.text)
  console.log(`wide file: ${COLUMNS.toLocaleString('en')} columns, ${(wide.text.length / 2 ** 20).toFixed(1)} MB`)
  time(`parse ${COLUMNS.toLocaleString('en')} columns (auto)`, () => parseCurves(wide.text, { fileName: 'wide.csv' }))

  const many = wideCsv(Y_COLUMNS, ROWS)
  time(`parse ${Y_COLUMNS.toLocaleString('en')} columns, every one named as a y column`, () =>
    parseCurves(many.text, { fileName: 'many.csv', yColumns: many.names })
  )
  await measureLag('readCurvesFile, parsed on this thread', path, undefined)
  const worker = builtParseWorker()
  if (worker) await measureLag('readCurvesFile, parsed on the parse worker', path, worker)
  else console.log('parse worker: skipped (no build; run npx electron-vite build)')
  await measureServer(path, join(dir, 'data'))
} finally {
  await rm(dir, { recursive: true, force: true })
}
