// Builds window.api from the contract. Runs sandboxed: only contextBridge and ipcRenderer, never exposed raw.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { buildApi, isResult, unwrap } from '../shared/contract'
import type { EventChannel, RequestChannel } from '../shared/contract'

/** Invokes a request and unwraps its Result, rethrowing the services' error with its own name and message. */
async function invoke(channel: RequestChannel, payload: unknown): Promise<unknown> {
  const reply: unknown = await (payload === undefined
    ? ipcRenderer.invoke(channel)
    : ipcRenderer.invoke(channel, payload))
  if (!isResult(reply)) throw new Error(`${channel}: the app sent a malformed reply`)
  return unwrap(reply)
}

function subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void {
  // The wrapper keeps the IPC event (and its sender) out of the page.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

contextBridge.exposeInMainWorld('api', buildApi(invoke, subscribe))
