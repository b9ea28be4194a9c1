// The browser-mode server: the real server on port 0, a temp data folder, the built worker and window (out/).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/content-security-policy'
import type { AppServices } from '../../src/main/services/app-services'
import { EVENTS_PATH, TOKEN_HEADER, startBrowserServer } from '../../src/main/services/http-api'
import type { BrowserServer } from '../../src/main/services/http-api'
import { decodeJson, encodeJson, toError } from '../../src/shared/contract'
import type { ErrorInfo } from '../../src/shared/contract'
import { serializeProject } from '../../src/shared/project/document'
import { hasCode } from '../../src/shared/schema'
import { nestedText, withDeepField } from '../fixtures/deep-json'
import { sampleProject } from '../fixtures/project/sample'
import type { FitJobResult, FitProgressEvent, OpenedProject, SavedProject } from '../../src/shared/contract'
import type { CurveInput } from '../../src/shared/fit-types'
import type { Project } from '../../src/shared/project/types'
import { errorOf, send } from './helpers/http-client'
import type { Reply } from './helpers/http-client'
import { testServices } from './helpers/app-services'
import { root } from './helpers/paths'

const rendererDir = join(root, 'out/renderer')

let dataDir: string
let services: AppServices
let server: BrowserServer

const authorised = (extra: Record<string, string> = {}): Record<string, string> => ({
  [TOKEN_HEADER]: server.token,
  'Content-Type': 'application/json',
  ...extra
})

/** POSTs a request to a channel with the token, as the window does; `text` sends that body as it is. */
function post(channel: string, payload?: unknown, headers?: Record<string, string>, text?: string): Promise<Reply> {
  return send(server, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: headers ?? authorised(),
    body: text ?? (payload === undefined ? '' : encodeJson(payload))
  })
}

/** Unwraps a Result reply, failing the test with the server's message when it is an error. */
async function call<T>(channel: string, payload?: unknown): Promise<T> {
  const reply = await post(channel, payload)
  const result = reply.json as { ok: boolean; value?: T; error?: { message: string } }
  if (!result?.ok) throw new Error(`${channel}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`)
  return result.value as T
}

/** An open event stream that records every event it receives. */
interface Stream {
  events: Array<{ event: string; data: unknown }>
  comments: string[]
  response: IncomingMessage
  close(): void
  /** Resolves when an event matching the test has arrived. */
  until(test: (event: { event: string; data: unknown }) => boolean): Promise<void>
  /** Resolves when this many comment lines of this text have arrived. */
  untilComments(text: string, count: number): Promise<void>
}

function openStream(target: BrowserServer, token = target.token): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, path: `${EVENTS_PATH}?token=${token}`, headers: { Accept: 'text/event-stream' } },
      (response) => {
        const stream: Stream = {
          events: [],
          comments: [],
          response,
          close: () => req.destroy(),
          until: (check) =>
            new Promise((done) => {
              const look = (): void => {
                if (stream.events.some(check)) {
                  response.off('data', look)
                  done()
                }
              }
              response.on('data', look)
              look()
            }),
          untilComments: (text, count) =>
            new Promise((done) => {
              const look = (): void => {
                if (stream.comments.filter((c) => c === text).length >= count) {
                  response.off('data', look)
                  done()
                }
              }
              response.on('data', look)
              look()
            })
        }
        let buffer = ''
        response.setEncoding('utf8')
        response.on('data', (text: string) => {
          buffer += text
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            let event = 'message'
            let data = ''
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) stream.comments.push(line.slice(1).trim())
              else if (line.startsWith('event: ')) event = line.slice(7)
              else if (line.startsWith('data: ')) data += line.slice(6)
            }
            if (data !== '') stream.events.push({ event, data: decodeJson(data) })
          }
        })
        // Listeners above are attached before resolving, so no early event is lost.
        resolve(stream)
      }
    )
    req.on('error', reject)
    req.end()
  })
}

const smallCurves = [
  { name: 'power', x: [10, 20, 40, 80, 160, 320], y: [1, 0.81, 0.66, 0.54, 0.44, 0.35] },
  { name: 'offset', x: [1, 2, 4, 8, 16, 32], y: [2.5, 2.1, 1.8, 1.6, 1.45, 1.35], split: ['fit', 'fit', 'fit', 'fit', 'heldout', 'heldout'] }
]
const fitOptions = { forms: ['M1', 'M2'], breaks: 'auto', crop: 'none', maxBreaks: 0 }

