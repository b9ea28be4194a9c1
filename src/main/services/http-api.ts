// The browser mode's transport: an HTTP server on 127.0.0.1 that serves the built window (out/renderer) and the
// contract (POST /api/<channel>, events as Server-Sent Events at /api/events) through the same handler table
// as Electron IPC. Every /api request needs the per-run token; a foreign Host or Origin is refused. No Electron.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { JsonNestingError, decodeJson, encodeJson, fail, isRequestChannel } from '../../shared/contract'
import type { EventChannel, EventMap, RequestChannel, Result } from '../../shared/contract'
import { API_PREFIX, EVENTS_PATH, JSON_TYPE, REFUSAL_STATUS, TOKEN_HEADER, TOKEN_PARAM } from '../../shared/http-protocol'
import type { ErrorCode } from '../../shared/schema'
import { MIME_TYPES } from '../app-protocol'
import { CONTENT_SECURITY_POLICY } from '../content-security-policy'
import { createHandlers, dispatch, MAX_ERROR_MESSAGE_CHARS, noNativeDialogs, withBoundedMessage } from '../handlers'
import type { RequestContext, RequestHandlers } from '../handlers'
import type { AppServices } from './app-services'
import { MAX_PROJECT_BYTES } from './project-store'

export { EVENTS_PATH, TOKEN_HEADER }
const HOST = '127.0.0.1'

export { MAX_ERROR_MESSAGE_CHARS }

const NO_PAYLOAD_BYTES = 4 * 1024
const SMALL_PAYLOAD_BYTES = 64 * 1024

/**
 * The largest body each channel takes, by what it carries: nothing (`null`), a path with options, or a project
 * or its curves (as large as a project file may be). The compiler insists on every channel.
 */
export const CHANNEL_BODY_LIMITS: { readonly [C in RequestChannel]: number } = {
  'app:info': NO_PAYLOAD_BYTES,
  'project:new': NO_PAYLOAD_BYTES,
  'project:example': NO_PAYLOAD_BYTES,
  'project:open': SMALL_PAYLOAD_BYTES,
  'project:save': MAX_PROJECT_BYTES,
  'project:recent': NO_PAYLOAD_BYTES,
  'project:autosave': MAX_PROJECT_BYTES,
  'project:recovery': NO_PAYLOAD_BYTES,
  'project:discardRecovery': NO_PAYLOAD_BYTES,
  'dialog:openProject': NO_PAYLOAD_BYTES,
  'dialog:saveProject': SMALL_PAYLOAD_BYTES,
  'dialog:importCurves': NO_PAYLOAD_BYTES,
  'dialog:exportTarget': SMALL_PAYLOAD_BYTES,
  'curves:read': SMALL_PAYLOAD_BYTES,
  'fit:run': MAX_PROJECT_BYTES,
  'fit:cancel': SMALL_PAYLOAD_BYTES,
  'forecast:run': MAX_PROJECT_BYTES,
  'figure:preview': MAX_PROJECT_BYTES,
  'figure:export': MAX_PROJECT_BYTES,
  'report:export': MAX_PROJECT_BYTES
}

/**
 * Requests served at once (the event stream aside); more are refused with 503. The window sends a handful
 * together (a fit, a forecast, a preview, an autosave, app:info), and a fit stays open while it runs.
 */
export const MAX_CONCURRENT_REQUESTS = 32
/**
 * Bytes of large bodies (over SMALL_PAYLOAD_BYTES) held at once: one project of the largest size, or several
 * smaller ones. A body that does not fit waits its turn rather than failing (a save and an autosave of a large
 * project often overlap); its bytes stay unread in the socket meanwhile, so waiting costs no memory.
 */
export const BODY_BUDGET_BYTES = MAX_PROJECT_BYTES
/** Most a body of undeclared length (chunked) may hold: it reserves this much of the budget while it is read. */
export const MAX_CHUNKED_BODY_BYTES = 64 * 1024 * 1024
/** Large requests that may wait for room; past that the server is too busy, and says so with 503. */
export const MAX_WAITING_BODIES = 8
/** Quoted request values (an Origin, a channel name) are cut to this many characters. */
const MAX_QUOTED_CHARS = 100
const DEFAULT_HEARTBEAT_MS = 15_000

