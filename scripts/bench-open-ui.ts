// Opens a generated 10,000-curve project in the app (browser mode, Debian's Chromium) and prints how long the
// user waits: from confirming the path to the curve list showing every curve, then a search, then scrolling.
// Run: npm run bench:open-ui (after npm run build). Figures only; nothing is asserted.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startServer } from '../test/e2e/server'

const dir = mkdtempSync(join(tmpdir(), 'bench-open-ui-'))
const file = join(dir, 'big.ssproj.json')
execFileSync(process.execPath, ['out/bench/bench-project.mjs'], { env: { ...process.env, BENCH_WRITE: file }, stdio: 'inherit' })
console.log(`project file: ${(statSync(file).size / 2 ** 20).toFixed(1)} MB`)

const server = await startServer()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(server.url)
  await page.getByTestId('status-curves').waitFor()
  const opens: number[] = []
  for (let run = 0; run < 3; run++) {
    await page.getByTestId('open-project').click()
    await page.getByTestId('path-prompt-input').fill(file)
    const started = performance.now()
    await page.getByTestId('path-prompt-ok').click()
    await page.getByText('10,000 curves', { exact: true }).waitFor({ timeout: 60_000 })
    opens.push(performance.now() - started)
    if (run < 2) {
      await page.getByTestId('new-project').click()
      await page.getByTestId('status-curves').getByText('0 curves').waitFor()
    }
  }
  opens.sort((a, b) => a - b)
  console.log(`open 10,000 curves in the app, path confirmed -> list shown: median ${opens[1].toFixed(0)} ms (runs ${opens.map((t) => t.toFixed(0)).join(', ')})`)

  const search = performance.now()
  await page.getByTestId('curve-search').fill('tag:ablation')
  await page.getByTestId('curve-count').filter({ hasText: ' of ' }).waitFor({ timeout: 60_000 })
  console.log(`search by tag over 10,000 curves: ${(performance.now() - search).toFixed(0)} ms`)
  await page.getByTestId('curve-search').fill('')

  // Runs in the page (a string, since this script is type-checked without the DOM library). The curve list
  // is itself the scrolling viewport of the virtual list.
  const frames = (await page.evaluate(`(async () => {
    const list = document.querySelector('[data-testid="curve-list"]')
    const times = []
    let last = performance.now()
    for (let i = 0; i < 120; i++) {
      list.scrollTop += 400
      await new Promise((done) => requestAnimationFrame(done))
      const now = performance.now()
      times.push(now - last)
      last = now
    }
    times.sort((a, b) => a - b)
    return { median: times[60], p95: times[114], rows: list.querySelectorAll('[data-testid="curve-row"]').length }
  })()`)) as { median: number; p95: number; rows: number }
  console.log(`scrolling the curve list: frame median ${frames.median.toFixed(1)} ms, 95th percentile ${frames.p95.toFixed(1)} ms, ${frames.rows} rows in the DOM`)
} finally {
  await browser.close()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}