/** The first curves of the example project, as fit:run takes them: enough work for a job to be cancelled. */
async function exampleCurves(count: number): Promise<CurveInput[]> {
  const example = await call<{ project: Project }>('project:example')
  return example.project.curves.slice(0, count).map((c) => ({
    name: c.name,
    x: c.points.map((p) => p.x),
    y: c.points.map((p) => p.y),
    split: c.points.map((p) => p.split)
  }))
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scaling-studio-http-'))
  services = testServices(join(dataDir, 'data'), 2)
  server = await startBrowserServer({ services, rendererDir, heartbeatMs: 100 })
})

afterAll(async () => {
  await server?.close()
  await services?.dispose()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the page', () => {
  test('index.html is served at / without a token, with the window CSP and nosniff', async () => {
    const reply = await send(server, { path: '/' })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.headers['x-frame-options']).toBe('DENY')
    expect(reply.text).toContain('<div id="app"></div>')
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token).toMatch(/^[0-9a-f]{64}$/)
  })

  test('the script the page loads is served as JavaScript', async () => {
    const index = await send(server, { path: '/' })
    const script = /<script[^>]+src="([^"]+)"/.exec(index.text)?.[1]
    expect(script).toBeDefined()
    const reply = await send(server, { path: new URL(script as string, server.origin).pathname })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
  })

  test('a missing file is 404 and POST to a page path is 405', async () => {
    expect((await send(server, { path: '/nothing.js' })).status).toBe(404)
    expect((await send(server, { path: '/', method: 'POST' })).status).toBe(405)
  })

  test.each(['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..\\..\\package.json'])(
    'a path leaving the app folder is refused: %s',
    async (path) => {
      const reply = await send(server, { path })
      expect([403, 404]).toContain(reply.status)
      expect(reply.text).not.toContain('scaling-studio')
    }
  )
})

describe('requests are refused', () => {
  test('without a token: 401 with a Result error', async () => {
    const reply = await post('app:info', undefined, { 'Content-Type': 'application/json' })
    expect(reply.status).toBe(401)
    expect(errorOf(reply).name).toBe('Unauthorized')
  })

  test('with a wrong token, or one of another length: 401', async () => {
    const wrong = server.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    for (const token of [wrong, 'short', `${server.token}0`]) {
      const reply = await post('app:info', undefined, authorised({ [TOKEN_HEADER]: token }))
      expect(reply.status).toBe(401)
      expect(errorOf(reply).message).toMatch(/wrong token/)
    }
  })

  test('with the token in the query of a request (only the event stream may carry it there): 401', async () => {
    const reply = await send(server, {
      method: 'POST',
      path: `/api/app:info?token=${server.token}`,
      headers: { 'Content-Type': 'application/json' }
    })
    expect(reply.status).toBe(401)
  })

  test('with a foreign Host header (DNS rebinding): 403, for the API and the page alike', async () => {
    const api = await post('app:info', undefined, authorised({ Host: `evil.example:${server.port}` }))
    expect(api.status).toBe(403)
    expect(errorOf(api).name).toBe('Forbidden')
    expect((await send(server, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403)
    expect((await send(server, { path: '/', headers: { Host: '127.0.0.1:1' } })).status).toBe(403)
  })

  test('with a foreign Origin: 403; the server own origins pass', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port}.evil.example`, 'null', `https://127.0.0.1:${server.port}`]) {
      const reply = await post('app:info', undefined, authorised({ Origin: origin }))
      expect(reply.status).toBe(403)
    }
    const own = await post('app:info', undefined, authorised({ Origin: `http://localhost:${server.port}`, Host: `localhost:${server.port}` }))
    expect(own.status).toBe(200)
  })

  test('GET on a channel: 405 naming POST', async () => {
    const reply = await send(server, { path: '/api/app:info', headers: authorised() })
    expect(reply.status).toBe(405)
    expect(reply.headers.allow).toBe('POST')
    expect(errorOf(reply).name).toBe('MethodNotAllowed')
  })

  test('an unknown channel: 404', async () => {
    const reply = await post('fs:read', { path: '/etc/passwd' })
    expect(reply.status).toBe(404)
    expect(errorOf(reply).message).toBe('unknown request channel "fs:read"')
    expect((await post('toString')).status).toBe(404)
  })

  test('a body that is not JSON: 400 with a Result error', async () => {
    const reply = await send(server, { method: 'POST', path: '/api/project:open', headers: authorised(), body: '{"path": ' })
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toMatchObject({ name: 'BadJson', message: expect.stringMatching(/^project:open: the body is not JSON/) })
  })

  test('a body that is not declared JSON: 415', async () => {
    const reply = await post('app:info', undefined, authorised({ 'Content-Type': 'text/plain' }))
    expect(reply.status).toBe(415)
  })

  test('a bad payload: 400 with the validator message naming the field', async () => {
    const reply = await post('project:open', { path: '' })
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toEqual({
      code: 'PayloadError',
      name: 'PayloadError',
      message: 'project:open: path must be a non-empty file path without NUL characters, got ""'
    })
    const run = await post('fit:run', { jobId: 'j', curves: smallCurves, options: { ...fitOptions, crop: 'all' } })
    expect(errorOf(run).message).toBe('fit:run: options.crop must be "auto" or "none", got "all"')
  })

  test('a body over the limit: 413, by its declared length or as it streams in', async () => {
    const small = await startBrowserServer({ services, rendererDir, maxBodyBytes: 1024 })
    try {
      const headers = { [TOKEN_HEADER]: small.token, 'Content-Type': 'application/json' }
      const declared = await send(small, {
        method: 'POST',
        path: '/api/project:open',
        headers: { ...headers, 'Content-Length': 2048 },
        body: Buffer.alloc(2048, 0x20)
      })
      expect(declared.status).toBe(413)
      expect(errorOf(declared).name).toBe('PayloadTooLarge')
      const streamed = await send(small, {
        method: 'POST',
        path: '/api/project:open',
        headers,
        chunks: [Buffer.from('{"path": "'), Buffer.alloc(4096, 0x61), Buffer.from('"}')]
      })
      expect(streamed.status).toBe(413)
      const fits = await send(small, { method: 'POST', path: '/api/app:info', headers, body: 'null' })
      expect(fits.status).toBe(200)
    } finally {
      await small.close()
    }
  })

  test('the event stream without its token, or with a wrong one: 401', async () => {
    expect((await send(server, { path: EVENTS_PATH })).status).toBe(401)
    expect((await send(server, { path: `${EVENTS_PATH}?token=nope` })).status).toBe(401)
  })
})

