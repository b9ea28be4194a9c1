// The Electron shell: app lifecycle, the one window, its security settings, the native menu and IPC wiring.
// Everything else lives in services that know nothing of Electron.
import { join } from 'node:path'
import { BrowserWindow, Menu, app, dialog, protocol, session } from 'electron'
import type { BaseWindow, MenuItemConstructorOptions, MessageBoxOptions } from 'electron'
import type { MenuCommand } from '../shared/contract'
import { APP_PAGE_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, devServerUrl, isAppPage, serveAppRequest } from './app-protocol'
import { createHandlers } from './handlers'
import { electronDialogs, registerIpc, sendEvent } from './ipc'
import { APP_NAME, AppServices } from './services/app-services'
import { workerPath } from './services/fit-worker-path'
import { parseWorkerPath } from './services/parse-worker-path'

const isDev = !app.isPackaged
/** The dev server of `electron-vite dev`; null in a build, whatever the environment says. */
const devUrl = devServerUrl({
  isPackaged: app.isPackaged,
  isDevBuild: import.meta.env.DEV,
  rendererUrl: process.env['ELECTRON_RENDERER_URL']
})
const preloadFile = join(import.meta.dirname, '../preload/index.cjs')
const rendererDir = join(import.meta.dirname, '../renderer')

let services: AppServices | undefined
let mainWindow: BrowserWindow | undefined

/** True for the app's own page, the only thing a window may show or a frame may call the services from. */
const isAppUrl = (url: string): boolean => isAppPage(url, devUrl)

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: APP_NAME,
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click (auxclick) on a link would otherwise open it in a new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  // The page holds the window open while it has unsaved changes (beforeunload); ask the user natively.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      title: 'Unsaved changes',
      message: 'This project has changes that are not saved.',
      detail: 'Close anyway and lose them, or cancel and save first.',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1
    })
    // preventDefault here overrides the page's refusal and lets the window close.
    if (choice === 0) event.preventDefault()
  })
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined
  })
  void window.loadURL(devUrl ?? APP_PAGE_URL)
  return window
}

/** Locks down every web contents the app ever creates: no popups, no navigation away, no webviews. */
function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame || !isAppUrl(event.url)) event.preventDefault()
    })
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

function hardenSession(): void {
  const { defaultSession } = session
  // The app needs no camera, notifications, geolocation or the like.
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  defaultSession.setPermissionCheckHandler(() => false)
}

function targetWindow(window: BaseWindow | undefined): BrowserWindow | undefined {
  return (window instanceof BrowserWindow ? window : undefined) ?? BrowserWindow.getFocusedWindow() ?? mainWindow
}

function sendMenuCommand(window: BaseWindow | undefined, command: MenuCommand): void {
  const target = targetWindow(window)
  if (target) sendEvent(target.webContents, 'menu:command', { command })
}

function showAbout(window: BaseWindow | undefined): void {
  const { electron, chrome, node } = process.versions
  const options: MessageBoxOptions = {
    type: 'info',
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${app.getVersion()}`,
    detail: [
      'Fits broken neural scaling laws (BNSL) and the M1-M4 baselines to small-scale runs and scores their ' +
        'extrapolation on held-out larger scales.',
      '',
      'Example project: the large-scale vision benchmark of Alabdulmohsin, Neyshabur & Zhai (2022), ' +
        'google-research/google-research, Apache License 2.0.',
      '',
      `Electron ${electron} · Chromium ${chrome} · Node ${node}`
    ].join('\n'),
    buttons: ['OK']
  }
  const target = targetWindow(window)
  void (target ? dialog.showMessageBox(target, options) : dialog.showMessageBox(options))
}

/** A menu item that the window carries out (see MenuCommand). */
function command(label: string, accelerator: string, name: MenuCommand): MenuItemConstructorOptions {
  return { label, accelerator, click: (_item, window) => sendMenuCommand(window, name) }
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        command('New Project', 'CmdOrCtrl+N', 'project:new'),
        command('Open Project…', 'CmdOrCtrl+O', 'project:open'),
        { type: 'separator' },
        command('Save', 'CmdOrCtrl+S', 'project:save'),
        command('Save As…', 'CmdOrCtrl+Shift+S', 'project:saveAs'),
        { type: 'separator' },
        command('Import Curves…', 'CmdOrCtrl+I', 'curves:import'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    {
      label: '&Edit',
      submenu: [
        // The project's own undo history; the window passes them on to a focused text field instead.
        command('Undo', 'CmdOrCtrl+Z', 'edit:undo'),
        command('Redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y', 'edit:redo'),
        { type: 'separator' },
        // macOS routes copy and paste in text fields through these.
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' }
      ]
    },
    ...(isDev
      ? [
          {
            label: '&View',
            submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }]
          } satisfies MenuItemConstructorOptions
        ]
      : []),
    {
      role: 'help',
      submenu: [{ label: `About ${APP_NAME}`, click: (_item, window) => showAbout(window) }]
    }
  ]
  return Menu.buildFromTemplate(template)
}

function start(): void {
  hardenSession()
  // The built window, with its Content-Security-Policy header; the dev server sends the meta of index.html.
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request))
  const appServices = new AppServices({
    workerPath,
    parseWorkerPath,
    exampleDir: join(app.getAppPath(), 'resources', 'example'),
    resourcesDir: join(app.getAppPath(), 'resources'),
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    mode: 'desktop'
  })
  services = appServices
  registerIpc(createHandlers(appServices, electronDialogs), (frame) => isAppUrl(frame.url))
  Menu.setApplicationMenu(buildMenu())
  mainWindow = createWindow()
}

/** Stops the workers before the process ends; never waits more than a few seconds for them. */
function disposeThenQuit(): void {
  const pending = services
  services = undefined
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref())
  Promise.race([pending?.dispose(), timeout])
    .catch((error: unknown) => console.error('[quit] stopping the fit workers failed:', error))
    .finally(() => app.quit())
}

app.setName(APP_NAME)
app.enableSandbox()
// Only before ready: a scheme registered later is neither standard nor secure.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
hardenWebContents()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
  app.on('will-quit', (event) => {
    if (!services) return
    event.preventDefault()
    disposeThenQuit()
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[start]', error)
      dialog.showErrorBox(`${APP_NAME} could not start`, error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
