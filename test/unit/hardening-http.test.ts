// The browser-mode server against hostile or careless clients: bodies sized to their channel, a bound on the
// requests served at once and on the large bodies held at once, bodies that are not UTF-8, and error messages
// of bounded length. The real server on port 0 with the built worker and window (out/), as http-api.test.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AppServices } from '../../src/main/services/app-services'
import {
  CHANNEL_BODY_LIMITS,
  MAX_CONCURRENT_REQUESTS,
  MAX_ERROR_MESSAGE_CHARS,
  TOKEN_HEADER,
  startBrowserServer
} from '../../src/main/services/http-api'
import type { BrowserServer, BrowserServerOptions } from '../../src/main/services/http-api'
import { MAX_PROJECT_BYTES } from '../../src/main/services/project-store'
import { REQUEST_CHANNELS, encodeJson } from '../../src/shared/contract'
import type { Project } from '../../src/shared/project/types'
import { errorOf, send, start } from './helpers/http-client'
import type { Call, Reply, Sent } from './helpers/http-client'
import { testServices } from './helpers/app-services'
import { root } from './helpers/paths'

const rendererDir = join(root, 'out/renderer')

let dataDir: string
let services: AppServices
let server: BrowserServer

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scaling-studio-hardening-http-'))
  services = testServices(join(dataDir, 'data'), 1)
  server = await startBrowserServer({ services, rendererDir })
})

afterAll(async () => {
  await server?.close()
  await services?.dispose()
  rmSync(dataDir, { recursive: true, force: true })
})

const headersFor = (target: BrowserServer, extra: Record<string, string | number> = {}): Record<string, string | number> => ({
  [TOKEN_HEADER]: target.token,
  'Content-Type': 'application/json',
  ...extra
})

function postTo(target: BrowserServer, channel: string, body: string | Buffer, extra?: Record<string, string | number>): Promise<Reply> {
  return send(target, { method: 'POST', path: `/api/${channel}`, headers: headersFor(target, extra), body })
}

/** A request whose headers and first bytes are sent but whose body is not finished: it stays in flight. */
function hold(target: BrowserServer, channel: string, length: number): Sent {
  const call: Call = { method: 'POST', path: `/api/${channel}`, headers: headersFor(target, { 'Content-Length': length }), body: ' ' }
  return start(target.port, call, true)
}

/** Finishes a held request with JSON of its declared length. */
function finish(sent: Sent, length: number): void {
  sent.req.end(`${' '.repeat(length - 5)}null`)
}

/** A round trip to the server: everything sent before it on other connections has been read by then. */
async function settle(target: BrowserServer): Promise<void> {
  expect((await postTo(target, 'app:info', '')).status).toBe(200)
}

async function withServer(options: Partial<BrowserServerOptions>, run: (target: BrowserServer) => Promise<void>): Promise<void> {
  const target = await startBrowserServer({ services, rendererDir, ...options })
  try {
    await run(target)
  } finally {
    await target.close()
  }
}

describe('each channel takes a body of the size it needs', () => {
  test('a channel without payload refuses a body of a few KB, naming the channel and its limit', async () => {
    // Valid JSON ("null" after spaces), so only its size is wrong.
    const reply = await postTo(server, 'app:info', `${' '.repeat(10_000)}null`)
    expect(reply.status).toBe(413)
    expect(errorOf(reply)).toEqual({ code: 'PayloadTooLarge', name: 'PayloadTooLarge', message: 'app:info: the body is over the limit of 4 KB for this channel' })
  })

  test('a channel taking a path refuses 100 KB; one taking a project accepts it', async () => {
    const path = join(dataDir, 'x'.repeat(100))
    const open = await postTo(server, 'project:open', encodeJson({ path, pad: 'x'.repeat(100_000) }))
    expect(open.status).toBe(413)
    expect(errorOf(open).message).toBe('project:open: the body is over the limit of 64 KB for this channel')
    const project = (await postTo(server, 'project:new', '').then((r) => r.json as { value: Project })).value
    project.attribution = 'x'.repeat(100_000)
    const saved = await postTo(server, 'project:autosave', encodeJson({ project, originalPath: null }))
    expect(saved.status).toBe(200)
  })

  test('every channel has a limit: a few KB without payload, up to the project limit for those carrying a project', () => {
    expect(Object.keys(CHANNEL_BODY_LIMITS).sort()).toEqual([...REQUEST_CHANNELS].sort())
    for (const channel of ['app:info', 'project:new', 'project:recent', 'project:recovery', 'dialog:openProject'] as const) {
      expect(CHANNEL_BODY_LIMITS[channel]).toBeLessThanOrEqual(4096)
    }
    for (const channel of ['project:save', 'project:autosave', 'fit:run', 'forecast:run', 'report:export'] as const) {
      expect(CHANNEL_BODY_LIMITS[channel]).toBe(MAX_PROJECT_BYTES)
    }
  })

  test('a body declared over the limit is refused before it is read', async () => {
    const held = hold(server, 'app:info', 500 * 2 ** 20)
    const reply = await held.reply
    held.req.destroy()
    expect(reply.status).toBe(413)
    expect(reply.headers.connection).toBe('close')
  })
})