describe('the services over HTTP', () => {
  test('app:info says browser mode', async () => {
    const info = await call<{ mode: string; threads: number; startupProject: null }>('app:info')
    expect(info).toMatchObject({ name: 'Scaling Studio', version: '0.0.0-test', mode: 'browser', threads: 2, startupProject: null })
  })

  test('project:new, project:save and project:open round trip a project through a file', async () => {
    const project = await call<Project>('project:new')
    expect(project.name).toBe('Untitled')
    project.name = 'Round trip'
    project.curves = [
      {
        id: 'c1',
        name: 'power',
        xQuantity: 'parameters',
        xUnit: '',
        yMetric: 'loss',
        tags: ['test'],
        notes: 'é ✓',
        points: smallCurves[0].x.map((x, i) => ({ x, y: smallCurves[0].y[i], split: 'fit' as const })),
        revision: 1
      }
    ]
    const path = join(dataDir, 'round trip.ssproj.json')
    const saved = await call<SavedProject>('project:save', { path, project })
    expect(saved.path).toBe(path)
    expect(Number.isFinite(Date.parse(saved.savedAt))).toBe(true)
    const opened = await call<OpenedProject>('project:open', { path })
    expect(opened).toEqual({ path, project, version: saved.version })
    // Saving against the version opened goes through; the error names travel over HTTP for the window.
    await call<SavedProject>('project:save', { path, project, expectedVersion: opened.version })
    expect(errorOf(await post('project:save', { path, project, overwrite: false }))).toMatchObject({ name: 'FileExists' })
    expect(errorOf(await post('project:save', { path, project, expectedVersion: 'stale' }))).toMatchObject({ name: 'FileChanged' })
    const recent = await call<Array<{ path: string; name: string }>>('project:recent')
    expect(recent[0]).toMatchObject({ path, name: 'Round trip' })
  })

  test('project:open of a file that is not there: the store error, not an HTTP failure', async () => {
    const reply = await post('project:open', { path: join(dataDir, 'missing.json') })
    expect(reply.status).toBe(200)
    expect(errorOf(reply)).toMatchObject({ name: 'ProjectFileError', message: expect.stringContaining('file not found') })
  })

  test('autosave, recovery and discardRecovery', async () => {
    const project = await call<Project>('project:new')
    expect(await call('project:recovery')).toBeNull()
    await call('project:autosave', { originalPath: null, project })
    expect(await call('project:recovery')).toMatchObject({ originalPath: null, project })
    expect(await call('project:discardRecovery')).toBeNull()
    expect(await call('project:recovery')).toBeNull()
  })

  test('project:example holds the 72 benchmark curves and their attribution', async () => {
    const example = await call<{ path: null; project: Project }>('project:example')
    expect(example.path).toBeNull()
    expect(example.project.curves).toHaveLength(72)
    expect(example.project.attribution).toMatch(/Alabdulmohsin.*Apache License 2\.0/)
  })

  test('curves:read reads a file by path; the native dialogs answer NoNativeDialog', async () => {
    const file = join(dataDir, 'two.csv')
    writeFileSync(file, 'curve,x,y,split\na,1,3,fit\na,2,2,fit\nb,1,5,fit\nb,2,4,heldout\n')
    const read = await call<{ fileName: string; curves: Array<{ name: string }> }>('curves:read', { path: file })
    expect(read.fileName).toBe('two.csv')
    expect(read.curves.map((c) => c.name)).toEqual(['a', 'b'])
    for (const channel of ['dialog:openProject', 'dialog:importCurves']) {
      const reply = await post(channel)
      expect(errorOf(reply)).toMatchObject({ name: 'NoNativeDialog', message: expect.stringContaining(channel) })
    }
    const save = await post('dialog:saveProject', { suggestedName: 'x' })
    expect(errorOf(save).name).toBe('NoNativeDialog')
  })

  test('fit:run fits two small curves and its progress arrives over the event stream; NaN survives', async () => {
    const stream = await openStream(server)
    try {
      const result = await call<FitJobResult>('fit:run', { jobId: 'http-fit-1', curves: smallCurves, options: fitOptions })
      expect(result.cancelled).toBe(false)
      expect(result.errors).toEqual([])
      expect(result.results.map((r) => r.curve)).toEqual(['power', 'offset'])
      // 'power' has no held-out points: plain JSON would have made this null.
      expect(result.results[0].fits[0].heldoutRmsle).toBeNaN()
      expect(Number.isFinite(result.results[1].fits[0].heldoutRmsle)).toBe(true)
      await stream.until((e) => e.event === 'fit:progress' && (e.data as FitProgressEvent).done === 4)
      const progress = stream.events.filter((e) => e.event === 'fit:progress').map((e) => e.data as FitProgressEvent)
      expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4])
      expect(progress.every((p) => p.jobId === 'http-fit-1' && p.total === 4)).toBe(true)
      expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    } finally {
      stream.close()
    }
  })

  test('the event stream sends heartbeats', async () => {
    const stream = await openStream(server)
    try {
      await stream.untilComments('heartbeat', 2)
      expect(stream.comments[0]).toBe('connected')
    } finally {
      stream.close()
    }
  })

  test('fit:cancel stops a running job, which answers with what finished, marked cancelled', async () => {
    const curves = await exampleCurves(36)
    const stream = await openStream(server)
    try {
      const run = call<FitJobResult>('fit:run', {
        jobId: 'http-fit-2',
        curves,
        options: { forms: ['BNSL'], breaks: 'auto', crop: 'auto', maxBreaks: 3 }
      })
      await stream.until((e) => e.event === 'fit:progress' && (e.data as FitProgressEvent).jobId === 'http-fit-2')
      expect(await call('fit:cancel', { jobId: 'http-fit-2' })).toBe(true)
      const result = await run
      expect(result.cancelled).toBe(true)
      expect(result.results.length).toBeLessThan(curves.length)
      expect(await call('fit:cancel', { jobId: 'http-fit-2' })).toBe(false)
    } finally {
      stream.close()
    }
  })
})

