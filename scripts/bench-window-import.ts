// How long the window's UI thread is blocked while a large picked file is read (issue 9, item 2): once with the
// parse worker, once with Worker removed from the page, which parses on the UI thread as before the worker.
// Needs a build (npx electron-vite build). Figures only; nothing is asserted. Run in the repository root:
//   npx rolldown scripts/bench-window-import.ts --platform node --format esm --external playwright-core \
//     -o .tmp-bench-window.mjs && node .tmp-bench-window.mjs; rm .tmp-bench-window.mjs
// BENCH_CURVES and BENCH_POINTS change the file (default 200 curves x 2,500 points, about 12 MB).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startServer } from '../test/e2e/server'

const CURVES = Number(process.env.BENCH_CURVES ?? 200)
const POINTS = Number(process.env.BENCH_POINTS ?? 2500)

const dir = mkdtempSync(join(tmpdir(), 'bench-window-import-'))
const file = join(dir, 'long.csv')
const lines = ['curve,x,y,split']
for (let c = 0; c < CURVES; c++) {
  for (let p = 1; p <= POINTS; p++) lines.push(`run-${c},${p * 1000},${(3 + c / CURVES) * p ** -0.1},${p > POINTS * 0.8 ? 'heldout' : 'fit'}`)
}
const text = lines.join('\n')
writeFileSync(file, text)
console.log(`long file: ${CURVES} curves x ${POINTS} points, ${(text.length / 2 ** 20).toFixed(1)} MB`)

// Runs in the page (a string: this script is type-checked without the DOM library): the longest gap of a 10 ms timer.
const HEARTBEAT = `(() => {
  window.__worst = 0
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    window.__worst = Math.max(window.__worst, now - last)
    last = now
  }, 10)
})()`

const server = await startServer()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
try {
  for (const mode of ['UI thread (no Worker)', 'parse worker'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    if (mode !== 'parse worker') await page.addInitScript('delete window.Worker')
    await page.goto(server.url)
    await page.getByTestId('status-curves').waitFor()
    await page.getByTestId('import-button').click()
    await page.evaluate(HEARTBEAT)
    const started = performance.now()
    await page.getByTestId('import-file-input').setInputFiles(file)
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 })
    const shownMs = performance.now() - started
    const worst = (await page.evaluate('window.__worst')) as number
    console.log(`${mode.padEnd(24)} picked -> preview ${shownMs.toFixed(0).padStart(6)} ms; UI thread blocked at most ${worst.toFixed(0)} ms`)
    await page.close()
  }
} finally {
  await browser.close()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}
