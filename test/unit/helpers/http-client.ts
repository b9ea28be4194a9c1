// A plain HTTP client for the browser-mode server's tests: one request, the whole reply, the body decoded as the
// window decodes it.
import { request } from 'node:http'
import type { ClientRequest, IncomingHttpHeaders } from 'node:http'
import { decodeJson } from '../../../src/shared/contract'

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  text: string
  /** The body decoded as the client does (NaN kept), or undefined when it is not JSON. */
  json: unknown
}

export interface Call {
  method?: string
  path: string
  headers?: Record<string, string | number>
  body?: string | Buffer
  /** Write the body in pieces (no Content-Length: chunked). */
  chunks?: Buffer[]
}

/** A request sent (all of it, unless `held`), and its reply once it comes. */
export interface Sent {
  req: ClientRequest
  reply: Promise<Reply>
}

/** Sends a request; with held, the body is written but the request is left open for the caller to end. */
export function start(port: number, call: Call, held = false): Sent {
  let req: ClientRequest | undefined
  const reply = new Promise<Reply>((resolve, reject) => {
    req = request({ host: '127.0.0.1', port, method: call.method ?? 'GET', path: call.path, headers: call.headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8')
        let json: unknown
        try {
          json = decodeJson(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    if (call.chunks) {
      for (const chunk of call.chunks) req.write(chunk)
      if (!held) req.end()
    } else if (held) {
      if (call.body !== undefined) req.write(call.body)
      req.flushHeaders()
    } else req.end(call.body)
  })
  return { req: req as ClientRequest, reply }
}

export function send(target: { port: number }, call: Call): Promise<Reply> {
  return start(target.port, call).reply
}

/** The error of a Result reply. */
export function errorOf(reply: Reply): { name: string; message: string } {
  const result = reply.json as { ok: boolean; error?: { name: string; message: string } }
  if (result?.ok !== false || result.error === undefined) throw new Error(`expected an error reply, got HTTP ${reply.status} ${reply.text.slice(0, 300)}`)
  return result.error
}
