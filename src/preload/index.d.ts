// window.api as the preload exposes it; the renderer's only way to reach the services.
import type { Api } from '../shared/contract'

declare global {
  interface Window {
    api: Api
  }
}

export {}
