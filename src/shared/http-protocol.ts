// The browser mode's HTTP protocol, defined once for the server (src/main/services/http-api.ts) and the
// window's client (src/renderer/src/lib/api.ts): paths, the token's header and parameter, the body's type and
// the status each refusal is sent with.
import type { RequestChannel } from './contract'
import type { ErrorCode } from './schema'

/** The header that carries the token on requests; EventSource cannot set one, so it uses TOKEN_PARAM instead. */
export const TOKEN_HEADER = 'X-Scaling-Studio-Token'
/** The query parameter of the token: in the page's address, and in the event stream's (only there on /api). */
export const TOKEN_PARAM = 'token'
export const API_PREFIX = '/api/'
export const EVENTS_PATH = '/api/events'
/** Requests and replies are JSON (NaN and ±Infinity tagged, see encodeJson). */
export const JSON_TYPE = 'application/json'

/** Where a request channel is served: POST /api/<channel>. */
export const channelPath = (channel: RequestChannel): string => `${API_PREFIX}${channel}`

/** The event stream's address with the token. */
export const eventsUrl = (token: string): string => `${EVENTS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`

/**
 * The status of a request refused before or instead of its handler, by the error's code. A handler's own
 * failure is a Result sent with 200, except a payload the channel refuses (400).
 */
export const REFUSAL_STATUS: { readonly [C in ErrorCode]?: number } = {
  PayloadError: 400,
  BadRequest: 400,
  BadJson: 400,
  BadEncoding: 400,
  TooDeep: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  ServerBusy: 503
}
