// Serves the contract over Electron IPC: every request is checked (sender, payload) and answered with a Result
// by the shared handler table (handlers.ts); this file adds only what is Electron's: senders and dialogs.
import { basename, join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain } from 'electron'
import type { OpenDialogOptions, SaveDialogOptions, WebContents, WebFrameMain } from 'electron'
import { PayloadError, REQUEST_CHANNELS, fail } from '../shared/contract'
import type { EventChannel, EventMap, RequestChannel, Result } from '../shared/contract'
import { dispatch } from './handlers'
import type { FileDialogs, RequestContext, RequestHandlers } from './handlers'

/** A request's client in the desktop app: the window (web contents) that sent it. */
export interface IpcContext extends RequestContext {
  sender: WebContents
}

/** Decides whether a frame may call the services: only the app's own page, never a frame it embeds. */
export type SenderCheck = (frame: WebFrameMain) => boolean

/** Project files are JSON; the open dialog shows *.json, the save dialog proposes <name>.ssproj.json. */
const PROJECT_EXTENSION = 'json'
const PROJECT_SUFFIX = '.ssproj.json'

/** Sends one event to a window, unless the window has gone. */
export function sendEvent<E extends EventChannel>(contents: WebContents, channel: E, payload: EventMap[E]): void {
  if (!contents.isDestroyed()) contents.send(channel, payload)
}

function contextOf(sender: WebContents): IpcContext {
  return {
    sender,
    send: (channel, payload) => sendEvent(sender, channel, payload),
    onGone: (fn) => {
      sender.once('destroyed', fn)
      return () => {
        if (!sender.isDestroyed()) sender.off('destroyed', fn)
      }
    }
  }
}

/** Registers one request channel; the handler table validates the payload and answers with a Result. */
function handle<C extends RequestChannel>(
  channel: C,
  handlers: RequestHandlers<IpcContext>,
  isTrusted: SenderCheck
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null || !isTrusted(frame)) {
      console.warn(`[${channel}] refused a request from ${frame?.url ?? 'a frame that has gone'}`)
      return fail(new Error(`${channel}: refused, the request did not come from the app's window`))
    }
    if (args.length > 1) return fail(new PayloadError(`${channel}: takes at most one payload, got ${args.length}`))
    return dispatch(handlers, channel, args[0], contextOf(event.sender))
  })
}

/** Registers every request channel; returns a function that removes them again. */
export function registerIpc(handlers: RequestHandlers<IpcContext>, isTrusted: SenderCheck): () => void {
  for (const channel of REQUEST_CHANNELS) handle(channel, handlers, isTrusted)
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel)
  }
}

async function showOpen(context: IpcContext, options: OpenDialogOptions): Promise<string | null> {
  const window = BrowserWindow.fromWebContents(context.sender)
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return picked.canceled ? null : (picked.filePaths[0] ?? null)
}

async function showSave(context: IpcContext, options: SaveDialogOptions): Promise<string | null> {
  const window = BrowserWindow.fromWebContents(context.sender)
  const picked = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return picked.canceled || !picked.filePath ? null : picked.filePath
}

/** A file name safe to propose: no folders, no characters file systems refuse, the project extension. */
function suggestedFileName(name: string): string {
  const base = name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim() || 'Untitled'
  return base.toLowerCase().endsWith(`.${PROJECT_EXTENSION}`) ? base : `${base}${PROJECT_SUFFIX}`
}

const PROJECT_FILTERS = [
  { name: 'Scaling Studio projects', extensions: [PROJECT_EXTENSION] },
  { name: 'All files', extensions: ['*'] }
]

/** The native open and save dialogs, parented to the window that asked. */
export const electronDialogs: FileDialogs<IpcContext> = {
  openProject: (context) =>
    showOpen(context, { title: 'Open project', buttonLabel: 'Open', properties: ['openFile'], filters: PROJECT_FILTERS }),
  saveProject: (context, suggestedName) =>
    showSave(context, {
      title: 'Save project',
      buttonLabel: 'Save',
      defaultPath: join(app.getPath('documents'), suggestedFileName(suggestedName)),
      filters: PROJECT_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation']
    }),
  exportTarget: (context, { suggestedName, target }) =>
    target === 'folder'
      ? showOpen(context, { title: 'Export one figure per curve into', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] })
      : showSave(context, {
          title: 'Export',
          buttonLabel: 'Export',
          defaultPath: join(app.getPath('documents'), basename(suggestedName)),
          properties: ['createDirectory', 'showOverwriteConfirmation']
        }),
  importCurves: (context) =>
    showOpen(context, {
      title: 'Import curves',
      buttonLabel: 'Import',
      properties: ['openFile'],
      filters: [
        { name: 'Curve tables', extensions: ['csv', 'tsv', 'txt'] },
        { name: 'All files', extensions: ['*'] }
      ]
    })
}
