// The window's own origin, app://renderer: the built renderer served by a privileged custom scheme instead of
// file://, so that 'self' in the CSP means the app's files and nothing else on disk. Also decides which URLs are
// the app's page and whether the dev server may be loaded. No electron import: tests run this in plain Node.
import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './content-security-policy'

export const APP_SCHEME = 'app'
const APP_HOST = 'renderer'
/** What the window loads in a build. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** The privileges of the scheme, registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  // standard: relative URLs resolve and the page has a real origin; secure: a secure context like https.
  standard: true,
  secure: true,
  // Vite's <script type="module" crossorigin> loads in CORS mode; no Access-Control-* header is ever sent,
  // so no other origin can read these files.
  corsEnabled: true,
  supportFetchAPI: true,
  codeCache: true
} as const

/** Content types of the files a renderer build holds; anything else is sent as bytes (and never sniffed). */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm'
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * The file under rootDir that an app:// URL names, or null when the URL is not the app's origin or its path
 * leaves rootDir (`..`, encoded `%2e%2e` or `%2f`, a backslash) or cannot be decoded. "/" is index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  const target = parse(url)
  if (!target || target.protocol !== `${APP_SCHEME}:` || target.host.toLowerCase() !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(target.pathname)
  } catch {
    return null
  }
  // A backslash separates folders on Windows only: refused everywhere so both behave alike; NUL never names a file.
  if (path.includes('\\') || path.includes('\0')) return null
  if (path === '/' || path === '') path = '/index.html'
  const root = resolve(rootDir)
  const file = resolve(root, `.${path}`)
  const inside = relative(root, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null
  return file
}

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } })
}

/** Answers one request of the app:// scheme from the built renderer in rootDir: the file, 404 or 405. */
export async function serveAppRequest(rootDir: string, request: { method: string; url: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed')
  const file = resolveAppFile(rootDir, request.url)
  if (!file) return refusal(404, 'Not found')
  const body = await stat(file)
    .then((info) => (info.isFile() ? readFile(file) : null))
    .catch(() => null)
  if (!body) return refusal(404, 'Not found')
  const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const headers: Record<string, string> = {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
    status: 200,
    headers
  })
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The dev server to load instead of the build, or null. Only `electron-vite dev` may set one: a development
 * build (isDevBuild, fixed when main is compiled) that is not packaged, and only a loopback http URL, so that
 * an environment variable can never point a build at another page.
 */
export function devServerUrl(env: { isPackaged: boolean; isDevBuild: boolean; rendererUrl: string | undefined }): string | null {
  if (env.isPackaged || !env.isDevBuild || !env.rendererUrl) return null
  const target = parse(env.rendererUrl)
  if (!target || target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) return null
  if (target.username || target.password) return null
  return target.href
}

/**
 * True for the app's own page, the only thing a window may show or a frame may call the services from: the
 * dev server's origin in development, else app://renderer/ or /index.html (any query or fragment).
 */
export function isAppPage(url: string, devUrl: string | null): boolean {
  const target = parse(url)
  if (!target) return false
  if (devUrl) return target.origin === new URL(devUrl).origin
  return (
    target.protocol === `${APP_SCHEME}:` &&
    target.host.toLowerCase() === APP_HOST &&
    (target.pathname === '/' || target.pathname === '/index.html')
  )
}
