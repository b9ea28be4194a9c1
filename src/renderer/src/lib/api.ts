// The window's one way to reach the services. In the desktop app that is window.api, built by the preload over
// IPC, whose Results are unwrapped here; in the browser mode it is the same Api built here over HTTP: POST
// /api/<channel> answered with a Result, events from one EventSource on /api/events. The token comes from the
// page's address (?token=...). Either way a failure arrives as a ServiceError with its code and fields.
import { EVENT_CHANNELS, apiFromResults, buildApi, decodeJson, encodeJson, isResult, unwrap } from '../../../shared/contract'
import type { Api, EventChannel, RequestChannel } from '../../../shared/contract'
import { JSON_TYPE, TOKEN_HEADER, TOKEN_PARAM, channelPath, eventsUrl } from '../../../shared/http-protocol'

/** How long a request waits for a connecting event stream, so that early progress events are not missed. */
const STREAM_WAIT_MS = 3000

type Listener = (payload: unknown) => void

/** Events of the browser mode: one EventSource, opened with the first listener, closed after the last. */
class EventStream {
  readonly #token: string
  readonly #listeners = new Map<EventChannel, Set<Listener>>()
  #source: EventSource | null = null
  #opened: Promise<void> = Promise.resolve()

  constructor(token: string) {
    this.#token = token
  }

  subscribe(channel: EventChannel, listener: Listener): () => void {
    let set = this.#listeners.get(channel)
    if (!set) this.#listeners.set(channel, (set = new Set()))
    set.add(listener)
    this.#connect()
    return () => {
      set.delete(listener)
      if ([...this.#listeners.values()].every((s) => s.size === 0)) this.#disconnect()
    }
  }

  /** Resolves once the stream is open (or has failed, or after a few seconds); at once when there is none. */
  ready(): Promise<void> {
    return this.#opened
  }

  #connect(): void {
    if (this.#source) return
    const source = new EventSource(eventsUrl(this.#token))
    this.#source = source
    this.#opened = new Promise((resolve) => {
      const timer = setTimeout(resolve, STREAM_WAIT_MS)
      const done = (): void => {
        clearTimeout(timer)
        resolve()
      }
      source.addEventListener('open', done, { once: true })
      source.addEventListener('error', done, { once: true })
    })
    for (const channel of EVENT_CHANNELS) {
      source.addEventListener(channel, (event) => this.#deliver(channel, event as MessageEvent<string>))
    }
  }

  #disconnect(): void {
    this.#source?.close()
    this.#source = null
    this.#opened = Promise.resolve()
  }

  #deliver(channel: EventChannel, event: MessageEvent<string>): void {
    let payload: unknown
    try {
      payload = decodeJson(event.data)
    } catch {
      console.error(`[${channel}] the server sent an event that is not JSON`)
      return
    }
    for (const listener of this.#listeners.get(channel) ?? []) listener(payload)
  }
}

/** The Api over HTTP, for a page served by the browser-mode server. */
function createHttpApi(token: string): Api {
  const events = new EventStream(token)

  async function invoke(channel: RequestChannel, payload: unknown): Promise<unknown> {
    await events.ready()
    let response: Response
    try {
      response = await fetch(channelPath(channel), {
        method: 'POST',
        headers: { 'Content-Type': JSON_TYPE, [TOKEN_HEADER]: token },
        body: encodeJson(payload ?? null),
        cache: 'no-store',
        credentials: 'omit'
      })
    } catch (error) {
      throw new Error(`${channel}: the app's server cannot be reached (${error instanceof Error ? error.message : String(error)})`)
    }
    let reply: unknown
    try {
      reply = decodeJson(await response.text())
    } catch {
      reply = undefined
    }
    if (!isResult(reply)) throw new Error(`${channel}: the app's server sent a malformed reply (HTTP ${response.status})`)
    return unwrap(reply)
  }

  return buildApi(invoke, (channel, listener) => events.subscribe(channel, listener))
}

/** True when the page runs in a browser against the local server: no native dialogs, no native menu. */
export const isBrowserMode: boolean = window.api === undefined

export const api: Api = window.api
  ? apiFromResults(window.api)
  : createHttpApi(new URLSearchParams(window.location.search).get(TOKEN_PARAM) ?? '')
