// Serves the contract over Electron IPC: every request is checked (sender, payload) and answered with a Result.
import { BrowserWindow, dialog, ipcMain } from 'electron'
import type { IpcMainInvokeEvent, OpenDialogOptions, WebContents, WebFrameMain } from 'electron'
import { PayloadError, REQUEST_CHANNELS, fail, ok, validateRequest } from '../shared/contract'
import type { EventChannel, EventMap, RequestChannel, RequestPayload, RequestValue, Result } from '../shared/contract'
import type { AppServices } from './services/app-services'

export type RequestHandler<C extends RequestChannel> = (
  payload: RequestPayload<C>,
  event: IpcMainInvokeEvent
) => RequestValue<C> | Promise<RequestValue<C>>

export type RequestHandlers = { [C in RequestChannel]: RequestHandler<C> }

/** Decides whether a frame may call the services: only the app's own page, never a frame it embeds. */
export type SenderCheck = (frame: WebFrameMain) => boolean

/**
 * Registers one request channel. The handler receives a validated payload; whatever it returns or throws
 * goes back as a Result, so the window sees the services' own error message, not Electron's generic one.
 */
export function handle<C extends RequestChannel>(channel: C, fn: RequestHandler<C>, isTrusted: SenderCheck): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<RequestValue<C>>> => {
    try {
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrusted(frame)) {
        throw new Error(`${channel}: refused, the request did not come from the app's window`)
      }
      if (args.length > 1) throw new PayloadError(`${channel}: takes at most one payload, got ${args.length}`)
      return ok(await fn(validateRequest(channel, args[0]), event))
    } catch (error) {
      if (!(error instanceof PayloadError) && !isExpected(error)) console.error(`[${channel}]`, error)
      return fail(error)
    }
  })
}

/** Sends one event to a window, unless the window has gone. */
export function sendEvent<E extends EventChannel>(contents: WebContents, channel: E, payload: EventMap[E]): void {
  if (!contents.isDestroyed()) contents.send(channel, payload)
}

/** The handler of every request channel, wired to the services. The compiler insists on all of them. */
export function createHandlers(services: AppServices): RequestHandlers {
  return {
    'app:info': () => services.info(),
    'example:load': () => services.loadExample(),
    'curves:import': async (_payload, event) => {
      const window = BrowserWindow.fromWebContents(event.sender)
      const options: OpenDialogOptions = {
        title: 'Import curves',
        buttonLabel: 'Import',
        properties: ['openFile'],
        filters: [
          { name: 'Curve tables', extensions: ['csv', 'tsv', 'txt'] },
          { name: 'All files', extensions: ['*'] }
        ]
      }
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      const path = picked.filePaths[0]
      return picked.canceled || path === undefined ? null : services.readCurves(path)
    },
    'fit:run': (request, event) => {
      const sender = event.sender
      // A job whose window closes has nobody to report to.
      const cancel = (): void => void services.cancelFit({ jobId: request.jobId })
      sender.once('destroyed', cancel)
      return services
        .runFit(request, { onProgress: (progress) => sendEvent(sender, 'fit:progress', progress) })
        .finally(() => {
          if (!sender.isDestroyed()) sender.off('destroyed', cancel)
        })
    },
    'fit:cancel': (request) => services.cancelFit(request)
  }
}

/** Registers every request channel; returns a function that removes them again. */
export function registerIpc(handlers: RequestHandlers, isTrusted: SenderCheck): () => void {
  const register = <C extends RequestChannel>(channel: C): void => handle(channel, handlers[channel], isTrusted)
  for (const channel of REQUEST_CHANNELS) register(channel)
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel)
  }
}

/** Errors the user caused (a file that cannot be read), not worth a log line. */
function isExpected(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ImportError' || 'code' in error)
}
