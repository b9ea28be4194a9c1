import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_PAGE_URL, devServerUrl, isAppPage, resolveAppFile, serveAppRequest } from '../../src/main/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../src/main/content-security-policy'

// The window's app:// origin: what it serves from the built renderer, what it refuses, and which URLs count
// as the app's page. A folder holds a renderer build and, beside it, a secret the scheme must never reach.
let outer: string
let root: string

beforeAll(() => {
  outer = mkdtempSync(join(tmpdir(), 'scaling-studio-app-protocol-'))
  root = join(outer, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(outer, 'secret.txt'), 'not for the window')
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(root, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(root, 'assets', 'blob.xyz'), 'bytes')
})

afterAll(() => rmSync(outer, { recursive: true, force: true }))

const get = (url: string, method = 'GET'): Promise<Response> => serveAppRequest(root, { method, url })

describe('the app:// scheme', () => {
  it('serves the page at / and /index.html with the content security policy', async () => {
    for (const url of ['app://renderer/', APP_PAGE_URL, 'app://renderer/index.html?x=1#top']) {
      const reply = await get(url)
      expect(reply.status).toBe(200)
      expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(reply.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(await reply.text()).toContain('<title>app</title>')
    }
  })

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/icon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['assets/blob.xyz', 'application/octet-stream', 'bytes']
  ])('serves %s as %s, never sniffed', async (path, type, text) => {
    const reply = await get(`app://renderer/${path}`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe(type)
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
    expect(reply.headers.get('content-security-policy')).toBeNull()
    expect(await reply.text()).toBe(text)
  })

  it.each([
    ['a dot-dot path (normalised inside the root)', 'app://renderer/../secret.txt'],
    ['an encoded dot-dot', 'app://renderer/%2e%2e/secret.txt'],
    ['an encoded slash after dot-dot', 'app://renderer/..%2fsecret.txt'],
    ['an encoded dot-dot and slash', 'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['a double-encoded dot-dot', 'app://renderer/%252e%252e%252fsecret.txt'],
    ['an encoded backslash', 'app://renderer/..%5csecret.txt'],
    ['a backslash', 'app://renderer/assets\\..\\..\\secret.txt'],
    ['an encoded NUL', 'app://renderer/index.html%00.js'],
    ['a malformed escape', 'app://renderer/%E0%A4%A'],
    ['another host', 'app://secret/index.html'],
    ['a host with a port', 'app://renderer:80/index.html'],
    ['no host', 'app:///index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['a folder', 'app://renderer/assets/'],
    ['a file the build does not have', 'app://renderer/assets/missing.js']
  ])('answers 404 to %s', async (_name, url) => {
    const reply = await get(url)
    expect(reply.status).toBe(404)
    expect(await reply.text()).not.toContain('not for the window')
  })

  it('never resolves a path outside the renderer folder', () => {
    for (const url of ['app://renderer/..%2f..%2fetc%2fpasswd', 'app://renderer/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      expect(resolveAppFile(root, url)).toBeNull()
    }
    expect(resolveAppFile(root, 'app://RENDERER/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'))
  })

  it('answers 405 to anything but GET and HEAD', async () => {
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405)
    const head = await get(APP_PAGE_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})

describe('the dev server URL', () => {
  const dev = { isPackaged: false, isDevBuild: true }

  it.each([
    ['http://localhost:5173', 'http://localhost:5173/'],
    ['http://127.0.0.1:5173/', 'http://127.0.0.1:5173/'],
    ['http://[::1]:5173', 'http://[::1]:5173/']
  ])('loads %s in electron-vite dev', (rendererUrl, expected) => {
    expect(devServerUrl({ ...dev, rendererUrl })).toBe(expected)
  })

  it.each([
    ['a packaged app', { isPackaged: true, isDevBuild: true }],
    ['a build run unpackaged (electron-vite preview, electron .)', { isPackaged: false, isDevBuild: false }],
    ['a packaged build', { isPackaged: true, isDevBuild: false }]
  ])('ignores ELECTRON_RENDERER_URL in %s', (_name, env) => {
    expect(devServerUrl({ ...env, rendererUrl: 'http://localhost:5173' })).toBeNull()
  })

  it.each([
    'http://evil.example:5173',
    'http://localhost.evil.example/',
    'http://192.168.1.10:5173',
    'https://localhost:5173',
    'file:///tmp/index.html',
    'javascript:alert(1)',
    'http://user:secret@localhost:5173',
    'not a url',
    ''
  ])('refuses %j even in development', (rendererUrl) => {
    expect(devServerUrl({ ...dev, rendererUrl })).toBeNull()
  })

  it('is absent when electron-vite set none', () => {
    expect(devServerUrl({ ...dev, rendererUrl: undefined })).toBeNull()
  })
})

describe("the app's page", () => {
  it.each([
    [APP_PAGE_URL, true],
    ['app://renderer/', true],
    ['app://renderer/index.html#curve-3', true],
    ['app://renderer/assets/index-abc.js', false],
    ['app://other/index.html', false],
    ['file:///opt/scaling-studio/out/renderer/index.html', false],
    ['http://localhost:5173/', false],
    ['https://example.com/', false],
    ['about:blank', false],
    ['not a url', false]
  ])('in a build, %s is the page: %s', (url, expected) => {
    expect(isAppPage(url, null)).toBe(expected)
  })

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/src/main.ts', true],
    ['http://localhost:5174/', false],
    ['http://127.0.0.1:5173/', false],
    [APP_PAGE_URL, false]
  ])('in development, %s is the page: %s', (url, expected) => {
    expect(isAppPage(url, 'http://localhost:5173/')).toBe(expected)
  })
})
