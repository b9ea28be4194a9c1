// Measures the browser-mode server's peak memory under large request bodies: two 500 MB bodies sent in parallel
// to a channel that takes no payload (app:info) and to one that takes a project (project:save). Starts the built
// server (npm run build first) in a child process and prints its peak RSS (VmHWM, Linux) and the statuses:
//   npx rolldown scripts/bench-http-memory.ts --platform node --format esm -o out/bench/bench-http-memory.mjs \
//     && node out/bench/bench-http-memory.mjs
// BENCH_SERVER names another built server.js; BENCH_MB the size of each body (default 500), BENCH_PARALLEL how
// many are sent at once (default 2).
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const SERVER = resolve(process.env.BENCH_SERVER ?? 'out/main/server.js')
const MB = Number(process.env.BENCH_MB ?? 500)
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2)
const CHUNK = Buffer.alloc(1 << 20, 0x61)

interface Running {
  pid: number
  port: number
  token: string
  stop(): Promise<void>
}

async function startServer(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--data-dir', dataDir, '--threads', '1'], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<URL>((done, fail) => {
    let out = ''
    child.stdout.on('data', (part: Buffer) => {
      out += part.toString()
      const found = /running at (\S+)/.exec(out)
      if (found) done(new URL(found[1]))
    })
    child.on('exit', () => fail(new Error(`the server stopped: ${out}`)))
  })
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  return {
    pid: child.pid as number,
    port: Number(url.port),
    token: url.searchParams.get('token') as string,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    }
  }
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
async function memoryOf(pid: number): Promise<{ peak: number; now: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024
  return { peak: field('VmHWM'), now: field('VmRSS') }
}

/** POSTs a JSON string body of `mb` MB in 1 MB pieces (the client holds one piece); resolves with the status. */
function postLarge(server: Running, channel: string, mb: number): Promise<string> {
  return new Promise((done) => {
    const length = mb * CHUNK.length
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${channel}`,
        headers: { 'X-Scaling-Studio-Token': server.token, 'Content-Type': 'application/json', 'Content-Length': length }
      },
      (res) => {
        let text = ''
        res.on('data', (part: Buffer) => (text += part.toString().slice(0, 200)))
        res.on('end', () => done(`${res.statusCode} ${text.slice(0, 90)}`))
      }
    )
    req.on('error', (error) => done(`connection ${error.message}`))
    let sent = 0
    const write = (): void => {
      while (sent < mb) {
        const piece = sent === 0 ? Buffer.concat([Buffer.from('"'), CHUNK.subarray(1)]) : sent === mb - 1 ? Buffer.concat([CHUNK.subarray(1), Buffer.from('"')]) : CHUNK
        sent++
        if (sent === mb) {
          req.end(piece)
          return
        }
        if (!req.write(piece)) {
          req.once('drain', write)
          return
        }
      }
    }
    write()
  })
}

const dataDir = await mkdtemp(join(tmpdir(), 'bench-http-memory-'))
try {
  console.log(`server: ${SERVER}; ${PARALLEL} bodies of ${MB} MB in parallel`)
  for (const channel of ['app:info', 'project:save']) {
    const server = await startServer(join(dataDir, channel.replace(':', '-')))
    try {
      const before = await memoryOf(server.pid)
      const started = performance.now()
      const statuses = await Promise.all(Array.from({ length: PARALLEL }, () => postLarge(server, channel, MB)))
      const seconds = (performance.now() - started) / 1000
      const after = await memoryOf(server.pid)
      console.log(
        `${channel.padEnd(13)} peak RSS ${after.peak.toFixed(0)} MB (at start ${before.now.toFixed(0)} MB), ${seconds.toFixed(1)} s`
      )
      for (const status of statuses) console.log(`  -> ${status}`)
    } finally {
      await server.stop()
    }
  }
} finally {
  await rm(dataDir, { recursive: true, force: true })
}
