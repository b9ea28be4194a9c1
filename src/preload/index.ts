// Builds window.api from the contract. Runs sandboxed: only contextBridge and ipcRenderer, never exposed raw.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { buildApi } from '../shared/contract'
import type { EventChannel, RequestChannel, ResultApi } from '../shared/contract'

/**
 * Invokes a request and resolves to its Result as the services sent it. The window unwraps it (apiFromResults):
 * an Error thrown here would reach the window with its message only, its code and fields lost on the bridge.
 */
function invoke(channel: RequestChannel, payload: unknown): Promise<unknown> {
  return payload === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, payload)
}

function subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void {
  // The wrapper keeps the IPC event (and its sender) out of the page.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

// The same methods as the Api, each resolving to a Result rather than to its value.
contextBridge.exposeInMainWorld('api', buildApi(invoke, subscribe) as unknown as ResultApi)