describe('errors keep their code and fields; deep nesting is bounded', () => {
  test("a ProjectFileError's problem and file name survive the round trip, and the client rebuilds them", async () => {
    const reply = await post('project:open', { path: join(dataDir, 'missing.json') })
    const info = errorOf(reply) as ErrorInfo
    expect(info).toMatchObject({ code: 'ProjectFileError', problem: 'missing', fileName: 'missing.json' })
    const error = toError(info)
    expect(hasCode(error, 'ProjectFileError')).toBe(true)
    expect(error).toMatchObject({ problem: 'missing', fileName: 'missing.json' })
  })

  test('FileExists and FileChanged arrive as codes with the problem "refused" and the file name', async () => {
    const path = join(dataDir, 'codes.ssproj.json')
    const project = await call<Project>('project:new')
    await call<SavedProject>('project:save', { path, project })
    const exists = errorOf(await post('project:save', { path, project, overwrite: false }))
    expect(exists).toMatchObject({ code: 'FileExists', problem: 'refused', fileName: 'codes.ssproj.json' })
    const changed = errorOf(await post('project:save', { path, project, expectedVersion: 'stale' }))
    expect(changed).toMatchObject({ code: 'FileChanged', problem: 'refused', fileName: 'codes.ssproj.json' })
  })

  test('a project file with a field nested 5,000 deep opens over HTTP without it (it failed with "Maximum call stack size exceeded")', async () => {
    const path = join(dataDir, 'deep.ssproj.json')
    writeFileSync(path, withDeepField({ ...sampleProject(), unknownField: '__DEEP__' }))
    const reply = await post('project:open', { path })
    expect(reply.text).not.toContain('Maximum call stack')
    expect(reply.status).toBe(200)
    const opened = (reply.json as { value: OpenedProject }).value
    expect(opened.project).toEqual(sampleProject())
    // Saved back, the file holds the project without the field.
    await call<SavedProject>('project:save', { path, project: opened.project, expectedVersion: opened.version })
    expect(readFileSync(path, 'utf8')).toBe(serializeProject(sampleProject()))
  })

  test('a body nested 5,000 deep: 400 TooDeep naming the path, not a stack overflow', async () => {
    const body = `{"path":"x.json","project":${nestedText(5000)}}`
    const reply = await post('project:save', undefined, undefined, body)
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toMatchObject({
      code: 'TooDeep',
      message: expect.stringMatching(/^project:save: the body is refused: project(\.a)+ nests deeper than 64 levels of arrays and objects, the limit$/)
    })
    // The server still answers.
    expect((await post('app:info')).status).toBe(200)
  })
})