/** Sent with every response: no sniffing, no referrer (the page URL holds the token), no cross-origin use. */
const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

const HTML_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store'
}

/** A request refused before any handler runs; becomes a Result error with its code, sent with the code's status. */
class HttpError extends Error {
  readonly status: number
  constructor(
    override readonly name: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.status = REFUSAL_STATUS[name] ?? 500
  }
}

export interface BrowserServerOptions {
  services: AppServices
  /** The built renderer (out/renderer), served as static files. */
  rendererDir: string
  /** 0 (default): any free port. */
  port?: number
  /** Default: 32 random bytes, hex. */
  token?: string
  /** A cap on every channel's body limit (CHANNEL_BODY_LIMITS). */
  maxBodyBytes?: number
  /** Default MAX_CONCURRENT_REQUESTS. */
  maxConcurrentRequests?: number
  /** Default BODY_BUDGET_BYTES. */
  bodyBudgetBytes?: number
  /** Default MAX_WAITING_BODIES. */
  maxWaitingBodies?: number
  /** How often the event stream sends a comment line to keep it open. */
  heartbeatMs?: number
}

export interface BrowserServer {
  /** The page to open, token included: http://127.0.0.1:PORT/?token=TOKEN */
  url: string
  origin: string
  port: number
  token: string
  /** Sends an event to every open event stream. */
  broadcast<E extends EventChannel>(channel: E, payload: EventMap[E]): void
  /** Stops listening and ends every open connection, event streams included. */
  close(): Promise<void>
}

/** Starts the browser-mode server on 127.0.0.1. Rejects when the port is taken or the renderer is not built. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(32).toString('hex')
  const rendererDir = await realpath(resolve(options.rendererDir)).catch(() => {
    throw new Error(`no built window at ${options.rendererDir}: run npm run build`)
  })
  const index = await stat(join(rendererDir, 'index.html')).catch(() => null)
  if (!index?.isFile()) throw new Error(`no index.html in ${rendererDir}: run npm run build`)

  const streams = new EventStreams(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)
  const handlers = createHandlers(options.services, noNativeDialogs)
  const api = new HttpApi({
    handlers,
    streams,
    rendererDir,
    token,
    maxBodyBytes: options.maxBodyBytes ?? MAX_PROJECT_BYTES,
    maxConcurrent: options.maxConcurrentRequests ?? MAX_CONCURRENT_REQUESTS,
    budget: new BodyBudget(options.bodyBudgetBytes ?? BODY_BUDGET_BYTES, options.maxWaitingBodies ?? MAX_WAITING_BODIES)
  })
  const server = createServer((req, res) => api.handle(req, res))
  const port = await listen(server, options.port ?? 0)
  api.allow(port)
  const origin = `http://${HOST}:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    broadcast: (channel, payload) => streams.send(channel, payload),
    close: async () => {
      streams.close()
      const closed = new Promise<void>((done) => server.close(() => done()))
      server.closeAllConnections()
      await closed
    }
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolvePort((server.address() as AddressInfo).port)
    })
  })
}

/** The open Server-Sent Event streams; every event goes to all of them (one user, one token per run). */
class EventStreams {
  readonly #clients = new Set<ServerResponse>()
  readonly #heartbeat: ReturnType<typeof setInterval>

  constructor(heartbeatMs: number) {
    this.#heartbeat = setInterval(() => this.#write(': heartbeat\n\n'), heartbeatMs)
    this.#heartbeat.unref()
  }

