// window.api as the preload exposes it in the desktop app: each request resolves to its Result. The window uses
// it only through src/renderer/src/lib/api.ts, which unwraps those Results (apiFromResults), or builds the same
// Api over HTTP when it is absent (the browser mode).
import type { ResultApi } from '../shared/contract'

declare global {
  interface Window {
    api?: ResultApi
  }
}

export {}