describe('requests served at once are bounded', () => {
  test('past the bound a request is refused with 503 and a message saying why; once they end, requests pass again', async () => {
    await withServer({ maxConcurrentRequests: 3 }, async (target) => {
      const held = [hold(target, 'project:autosave', 100), hold(target, 'project:autosave', 100), hold(target, 'project:autosave', 100)]
      // Once the server has read the three, the next one finds no place (a probe may pass before that).
      let refused: Reply | undefined
      for (let attempt = 0; attempt < 50 && refused === undefined; attempt++) {
        const probe = await postTo(target, 'app:info', '')
        if (probe.status === 503) refused = probe
        else expect(probe.status).toBe(200)
      }
      if (refused === undefined) throw new Error('no request was refused')
      expect(refused.status).toBe(503)
      expect(refused.headers['retry-after']).toBe('1')
      expect(errorOf(refused)).toEqual({
        code: 'ServerBusy',
        name: 'ServerBusy',
        message: 'app:info: refused, the server is busy with 3 requests at once (its limit); try again in a moment'
      })
      for (const sent of held) finish(sent, 100)
      for (const sent of held) expect((await sent.reply).status).toBe(400)
      await settle(target)
    })
  })

  test('the default bound lets the window send a burst at once: fits, previews, autosaves, lists', async () => {
    expect(MAX_CONCURRENT_REQUESTS).toBeGreaterThanOrEqual(16)
    const project = (await postTo(server, 'project:new', '').then((r) => r.json as { value: Project })).value
    const curves = [{ name: 'a', x: [1, 2, 4, 8, 16], y: [1, 0.8, 0.65, 0.55, 0.5] }]
    const options = { forms: ['M1'], breaks: 'auto', crop: 'none', maxBreaks: 0 }
    const burst = [
      postTo(server, 'fit:run', encodeJson({ jobId: 'burst', curves, options })),
      ...Array.from({ length: 4 }, () => postTo(server, 'project:autosave', encodeJson({ project, originalPath: null }))),
      ...Array.from({ length: 8 }, () => postTo(server, 'app:info', '')),
      ...Array.from({ length: 3 }, () => postTo(server, 'project:recent', ''))
    ]
    const replies = await Promise.all(burst)
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200))
  })
})