  open(res: ServerResponse): void {
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive'
    })
    // Tells EventSource how soon to reconnect after a dropped connection; the comment flushes the headers.
    res.write('retry: 2000\n: connected\n\n')
    this.#clients.add(res)
    res.on('close', () => this.#clients.delete(res))
  }

  send<E extends EventChannel>(channel: E, payload: EventMap[E]): void {
    // encodeJson never emits a raw newline, so one data line holds the whole payload.
    this.#write(`event: ${channel}\ndata: ${encodeJson(payload)}\n\n`)
  }

  close(): void {
    clearInterval(this.#heartbeat)
    for (const res of this.#clients) res.end()
    this.#clients.clear()
  }

  #write(text: string): void {
    for (const res of this.#clients) if (!res.writableEnded) res.write(text)
  }
}

/**
 * The bytes of large bodies held at once. A body that does not fit waits, first come first served, until earlier
 * ones are done; past maxWaiting waiting bodies, or when its client leaves, it is refused.
 */
class BodyBudget {
  #free: number
  readonly #waiting: Array<{ bytes: number; grant: () => void }> = []

  constructor(
    readonly total: number,
    readonly maxWaiting: number
  ) {
    this.#free = total
  }

  /** Resolves with the function that gives the bytes back (call it once). */
  async take(bytes: number, channel: string, res: ServerResponse): Promise<() => void> {
    const want = Math.min(bytes, this.total)
    if (this.#waiting.length > 0 || want > this.#free) {
      if (this.#waiting.length >= this.maxWaiting) {
        throw busy(`${channel}: refused, the server is busy with large requests; try again in a moment`)
      }
      await new Promise<void>((granted, gone) => {
        const waiter = { bytes: want, grant: granted }
        this.#waiting.push(waiter)
        // A client that leaves while waiting gives up its place; once granted, its request's end gives the bytes back.
        res.once('close', () => {
          const at = this.#waiting.indexOf(waiter)
          if (at < 0) return
          this.#waiting.splice(at, 1)
          gone(new ClientGone())
          this.#grant()
        })
      })
    } else this.#free -= want
    let given = false
    return () => {
      if (given) return
      given = true
      this.#free += want
      this.#grant()
    }
  }

  #grant(): void {
    while (this.#waiting.length > 0 && this.#waiting[0].bytes <= this.#free) {
      const next = this.#waiting.shift() as { bytes: number; grant: () => void }
      this.#free -= next.bytes
      next.grant()
    }
  }
}

/** The client closed its connection before the answer: nobody to answer, nothing to log. */
class ClientGone extends Error {
  override name = 'ClientGone'
}

function busy(message: string): HttpError {
  return new HttpError('ServerBusy', message, { 'Retry-After': '1' })
}

interface HttpApiOptions {
  handlers: RequestHandlers
  streams: EventStreams
  rendererDir: string
  token: string
  maxBodyBytes: number
  maxConcurrent: number
  budget: BodyBudget
}

/** Routes one request: checks Host, Origin and token, then serves a static file, the event stream or a channel. */
class HttpApi {
  readonly #options: HttpApiOptions
  readonly #token: Buffer
  #hosts = new Set<string>()
  #origins = new Set<string>()
  /** API requests being served now. */
  #inFlight = 0

  constructor(options: HttpApiOptions) {
    this.#options = options
    this.#token = Buffer.from(options.token, 'utf8')
  }

