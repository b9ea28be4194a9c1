// The one handler table behind every transport: Electron IPC (ipc.ts) and the browser-mode server
// (services/http-api.ts) both validate with validateRequest and answer through dispatch. No Electron here.
import { fail, ok, validateRequest } from '../shared/contract'
import type { EventChannel, EventMap, ExportDialogRequest, RequestChannel, RequestPayload, RequestValue, Result } from '../shared/contract'
import { errorCodeOf } from '../shared/schema'
import type { AppServices } from './services/app-services'

/** What a transport tells a handler about the client that made the request. */
export interface RequestContext {
  /** Sends an event to that client (the window, or the browser's event stream). */
  send<E extends EventChannel>(channel: E, payload: EventMap[E]): void
  /** Calls fn once if the client goes away before the answer (window closed, tab closed); returns an undo. */
  onGone(fn: () => void): () => void
}

/** Native file dialogs. The Electron shell shows them; the browser server has none and refuses. */
export interface FileDialogs<Ctx extends RequestContext = RequestContext> {
  openProject(context: Ctx): Promise<string | null>
  saveProject(context: Ctx, suggestedName: string): Promise<string | null>
  importCurves(context: Ctx): Promise<string | null>
  exportTarget(context: Ctx, request: ExportDialogRequest): Promise<string | null>
}

export type RequestHandler<C extends RequestChannel, Ctx extends RequestContext = RequestContext> = (
  payload: RequestPayload<C>,
  context: Ctx
) => RequestValue<C> | Promise<RequestValue<C>>

export type RequestHandlers<Ctx extends RequestContext = RequestContext> = {
  [C in RequestChannel]: RequestHandler<C, Ctx>
}

/** The browser has no native dialog; the window asks for a path in the page instead. */
export class NoNativeDialogError extends Error {
  override name = 'NoNativeDialog'
}

/** Dialogs for a transport without them (the browser server): every call fails with NoNativeDialog. */
export const noNativeDialogs: FileDialogs = {
  openProject: () => Promise.reject(noDialog('dialog:openProject')),
  saveProject: () => Promise.reject(noDialog('dialog:saveProject')),
  importCurves: () => Promise.reject(noDialog('dialog:importCurves')),
  exportTarget: () => Promise.reject(noDialog('dialog:exportTarget'))
}

function noDialog(channel: RequestChannel): NoNativeDialogError {
  return new NoNativeDialogError(`${channel}: there is no native file dialog in browser mode; enter the file's path`)
}

/** The handler of every request channel, wired to the services. The compiler insists on all of them. */
export function createHandlers<Ctx extends RequestContext>(
  services: AppServices,
  dialogs: FileDialogs<Ctx>
): RequestHandlers<Ctx> {
  return {
    'app:info': () => services.info(),
    'project:new': () => services.newProject(),
    'project:example': () => services.exampleProject(),
    'project:open': ({ path }) => services.openProject(path),
    'project:save': ({ path, project, overwrite, expectedVersion }) => services.saveProject(path, project, { overwrite, expectedVersion }),
    'project:recent': () => services.recentProjects(),
    'project:autosave': ({ project, originalPath }) => services.autosaveProject(project, originalPath),
    'project:recovery': () => services.recoveredProject(),
    'project:discardRecovery': () => services.discardRecovery(),
    'dialog:openProject': (_payload, context) => dialogs.openProject(context),
    'dialog:saveProject': ({ suggestedName }, context) => dialogs.saveProject(context, suggestedName),
    'dialog:importCurves': (_payload, context) => dialogs.importCurves(context),
    'dialog:exportTarget': (request, context) => dialogs.exportTarget(context, request),
    'curves:read': (request, context) => {
      // A read whose client has gone stops its parse worker and frees its slot.
      const controller = new AbortController()
      const stopWatching = context.onGone(() => controller.abort())
      return services.readCurves(request, controller.signal).finally(stopWatching)
    },
    'fit:run': (request, context) => {
      // A job whose client has gone has nobody to report to.
      const stopWatching = context.onGone(() => void services.cancelFit({ jobId: request.jobId }))
      return services
        .runFit(request, { onProgress: (progress) => context.send('fit:progress', progress) })
        .finally(stopWatching)
    },
    'fit:cancel': (request) => services.cancelFit(request),
    'forecast:run': (request, context) => {
      const stopWatching = context.onGone(() => void services.cancelFit({ jobId: request.jobId }))
      return services
        .runForecast(request, { onProgress: (progress) => context.send('forecast:progress', progress) })
        .finally(stopWatching)
    },
    'figure:preview': (request) => services.figurePreview(request),
    'figure:export': (request) => services.exportFigure(request),
    'report:export': (request) => services.exportReport(request)
  }
}

/**
 * Validates one request and runs its handler. Whatever the handler returns or throws comes back as a
 * Result, so the client sees the services' own error name and message, never a transport's generic one.
 */
export async function dispatch<C extends RequestChannel, Ctx extends RequestContext>(
  handlers: RequestHandlers<Ctx>,
  channel: C,
  payload: unknown,
  context: Ctx
): Promise<Result<RequestValue<C>>> {
  try {
    const handler = handlers[channel] as RequestHandler<C, Ctx>
    return ok(await handler(validateRequest(channel, payload), context))
  } catch (error) {
    if (!isExpected(error)) console.error(`[${channel}]`, error)
    return withBoundedMessage(fail(error))
  }
}

/** Error messages that cross to the window are cut to this length (a path or a header can be megabytes long). */
export const MAX_ERROR_MESSAGE_CHARS = 2000

/** The result, a failure's message cut to MAX_ERROR_MESSAGE_CHARS saying how much was left out; other fields kept. */
export function withBoundedMessage<T>(result: Result<T>): Result<T> {
  if (result.ok || result.error.message.length <= MAX_ERROR_MESSAGE_CHARS) return result
  const { message } = result.error
  const rest = (count: number): string => `… (${count} more characters)`
  const kept = MAX_ERROR_MESSAGE_CHARS - rest(message.length).length
  return { ...result, error: { ...result.error, message: `${message.slice(0, kept)}${rest(message.length - kept)}` } }
}

/** Errors the user caused (a bad payload, a file that cannot be read): one with a code, or a system error. */
function isExpected(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return errorCodeOf(error) !== 'Error' || 'code' in error
}