describe('large bodies held at once are bounded', () => {
  test('a large body that does not fit waits for room; past the waiting bound, 503; small requests never wait', async () => {
    await withServer({ bodyBudgetBytes: 300_000, maxWaitingBodies: 1 }, async (target) => {
      const size = 200_000
      const first = hold(target, 'project:autosave', size)
      await settle(target)
      const second = hold(target, 'project:autosave', size)
      finish(second, size)
      await settle(target)
      // The first holds 200 KB of 300 KB, the second waits for room: a third has no place to wait.
      const third = await postTo(target, 'project:autosave', `${' '.repeat(size - 4)}null`)
      expect(third.status).toBe(503)
      expect(errorOf(third)).toEqual({
        code: 'ServerBusy',
        name: 'ServerBusy',
        message: 'project:autosave: refused, the server is busy with large requests; try again in a moment'
      })
      // Small requests pass the waiting ones.
      await settle(target)
      finish(first, size)
      expect((await first.reply).status).toBe(400)
      expect((await second.reply).status).toBe(400)
    })
  })

  test('a body gives its room back once read: a long fit does not hold up the next large request', async () => {
    await withServer({ bodyBudgetBytes: 300_000, maxWaitingBodies: 1 }, async (target) => {
      // A fit:run of about 200 KB (a BNSL fit of a few seconds), then an autosave of 200 KB: the two do not fit in
      // 300 KB at once, but the fit's body has been read and parsed before it runs.
      const x = Array.from({ length: 6_000 }, (_, i) => i + 1)
      const curve = { name: 'long', x, y: x.map((v) => 2 * v ** -0.3 + 0.1 + 1e-9 * (v % 7)) }
      const options = { forms: ['BNSL'], breaks: 'auto', crop: 'auto', maxBreaks: 3 }
      const body = encodeJson({ jobId: 'giveback', curves: [curve], options })
      expect(body.length).toBeGreaterThan(100_000)
      expect(body.length).toBeLessThan(300_000)
      let fitDone = false
      const fit = postTo(target, 'fit:run', body).then((reply) => ((fitDone = true), reply))
      await settle(target)
      const project = (await postTo(target, 'project:new', '').then((r) => r.json as { value: Project })).value
      const padded = encodeJson({ project, originalPath: null, pad: 'x'.repeat(200_000) })
      const autosave = await postTo(target, 'project:autosave', padded)
      expect(autosave.status).toBe(200)
      expect(fitDone).toBe(false)
      expect((await fit).status).toBe(200)
    })
  })

  test('a body sent in chunks (no Content-Length) may hold at most 64 MB, since it reserves that much while read', async () => {
    const piece = Buffer.alloc(1024 * 1024, 0x20)
    const chunks = [Buffer.from('{"path": "x.json", "project": "'), ...new Array<Buffer>(65).fill(piece), Buffer.from('"}')]
    const reply = await send(server, { method: 'POST', path: '/api/project:save', headers: headersFor(server), chunks })
    expect(reply.status).toBe(413)
    expect(errorOf(reply).message).toBe('project:save: a body sent without Content-Length may be at most 64 MB; declare the length of a larger one')
    await settle(server)
  })

  test('a client that leaves while its body waits gives up its place', async () => {
    await withServer({ bodyBudgetBytes: 300_000, maxWaitingBodies: 1 }, async (target) => {
      const size = 200_000
      const first = hold(target, 'project:autosave', size)
      await settle(target)
      const second = hold(target, 'project:autosave', size)
      second.reply.catch(() => undefined)
      await settle(target)
      second.req.destroy()
      await settle(target)
      // The only place to wait is free again: the third waits there instead of being refused.
      const third = hold(target, 'project:autosave', size)
      finish(third, size)
      await settle(target)
      finish(first, size)
      expect((await first.reply).status).toBe(400)
      expect((await third.reply).status).toBe(400)
    })
  })
})

describe('bodies that are not UTF-8', () => {
  test('are refused with 400 naming the channel, not decoded with replacement characters', async () => {
    // "café" in Latin-1: 0xE9 alone is not UTF-8.
    const body = Buffer.concat([Buffer.from('{"path": "/tmp/caf'), Buffer.from([0xe9]), Buffer.from('.json"}')])
    const reply = await postTo(server, 'project:open', body)
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toEqual({ code: 'BadEncoding', name: 'BadEncoding', message: 'project:open: the body is not UTF-8 text (invalid at byte offset 18)' })
  })

  test('UTF-8 text outside ASCII passes', async () => {
    const reply = await postTo(server, 'project:open', encodeJson({ path: join(dataDir, 'café ✓ 😀.json') }))
    expect(reply.status).toBe(200)
    expect(errorOf(reply).message).toContain('café ✓ 😀.json')
  })
})

describe('error messages have a bounded length', () => {
  test('a long path in a store error is cut, saying how much was left out', async () => {
    const path = `/${'d'.repeat(30_000)}.json`
    const reply = await postTo(server, 'project:open', encodeJson({ path }))
    const { message } = errorOf(reply)
    expect(message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS)
    expect(message).toMatch(/^d+… \(\d+ more characters\)$/)
  })

  test('a long foreign Origin is not echoed whole', async () => {
    const origin = `http://${'o'.repeat(12_000)}.example`
    const reply = await postTo(server, 'app:info', '', { Origin: origin })
    expect(reply.status).toBe(403)
    expect(reply.text.length).toBeLessThan(1000)
    expect(errorOf(reply).message).toMatch(/^refused: requests from "http:\/\/o+…" are not allowed$/)
  })

  test('a long unknown channel name is not echoed whole', async () => {
    const reply = await postTo(server, `x:${'y'.repeat(8000)}`, '')
    expect(reply.status).toBe(404)
    expect(reply.text.length).toBeLessThan(1000)
  })
})