  /** The port is known only once listening; until then every request is refused. */
  allow(port: number): void {
    this.#hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
    this.#origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#route(req, res).catch((error: unknown) => {
      if (error instanceof ClientGone || res.destroyed) {
        res.destroy()
        return
      }
      if (!(error instanceof HttpError)) console.error('[http]', error)
      const refusal =
        error instanceof HttpError ? error : new HttpError('Error', error instanceof Error ? error.message : String(error))
      sendRefusal(req, res, refusal)
    })
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
    const host = req.headers.host?.toLowerCase()
    if (host === undefined || !this.#hosts.has(host)) {
      throw new HttpError('Forbidden', `refused: the Host header must be one of ${[...this.#hosts].join(', ')}`)
    }
    const origin = req.headers.origin
    if (origin !== undefined && !this.#origins.has(origin)) {
      throw new HttpError('Forbidden', `refused: requests from ${quote(origin)} are not allowed`)
    }
    if (!req.url?.startsWith('/')) throw new HttpError('BadRequest', 'the request target must be a path')
    const url = new URL(`http://${host}${req.url}`)
    if (url.pathname === '/api' || url.pathname.startsWith(API_PREFIX)) return this.#api(req, res, url)
    return this.#static(req, res, url.pathname)
  }

  async #api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const isEvents = url.pathname === EVENTS_PATH
    // EventSource cannot set headers, so only the event stream may carry the token in its URL.
    const given = req.headers[TOKEN_HEADER.toLowerCase()] ?? (isEvents ? url.searchParams.get(TOKEN_PARAM) : undefined)
    if (typeof given !== 'string' || given === '') {
      throw new HttpError('Unauthorized', `refused: no token; open the address the server printed, with its ?token=`)
    }
    if (!this.#isToken(given)) {
      throw new HttpError('Unauthorized', 'refused: wrong token; open the address the server printed at start')
    }
    if (isEvents) {
      if (req.method !== 'GET') throw methodNotAllowed('GET')
      this.#options.streams.open(res)
      return
    }
    if (req.method !== 'POST') throw methodNotAllowed('POST')
    const channel = decodePath(url.pathname.slice(API_PREFIX.length))
    if (!isRequestChannel(channel)) throw new HttpError('NotFound', `unknown request channel ${quote(channel)}`)
    const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase()
    if (type !== JSON_TYPE) {
      throw new HttpError('UnsupportedMediaType', `${channel}: the body must be ${JSON_TYPE}`)
    }
    const declared = declaredLength(req)
    // A body sent in chunks holds room for the most it may grow to, so it may grow less far (the window's fetch
    // always declares the length; only other clients send chunks).
    const channelLimit = Math.min(CHANNEL_BODY_LIMITS[channel], this.#options.maxBodyBytes)
    const limit = declared === null ? Math.min(channelLimit, MAX_CHUNKED_BODY_BYTES) : channelLimit
    if (declared !== null && declared > limit) throw tooLarge(channel, limit)
    const { maxConcurrent, budget } = this.#options
    if (this.#inFlight >= maxConcurrent) {
      throw busy(`${channel}: refused, the server is busy with ${maxConcurrent} requests at once (its limit); try again in a moment`)
    }
    this.#inFlight++
    let giveBack = (): void => undefined
    try {
      // A body of unknown length holds room for the most it may grow to.
      if (limit > SMALL_PAYLOAD_BYTES) giveBack = await budget.take(declared ?? limit, channel, res)
      // Two steps, so the bytes are garbage while the text is parsed.
      const text = decodeText(await readBody(req, limit, channel, declared), channel)
      const payload = parseBody(text, channel)
      // The room is for reading bodies: a fit or a save may run for minutes, and must not keep the next large
      // request (an autosave) waiting that long.
      giveBack()
      giveBack = (): void => undefined
      const result = await dispatch(this.#options.handlers, channel, payload, contextOf(res, this.#options.streams))
      const status = !result.ok && result.error.code === 'PayloadError' ? 400 : 200
      sendResult(res, status, result)
    } finally {
      giveBack()
      this.#inFlight--
    }
  }

  async #static(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('GET, HEAD')
    const relative = decodePath(pathname === '/' ? '/index.html' : pathname)
    const root = this.#options.rendererDir
    const file = resolve(root, `.${relative}`)
    if (relative.includes('\0') || relative.includes('\\') || !file.startsWith(root + sep)) {
      throw new HttpError('Forbidden', 'refused: the path leaves the app folder')
    }
    // A link inside the folder must not lead out of it either.
    const real = await realpath(file).catch(() => null)
    const info = real === null ? null : await stat(real).catch(() => null)
    if (real === null || info === null || !info.isFile()) throw new HttpError('NotFound', `no file ${pathname}`)
    if (!real.startsWith(root + sep)) throw new HttpError('Forbidden', 'refused: the path leaves the app folder')
    const type = MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream'
    res.writeHead(200, {
      ...COMMON_HEADERS,
      ...(type.startsWith('text/html') ? HTML_HEADERS : {}),
      'Content-Type': type,
      'Content-Length': String(info.size)
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const stream = createReadStream(real)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  }

  #isToken(given: string): boolean {
    const bytes = Buffer.from(given, 'utf8')
    return bytes.length === this.#token.length && timingSafeEqual(bytes, this.#token)
  }
}

/** The client of one HTTP request: events go to every event stream; the request's close means it has gone. */
function contextOf(res: ServerResponse, streams: EventStreams): RequestContext {
  return {
    send: (channel, payload) => streams.send(channel, payload),
    onGone: (fn) => {
      const onClose = (): void => {
        if (!res.writableEnded) fn()
      }
      res.once('close', onClose)
      return () => res.off('close', onClose)
    }
  }
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError('MethodNotAllowed', `only ${allow} is allowed here`, { Allow: allow })
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    throw new HttpError('BadRequest', 'the path is not valid percent-encoding')
  }
}

/** The value within a quoted text: cut to MAX_QUOTED_CHARS, so a long header or path is not sent back whole. */
function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text)
}

