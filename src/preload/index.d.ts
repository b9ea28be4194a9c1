// window.api as the preload exposes it in the desktop app. The window uses it only through
// src/renderer/src/lib/api.ts, which builds the same Api over HTTP when it is absent (the browser mode).
import type { Api } from '../shared/contract'

declare global {
  interface Window {
    api?: Api
  }
}

export {}