describe('a client that goes away', () => {
  test('closing the connection of a running fit:run cancels the job', async () => {
    const curves = await exampleCurves(36)
    const jobId = 'http-fit-gone'
    const stream = await openStream(server)
    try {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/fit:run', headers: authorised() })
      req.on('error', () => undefined)
      req.end(encodeJson({ jobId, curves, options: { forms: ['BNSL'], breaks: 'auto', crop: 'auto', maxBreaks: 3 } }))
      await stream.until((e) => e.event === 'fit:progress' && (e.data as FitProgressEvent).jobId === jobId)
      req.destroy()
      // The services accept the job id again only once the first job has ended.
      for (;;) {
        const again = await post('fit:run', { jobId, curves: smallCurves, options: fitOptions })
        if ((again.json as { ok: boolean }).ok) break
        expect(errorOf(again).message).toMatch(/already running/)
        await new Promise((done) => setTimeout(done, 50))
      }
      const first = stream.events
        .filter((e) => e.event === 'fit:progress')
        .map((e) => e.data as FitProgressEvent)
        .filter((p) => p.jobId === jobId && p.total === curves.length)
      expect(first.length).toBeGreaterThan(0)
      expect(Math.max(...first.map((p) => p.done))).toBeLessThan(curves.length)
    } finally {
      stream.close()
    }
  })
})

describe('npm run serve (out/main/server.js)', () => {
  test('prints its address on 127.0.0.1, serves the page, refuses a tokenless request and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(root, 'out/main/server.js'), '--port', '0', '--data-dir', join(dataDir, 'serve'), '--threads', '1'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stderr.on('data', (part: Buffer) => (output += part.toString()))
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (part: Buffer) => {
          output += part.toString()
          const found = /Scaling Studio is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})\n/.exec(output)
          if (found) resolve(found[1])
        })
        child.on('exit', () => reject(new Error(`the server stopped: ${output}`)))
      })
      const { port, searchParams } = new URL(url)
      const target = { port: Number(port), token: searchParams.get('token') } as BrowserServer
      expect((await send(target, { path: '/' })).status).toBe(200)
      expect((await send(target, { method: 'POST', path: '/api/app:info', headers: { 'Content-Type': 'application/json' } })).status).toBe(401)
      const info = await send(target, {
        method: 'POST',
        path: '/api/app:info',
        headers: { [TOKEN_HEADER]: target.token, 'Content-Type': 'application/json' }
      })
      expect(info.json).toMatchObject({ ok: true, value: { mode: 'browser', threads: 1 } })
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })

  test('a bad option exits 2 with a usage message', async () => {
    const child = spawn(process.execPath, [join(root, 'out/main/server.js'), '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let errors = ''
    child.stderr.on('data', (part: Buffer) => (errors += part.toString()))
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))
    expect(code).toBe(2)
    expect(errors).toContain('--port must be a whole number from 0 to 65535, got "eighty"')
  })
})