function formatLimit(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`
}

function tooLarge(channel: string, limit: number, chunked = false): HttpError {
  const message = chunked
    ? `${channel}: a body sent without Content-Length may be at most ${formatLimit(limit)}; declare the length of a larger one`
    : `${channel}: the body is over the limit of ${formatLimit(limit)} for this channel`
  return new HttpError('PayloadTooLarge', message, { Connection: 'close' })
}

/** The Content-Length the client declared, or null when it sends the body in chunks. */
function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length']
  // Node's parser has already refused a malformed length.
  return header === undefined ? null : Number(header)
}

/**
 * Reads the whole body, refusing one larger than the limit as it comes. A declared length (already checked
 * against the limit) is read straight into one buffer, so a body is held once, never as pieces plus a copy.
 */
function readBody(req: IncomingMessage, limit: number, channel: string, declared: number | null): Promise<Uint8Array> {
  return new Promise((resolveBody, reject) => {
    let whole: Buffer | null = declared === null ? null : Buffer.allocUnsafe(declared)
    let chunks: Buffer[] = []
    let size = 0
    // The listeners go once the body is settled, so that nothing the request holds keeps its bytes alive.
    const settle = (error: Error | null): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onGone)
      req.off('error', onGone)
      if (error) reject(error)
      else resolveBody(whole ? whole.subarray(0, size) : Buffer.concat(chunks, size))
      whole = null
      chunks = []
    }
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        req.pause()
        settle(tooLarge(channel, limit, declared === null && limit === MAX_CHUNKED_BODY_BYTES))
        return
      }
      if (whole) whole.set(chunk, size)
      else chunks.push(chunk)
      size += chunk.length
    }
    const onEnd = (): void => settle(null)
    // The client left: 'error' (reset) or a 'close' before the end.
    const onGone = (): void => settle(new ClientGone())
    req.on('error', ignore)
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('close', onGone)
    req.once('error', onGone)
  })
}

/** Kept on a request for good: an error after its body was read has nobody to tell and must not crash the server. */
function ignore(): void {}

/** The body as text: strict UTF-8, so bytes that are not are refused, never replaced. */
function decodeText(body: Uint8Array, channel: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch (error) {
    if (error instanceof TypeError) {
      const message = `${channel}: the body is not UTF-8 text (invalid at byte offset ${firstBadUtf8Byte(body)})`
      throw new HttpError('BadEncoding', message)
    }
    // V8 strings stop a few bytes short of 512 MB.
    throw new HttpError('PayloadTooLarge', `${channel}: the body is too large to read as text`)
  }
}

function parseBody(text: string, channel: string): unknown {
  try {
    return text.length === 0 ? undefined : decodeJson(text)
  } catch (error) {
    if (error instanceof JsonNestingError) throw new HttpError('TooDeep', `${channel}: the body is refused: ${error.message}`)
    throw new HttpError('BadJson', `${channel}: the body is not JSON (${(error as Error).message})`)
  }
}

/** Where UTF-8 goes wrong: the offset of the first byte sequence that is not a whole, valid character. */
function firstBadUtf8Byte(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]
    const more = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1
    if (more < 0) return i
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k]
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i
    }
    i += more + 1
  }
  return bytes.length
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>, headers: Record<string, string> = {}): void {
  let body: string
  try {
    body = encodeJson(withBoundedMessage(result))
  } catch (error) {
    // A value too large for one string (V8 caps strings near 512 MB) still gets an answer.
    status = 500
    body = encodeJson(withBoundedMessage(fail(error)))
  }
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': `${JSON_TYPE}; charset=utf-8`,
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(body))
  })
  res.end(body)
}

/** How long a refused request may go on sending the body nobody reads before its connection is cut. */
const REFUSED_BODY_GRACE_MS = 2000

function sendRefusal(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (req.complete) {
    sendResult(res, error.status, fail(error), error.headers)
    return
  }
  // The rest of the body is read and dropped, so the client gets the answer instead of a reset connection,
  // and the connection ends after it; a client that keeps sending is cut off after a grace period.
  sendResult(res, error.status, fail(error), { ...error.headers, Connection: 'close' })
  req.resume()
  setTimeout(() => req.destroy(), REFUSED_BODY_GRACE_MS).unref()
}
